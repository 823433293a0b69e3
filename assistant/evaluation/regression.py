"""Accepted scores and the regression check: a metric below its accepted lower bound fails, and says why.

`evals/baselines.json` holds, per suite and metric, {"value", "ci": [lo, hi], "dataset_hash", "direction"};
`evals/accepted_samples.json` holds each suite's per-sample outcomes at acceptance, so a failure can name the
samples whose result changed. Both are rewritten only on purpose, by `storefront eval --accept`.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from assistant.config import REPO_ROOT
from assistant.evaluation.harness import SuiteResult

BASELINES = REPO_ROOT / "evals" / "baselines.json"
ACCEPTED_SAMPLES = REPO_ROOT / "evals" / "accepted_samples.json"
EPS = 1e-9
MAX_LISTED = 10  # samples named in a failure message; the report lists them all


@dataclass
class Regression:
    suite: str
    metric: str
    old: float | None
    new: float
    bound: float | None
    changed: list[dict] = field(default_factory=list)
    reason: str = ""
    lower_is_better: bool = False

    def message(self) -> str:
        if self.reason:
            return f"{self.suite}.{self.metric}: {self.reason}"
        side = "upper" if self.lower_is_better else "lower"
        head = (f"{self.suite}.{self.metric} regressed: accepted {self.old:.4f} ({side} bound {self.bound:.4f}), "
                f"now {self.new:.4f}")
        if not self.changed:
            return head
        lines = [f"  {c['key']}: {c['old']} -> {c['new']}  | {c['text']}" for c in self.changed[:MAX_LISTED]]
        more = f"\n  ... and {len(self.changed) - MAX_LISTED} more" if len(self.changed) > MAX_LISTED else ""
        return f"{head}\nsamples whose result changed ({len(self.changed)}):\n" + "\n".join(lines) + more


def load(path: Path = BASELINES) -> dict:
    return json.loads(path.read_text()) if path.exists() else {}


def changed_samples(result: SuiteResult, accepted: dict[str, dict]) -> list[dict]:
    """Samples whose outcome differs from the accepted one, worst drop first (new samples are not listed)."""
    out = []
    for key, now in result.samples.items():
        was = accepted.get(key)
        if was is None or (was.get("outcome") == now.get("outcome") and abs(was["score"] - now["score"]) < EPS):
            continue
        out.append({"key": key, "drop": was["score"] - now["score"],
                    "old": f"{was['score']:.2f} ({was.get('outcome', '')})",
                    "new": f"{now['score']:.2f} ({now.get('outcome', '')})", "text": now.get("text", "")})
    return sorted(out, key=lambda c: -c["drop"])


def check(result: SuiteResult, baselines: dict | None = None, samples: dict | None = None) -> list[Regression]:
    """Every accepted metric of the suite whose new value falls outside its accepted bound."""
    baselines = load(BASELINES) if baselines is None else baselines
    samples = load(ACCEPTED_SAMPLES) if samples is None else samples
    accepted = baselines.get("suites", {}).get(result.name)
    if not accepted:
        return [Regression(result.name, "*", None, float("nan"), None,
                           reason="no accepted scores: run `storefront eval --accept` and commit evals/baselines.json")]
    out = []
    for metric, acc in accepted.items():
        new = result.metrics.get(metric)
        if new is None:
            why = result.skipped.get(metric, "no longer computed")
            out.append(Regression(result.name, metric, acc["value"], float("nan"), None, reason=f"missing: {why}"))
            continue
        stale = acc.get("dataset_hash") != _hash(result)
        if stale:
            out.append(Regression(result.name, metric, acc["value"], new, None, reason=(
                f"the eval data changed since the scores were accepted (hash {acc.get('dataset_hash')} -> "
                f"{_hash(result)}): review the new numbers and run `storefront eval --accept`")))
            continue
        lower = metric in result.lower_is_better
        bound = acc["ci"][1] if lower else acc["ci"][0]
        if (new > bound + EPS) if lower else (new < bound - EPS):
            out.append(Regression(result.name, metric, acc["value"], new, bound,
                                  changed_samples(result, samples.get(result.name, {})), lower_is_better=lower))
    return out


def _hash(result: SuiteResult) -> str:
    """One hash for a suite that reads several files (the agent: scenarios; realdata: several)."""
    if len(result.datasets) == 1:
        return next(iter(result.datasets.values()))
    return "+".join(f"{h}" for _, h in sorted(result.datasets.items()))


def entry(result: SuiteResult) -> dict:
    return {m: {"value": round(v, 4), "ci": [round(x, 4) for x in result.ci.get(m, [v, v])],
                "dataset_hash": _hash(result), "direction": "lower" if m in result.lower_is_better else "higher"}
            for m, v in sorted(result.gated_metrics().items())}


def accept(results: list[SuiteResult], path: Path = BASELINES, samples_path: Path = ACCEPTED_SAMPLES) -> list[str]:
    """Write the results as the accepted scores; return the diff lines (metric: old -> new)."""
    old = load(path)
    suites = dict(old.get("suites", {}))
    old_samples = load(samples_path)
    diff = []
    for r in results:
        new = entry(r)
        before = suites.get(r.name, {})
        for m in sorted(set(new) | set(before)):
            a, b = before.get(m, {}).get("value"), new.get(m, {}).get("value")
            if a != b:
                diff.append(f"{r.name}.{m}: {_fmt(a)} -> {_fmt(b)}"
                            + (f" ({b - a:+.4f})" if a is not None and b is not None else ""))
            elif before.get(m, {}).get("ci") != new.get(m, {}).get("ci"):
                diff.append(f"{r.name}.{m}: {_fmt(b)} (interval {before[m]['ci']} -> {new[m]['ci']})")
        changed = changed_samples(r, old_samples.get(r.name, {}))
        if changed:
            diff.append(f"{r.name}: {len(changed)} sample(s) changed outcome")
        suites[r.name] = new
        old_samples[r.name] = {k: {"score": v["score"], "outcome": v.get("outcome", "")}
                               for k, v in r.samples.items()}
    data = {"accepted_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
            "models": {**old.get("models", {}), **{r.name: r.model for r in results}},
            "note": "written by `storefront eval --accept`; a metric outside its interval fails `pytest evals/`",
            "suites": dict(sorted(suites.items()))}
    path.write_text(_dump_baselines(data))
    samples_path.write_text(_dump_samples(old_samples))
    return diff or ["no change"]


def _dump_baselines(data: dict) -> str:
    """One line per metric, so a diff of baselines.json reads like the diff `--accept` prints."""
    head = {k: v for k, v in data.items() if k != "suites"}
    lines = ["{", *(f' {json.dumps(k)}: {json.dumps(v)},' for k, v in head.items()), ' "suites": {']
    suites = list(data["suites"].items())
    for i, (name, metrics) in enumerate(suites):
        lines.append(f"  {json.dumps(name)}: {{")
        items = list(metrics.items())
        lines += [f"   {json.dumps(m)}: {json.dumps(e)}" + ("," if j < len(items) - 1 else "")
                  for j, (m, e) in enumerate(items)]
        lines.append("  }" + ("," if i < len(suites) - 1 else ""))
    return "\n".join([*lines, " }", "}"]) + "\n"


def _dump_samples(samples: dict) -> str:
    """One line per sample."""
    lines = ["{"]
    suites = sorted(samples.items())
    for i, (name, rows) in enumerate(suites):
        lines.append(f" {json.dumps(name)}: {{")
        items = sorted(rows.items())
        lines += [f"  {json.dumps(k)}: {json.dumps(v)}" + ("," if j < len(items) - 1 else "")
                  for j, (k, v) in enumerate(items)]
        lines.append(" }" + ("," if i < len(suites) - 1 else ""))
    return "\n".join([*lines, "}"]) + "\n"


def _fmt(v) -> str:
    return "(none)" if v is None else f"{v:.4f}"
