"""Train a task's local model on CPU and save it with a manifest (data hash, metrics, time, libraries)."""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path

from assistant.config import REPO_ROOT
from assistant.models.artifacts import file_hash, write_manifest
from assistant.models.registry import spec

log = logging.getLogger(__name__)


def train_task(task: str, ctx, settings, data: Path | None = None, out: Path | None = None,
               text_field: str | None = None, label_field: str | None = None, progress: bool = True) -> dict:
    """Train from `data` (default: the store's training file) into `out`; return the manifest."""
    from assistant.models.registry import artifact_dir

    s = spec(task)
    data = Path(data) if data else settings.knowledge_dir / s.train_file
    out = Path(out) if out else artifact_dir(settings, task)
    examples = s.load_examples(data, text_field=text_field, label_field=label_field)
    start = time.perf_counter()
    model = s.local.train(examples, ctx, progress=progress)
    seconds = time.perf_counter() - start
    metrics = {}
    eval_path = REPO_ROOT / s.eval_file
    if data == settings.knowledge_dir / s.train_file and eval_path.exists():
        held_out = s.load_examples(eval_path)
        metrics = s.score(model.predict([e.input for e in held_out]), [e.output for e in held_out])
    # Write into a temporary folder and swap, so a crash never leaves a half-written artifact as `current`.
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    model.save(tmp)
    manifest = write_manifest(tmp, task=task, model=getattr(model, "name", task), data=str(data),
                              data_hash=file_hash(data), examples=len(examples), train_seconds=round(seconds, 2),
                              text_field=text_field, label_field=label_field,
                              heldout=str(eval_path) if metrics else None, metrics=_headline(metrics))
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    log.info("trained %s on %d examples in %.1fs -> %s", task, len(examples), seconds, out)
    return manifest


def _headline(metrics: dict) -> dict:
    """Numbers only: per-class tables stay in eval reports, not the manifest."""
    return {k: v for k, v in metrics.items() if isinstance(v, (int, float))}
