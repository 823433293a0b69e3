"""Train a task's local model on CPU and save it with a manifest (data hash, code hash, metrics, time, libraries).

Three ways in. `prepare` (what `storefront prepare`, `make run` and the test fixtures call) trains every task
whose serving artifact is missing or stale straight into `current`, from the store's data. With `out`,
`train_task` trains into that folder. Without it (`storefront train TASK`) training goes through the pipeline:
the curation checks (errors stop it), the split (near-duplicates on one side), a candidate folder, and the
promotion gate, which alone decides whether the candidate replaces `current`. Whenever a split exists the model
learns from its train part only, plus the rows a person accepted from feedback.
"""

from __future__ import annotations

import logging
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from assistant.config import REPO_ROOT, Settings
from assistant.errors import AssistantError
from assistant.models import artifacts
from assistant.models.artifacts import code_hash, file_hash, write_manifest
from assistant.models.registry import artifact_dir, setting_choice, stale_reason
from assistant.tasks.base import Example, TaskContext
from assistant.tasks.quote.train import prepare_selector
from assistant.tasks.retrieve.train import prepare_adapter
from assistant.tasks.specs import SPECS, spec
from assistant.training import candidates
from assistant.training.curate import curate
from assistant.training.promote import HeldOut, promote
from assistant.training.split import load_split, make_split

log = logging.getLogger(__name__)


@dataclass
class Prepared:
    """What `prepare` did for one task: trained (and in how long), or why it had nothing to do."""

    task: str
    trained: bool
    reason: str
    seconds: float = 0.0


def prepare(ctx: TaskContext, settings: Settings, tasks: tuple[str, ...] | None = None,
            progress: bool = True) -> list[Prepared]:
    """Train every task served by its local artifact whose artifact is missing or stale, from the store's data.

    A task the settings serve otherwise (baseline, OpenAI, an artifact folder) is left alone."""
    out = []
    for task in tasks or tuple(SPECS):
        if setting_choice(task, settings) != "local":
            out.append(Prepared(task, False, f"served by {setting_choice(task, settings)}"))
            continue
        folder = artifact_dir(settings, task)
        why = stale_reason(task, settings, folder)
        if why is None:
            out.append(Prepared(task, False, "current"))
            continue
        log.info("training %s: %s", task, why)
        start = time.perf_counter()
        train_into(task, ctx, settings, folder, progress=progress)
        out.append(Prepared(task, True, why, round(time.perf_counter() - start, 1)))
    # The policy writer's unit selector, trained from the store's policy questions, like a task: only when the
    # settings serve it (a minute or more of training `make run` would otherwise spend on a model it never reads).
    if tasks is None and settings.quote_model == "local":
        out.append(Prepared("quote", *prepare_selector(ctx, settings)))
    elif tasks is None:
        out.append(Prepared("quote", False, f"served by {settings.quote_model}"))
    if tasks is None and settings.retrieve_model == "local":  # the policy search's query adapter, the same way
        out.append(Prepared("retrieve", *prepare_adapter(ctx, settings)))
    return out


def train_task(task: str, ctx: TaskContext, settings: Settings, data: Path | None = None, out: Path | None = None,
               text_field: str | None = None, label_field: str | None = None, progress: bool = True) -> dict:
    """Train from `data` (default: the store's split, or its training file) into `out`; return the manifest.

    Without `out`: check, split, train a candidate and promote it through the gate (`manifest["gate"]`)."""
    if out is not None:
        return train_into(task, ctx, settings, Path(out), data, text_field, label_field, progress)
    return train_through_gate(task, ctx, settings, data, text_field, label_field, progress)


def training_source(task: str, settings: Settings, data: Path | None = None) -> tuple[Path, list[Example], str | None]:
    """(file to train on, extra accepted examples, split folder) for the store's data; `data` as given otherwise."""
    if data is not None:
        return Path(data), [], None
    store = artifacts.store_file(settings, task)
    accepted = artifacts.accepted_file(settings, task)
    extra = spec(task).load_examples(accepted) if accepted.exists() else []
    split = load_split(settings, task)
    if split is None:
        return store, extra, None
    if not split.is_current(store):
        log.warning("the %s split was made from another version of %s: re-run `storefront data split %s`",
                    task, store, task)
    return split.train, extra, str(split.folder)


def train_into(task: str, ctx: TaskContext, settings: Settings, out: Path, data: Path | None = None,
               text_field: str | None = None, label_field: str | None = None, progress: bool = True) -> dict:
    """Train and save into `out` (swapped in whole: a crash never leaves half an artifact)."""
    s = spec(task)
    source, extra, split = training_source(task, settings, data)
    examples = s.load_examples(source, text_field=text_field, label_field=label_field) + extra
    start = time.perf_counter()
    model = s.local.train(examples, ctx, progress=progress)
    seconds = time.perf_counter() - start
    metrics = {}
    eval_path = artifacts.heldout_file(settings, task, REPO_ROOT)
    if data is None and eval_path.exists():
        held_out = s.load_examples(eval_path)
        metrics = s.score(model.predict([e.input for e in held_out]), [e.output for e in held_out])
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    model.save(tmp)
    manifest = write_manifest(tmp, task=task, model=getattr(model, "name", task), data=str(source),
                              data_hash=file_hash(source), code_hash=code_hash(task),
                              store_data_hash=artifacts.store_data_hash(task, settings) if data is None else None,
                              examples=len(examples), accepted=len(extra), split=split,
                              train_seconds=round(seconds, 2), text_field=text_field, label_field=label_field,
                              heldout=str(eval_path) if metrics else None, metrics=_headline(metrics))
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    log.info("trained %s on %d examples in %.1fs -> %s", task, len(examples), seconds, out)
    return manifest


def train_through_gate(task: str, ctx: TaskContext, settings: Settings, data: Path | None = None,
                       text_field: str | None = None, label_field: str | None = None, progress: bool = True) -> dict:
    """Check the data, split it, train a candidate, and let the gate decide whether it serves."""
    s = spec(task)
    ctx.extra.setdefault("embedding_cache", settings.artifacts_dir / "cache" / "embeddings")  # check + split share
    source = Path(data) if data else artifacts.store_file(settings, task)
    report = curate(task, ctx, source, text_field, label_field)
    if report.errors:
        raise AssistantError(f"`storefront data check {task}` found {len(report.errors)} error(s); nothing was "
                             f"trained:\n" + "\n".join(report.errors[:20]))
    for w in report.warnings:
        log.warning("%s: %s", source, w)
    if data is None:
        split = load_split(settings, task) or make_split(task, ctx, source, artifacts.split_dir(settings, task))
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
