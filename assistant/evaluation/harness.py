"""Score every task's active model and its baseline on the same held-out set, per sample and with intervals.

A `SuiteResult` is what every part of the eval produces (a task, grounding, the agent): headline numbers with
bootstrap intervals, the content hash of each dataset it read, and one outcome per sample so a regression can
name the samples whose result changed. The regression check (`regression.py`) and the report (`report.py`)
read only SuiteResults.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from assistant.config import REPO_ROOT, Settings
from assistant.evaluation.costs import task_costs
from assistant.evaluation.scoring import N_BOOT, TaskScore, dataset_hash, interval, score_model, task_score
from assistant.models.artifacts import heldout_file
from assistant.models.openai_tasks import FEW_SHOT
from assistant.models.registry import get_model
from assistant.tasks.base import TaskContext
from assistant.tasks.spec import EPS, GateRule
from assistant.tasks.specs import SPECS, spec

log = logging.getLogger(__name__)

NOT_GATED = {"n", "support", "seconds"}


@dataclass
class SuiteResult:
    """One part of the eval: numbers, their intervals, the datasets it read, and per-sample outcomes."""

    name: str  # "classify", ..., "grounding", "agent"
    model: str
    metrics: dict[str, float]
    ci: dict[str, list[float]] = field(default_factory=dict)
    datasets: dict[str, str] = field(default_factory=dict)  # path -> content hash
    samples: dict[str, dict] = field(default_factory=dict)  # key -> {"score", "outcome", "text"}
    baseline: dict[str, float] = field(default_factory=dict)  # the baseline's numbers on the same set
    baseline_model: str = ""
    baseline_ci: dict[str, list[float]] = field(default_factory=dict)
    details: dict = field(default_factory=dict)  # anything the report shows (per-class, confusion, costs)
    skipped: dict[str, str] = field(default_factory=dict)  # metric -> why it was not computed
    seconds: float = 0.0
    lower_is_better: frozenset[str] = frozenset()  # metrics where less is better; every other one is better higher

    def gated_metrics(self) -> dict[str, float]:
        return {k: v for k, v in self.metrics.items() if k not in NOT_GATED and isinstance(v, (int, float))
                and not isinstance(v, bool)}

    def deltas(self) -> dict[str, float]:
        return {k: round(v - self.baseline[k], 4) for k, v in self.gated_metrics().items() if k in self.baseline}

    def failures(self) -> list[dict]:
        return [{"key": k, **v} for k, v in self.samples.items() if v.get("score", 1.0) < 1.0]


def numeric(metrics: dict) -> dict[str, float]:
    return {k: float(v) for k, v in metrics.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}


def sample_key(text: str, seen: dict[str, int]) -> str:
    """A stable id from the sample's content, so accepted outcomes survive reordering of the file."""
    base = hashlib.sha1(text.encode()).hexdigest()[:10]
    seen[base] = seen.get(base, 0) + 1
    return base if seen[base] == 1 else f"{base}-{seen[base]}"


def bootstrap_means(rows: list[dict], n_boot: int = N_BOOT, seed: int = 0) -> dict[str, list[float]]:
    """Percentile intervals of metrics that are means over samples (None: the sample does not count)."""
    keys = sorted({k for r in rows for k, v in r.items() if v is not None})
    out = {}
    for k in keys:
        values = np.array([float(r[k]) for r in rows if r.get(k) is not None])
        if len(values) < 2:  # one sample has no spread to resample
            out[k] = [round(float(values.mean()), 4)] * 2 if len(values) else None
            continue
        low, high = interval(np.mean, (values,), n_boot, seed, vectorized=True)
        out[k] = [round(float(low[0]), 4), round(float(high[0]), 4)]
    return {k: v for k, v in out.items() if v is not None}


# ---------------------------------------------------------------------------------------------- per sample

def sample_outcomes(task: str, score: TaskScore) -> dict[str, dict]:
    """{key: {"score": 0..1, "outcome": what went wrong or "ok", "text": the input, shortened}}."""
    s = spec(task)
    seen: dict[str, int] = {}
    out = {}
    for p, g, x in zip(score.predictions, score.golds, score.inputs):
        text = s.render_input(x)
        o = s.outcome(p, g, x, ctx=score.ctx) if s.scores_inputs else s.outcome(p, g, x)
        out[sample_key(text, seen)] = {"score": o.score, "outcome": o.outcome, **o.extra, "text": text[:160]}
    return out


def _per_sample_rows(task: str, score: TaskScore) -> list[dict]:
    return [task_score(task, [p], [g], [x], ctx=score.ctx)
            for p, g, x in zip(score.predictions, score.golds, score.inputs)]


# ---------------------------------------------------------------------------------------------- one task

def evaluate_task(task: str, ctx: TaskContext, settings: Settings, data: Path | None = None) -> SuiteResult:
    """The active model (the settings' choice, prepared beforehand) and the baseline, on the held-out set."""
    start = time.perf_counter()
    s = spec(task)
    path = Path(data) if data else heldout_file(settings, task, REPO_ROOT)
    examples = s.load_examples(path)
    model = get_model(task, ctx, settings)
    base = get_model(task, ctx, settings, choice="baseline")
    per_sample = s.ci_per_sample  # every metric is a mean over samples: bootstrap those means directly
    ours = score_model(task, model, path, examples=examples, with_ci=not per_sample)
    theirs = score_model(task, base, path, examples=examples, with_ci=not per_sample)
    if per_sample:
        rows, base_rows = _per_sample_rows(task, ours), _per_sample_rows(task, theirs)
        ours.ci, theirs.ci = bootstrap_means(rows), bootstrap_means(base_rows)
        if "edit_effort" in ours.metrics:
            # The offline stand-in for editing time: how much less editing the model's text needs than the
            # baseline's.
            ours.metrics["edit_effort_reduction"], ours.ci["edit_effort_reduction"] = _reduction(
                [r["edit_effort"] for r in rows], [r["edit_effort"] for r in base_rows])
    result = SuiteResult(
        name=task, model=ours.model, metrics=numeric(ours.metrics), ci=ours.ci,
        datasets={str(path.relative_to(REPO_ROOT)) if path.is_relative_to(REPO_ROOT) else str(path):
                  dataset_hash(path)},
        samples=sample_outcomes(task, ours), baseline=numeric(theirs.metrics), baseline_model=theirs.model,
        baseline_ci=theirs.ci, seconds=0.0, lower_is_better=s.gate.lower_is_better,
        details={"model_kind": ours.kind, "baseline_kind": theirs.kind, "predict_seconds": ours.seconds,
                 "baseline_predict_seconds": theirs.seconds,
                 "model_full": _non_numeric(ours.metrics), "baseline_full": _non_numeric(theirs.metrics)},
    )
    if s.details is not None:
        result.details.update(s.details(ours.predictions, ours.golds))
    result.details["gates"] = [g.as_dict() for g in gate_checks(result)]
    result.details["costs"] = _costs(task, ctx, examples, ours.seconds, settings)
    result.seconds = round(time.perf_counter() - start, 2)
    return result


def _reduction(ours: list[float], theirs: list[float], n_boot: int = N_BOOT, seed: int = 0) -> tuple[float, list]:
    """1 - mean(ours) / mean(theirs), with a paired bootstrap interval (the same samples for both)."""
    def reduction(a: np.ndarray, b: np.ndarray, axis: int = -1) -> np.ndarray:
        return 1 - a.mean(axis=axis) / np.maximum(b.mean(axis=axis), 1e-9)

    a, b = np.asarray(ours, dtype=float), np.asarray(theirs, dtype=float)
    low, high = interval(reduction, (a, b), n_boot, seed, vectorized=True)
    return round(float(reduction(a, b)), 4), [round(float(low[0]), 4), round(float(high[0]), 4)]


def _non_numeric(metrics: dict) -> dict:
    return {k: v for k, v in metrics.items() if isinstance(v, (dict, list))}


def _costs(task: str, ctx: TaskContext, examples: list, local_seconds: float, settings: Settings) -> list[dict]:
    s = spec(task)
    train = settings.knowledge_dir / s.train_file
    shots = s.load_examples(train)[:FEW_SHOT] if train.exists() else []
    return [c.as_dict() for c in task_costs(s, ctx, [e.input for e in examples], [e.output for e in examples], shots,
                                            local_seconds)]


# ---------------------------------------------------------------------------------------------- the gate

@dataclass
class GateCheck:
    task: str
    metric: str
    rule: str  # "above the baseline by 0.15", "<= 0.0", ">= 0.95"
    value: float
    target: float
    passed: bool

    def as_dict(self) -> dict:
        return self.__dict__.copy()

    def message(self) -> str:
        return (f"{self.task}.{self.metric} = {self.value:.4f} must be {self.rule} "
                f"(target {self.target:.4f})")


def gate_checks(result: SuiteResult) -> list[GateCheck]:
    """The model against its baseline by the task's margin, plus the task's absolute limits."""
    if result.name not in SPECS:
        return []
    rule: GateRule = SPECS[result.name].gate
    value = result.metrics.get(rule.metric, float("nan"))
    base = result.baseline.get(rule.metric, float("nan"))
    checks = [GateCheck(result.name, rule.metric,
                        f"above the baseline by {rule.margin}" if rule.margin else "above the baseline",
                        value, base + rule.margin, rule.beats(value, base))]
    for metric, op, limit in rule.limits():
        v = result.metrics.get(metric, float("nan"))
        ok = v <= limit + EPS if op == "<=" else v >= limit - EPS
        checks.append(GateCheck(result.name, metric, f"{op} {limit}", v, float(limit), ok))
    return checks
