"""How extract is scored: per-field precision, recall and F1, and their mean as one macro-F1."""

from __future__ import annotations


import numpy as np
from sklearn.metrics import confusion_matrix

from assistant.tasks.extract.schema import ExtractOutput
from assistant.tasks.metrics import classification_metrics, prf, set_prf
from assistant.tasks.spec import Outcome


def score(predictions: list[ExtractOutput], golds: list[ExtractOutput]) -> dict:
    """Per-field metrics. `macro_f1` is the mean of overall_macro_f1, aspect_f1, use_case_f1 and difficulty_f1:
    one number for "extraction macro-F1" that weighs the four fields equally."""
    overall = classification_metrics([p.overall_sentiment for p in predictions], [g.overall_sentiment for g in golds])
    ap, ar, af = set_prf([set(p.aspects.items()) for p in predictions], [set(g.aspects.items()) for g in golds])
    _, _, mf = set_prf([set(p.aspects) for p in predictions], [set(g.aspects) for g in golds])
    up, ur, uf = set_prf([set(p.use_cases) for p in predictions], [set(g.use_cases) for g in golds])
    diff = classification_metrics([str(p.mentions_difficulty) for p in predictions],
                                  [str(g.mentions_difficulty) for g in golds])
    diff_f1 = prf(*_binary_counts(predictions, golds)).f1
    out = {"n": len(golds), "overall_accuracy": overall["accuracy"], "overall_macro_f1": overall["macro_f1"],
           "overall_per_class": overall["per_class"], "aspect_precision": ap, "aspect_recall": ar, "aspect_f1": af,
           "aspect_mention_f1": mf, "use_case_precision": up, "use_case_recall": ur, "use_case_f1": uf,
           "difficulty_accuracy": diff["accuracy"], "difficulty_f1": diff_f1}
    out["macro_f1"] = float(np.mean([out["overall_macro_f1"], af, uf, diff_f1]))
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in out.items()}


def _binary_counts(predictions: list[ExtractOutput], golds: list[ExtractOutput]) -> tuple[int, int, int]:
    pairs = [(p.mentions_difficulty, g.mentions_difficulty) for p, g in zip(predictions, golds)]
    return (sum(p and g for p, g in pairs), sum(p and not g for p, g in pairs), sum(g and not p for p, g in pairs))


def label_of(output: ExtractOutput, field: str | None = None) -> str:
    """The scalar label `storefront evaluate --label-field F` scores: the overall sentiment by default;
    `mentions_difficulty`, `aspects`, `use_cases`, or `aspect:<name>` (that aspect's sentiment, or "none")."""
    if field in (None, "overall_sentiment", "sentiment", "rating", "stars", "label"):
        return output.overall_sentiment
    if field == "mentions_difficulty":
        return str(output.mentions_difficulty).lower()
    if field == "aspects":
        return ",".join(f"{a}:{s}" for a, s in sorted(output.aspects.items())) or "none"
    if field == "use_cases":
        return ",".join(sorted(output.use_cases)) or "none"
    if field.startswith("aspect:"):
        return output.aspects.get(field[7:], "none")
    return output.overall_sentiment


def outcome(pred: ExtractOutput, gold: ExtractOutput, _input=None) -> Outcome:
    """One review: the share of its four fields extracted exactly, naming the wrong ones."""
    checks = {"overall": pred.overall_sentiment == gold.overall_sentiment, "aspects": pred.aspects == gold.aspects,
              "use_cases": set(pred.use_cases) == set(gold.use_cases),
              "difficulty": pred.mentions_difficulty == gold.mentions_difficulty}
    wrong = [k for k, ok in checks.items() if not ok]
    return Outcome(round(sum(checks.values()) / len(checks), 4), "ok" if not wrong else "wrong: " + ", ".join(wrong))


def details(predictions: list[ExtractOutput], golds: list[ExtractOutput]) -> dict:
    """The report's overall-sentiment confusion matrix."""
    pred, gold = [p.overall_sentiment for p in predictions], [g.overall_sentiment for g in golds]
    labels = sorted(set(gold) | set(pred))
    return {"overall_confusion": {"labels": labels, "matrix": confusion_matrix(gold, pred, labels=labels).tolist()}}
