"""Metrics shared by the tasks, from scikit-learn: accuracy, macro-F1 and per-class precision/recall/F1."""

from __future__ import annotations

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
