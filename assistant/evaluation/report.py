"""The report people read: `reports/<timestamp>/` with JSON, a Markdown summary, PNG plots and the failures.

    report.json        every number, interval, dataset hash, gate, regression and cost
    summary.md         the same as tables: model vs baseline per task, grounding, agent, real data, costs
    failures.jsonl     one line per failed sample of every suite (what was asked, what went wrong)
    plots/*.png        confusion matrices, model vs baseline bars per task, retrieval precision and recall
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import asdict
from pathlib import Path

from assistant.config import REPO_ROOT
from assistant.models.openai_pricing import PRICES, PRICES_READ, PRICES_SOURCE
from assistant.evaluation.harness import SuiteResult

log = logging.getLogger(__name__)
REPORTS = REPO_ROOT / "reports"
TASK_ORDER = ("classify", "rewrite", "describe", "extract")


def new_report_dir(root: Path = REPORTS) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    out, n = root / stamp, 1
    while out.exists():
        n += 1
        out = root / f"{stamp}-{n}"
    out.mkdir(parents=True)
    return out


def write_report(results: list[SuiteResult], out: Path, regressions: list | None = None,
                 skipped: dict[str, str] | None = None, seconds: float | None = None) -> Path:
    """Write JSON, Markdown, failures and plots for `results` into `out`; return the Markdown path."""
    out.mkdir(parents=True, exist_ok=True)
    regressions = regressions or []
    data = {
        "written": time.strftime("%Y-%m-%dT%H:%M:%S"), "seconds": seconds,
        "datasets": {p: h for r in results for p, h in r.datasets.items()},
        "suites": {r.name: _suite_json(r) for r in results},
        "regressions": [r.message() for r in regressions],
        "skipped": skipped or {},
    }
    (out / "report.json").write_text(json.dumps(data, indent=1, default=str) + "\n")
    with (out / "failures.jsonl").open("w") as fh:
        for r in results:
            for f in r.failures():
                fh.write(json.dumps({"suite": r.name, **f}, default=str) + "\n")
    plots = _plots(results, out / "plots")
    md = out / "summary.md"
    md.write_text(summary_markdown(results, regressions, skipped or {}, plots, seconds))
    return md


def _suite_json(r: SuiteResult) -> dict:
    d = asdict(r)
    d.pop("samples")
    d["failures"] = len(r.failures())
    d["deltas"] = r.deltas()
    return d


# ---------------------------------------------------------------------------------------------- markdown

def _f(v) -> str:
    if v is None:
        return "—"
    if isinstance(v, float) and v.is_integer() and abs(v) >= 2:
        return str(int(v))
    if isinstance(v, float):
        return f"{v:.4f}" if abs(v) < 1000 else f"{v:,.0f}"
    return str(v)


def _ci(ci) -> str:
    return f"[{ci[0]:.3f}, {ci[1]:.3f}]" if ci else ""


def summary_markdown(results: list[SuiteResult], regressions: list, skipped: dict[str, str], plots: list[str],
                     seconds: float | None) -> str:
    by = {r.name: r for r in results}
    lines = ["# Eval summary", ""]
    status = "**FAIL**" if regressions or any(not g["passed"] for r in results for g in r.details.get("gates", [])) \
        else "**PASS**"
    lines += [f"Status: {status}" + (f" · {seconds:.0f} s" if seconds else ""), ""]
    tasks = [by[t] for t in TASK_ORDER if t in by]
    if tasks:
        lines += ["## Tasks: active model vs baseline (same held-out set)", ""]
        for r in tasks:
            lines += [f"### {r.name}: `{r.model}` vs `{r.baseline_model}` (n={_f(r.metrics.get('n'))})", "",
                      "| metric | model | 90% CI | baseline | delta |", "| --- | ---: | --- | ---: | ---: |"]
            for m, v in r.gated_metrics().items():
                arrow = " (lower is better)" if m in r.lower_is_better else ""
                lines.append(f"| {m}{arrow} | {_f(v)} | {_ci(r.ci.get(m))} | {_f(r.baseline.get(m))} | "
                             f"{_f(r.deltas().get(m))} |")
            gates = r.details.get("gates", [])
            if gates:
                lines += ["", "Gate: " + "; ".join(
                    f"{g['metric']} {g['rule']}: {'pass' if g['passed'] else '**FAIL**'}" for g in gates)]
            lines.append("")
        lines += _task_extras(by)
    if "grounding" in by:
        g = by["grounding"]
        lines += ["## Grounding", "", f"{g.details.get('n')} questions; retriever top-{4}, agent answers.", "",
                  "| metric | value | 90% CI |", "| --- | ---: | --- |"]
        lines += [f"| {m} | {_f(v)} | {_ci(g.ci.get(m))} |" for m, v in g.gated_metrics().items()]
        lines += ["", "| kind | n | id precision | id recall | non-LLM precision | non-LLM recall | citations ok | "
                  "refusals ok |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for kind, m in g.details.get("by_kind", {}).items():
            lines.append(f"| {kind} | {m['n']} | {_f(m['id_context_precision'])} | {_f(m['id_context_recall'])} | "
                         f"{_f(m['nonllm_context_precision'])} | {_f(m['nonllm_context_recall'])} | "
                         f"{_f(m['citation_correctness'])} | {_f(m['refusal_correctness'])} |")
        for m, why in g.skipped.items():
            lines.append(f"\n- {m}: skipped: {why}")
        lines.append("")
    if "agent" in by:
        a = by["agent"]
        lines += ["## Agent scenarios", "",
                  f"{a.details.get('scenarios')} scenarios, {a.details.get('turns')} turns "
                  f"({a.details.get('shopper_turns_aiming_at_merchant_tools')} shopper turns aimed at merchant tools).",
                  "", "| metric | value | 90% CI |", "| --- | ---: | --- |"]
        lines += [f"| {m} | {_f(v)} | {_ci(a.ci.get(m))} |" for m, v in a.gated_metrics().items()]
        lines.append("")
    real = [r for r in results if r.name.startswith("realdata")]
    if real:
        lines += ["## Real-world data", ""]
        for r in real:
            lines += [f"### {r.name}: `{r.model}`" + (f" vs `{r.baseline_model}`" if r.baseline_model else ""), "",
                      r.details.get("about", ""), "", "| metric | value | baseline |", "| --- | ---: | ---: |"]
            lines += [f"| {m} | {_f(v)} | {_f(r.baseline.get(m))} |" for m, v in r.gated_metrics().items()]
            lines.append("")
    lines += _costs_md(tasks)
    if regressions:
        lines += ["## Regressions against evals/baselines.json", "", "```"]
        lines += [r.message() for r in regressions]
        lines += ["```", ""]
    if skipped:
        lines += ["## Skipped", ""] + [f"- {k}: {v}" for k, v in skipped.items()] + [""]
    fails = {r.name: len(r.failures()) for r in results}
    lines += ["## Failures", "", "Per-sample failures are in `failures.jsonl`: "
              + ", ".join(f"{k} {v}" for k, v in fails.items()), ""]
    if plots:
        lines += ["## Plots", ""] + [f"![{Path(p).stem}](plots/{Path(p).name})" for p in plots] + [""]
    return "\n".join(lines)


def _task_extras(by: dict) -> list[str]:
    lines = []
    if "classify" in by:
        per = by["classify"].details.get("model_full", {}).get("per_class", {})
        worst = sorted(per.items(), key=lambda kv: kv[1]["f1"])[:8]
        if worst:
            lines += ["Classify: the weakest classes (model)", "", "| class | precision | recall | F1 | support |",
                      "| --- | ---: | ---: | ---: | ---: |"]
            lines += [f"| {c} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['support']} |"
                      for c, m in worst]
            lines.append("")
    if "describe" in by and "edit_effort_reduction" in by["describe"].metrics:
        d = by["describe"]
        red, ci = d.metrics["edit_effort_reduction"], d.ci.get("edit_effort_reduction")
        lines += [f"Describe: editing effort (word edits to reach the reference, per reference word) is "
                  f"{d.metrics['edit_effort']:.3f} for the model and {d.baseline.get('edit_effort', float('nan')):.3f} "
                  f"for the baseline: {red:+.1%} less editing {_ci(ci)}; fine-tuning is meant to cut editing time "
                  f"by 30-50%.", ""]
    if "rewrite" in by:
        per = by["rewrite"].details.get("model_full", {}).get("per_field", {})
        if per:
            lines += ["Rewrite: per field (model)", "", "| field | precision | recall | F1 | support |",
                      "| --- | ---: | ---: | ---: | ---: |"]
            lines += [f"| {k} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['support']} |"
                      for k, m in per.items()]
            lines.append("")
    return lines


def _costs_md(tasks: list[SuiteResult]) -> list[str]:
    rows = [c for r in tasks for c in r.details.get("costs", [])]
    if not rows:
        return []
    lines = ["## Cost of running this eval once", "",
             f"Tokens: the exact messages the OpenAI task models would send (o200k_base); prices per 1M tokens, "
             f"input/output, read {PRICES_READ} from {PRICES_SOURCE}: "
             + ", ".join(f"{m} ${p.input}/${p.output}" for m, p in PRICES.items()),
             "", "| task | n | option | input tokens | output tokens | USD |", "| --- | ---: | --- | ---: | ---: | ---: |"]
    lines += [f"| {c['task']} | {c['n']} | {c['option']} | {c['input_tokens']:,} | {c['output_tokens']:,} | "
              + (f"{c['usd']:.4f} |" if c["usd"] is not None else "- |") for c in rows]
    totals: dict[str, float] = {}
    for c in rows:
        key = "local" if c["option"].startswith("local") else c["option"]
        totals[key] = totals.get(key, 0.0) + (c["usd"] or 0.0)
    lines += ["", "Totals: " + "; ".join(f"{k}: ${v:.4f}" for k, v in totals.items()), ""]
    return lines


# ---------------------------------------------------------------------------------------------- plots

def _plots(results: list[SuiteResult], folder: Path) -> list[str]:
    """PNG plots; a plotting failure is logged and leaves the rest of the report intact."""
    # matplotlib is imported only when plots are drawn, after the Agg backend is chosen.
    import matplotlib

    matplotlib.use("Agg")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    by = {r.name: r for r in results}
    jobs = []
    if "classify" in by:
        conf = by["classify"].details.get("model_full", {}).get("confusion")
        if conf:
            jobs.append(("confusion_classify.png", lambda p, c=conf: _confusion(c["labels"], c["matrix"],
                                                                                "classify: model", p)))
        bconf = by["classify"].details.get("baseline_full", {}).get("confusion")
        if bconf:
            jobs.append(("confusion_classify_baseline.png", lambda p, c=bconf: _confusion(
                c["labels"], c["matrix"], "classify: baseline", p)))
    if "extract" in by and by["extract"].details.get("overall_confusion"):
        c = by["extract"].details["overall_confusion"]
        jobs.append(("confusion_extract_sentiment.png",
                     lambda p, c=c: _confusion(c["labels"], c["matrix"], "extract: overall sentiment (model)", p)))
    if "agent" in by and by["agent"].details.get("routes"):
        jobs.append(("confusion_agent_routes.png", lambda p: _route_confusion(by["agent"].details["routes"], p)))
    for t in TASK_ORDER:
        if t in by:
            jobs.append((f"bars_{t}.png", lambda p, r=by[t]: _bars(r, p)))
    if "grounding" in by:
        jobs.append(("retrieval.png", lambda p: _retrieval(by["grounding"], p)))
    for name, fn in jobs:
        try:
            fn(folder / name)
            written.append(str(folder / name))
        except (ValueError, KeyError, TypeError) as exc:
            log.warning("plot %s failed: %s", name, exc)
    return written


def _confusion(labels: list, matrix: list, title: str, path: Path) -> None:
    # matplotlib is imported only when plots are drawn, after the Agg backend is chosen.
    import matplotlib.pyplot as plt
    import numpy as np

    m = np.asarray(matrix)
    size = max(5.0, 0.22 * len(labels) + 2)
    fig, ax = plt.subplots(figsize=(size, size))
    ax.imshow(m, cmap="Blues")
    ax.set_xticks(range(len(labels)), [str(x) for x in labels], rotation=90, fontsize=max(4, 9 - len(labels) // 12))
    ax.set_yticks(range(len(labels)), [str(x) for x in labels], fontsize=max(4, 9 - len(labels) // 12))
    ax.set_xlabel("predicted")
    ax.set_ylabel("expected")
    if len(labels) <= 15:
        for i in range(len(labels)):
            for j in range(len(labels)):
                if m[i, j]:
                    ax.text(j, i, str(m[i, j]), ha="center", va="center", fontsize=7,
                            color="white" if m[i, j] > m.max() / 2 else "black")
    ax.set_title(f"{title} (accuracy {np.trace(m) / max(1, m.sum()):.3f})")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _route_confusion(pairs: list, path: Path) -> None:
    labels = sorted({a for a, _ in pairs} | {b for _, b in pairs})
    idx = {lab: i for i, lab in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for want, got in pairs:
        matrix[idx[want]][idx[got]] += 1
    _confusion(labels, matrix, "agent routes", path)


def _bars(r: SuiteResult, path: Path) -> None:
    # matplotlib is imported only when plots are drawn, after the Agg backend is chosen.
    import matplotlib.pyplot as plt
    import numpy as np

    names = [m for m in r.gated_metrics() if m in r.baseline and abs(r.metrics[m]) <= 1.5]
    x = np.arange(len(names))
    fig, ax = plt.subplots(figsize=(max(5.0, 1.1 * len(names) + 2), 4))
    ours = [r.metrics[m] for m in names]
    theirs = [r.baseline[m] for m in names]

    def err(ci, vals):
        return np.array([[max(0.0, v - ci.get(m, [v, v])[0]) for m, v in zip(names, vals)],
                         [max(0.0, ci.get(m, [v, v])[1] - v) for m, v in zip(names, vals)]])

    ax.bar(x - 0.2, theirs, 0.4, yerr=err(r.baseline_ci, theirs), label=f"baseline ({r.baseline_model})",
           color="#bbbbbb", capsize=2)
    ax.bar(x + 0.2, ours, 0.4, yerr=err(r.ci, ours), label=f"model ({r.model})", color="#2b6cb0", capsize=2)
    ax.set_xticks(x, [m + (" ↓" if m in r.lower_is_better else "") for m in names], rotation=30, ha="right")
    ax.set_ylim(0, max(1.05, max(ours + theirs, default=1) * 1.1))
    ax.set_title(f"{r.name}: model vs baseline (90% CI)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _retrieval(g: SuiteResult, path: Path) -> None:
    # matplotlib is imported only when plots are drawn, after the Agg backend is chosen.
    import matplotlib.pyplot as plt
    import numpy as np

    kinds = [k for k in g.details.get("by_kind", {}) if k != "unanswerable"]
    metrics = ["id_context_precision", "id_context_recall", "nonllm_context_precision", "nonllm_context_recall",
               "citation_correctness"]
    x = np.arange(len(kinds) + 1)
    fig, ax = plt.subplots(figsize=(10, 4))
    for i, m in enumerate(metrics):
        vals = [g.details["by_kind"][k][m] or 0.0 for k in kinds] + [g.metrics.get(m, 0.0)]
        ax.bar(x + (i - 2) * 0.16, vals, 0.16, label=m)
    ax.set_xticks(x, kinds + ["all answerable"])
    ax.set_ylim(0, 1.05)
    ref = g.metrics.get("refusal_correctness")
    ax.set_title("retrieval precision and recall by question kind"
                 + (f" (refusals on unanswerable: {ref:.2f})" if ref is not None else ""))
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
