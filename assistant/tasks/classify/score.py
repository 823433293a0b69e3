"""How classify is scored: category accuracy, macro-F1, confusion matrix, attribute accuracy."""

from __future__ import annotations

from sklearn.metrics import confusion_matrix

from assistant.tasks.classify.schema import ClassifyOutput
from assistant.tasks.metrics import classification_metrics
from assistant.tasks.spec import Outcome


def score(predictions: list[ClassifyOutput], golds: list[ClassifyOutput]) -> dict:
    """Category accuracy, macro-F1, per-class table and confusion matrix; exact-match share of gold attributes."""
    pred = [p.category for p in predictions]
    gold = [g.category for g in golds]
    metrics = classification_metrics(pred, gold)
    slots = hit = 0
    for p, g in zip(predictions, golds):
        for attr, value in g.attributes.items():
            slots += 1
            got = p.attributes.get(attr)
            hit += (sorted(got) == sorted(value)) if isinstance(value, list) and isinstance(got, list) else got == value
    metrics["attribute_accuracy"] = round(hit / slots, 4) if slots else 0.0
    labels = sorted(set(gold) | set(pred))
    metrics["confusion"] = {"labels": labels,
                            "matrix": confusion_matrix(gold, pred, labels=labels).tolist()}
    return metrics


def outcome(pred: ClassifyOutput, gold: ClassifyOutput, _input=None) -> Outcome:
    """One title: right or wrong category."""
    ok = pred.category == gold.category
    return Outcome(float(ok), "ok" if ok else f"predicted {pred.category}, expected {gold.category}")
