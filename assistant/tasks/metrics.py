"""Metrics shared by the tasks, from scikit-learn: accuracy, macro-F1 and per-class precision/recall/F1."""

from __future__ import annotations

from typing import NamedTuple

from sklearn.metrics import accuracy_score, precision_recall_fscore_support


def classification_metrics(pred: list[str], gold: list[str]) -> dict:
    """{"accuracy", "macro_f1", "per_class": {label: {"precision", "recall", "f1", "support"}}}"""
    labels = sorted(set(gold) | set(pred))
    p, r, f, s = precision_recall_fscore_support(gold, pred, labels=labels, zero_division=0)
    per_class = {str(lab): {"precision": round(float(pi), 4), "recall": round(float(ri), 4),
                            "f1": round(float(fi), 4), "support": int(si)}
                 for lab, pi, ri, fi, si in zip(labels, p, r, f, s)}
    gold_labels = sorted(set(gold))
    _, _, f_gold, _ = precision_recall_fscore_support(gold, pred, labels=gold_labels, zero_division=0)
    return {"n": len(gold), "accuracy": round(float(accuracy_score(gold, pred)), 4),
            # macro over the labels that occur in the gold set: a label only ever predicted is an error
            # counted in precision, not a new class diluting the average
            "macro_f1": round(float(f_gold.mean()) if len(f_gold) else 0.0, 4), "per_class": per_class}


class PRF(NamedTuple):
    precision: float
    recall: float
    f1: float


def prf(tp: int, fp: int, fn: int) -> PRF:
    """Micro precision, recall and F1 from counted units (rewrite's filter units, extract's aspects and use cases).

    The same numbers as scikit-learn's `precision_recall_fscore_support(average="micro")` over the binarized units
    (tests/tasks/test_metrics.py checks it), without building label matrices for counts already in hand; like it
    with `zero_division=1`, nothing expected and nothing predicted is a perfect 1.0, and an undefined precision
    or recall beside errors on the other side is 0."""
    if tp + fp + fn == 0:
        return PRF(1.0, 1.0, 1.0)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return PRF(p, r, 2 * p * r / (p + r) if p + r else 0.0)


def set_prf(predicted: list[set], gold: list[set]) -> PRF:
    """Micro precision, recall and F1 of predicted sets against gold sets, one pair per sample."""
    tp = sum(len(p & g) for p, g in zip(predicted, gold))
    return prf(tp, sum(len(p) for p in predicted) - tp, sum(len(g) for g in gold) - tp)
