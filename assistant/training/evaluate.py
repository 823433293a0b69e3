"""Evaluate a model and the baseline on the same labelled file: the numbers `storefront evaluate` prints."""

from __future__ import annotations

from pathlib import Path

from assistant.models.registry import get_model, spec
from assistant.training.metrics import classification_metrics


def evaluate_file(task: str, data: Path, ctx, settings, model_dir: Path | None = None,
                  text_field: str | None = None, label_field: str | None = None, progress: bool = True) -> dict:
    """Scores of the active model (or the artifact in `model_dir`) and of the baseline on `data`."""
    s = spec(task)
    examples = s.load_examples(data, text_field=text_field, label_field=label_field)
    inputs, golds = [e.input for e in examples], [e.output for e in examples]
    model = get_model(task, ctx, settings, choice=str(model_dir) if model_dir else None, progress=progress)
    baseline = get_model(task, ctx, settings, choice="baseline")
    result = {"task": task, "data": str(data), "model": getattr(model, "name", "?"),
              **_scores(s, model.predict(inputs), golds, label_field)}
    result["baseline"] = {"model": getattr(baseline, "name", "baseline"),
                          **_scores(s, baseline.predict(inputs), golds, label_field)}
    return result


def _scores(s, preds: list, golds: list, label_field: str | None) -> dict:
    """Accuracy, macro-F1 and per-class on the scored label, plus the task's own metrics."""
    label_of = s.extra["label_of"]
    scalar = classification_metrics([label_of(p, label_field) for p in preds], [label_of(g, label_field) for g in golds])
    task_metrics = {k: v for k, v in s.score(preds, golds).items() if k not in scalar}
    return {**scalar, "task_metrics": task_metrics}
