"""Train a task's local model on CPU and save it with a manifest (data hash, metrics, time, libraries).

Two ways in. With `out` (what `registry.load_or_train` does on first use) the model trains straight into that
folder. Without it (`storefront train TASK`) training goes through the pipeline: the curation checks (errors
stop it), the split (near-duplicates on one side), a candidate folder, and the promotion gate, which alone
decides whether the candidate replaces `current`. Either way, when a split exists the model learns from its
train part only, plus the rows a person accepted from feedback.
"""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path

from assistant.config import REPO_ROOT
from assistant.errors import AssistantError
from assistant.models.artifacts import code_hash, file_hash, write_manifest
from assistant.models.registry import spec

log = logging.getLogger(__name__)


def train_task(task: str, ctx, settings, data: Path | None = None, out: Path | None = None,
               text_field: str | None = None, label_field: str | None = None, progress: bool = True) -> dict:
    """Train from `data` (default: the store's split, or its training file) into `out`; return the manifest.

    Without `out`: check, split, train a candidate and promote it through the gate (`manifest["gate"]`)."""
    if out is not None:
        return train_into(task, ctx, settings, Path(out), data, text_field, label_field, progress)
    return train_through_gate(task, ctx, settings, data, text_field, label_field, progress)


def training_source(task: str, settings, data: Path | None = None) -> tuple[Path, list, str | None]:
    """(file to train on, extra accepted examples, split folder) for the store's data; `data` as given otherwise."""
    from assistant.training import taskdata
    from assistant.training.split import load_split

    if data is not None:
        return Path(data), [], None
    store = taskdata.store_file(settings, task)
    accepted = taskdata.accepted_file(settings, task)
    extra = spec(task).load_examples(accepted) if accepted.exists() else []
    split = load_split(settings, task)
    if split is None:
        return store, extra, None
    if not split.is_current(store):
        log.warning("the %s split was made from another version of %s: re-run `storefront data split %s`",
                    task, store, task)
    return split.train, extra, str(split.folder)


def store_data_hash(task: str, settings) -> str:
    """What a model trained on the store's own data learned from: its train file (the split's train part when a
    split exists) and the accepted feedback rows."""
    from assistant.training import taskdata

    source, _, _ = training_source(task, settings)
    accepted = taskdata.accepted_file(settings, task)
    return file_hash(source, *([accepted] if accepted.exists() else []))


def train_into(task: str, ctx, settings, out: Path, data: Path | None = None, text_field: str | None = None,
               label_field: str | None = None, progress: bool = True) -> dict:
    """Train and save into `out` (swapped in whole: a crash never leaves half an artifact)."""
    s = spec(task)
    source, extra, split = training_source(task, settings, data)
    examples = s.load_examples(source, text_field=text_field, label_field=label_field) + extra
    start = time.perf_counter()
    model = s.local.train(examples, ctx, progress=progress)
    seconds = time.perf_counter() - start
    metrics = {}
    eval_path = REPO_ROOT / s.eval_file
    if data is None and eval_path.exists():
        held_out = s.load_examples(eval_path)
        metrics = s.score(model.predict([e.input for e in held_out]), [e.output for e in held_out])
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    model.save(tmp)
    manifest = write_manifest(tmp, task=task, model=getattr(model, "name", task), data=str(source),
                              data_hash=file_hash(source), code_hash=code_hash(task),
                              store_data_hash=store_data_hash(task, settings) if data is None else None,
                              examples=len(examples), accepted=len(extra), split=split,
                              train_seconds=round(seconds, 2), text_field=text_field, label_field=label_field,
                              heldout=str(eval_path) if metrics else None, metrics=_headline(metrics))
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    log.info("trained %s on %d examples in %.1fs -> %s", task, len(examples), seconds, out)
    return manifest


def train_through_gate(task: str, ctx, settings, data: Path | None = None, text_field: str | None = None,
                       label_field: str | None = None, progress: bool = True) -> dict:
    """Check the data, split it, train a candidate, and let the gate decide whether it serves."""
    from assistant.training import candidates, taskdata
    from assistant.training.curate import curate
    from assistant.training.promote import HeldOut, promote
    from assistant.training.split import load_split, make_split, split_dir

    s = spec(task)
    ctx.extra.setdefault("embedding_cache", settings.artifacts_dir / "cache" / "embeddings")  # check + split share
    source = Path(data) if data else taskdata.store_file(settings, task)
    report = curate(task, ctx, source, text_field, label_field)
    if report.errors:
        raise AssistantError(f"`storefront data check {task}` found {len(report.errors)} error(s); nothing was "
                             f"trained:\n" + "\n".join(report.errors[:20]))
    for w in report.warnings:
        log.warning("%s: %s", source, w)
    if data is None:
        split = load_split(settings, task) or make_split(task, ctx, source, split_dir(settings, task))
        heldout = None  # the gate's default: the task's eval sets in evals/
    else:  # a user's own file: split it beside the artifacts and judge the candidate on its held-out part
        folder = settings.artifacts_dir / task / "splits" / file_hash(source)
        split = load_split(settings, task, folder) or make_split(task, ctx, source, folder, text_field=text_field,
                                                                label_field=label_field, exclude_heldout=False)
        heldout = [HeldOut(f"{source.name} (held-out part)", split.eval,
                           s.load_examples(split.eval, text_field=text_field, label_field=label_field))]
    out = settings.artifacts_dir / task / "candidates" / time.strftime("%Y%m%dT%H%M%S")
    manifest = train_into(task, ctx, settings, out, None if data is None else split.train, text_field,
                          label_field, progress)
    candidates.add_candidate(settings, task, str(out), "local", source=str(source))
    decision = promote(task, str(out), ctx, settings, heldout=heldout)
    manifest["gate"] = {"promoted": decision.promoted, "reasons": decision.reasons, "record": decision.record,
                        "candidate": str(out)}
    if not decision.promoted:
        log.warning("the gate refused the %s candidate %s; the current model is unchanged:\n  %s\n(record: %s)",
                    task, out, "\n  ".join(decision.reasons), decision.record)
    return manifest


def _headline(metrics: dict) -> dict:
    """Numbers only: per-class tables stay in eval reports, not the manifest."""
    return {k: v for k, v in metrics.items() if isinstance(v, (int, float))}
