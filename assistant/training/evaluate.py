"""Evaluate a model and the baseline on the same labelled file: the numbers `storefront evaluate` prints."""

from __future__ import annotations

from pathlib import Path

from assistant.config import Settings
from assistant.models.registry import get_model
from assistant.tasks.base import TaskContext
from assistant.tasks.metrics import classification_metrics
from assistant.tasks.spec import TaskSpec
from assistant.tasks.specs import spec


def evaluate_file(task: str, data: Path, ctx: TaskContext, settings: Settings, model_dir: Path | None = None,
                  text_field: str | None = None, label_field: str | None = None) -> dict:
    """Scores of the active model (or the artifact in `model_dir`) and of the baseline on `data`."""
    s = spec(task)
    examples = s.load_examples(data, text_field=text_field, label_field=label_field)
    inputs, golds = [e.input for e in examples], [e.output for e in examples]
    model = get_model(task, ctx, settings, choice=str(model_dir) if model_dir else None)
    baseline = get_model(task, ctx, settings, choice="baseline")
    result = {"task": task, "data": str(data), "model": getattr(model, "name", "?"),
              **_scores(s, model.predict(inputs), golds, label_field)}
    result["baseline"] = {"model": getattr(baseline, "name", "baseline"),
                          **_scores(s, baseline.predict(inputs), golds, label_field)}
    return result


def _scores(s: TaskSpec, preds: list, golds: list, label_field: str | None) -> dict:
    """Accuracy, macro-F1 and per-class on the scored label, plus the task's own metrics (those alone for a task
    whose output is free text)."""
    label_of = s.label_of
    if label_of is None:
        return {"task_metrics": s.score(preds, golds)}
    scalar = classification_metrics([label_of(p, label_field) for p in preds], [label_of(g, label_field) for g in golds])
    task_metrics = {k: v for k, v in s.score(preds, golds).items() if k not in scalar}
    return {**scalar, "task_metrics": task_metrics}
