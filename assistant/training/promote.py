"""The promotion gate: a candidate replaces the current model only when the numbers say it has earned it.

On every held-out set of the task the candidate serves, it must beat the zero-shot baseline by a margin
(the task's `GateRule`, declared in its spec) and must not regress: no watched metric may fall below the lower bound of the current model's
bootstrap 90% interval (above the upper bound for error rates). Each run writes a decision record, JSON and
Markdown, to the registry's history, promoted or not.
"""

from __future__ import annotations

import json
import logging
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from pydantic import BaseModel

from assistant.config import REPO_ROOT, Settings
from assistant.errors import ConfigError
from assistant.evaluation.scoring import score_model
from assistant.models.registry import FACTORIES, artifact_dir, get_model, spec
from assistant.tasks.base import TaskContext, TaskModel
from assistant.tasks.spec import EPS
from assistant.training import candidates, taskdata

log = logging.getLogger(__name__)

@dataclass
class HeldOut:
    name: str
    path: Path
    examples: list


class SetResult(BaseModel):
    """One held-out set's numbers, side by side."""

    name: str
    n: int
    candidate: dict[str, float]
    baseline: dict[str, float]
    current: dict[str, float] | None = None
    current_ci: dict[str, list[float]] | None = None


class GateDecision(BaseModel):
    """The gate's verdict on one candidate, with the numbers behind it (the record written to history)."""

    task: str
    candidate: str
    candidate_kind: str
    current: str | None
    promoted: bool
    reasons: list[str]
    sets: list[SetResult]
    at: str
    record: str = ""  # the JSON record's path


def default_heldout(task: str) -> list[HeldOut]:
    """The task's eval sets in evals/datasets (`<task>_heldout.jsonl`, ...)."""
    s = spec(task)
    paths = taskdata.heldout_files(task) or [REPO_ROOT / s.eval_file]
    return [HeldOut(p.name, p, s.load_examples(p)) for p in paths if p.exists()]


def resolve_candidate(task: str, ident: str, settings: Settings) -> tuple[str, str]:
    """(model choice for `get_model`, kind) of a candidate: an artifact folder or an OpenAI model id."""
    if ident.startswith("openai:"):
        return ident, "openai"
    if ident.startswith("ft:"):
        return f"openai:{ident}", "openai"
    if (task, ident) in FACTORIES:
        return ident, "registered"
    if Path(ident).is_dir():
        return str(Path(ident).resolve()), "local"
    known = candidates.find_candidate(settings, task, ident)
    if known:
        return resolve_candidate(task, known.id, settings)
    raise ConfigError(f"candidate '{ident}': not an artifact folder, an OpenAI model id (ft:...) or a "
                      f"recorded candidate of {task}")


def current_choice(task: str, settings: Settings) -> str | None:
    """What serves the task now: a promoted OpenAI model, or the local artifact; None before any training."""
    active = candidates.load_active(settings).get(task)
    if active:
        return active
    folder = artifact_dir(settings, task)
    return str(folder) if (folder / "manifest.json").exists() else None


def beats_baseline(task: str, cand: dict[str, float], base: dict[str, float]) -> list[str]:
    """Why the candidate does not beat the baseline on one set, or breaks a limit (empty when it passes)."""
    rule = spec(task).gate
    c, b = cand.get(rule.metric, 0.0), base.get(rule.metric, 0.0)
    problems = []
    if not rule.beats(c, b):
        problems.append(f"{rule.metric} {c:.4f} does not beat the baseline's {b:.4f} by {rule.margin:.2f}")
    for metric, op, value, limit in rule.limit_problems(cand):
        problems.append(f"{metric} {value:.4f} {'above' if op.startswith('<') else 'under'} {limit:.2f}")
    return problems


def regressions(task: str, cand: dict[str, float], ci: dict[str, list[float]]) -> list[str]:
    """Watched metrics outside the current model's 90% interval on the wrong side."""
    rule = spec(task).gate
    out = []
    for metric in rule.watched:
        if metric not in ci or metric not in cand:
            continue
        low, high = ci[metric]
        lower = metric in rule.lower_is_better
        if lower and cand[metric] > high + EPS:
            out.append(f"{metric} {cand[metric]:.4f} above the current model's 90% interval [{low:.4f}, {high:.4f}]")
        elif not lower and cand[metric] < low - EPS:
            out.append(f"{metric} {cand[metric]:.4f} below the current model's 90% interval [{low:.4f}, {high:.4f}]")
    return out


def decide(task: str, sets: list[SetResult]) -> tuple[bool, list[str]]:
    """Promote only if every set passes both tests; the reasons name each failure, or say why it passed."""
    problems = [f"{r.name}: {p}" for r in sets for p in beats_baseline(task, r.candidate, r.baseline)]
    problems += [f"{r.name}: {p}" for r in sets if r.current_ci for p in regressions(task, r.candidate, r.current_ci)]
    if not sets:
        return False, ["no held-out set to judge the candidate on"]
    if problems:
        return False, problems
    metric = spec(task).gate.metric
    reasons = [f"{r.name}: {metric} {r.candidate.get(metric, 0):.4f} vs baseline {r.baseline.get(metric, 0):.4f}"
               + (f", current {r.current.get(metric, 0):.4f}" if r.current else ", no current model")
               for r in sets]
    return True, reasons + ["beats the baseline by the margin and regresses no watched metric"]


def evaluate(task: str, cand_choice: str, cur_choice: str | None, heldout: list[HeldOut],
             load: Callable[[str], TaskModel]) -> list[SetResult]:
    """Candidate, baseline and current model on every held-out set; the current model with bootstrap intervals."""
    cand, base = load(cand_choice), load("baseline")
    cur = load(cur_choice) if cur_choice else None
    out = []
    for h in heldout:
        c = score_model(task, cand, h.path, h.examples, with_ci=False)
        b = score_model(task, base, h.path, h.examples, with_ci=False)
        k = score_model(task, cur, h.path, h.examples, with_ci=True) if cur else None
        out.append(SetResult(name=h.name, n=len(h.examples), candidate=c.numbers(), baseline=b.numbers(),
                             current=k.numbers() if k else None, current_ci=k.ci if k else None))
    return out


def promote(task: str, ident: str, ctx: TaskContext, settings: Settings, heldout: list[HeldOut] | None = None,
            load: Callable[[str], TaskModel] | None = None, apply: bool = True) -> GateDecision:
    """Judge the candidate, record the decision, and (if promoted and `apply`) make it the serving model."""
    spec(task)  # an unknown task fails here, naming the known ones
    cand_choice, kind = resolve_candidate(task, ident, settings)
    cur_choice = current_choice(task, settings)
    load = load or (lambda choice: get_model(task, ctx, settings, choice=choice))
    sets = evaluate(task, cand_choice, cur_choice, heldout if heldout is not None else default_heldout(task), load)
    promoted, reasons = decide(task, sets)
    decision = GateDecision(task=task, candidate=ident, candidate_kind=kind, current=cur_choice, promoted=promoted,
                        reasons=reasons, sets=sets, at=candidates.now())
    if promoted and apply:
        _apply(task, cand_choice, kind, settings)
    decision.record = str(write_record(decision, settings))
    log.info("%s candidate %s: %s", task, ident, "promoted" if promoted else "refused")
    return decision


def _apply(task: str, choice: str, kind: str, settings: Settings) -> None:
    """Local: copy the artifact to `current`, keeping the old one as `previous`. OpenAI: record it in active.json."""
    if kind == "openai":
        candidates.set_active(settings, task, choice)
        return
    if kind != "local":
        raise ConfigError(f"candidate '{choice}' is a registered model, not an artifact: it cannot be promoted")
    current = artifact_dir(settings, task)
    if Path(choice).resolve() == current.resolve():
        return
    tmp, previous = current.with_name("current.tmp"), current.with_name("previous")
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(choice, tmp)
    if current.exists():
        shutil.rmtree(previous, ignore_errors=True)
        current.rename(previous)
    tmp.rename(current)
    candidates.set_active(settings, task, None)  # a promoted local artifact serves: drop an OpenAI override


def write_record(decision: GateDecision, settings: Settings) -> Path:
    """history/<timestamp>-<task>.json and .md."""
    stamp = time.strftime("%Y%m%dT%H%M%S") + f"{int(time.time() * 1000) % 1000:03d}"  # ms: two runs a second apart
    folder = candidates.registry_dir(settings) / "history"
    taskdata.atomic_write(folder / f"{stamp}-{decision.task}.md", markdown(decision))
    taskdata.atomic_write(folder / f"{stamp}-{decision.task}.json", json.dumps(decision.model_dump(), indent=2) + "\n")
    return folder / f"{stamp}-{decision.task}.json"


def markdown(d: GateDecision) -> str:
    """The numbers side by side, the decision and the reasons."""
    lines = [f"# {d.task}: candidate {'PROMOTED' if d.promoted else 'REFUSED'}", "",
             f"- when: {d.at}", f"- candidate: `{d.candidate}` ({d.candidate_kind})",
             f"- current: `{d.current or 'none'}`", "", "## Reasons", ""] + [f"- {r}" for r in d.reasons]
    for r in d.sets:
        lines += ["", f"## {r.name} (n={r.n})", "",
                  "| metric | candidate | baseline | current | current 90% CI |", "| --- | ---: | ---: | ---: | --- |"]
        for m in sorted(r.candidate):
            if m == "n":
                continue
            cur = f"{r.current[m]:.4f}" if r.current and m in r.current else "-"
            ci = r.current_ci.get(m) if r.current_ci else None
            lines.append(f"| {m} | {r.candidate[m]:.4f} | {r.baseline.get(m, float('nan')):.4f} | {cur} | "
                         f"{f'[{ci[0]:.4f}, {ci[1]:.4f}]' if ci else '-'} |")
    return "\n".join(lines) + "\n"
