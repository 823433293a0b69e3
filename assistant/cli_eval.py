"""`storefront eval`: the eval suite outside pytest; prints the summary, writes reports/<timestamp>/.

`--accept` makes this run's numbers the accepted ones (evals/baselines.json) and prints what changed.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from assistant.errors import AssistantError

err = Console(stderr=True)
out = Console()
if not out.is_terminal:
    out = Console(width=150)  # piped or logged: rich would cut the table to 80 columns


def eval_command(
    accept: bool = typer.Option(False, "--accept", help="make these scores the accepted ones and show the diff"),
    task: Optional[list[str]] = typer.Option(
        None, "--task", help="only these parts (repeatable): classify, rewrite, describe, extract, grounding, agent, "
                             "realdata; with --accept, only these parts' accepted scores change"),
    as_json: bool = typer.Option(False, "--json", help="print the report as JSON"),
    knowledge: Optional[Path] = typer.Option(None, "--knowledge",
                                             help="knowledge folder [env ASSISTANT_KNOWLEDGE_DIR]"),
    index: Optional[Path] = typer.Option(None, "--index", help="index folder [env ASSISTANT_INDEX_DIR]"),
) -> None:
    """Score every task against its baseline, grounding and the agent scenarios; check the accepted scores."""
    # Imported here: `storefront --help` answers without loading the eval's libraries.
    from assistant.config import load_settings
    from assistant.evaluation import regression, report, suite

    parts = tuple(task) if task else suite.PARTS
    unknown = [p for p in parts if p not in suite.PARTS]
    if unknown:
        err.print(f"[red]error:[/red] unknown part(s) {unknown}: choose from {', '.join(suite.PARTS)}")
        raise typer.Exit(2)
    if not logging.getLogger().isEnabledFor(logging.INFO):
        logging.getLogger("assistant.tasks.rows").setLevel(logging.ERROR)  # rare-label notes on eval sets
    try:
        settings = load_settings(knowledge_dir=knowledge, index_dir=index)
        run = suite.run(settings, parts)
    except AssistantError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    scored = [r for r in run.results if not r.name.startswith("realdata")]
    regressions = [] if accept else [x for r in scored for x in regression.check(r)]
    folder = report.new_report_dir()
    report.write_report(run.results, folder, regressions, run.skipped, run.seconds)
    gates = [g for r in run.results for g in r.details.get("gates", []) if not g["passed"]]
    if as_json:
        sys.stdout.write((folder / "report.json").read_text())
    else:
        _print_summary(run, regressions, gates, accept)
    err.print(f"report: {folder}")
    if accept:
        for line in regression.accept(scored):
            out.print(line)
        err.print(f"accepted scores written to {regression.BASELINES.relative_to(regression.REPO_ROOT)}")
        return
    if regressions or gates:
        raise typer.Exit(1)


def _print_summary(run, regressions: list, gates: list, accepting: bool = False) -> None:
    table = Table(title=f"eval ({run.seconds:.0f} s)")
    for col in ("suite", "metric", "value", "90% CI", "baseline", "delta"):
        table.add_column(col, justify="right" if col not in ("suite", "metric") else "left")
    for r in run.results:
        deltas = r.deltas()
        for m, v in r.gated_metrics().items():
            ci = r.ci.get(m)
            table.add_row(r.name, m, f"{v:.4f}", f"[{ci[0]:.3f}, {ci[1]:.3f}]" if ci else "",
                          f"{r.baseline[m]:.4f}" if m in r.baseline else "",
                          f"{deltas[m]:+.4f}" if m in deltas else "")
    out.print(table)
    for g in gates:
        out.print(f"[red]gate failed:[/red] {g['task']}.{g['metric']} = {g['value']:.4f}, must be {g['rule']} "
                  f"(target {g['target']:.4f})")
    for x in regressions:
        out.print(f"[red]regression:[/red] {x.message()}")
    for k, why in run.skipped.items():
        out.print(f"[yellow]skipped[/yellow] {k}: {why}")
    if accepting:
        out.print("accepting: these scores replace the accepted ones (not compared with them)")
    elif not regressions and not gates:
        out.print("[green]all parts at or above their accepted scores; every gate passed[/green]")
