"""Leakage: no training row may be an exact or near duplicate of a row the model is evaluated on.

A model that has seen an eval row (or the same title with another size) scores what it memorised, not what it
learned; the split keeps such rows apart and this check proves it, naming every pair that crosses.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from assistant.config import Settings
from assistant.errors import ConfigError
from assistant.tasks.base import TaskContext
from assistant.training import taskdata
from assistant.training.split import load_split
from assistant.training.taskdata import NEAR_DUP_COSINE, TaskData, normalized


class Leak(BaseModel):
    """One training row that crosses into an eval set."""

    kind: str  # "exact" | "near"
    cosine: float
    train: str  # file:line
    eval: str  # file:line
    train_text: str
    eval_text: str


@dataclass
class LeakageReport:
    train: str
    evals: list[str]
    threshold: float
    leaks: list[Leak]

    @property
    def ok(self) -> bool:
        return not self.leaks


def find_leaks(train: TaskData, evals: list[TaskData], ctx: TaskContext,
               threshold: float = NEAR_DUP_COSINE) -> LeakageReport:
    """Every (train, eval) pair of rows whose inputs are equal (normalized) or at/above `threshold` cosine."""
    train_texts = train.texts
    train_emb = taskdata.embed(ctx, train_texts)
    exact_index: dict[str, list[int]] = {}
    for i, t in enumerate(train_texts):
        exact_index.setdefault(normalized(t), []).append(i)
    leaks: list[Leak] = []
    for ev in evals:
        ev_texts = ev.texts
        seen: set[tuple[int, int]] = set()
        for j, t in enumerate(ev_texts):
            for i in exact_index.get(normalized(t), []):
                seen.add((i, j))
                leaks.append(Leak(kind="exact", cosine=1.0, train=train.where(i), eval=ev.where(j),
                                  train_text=train_texts[i], eval_text=t))
        for i, j, cos in taskdata.similar_pairs(train_emb, taskdata.embed(ctx, ev_texts), threshold):
            if (i, j) not in seen:
                leaks.append(Leak(kind="near", cosine=cos, train=train.where(i), eval=ev.where(j),
                                  train_text=train_texts[i], eval_text=ev_texts[j]))
    return LeakageReport(str(train.path), [str(e.path) for e in evals], threshold, leaks)


def check_task(task: str, ctx: TaskContext, settings: Settings, split_folder: Path | None = None,
               threshold: float | None = None) -> LeakageReport:
    """The task's split train side against its eval side and every `evals/datasets/<task>_*.jsonl`."""
    split = load_split(settings, task, split_folder)
    if split is None:
        raise ConfigError(f"no split for {task} in {split_folder or 'knowledge/training/splits/' + task}: "
                          f"run `storefront data split {task}` first")
    evals = [split.eval_data()] + [taskdata.load_task_data(task, p) for p in taskdata.heldout_files(task)]
    return find_leaks(split.train_data(), evals, ctx, threshold or split.info.threshold or NEAR_DUP_COSINE)
