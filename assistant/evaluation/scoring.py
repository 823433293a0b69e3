"""Score a task model on a labelled set, and say how much of the score is noise (bootstrap intervals)."""

from __future__ import annotations

import hashlib
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import stats
from scipy.stats import DegenerateDataWarning

from assistant.tasks.base import TaskContext, TaskModel
from assistant.tasks.specs import spec

N_BOOT = 200  # resamples: the 5th/95th percentiles settle to about ±0.005 by 200 on sets of a few hundred
CI = 90  # a two-sided 90% interval: a fall below its lower bound happens by chance about 1 time in 20


def dataset_hash(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


@dataclass
class TaskScore:
    task: str
    model: str
    kind: str
    dataset: str
    dataset_hash: str
    n: int
    metrics: dict
    ci: dict = field(default_factory=dict)  # metric -> [low, high]
    predictions: list = field(default_factory=list)
    golds: list = field(default_factory=list)
    inputs: list = field(default_factory=list)
    seconds: float = 0.0
    ctx: TaskContext | None = None  # the store the model serves: describe judges against its ontology and voice

    def numbers(self) -> dict[str, float]:
        return {k: v for k, v in self.metrics.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}


def score_model(task: str, model: TaskModel, path: Path, examples: list | None = None, with_ci: bool = True) -> TaskScore:
    """Predict every example of `path` with `model` and score it with the task's metrics."""
    s = spec(task)
    examples = examples if examples is not None else s.load_examples(path)
    inputs, golds = [e.input for e in examples], [e.output for e in examples]
    start = time.perf_counter()
    preds = model.predict(inputs)
    seconds = time.perf_counter() - start
    ctx = getattr(model, "ctx", None)
    metrics = task_score(task, preds, golds, inputs, ctx=ctx)
    score = TaskScore(task, getattr(model, "name", "?"), getattr(model, "kind", "?"), str(path),
                      dataset_hash(path), len(examples), metrics, predictions=preds, golds=golds, inputs=inputs,
                      seconds=round(seconds, 3), ctx=ctx)
    if with_ci:
        score.ci = bootstrap(task, preds, golds, inputs=inputs, ctx=ctx)
    return score


def task_score(task: str, preds: list, golds: list, inputs: list | None = None,
               ctx: TaskContext | None = None) -> dict:
    """The task's metrics; a score function that can judge against the inputs gets them and the store (describe:
    coverage and hallucinations are checked against the attributes given and the store's own ontology, not
    against what the reference happens to say)."""
    s = spec(task)
    if inputs is not None and s.scores_inputs:
        return s.score(preds, golds, inputs=inputs, ctx=ctx)
    return s.score(preds, golds)


def interval(statistic: Callable[..., np.ndarray | float], data: tuple[np.ndarray, ...], n_boot: int = N_BOOT,
             seed: int = 0, vectorized: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """The percentile `CI`% interval of `statistic` over resamples of `data` (paired: the arrays are resampled
    together, so a prediction stays with its gold answer and its input)."""
    with warnings.catch_warnings():  # a statistic that never varies (a rate that stays 0) is a valid interval
        warnings.simplefilter("ignore", DegenerateDataWarning)
        res = stats.bootstrap(data, statistic, n_resamples=n_boot, paired=True, vectorized=vectorized,
                              method="percentile", confidence_level=CI / 100, random_state=seed)
    return np.atleast_1d(res.confidence_interval.low), np.atleast_1d(res.confidence_interval.high)


def bootstrap(task: str, preds: list, golds: list, n_boot: int = N_BOOT, seed: int = 0,
              inputs: list | None = None, ctx: TaskContext | None = None) -> dict[str, list[float]]:
    """Percentile intervals of every numeric metric, resampling examples with replacement."""
    full = task_score(task, preds, golds, inputs, ctx=ctx)
    keys = [k for k, v in full.items() if isinstance(v, (int, float)) and not isinstance(v, bool)]

    def statistic(idx: np.ndarray) -> np.ndarray:
        m = task_score(task, [preds[i] for i in idx], [golds[i] for i in idx],
                       [inputs[i] for i in idx] if inputs is not None else None, ctx=ctx)
        return np.array([float(m[k]) for k in keys])

    low, high = interval(statistic, (np.arange(len(golds)),), n_boot, seed)
    return {k: [round(float(lo), 4), round(float(hi), 4)] for k, lo, hi in zip(keys, low, high)}
