"""Deterministic, stratified train/eval splits that keep every near-duplicate group on one side.

A split lives in `knowledge/training/splits/<task>/`: `train.jsonl` and `eval.jsonl` hold the source's raw rows
(so the task's own loader reads them) and `split.json` records the seed, fraction, threshold, counts and the
sha256 of each file and of the source. Rows that nearly duplicate a row of an eval set in `evals/` are kept out
of both sides: training on them would leak the held-out answers.
"""

from __future__ import annotations

import hashlib
import json
import logging
import warnings
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydantic import BaseModel
from sklearn.model_selection import StratifiedGroupKFold

from assistant.config import Settings, REPO_ROOT
from assistant.errors import AssistantError, DataError, DataErrors
from assistant.models.artifacts import split_dir, store_file
from assistant.tasks.base import TaskContext
from assistant.training import taskdata
from assistant.training.taskdata import NEAR_DUP_COSINE, TaskData, normalized

log = logging.getLogger(__name__)


class SplitInfo(BaseModel):
    """split.json"""

    task: str
    source: str
    source_sha256: str
    seed: int
    eval_fraction: float
    threshold: float
    counts: dict[str, int]
    groups: int
    sha256: dict[str, str]
    text_field: str | None = None
    label_field: str | None = None


@dataclass
class Split:
    folder: Path
    info: SplitInfo

    @property
    def train(self) -> Path:
        return self.folder / "train.jsonl"

    @property
    def eval(self) -> Path:
        return self.folder / "eval.jsonl"

    def train_data(self) -> TaskData:
        return taskdata.load_task_data(self.info.task, self.train, self.info.text_field, self.info.label_field)

    def eval_data(self) -> TaskData:
        return taskdata.load_task_data(self.info.task, self.eval, self.info.text_field, self.info.label_field)

    def is_current(self, source: Path) -> bool:
        return Path(source).exists() and sha256(Path(source)) == self.info.source_sha256


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def output_folder(settings: Settings, task: str, source: Path | None) -> Path:
    """Where `data split` writes when no folder is given: the store's split for the store's own file, else a
    folder of its own under artifacts. The committed split is what the live models and `evaluate` read; a split
    of some other file written over it broke both until a `git checkout`."""
    store_split = split_dir(settings, task)
    if source is None or Path(source).resolve() == store_file(settings, task).resolve():
        return store_split
    return settings.artifacts_dir / "splits" / f"{task}-{Path(source).stem}"


def load_split(settings: Settings, task: str, folder: Path | None = None) -> Split | None:
    folder = Path(folder) if folder else split_dir(settings, task)
    meta = folder / "split.json"
    if not meta.exists():
        return None
    return Split(folder, SplitInfo.model_validate_json(meta.read_text(encoding="utf-8")))


def folds(eval_fraction: float) -> int:
    if not 0 < eval_fraction < 1:
        raise AssistantError(f"eval fraction {eval_fraction}: must be between 0 and 1")
    return max(2, round(1 / eval_fraction))


def check_splittable(data: TaskData, eval_fraction: float) -> None:
    """A DataError unless some label has at least k rows: a stratified k-fold split needs one (scikit-learn's
    ValueError was a traceback for a file with one example per label). Checked before any model loads."""
    k = folds(eval_fraction)
    counts = Counter(taskdata.strata(data.task, data))
    if len(data) and max(counts.values()) >= k:
        return
    shown = ", ".join(f"'{label}' {n}" for label, n in counts.most_common(5)) or "none"
    raise DataErrors([DataError(data.path, None, data.label_field or "label",
                                f"{len(data)} row(s) and no label has {k} (the most: {shown}); a split with eval "
                                f"fraction {eval_fraction} needs {k} rows of at least one label: add examples")])


def assign(data: TaskData, groups: np.ndarray, eval_fraction: float, seed: int) -> np.ndarray:
    """A boolean mask of eval rows: one fold of a stratified group k-fold, k = round(1 / fraction)."""
    check_splittable(data, eval_fraction)
    k = folds(eval_fraction)
    splitter = StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=seed)
    with warnings.catch_warnings():  # "the least populated class has only 1 member": expected for rare strata
        warnings.simplefilter("ignore", UserWarning)
        _, eval_idx = next(splitter.split(np.zeros(len(data)), taskdata.strata(data.task, data), groups))
    mask = np.zeros(len(data), dtype=bool)
    mask[eval_idx] = True
    return mask


def heldout_clashes(data: TaskData, emb: np.ndarray, ctx: TaskContext, threshold: float) -> set[int]:
    """Rows that nearly duplicate a row of any eval set of the task in evals/ (never train on the test)."""
    clash: set[int] = set()
    for path in taskdata.heldout_files(data.task):
        held = taskdata.load_task_data(data.task, path)
        clash |= {i for i, _, _ in taskdata.similar_pairs(emb, taskdata.embed(ctx, held.texts), threshold)}
        exact = {normalized(t) for t in held.texts}
        clash |= {i for i, t in enumerate(data.texts) if normalized(t) in exact}
    return clash


def make_split(task: str, ctx: TaskContext, source: Path, out_dir: Path, eval_fraction: float = 0.2, seed: int = 0,
               threshold: float = NEAR_DUP_COSINE, text_field: str | None = None, label_field: str | None = None,
               exclude_heldout: bool = True) -> Split:
    """Split `source` into `out_dir`; the same source, seed and fraction always give the same files."""
    folds(eval_fraction)
    data = taskdata.load_task_data(task, source, text_field, label_field)
    emb = taskdata.embed(ctx, data.texts)
    pairs = taskdata.similar_pairs(emb, threshold=threshold)
    exact = _exact_pairs(data.texts)
    groups = taskdata.group_ids(len(data), pairs + exact)
    dropped = heldout_clashes(data, emb, ctx, threshold) if exclude_heldout else set()
    keep = [i for i in range(len(data)) if i not in dropped]
    kept = taskdata.subset(data, keep)
    mask = assign(kept, groups[keep], eval_fraction, seed)
    out_dir = Path(out_dir)
    train_rows = [r for r, m in zip(kept.rows, mask) if not m]
    eval_rows = [r for r, m in zip(kept.rows, mask) if m]
    taskdata.write_jsonl(out_dir / "train.jsonl", train_rows)
    taskdata.write_jsonl(out_dir / "eval.jsonl", eval_rows)
    info = SplitInfo(task=task, source=_shown(source), source_sha256=sha256(source), seed=seed,
                     eval_fraction=eval_fraction, threshold=threshold,
                     counts={"source": len(data), "train": len(train_rows), "eval": len(eval_rows),
                             "dropped_near_heldout": len(dropped), "near_duplicate_pairs": len(pairs),
                             "exact_duplicate_pairs": len(exact)},
                     groups=int(len(set(groups[keep].tolist()))),
                     sha256={"train.jsonl": sha256(out_dir / "train.jsonl"), "eval.jsonl": sha256(out_dir / "eval.jsonl")},
                     text_field=text_field, label_field=label_field)
    taskdata.atomic_write(out_dir / "split.json", json.dumps(info.model_dump(), indent=2) + "\n")
    log.info("split %s: %d train, %d eval, %d dropped near the held-out sets", task, len(train_rows),
             len(eval_rows), len(dropped))
    return Split(out_dir, info)


def naive_split(task: str, source: Path, out_dir: Path, eval_fraction: float = 0.2, seed: int = 0,
                text_field: str | None = None, label_field: str | None = None) -> Split:
    """A plain random split, ignoring near-duplicates: what `data leakage` exists to catch (used in tests, demos)."""
    data = taskdata.load_task_data(task, source, text_field, label_field)
    rng = np.random.default_rng(seed)
    mask = rng.random(len(data)) < eval_fraction
    taskdata.write_jsonl(Path(out_dir) / "train.jsonl", [r for r, m in zip(data.rows, mask) if not m])
    taskdata.write_jsonl(Path(out_dir) / "eval.jsonl", [r for r, m in zip(data.rows, mask) if m])
    info = SplitInfo(task=task, source=_shown(source), source_sha256=sha256(source), seed=seed,
                     eval_fraction=eval_fraction, threshold=0.0, groups=len(data),
                     counts={"source": len(data), "train": int((~mask).sum()), "eval": int(mask.sum())},
                     sha256={n: sha256(Path(out_dir) / n) for n in ("train.jsonl", "eval.jsonl")},
                     text_field=text_field, label_field=label_field)
    taskdata.atomic_write(Path(out_dir) / "split.json", json.dumps(info.model_dump(), indent=2) + "\n")
    return Split(Path(out_dir), info)


def _exact_pairs(texts: list[str]) -> list[tuple[int, int, float]]:
    first: dict[str, int] = {}
    pairs = []
    for i, t in enumerate(texts):
        key = normalized(t)
        if key in first:
            pairs.append((first[key], i, 1.0))
        else:
            first[key] = i
    return pairs


def _shown(path: Path) -> str:
    """The source as a path relative to the repository when inside it, so split.json is the same on every clone."""
    path = Path(path).resolve()
    return str(path.relative_to(REPO_ROOT)) if path.is_relative_to(REPO_ROOT) else str(path)
