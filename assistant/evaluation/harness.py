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

from assistant.config import REPO_ROOT
from assistant.evaluation.scoring import CI, N_BOOT, TaskScore, dataset_hash, score_model, task_score
from assistant.models.registry import get_model, spec

log = logging.getLogger(__name__)


def gate_margins() -> dict[str, dict]:
    """The margins by which each model must beat its baseline: the promotion gate owns them, the eval reads them."""
    from assistant.training.promote import GATE_MARGINS  # imported late: promote imports the scoring this sits on

    return GATE_MARGINS


# Metrics where less is better; every other number is better higher.
LOWER_IS_BETTER = {"edit_effort", "hallucination_rate", "role_violations"}
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
    rng = np.random.default_rng(seed)
    lo, hi = (100 - CI) / 2, 100 - (100 - CI) / 2
    out = {}
    for k in keys:
        values = np.array([float(r[k]) for r in rows if r.get(k) is not None])
        if not len(values):
            continue
        means = values[rng.integers(0, len(values), (n_boot, len(values)))].mean(axis=1)
        out[k] = [round(float(np.percentile(means, lo)), 4), round(float(np.percentile(means, hi)), 4)]
    return out


# ---------------------------------------------------------------------------------------------- per sample

def _classify_outcome(p, g) -> tuple[float, str]:
    ok = p.category == g.category
    return float(ok), "ok" if ok else f"predicted {p.category}, expected {g.category}"


def _rewrite_outcome(p, g) -> tuple[float, str]:
    from assistant.tasks.rewrite import units

    pu, gu = units(p), units(g)
    tp = len(pu & gu)
    f1 = 2 * tp / (len(pu) + len(gu)) if pu or gu else 1.0
    wrong = sorted(f"+{a}:{b}" for a, b in pu - gu) + sorted(f"-{a}:{b}" for a, b in gu - pu)
    return round(f1, 4), "ok" if not wrong else " ".join(wrong)


def _extract_outcome(p, g) -> tuple[float, str]:
    checks = {"overall": p.overall_sentiment == g.overall_sentiment, "aspects": p.aspects == g.aspects,
              "use_cases": set(p.use_cases) == set(g.use_cases),
              "difficulty": p.mentions_difficulty == g.mentions_difficulty}
    wrong = [k for k, ok in checks.items() if not ok]
    return round(sum(checks.values()) / len(checks), 4), "ok" if not wrong else "wrong: " + ", ".join(wrong)


def _describe_rows(score: TaskScore) -> list[dict]:
    return [task_score("describe", [p], [g], [x]) for p, g, x in zip(score.predictions, score.golds, score.inputs)]


def sample_outcomes(task: str, score: TaskScore, rows: list[dict] | None = None) -> dict[str, dict]:
    """{key: {"score": 0..1, "outcome": what went wrong or "ok", "text": the input, shortened}}."""
    s = spec(task)
    seen: dict[str, int] = {}
    out = {}
    for i, (p, g, x) in enumerate(zip(score.predictions, score.golds, score.inputs)):
        text = s.render_input(x)
        if task == "describe":
            r = rows[i]
            ok = not r["hallucination_rate"] and r["coverage"] >= 1.0 and r["voice_ok"]
            value = round(r["rouge_l"], 3) if ok else 0.0
            outcome = "ok" if ok else ", ".join(
                w for w, bad in (("hallucinated", r["hallucination_rate"]), (f"coverage {r['coverage']:.2f}",
                                 r["coverage"] < 1.0), ("voice", not r["voice_ok"])) if bad)
            out[sample_key(text, seen)] = {"score": 1.0 if ok else 0.0, "outcome": outcome,
                                           "rouge_l": value, "text": text[:160]}
            continue
        value, outcome = {"classify": _classify_outcome, "rewrite": _rewrite_outcome,
                          "extract": _extract_outcome}[task](p, g)
        out[sample_key(text, seen)] = {"score": value, "outcome": outcome, "text": text[:160]}
    return out


# ---------------------------------------------------------------------------------------------- one task

def evaluate_task(task: str, ctx, settings, data: Path | None = None, progress: bool = False) -> SuiteResult:
    """The active model (settings' choice, trained on first use) and the baseline, on the held-out set."""
    start = time.perf_counter()
    s = spec(task)
    path = Path(data) if data else REPO_ROOT / s.eval_file
    examples = s.load_examples(path)
    model = get_model(task, ctx, settings, progress=progress)
    base = get_model(task, ctx, settings, choice="baseline")
    per_sample = task == "describe"  # every describe metric is a mean over samples: bootstrap those directly
    ours = score_model(task, model, path, examples=examples, with_ci=not per_sample)
    theirs = score_model(task, base, path, examples=examples, with_ci=not per_sample)
    rows = None
    if per_sample:
        rows, base_rows = _describe_rows(ours), _describe_rows(theirs)
        ours.ci, theirs.ci = bootstrap_means(rows), bootstrap_means(base_rows)
        # The offline stand-in for editing time: how much less editing the model's text needs than the baseline's.
        ours.metrics["edit_effort_reduction"], ours.ci["edit_effort_reduction"] = _reduction(
            [r["edit_effort"] for r in rows], [r["edit_effort"] for r in base_rows])
    result = SuiteResult(
        name=task, model=ours.model, metrics=numeric(ours.metrics), ci=ours.ci,
        datasets={str(path.relative_to(REPO_ROOT)) if path.is_relative_to(REPO_ROOT) else str(path):
                  dataset_hash(path)},
        samples=sample_outcomes(task, ours, rows), baseline=numeric(theirs.metrics), baseline_model=theirs.model,
        baseline_ci=theirs.ci, seconds=0.0,
        details={"model_kind": ours.kind, "baseline_kind": theirs.kind, "predict_seconds": ours.seconds,
                 "baseline_predict_seconds": theirs.seconds,
                 "model_full": _non_numeric(ours.metrics), "baseline_full": _non_numeric(theirs.metrics)},
    )
    if task == "extract":
        result.details["overall_confusion"] = _confusion([p.overall_sentiment for p in ours.predictions],
                                                         [g.overall_sentiment for g in ours.golds])
    result.details["gates"] = [g.as_dict() for g in gate_checks(result)]
    result.details["costs"] = _costs(task, examples, ours.seconds, settings)
    result.seconds = round(time.perf_counter() - start, 2)
    return result


def _reduction(ours: list[float], theirs: list[float], n_boot: int = N_BOOT, seed: int = 0) -> tuple[float, list]:
    """1 - mean(ours) / mean(theirs), with a paired bootstrap interval (the same samples for both)."""
    a, b = np.asarray(ours), np.asarray(theirs)
    idx = np.random.default_rng(seed).integers(0, len(a), (n_boot, len(a)))
    boots = 1 - a[idx].mean(axis=1) / np.maximum(b[idx].mean(axis=1), 1e-9)
    lo, hi = (100 - CI) / 2, 100 - (100 - CI) / 2
    return (round(float(1 - a.mean() / max(b.mean(), 1e-9)), 4),
            [round(float(np.percentile(boots, lo)), 4), round(float(np.percentile(boots, hi)), 4)])


def _confusion(pred: list[str], gold: list[str]) -> dict:
    from sklearn.metrics import confusion_matrix

    labels = sorted(set(gold) | set(pred))
    return {"labels": labels, "matrix": confusion_matrix(gold, pred, labels=labels).tolist()}


def _non_numeric(metrics: dict) -> dict:
    return {k: v for k, v in metrics.items() if isinstance(v, (dict, list))}


def _costs(task: str, examples: list, local_seconds: float, settings) -> list[dict]:
    from assistant.evaluation.costs import task_costs
    from assistant.models.openai_tasks import FEW_SHOT

    s = spec(task)
    train = settings.knowledge_dir / s.train_file
    shots = s.load_examples(train)[:FEW_SHOT] if train.exists() else []
    return [c.as_dict() for c in task_costs(s, [e.input for e in examples], [e.output for e in examples], shots,
                                            local_seconds)]


# ---------------------------------------------------------------------------------------------- the gate

@dataclass
class GateCheck:
    task: str
    metric: str
    rule: str  # "beats baseline by 0.15", "== 0.0", ">= 0.95"
    value: float
    target: float
    passed: bool

    def as_dict(self) -> dict:
        return self.__dict__.copy()

    def message(self) -> str:
        return (f"{self.task}.{self.metric} = {self.value:.4f} must be {self.rule} "
                f"(target {self.target:.4f})")


def gate_checks(result: SuiteResult) -> list[GateCheck]:
    """The model against its baseline by the task's margin, plus the absolute limits (max_*, min_*)."""
    rule = gate_margins().get(result.name)
    if not rule:
        return []
    metric, margin = str(rule["metric"]), float(rule["margin"])
    value, base = result.metrics.get(metric, float("nan")), result.baseline.get(metric, float("nan"))
    # margin 0 means strictly better; a positive margin means at least that much better
    passed = value > base if margin == 0 else value >= base + margin - 1e-9
    checks = [GateCheck(result.name, metric, f"above the baseline by {margin}" if margin else "above the baseline",
                        value, base + margin, passed)]
    for key, limit in rule.items():
        if key.startswith(("max_", "min_")):
            name = key[4:]
            v = result.metrics.get(name, float("nan"))
            ok = v <= limit + 1e-9 if key.startswith("max_") else v >= limit - 1e-9
            checks.append(GateCheck(result.name, name, f"{'<=' if key.startswith('max_') else '>='} {limit}",
                                    v, float(limit), ok))
    return checks
