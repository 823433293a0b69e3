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
    label_field = _scored_field(s, golds, label_field)
    model = get_model(task, ctx, settings, choice=str(model_dir) if model_dir else None)
    baseline, base_preds, note = _baseline_on(s, get_model(task, ctx, settings, choice="baseline"), ctx, inputs,
                                              golds, label_field)
    result = {"task": task, "data": str(data), "model": getattr(model, "name", "?"),
              **_scores(s, model.predict(inputs), golds, label_field)}
    result["baseline"] = {"model": getattr(baseline, "name", "baseline"), **_scores(s, base_preds, golds, label_field)}
    if note:
        result["baseline"]["note"] = note
    return result


def _scored_field(s: TaskSpec, golds: list, label_field: str | None) -> str | None:
    """--label-field names the file's column and the output field scored. A column the loader read into the main
    label (classify's `--label-field cat`) is no output field: scored as one, every row compared "" with "" and
    any model, and the baseline, read 1.000. Such a column scores the main label."""
    if s.label_of is None or label_field is None or any(s.label_of(g, label_field) for g in golds):
        return label_field
    return None


def _baseline_on(s: TaskSpec, baseline, ctx: TaskContext, inputs: list, golds: list,
                 label_field: str | None) -> tuple[object, list, str | None]:
    """The baseline and its predictions, over labels the file can be scored on. A file labelled with other labels
    than the store's (Flipkart's categories) once gave the store's zero-shot 0.000 by construction, an empty
    comparison any model beat: a baseline that takes a label set is rebuilt over the file's own labels, as the
    real-data eval does. (The other tasks' loaders accept only their own label sets: route, sentiment.)"""
    preds = baseline.predict(inputs)
    if s.label_of is None or not golds:
        return baseline, preds, None
    wanted = {s.label_of(g, label_field) for g in golds}
    given = [s.label_of(p, label_field) for p in preds]
    labels = getattr(baseline, "labels", None)
    # the baseline's label set names the scored field only when every prediction's scored label is one of them
    if labels is not None and not wanted <= set(labels) and set(given) <= set(labels):
        rebuilt = type(baseline)(ctx, labels=sorted(wanted))
        return rebuilt, rebuilt.predict(inputs), (f"zero-shot over the file's own {len(wanted)} labels: "
                                                  f"{len(wanted - set(labels))} of them are not the store's")
    return baseline, preds, None


def _scores(s: TaskSpec, preds: list, golds: list, label_field: str | None) -> dict:
    """Accuracy, macro-F1 and per-class on the scored label, plus the task's own metrics (those alone for a task
    whose output is free text)."""
    label_of = s.label_of
    if label_of is None:
        return {"task_metrics": s.score(preds, golds)}
    scalar = classification_metrics([label_of(p, label_field) for p in preds], [label_of(g, label_field) for g in golds])
    task_metrics = {k: v for k, v in s.score(preds, golds).items() if k not in scalar}
    return {**scalar, "task_metrics": task_metrics}
