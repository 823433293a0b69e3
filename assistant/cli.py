"""The `storefront` command: thin wrappers that read settings once and call the core."""

from __future__ import annotations

import json
import logging
import sys
import uuid
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from assistant import cli_inputs as inputs
from assistant.errors import AssistantError

app = typer.Typer(help="Storefront Assistant: a store's chat assistant, offline by default.", no_args_is_help=True)
from assistant.cli_pipeline import data_app, finetune_app, settings_or_exit as _settings  # noqa: E402
app.add_typer(data_app, name="data"); app.add_typer(finetune_app, name="finetune")  # noqa: E702
# soft_wrap: rich wraps at 80 columns when output is a file or a pipe, splitting paths in errors (issue 14 item 13)
err = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)

KnowledgeOpt = typer.Option(None, "--knowledge", help="knowledge folder [env ASSISTANT_KNOWLEDGE_DIR]")
IndexOpt = typer.Option(None, "--index", help="index folder [env ASSISTANT_INDEX_DIR]")


@app.callback()
def main(verbose: bool = typer.Option(False, "--verbose", "-v", help="log what happens")) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


@app.command()
def ingest(knowledge: Optional[Path] = KnowledgeOpt, index: Optional[Path] = IndexOpt,
           quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress bar")) -> None:
    """Build or refresh the index from a knowledge folder; unchanged files cost nothing."""
    # Imported here: `storefront --help` answers without loading torch and chromadb.
    from assistant.knowledge import load_knowledge
    from assistant.retrieval.embeddings import get_embedder
    from assistant.retrieval.ingest import ingest as run_ingest
    from assistant.retrieval.store import Store, connect

    settings = _settings(knowledge_dir=knowledge, index_dir=index)
    try:
        # The folder is read and checked (within the limits) before the embedder loads: a bad row costs a second.
        k = load_knowledge(settings.knowledge_dir, with_reviews=True, limits=settings.limits)
        store = Store(connect(settings.index_dir, settings.chroma_url))
        report = run_ingest(settings.knowledge_dir, store, get_embedder(), progress=not quiet, knowledge=k)
    except AssistantError as exc:
        err.print(f"[red]ingest failed; the live index is unchanged.[/red]\n{exc}")
        raise typer.Exit(1) from exc
    table = Table("collection", "documents", "embedded", "reused", "status")
    for k in report.kinds:
        table.add_row(k.kind, str(k.documents), str(k.embedded), str(k.reused), "rebuilt" if k.changed else "unchanged")
    err.print(table)
    where = settings.chroma_url or settings.index_dir
    err.print(f"index: {where}")


@app.command()
def ask(question: Optional[str] = typer.Argument(None, help="the question"),
        as_json: bool = typer.Option(False, "--json", help="print the answer as JSON"),
        questions: Optional[Path] = typer.Option(None, "--questions", help="a file with one question per line"),
        role: Optional[str] = typer.Option(None, "--role", help="shopper or merchant [env ASSISTANT_ROLE]"),
        thread: str = typer.Option("cli", "--thread", help="conversation id; the same id continues a conversation"),
        knowledge: Optional[Path] = KnowledgeOpt, index: Optional[Path] = IndexOpt) -> None:
    """Answer questions through the same agent as the chat."""
    # Imported here: `storefront --help` answers without loading the agent, scikit-learn and chromadb.
    from assistant.agent.context import Services
    from assistant.agent.service import Assistant
    from assistant.models.registry import app_embedder

    if (question is None) == (questions is None):
        err.print("[red]error:[/red] give a question or --questions FILE (not both)")
        raise typer.Exit(2)
    settings = _settings(knowledge_dir=knowledge, index_dir=index, role=role)
    run = uuid.uuid4().hex[:8]  # a questions file never continues an earlier run's conversations
    try:
        # Checked whole before the agent loads; then read again line by line, so a long file is never held.
        if question is not None:
            inputs.message(question, settings)
        else:
            inputs.questions_file(questions, settings)
        lines = [question] if question is not None else inputs.questions(questions)
        bot = Assistant(settings, Services.build(settings, embedder=app_embedder(settings)))
        for i, q in enumerate(lines):
            # Each line of a questions file is its own conversation, so answers do not leak into each other.
            answer = bot.ask(q, thread_id=thread if questions is None else f"{thread}-{run}-{i}")
            if as_json:
                data = answer.model_dump(include={"answer", "citations", "products", "route", "filters"})
                if settings.role == "merchant":
                    data["tools"] = [t.model_dump() for t in answer.tools]
                sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
            else:
                out.print(answer.answer)
                for c in answer.citations:
                    out.print(f"  [dim][{c.id}] {c.section}[/dim]")
        bot.close()
    except AssistantError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc


TaskArg = typer.Argument(..., help="classify | rewrite | describe | extract | route")


@app.command()
def prepare(knowledge: Optional[Path] = KnowledgeOpt,
            quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress bars")) -> None:
    """Train every task model the app serves whose artifact is missing or stale (`make run` does this first)."""
    # Imported here, as in every command: `storefront --help` answers without loading torch and scikit-learn.
    from assistant.models.artifacts import artifact_dir
    from assistant.models.fastload import ensure_copies
    from assistant.tasks.base import build_context
    from assistant.tasks.specs import SPECS
    from assistant.training.local import prepare as run_prepare

    settings = _settings(knowledge_dir=knowledge)
    if not logging.getLogger().isEnabledFor(logging.INFO):
        logging.getLogger("assistant.tasks.rows").setLevel(logging.ERROR)  # rare labels: `storefront data check`
    try:
        done = run_prepare(build_context(settings), settings, progress=not quiet)
        ensure_copies([artifact_dir(settings, task) for task in SPECS])  # the models' quick-loading copies, now
    except AssistantError as exc:
        err.print(f"[red]prepare failed; the models that were current still are.[/red]\n{exc}")
        raise typer.Exit(1) from exc
    table = Table("task", "status", "why", "seconds")
    for p in done:
        table.add_row(p.task, "trained" if p.trained else "ready", p.reason, f"{p.seconds:.1f}" if p.trained else "")
    err.print(table)
    err.print(f"models: {settings.artifacts_dir}")


@app.command()
def train(task: str = TaskArg,
          data: Optional[Path] = typer.Option(None, "--data", help="a .csv or .jsonl file (default: the store's)"),
          text_field: Optional[str] = typer.Option(None, "--text-field", help="the input column"),
          label_field: Optional[str] = typer.Option(None, "--label-field", help="the label column"),
          out: Optional[Path] = typer.Option(None, "--out", help="artifact folder (default: the active model)"),
          knowledge: Optional[Path] = KnowledgeOpt) -> None:
    """Train a task's local model on CPU and save it with a manifest."""
    # Imported here: `storefront --help` answers without loading torch and scikit-learn.
    from assistant.tasks.base import build_context
    from assistant.training.local import train_task

    settings = _settings(knowledge_dir=knowledge)
    try:
        if data is not None:  # without --out, the file is split for the gate: it needs enough rows to split
            inputs.task_file(task, data, settings, text_field, label_field, eval_fraction=None if out else 0.2)
        manifest = train_task(task, build_context(settings), settings, data=data, out=out,
                              text_field=text_field, label_field=label_field)
    except AssistantError as exc:
        err.print(f"[red]training failed; nothing was replaced.[/red]\n{exc}")
        raise typer.Exit(1) from exc
    table = Table("task", "examples", "seconds", *manifest["metrics"].keys())
    table.add_row(task, str(manifest["examples"]), str(manifest["train_seconds"]),
                  *(f"{v:.4f}" if isinstance(v, float) else str(v) for v in manifest["metrics"].values()))
    err.print(table)
    gate = manifest.get("gate")
    if gate is None:
        err.print(f"saved: {out}")
    elif gate["promoted"]:
        err.print(f"promoted by the gate: now serving {settings.artifacts_dir / task / 'current'} "
                  f"(record: {gate['record']})")
    else:
        err.print(f"[yellow]the gate refused the candidate[/yellow] (kept in {gate['candidate']}); the current model "
                  f"is unchanged:\n  " + "\n  ".join(gate["reasons"]) + f"\n(record: {gate['record']})")
        raise typer.Exit(2)


@app.command()
def evaluate(task: str = TaskArg,
             data: Optional[Path] = typer.Option(None, "--data", help="labelled .csv or .jsonl (default: held-out set)"),
             text_field: Optional[str] = typer.Option(None, "--text-field"),
             label_field: Optional[str] = typer.Option(None, "--label-field", help="the output field scored"),
             model: Optional[Path] = typer.Option(None, "--model", help="an artifact folder instead of the active model"),
             as_json: bool = typer.Option(False, "--json"),
             knowledge: Optional[Path] = KnowledgeOpt) -> None:
    """Score the active model (or --model) and the zero-shot baseline on the same labelled file."""
    # Imported here: `storefront --help` answers without loading torch and scikit-learn.
    from assistant.config import REPO_ROOT
    from assistant.models.artifacts import heldout_file
    from assistant.tasks.base import build_context
    from assistant.training.evaluate import evaluate_file

    settings = _settings(knowledge_dir=knowledge)
    try:
        if data is not None:
            inputs.task_file(task, data, settings, text_field, label_field)
        data = data or heldout_file(settings, task, REPO_ROOT)
        result = evaluate_file(task, data, build_context(settings), settings, model_dir=model,
                               text_field=text_field, label_field=label_field)
    except AssistantError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        return
    _print_evaluation(result)


def _print_evaluation(result: dict) -> None:
    base = result["baseline"]
    table = Table(title=f"{result['task']} on {result['data']} (n={result.get('n', result['task_metrics'].get('n'))})")
    table.add_column("metric")
    table.add_column(f"model ({result['model']})", justify="right")
    table.add_column(f"baseline ({base['model']})", justify="right")
    table.add_column("delta", justify="right")
    rows = {k: (result[k], base[k]) for k in ("accuracy", "macro_f1") if k in result}
    for k, v in result["task_metrics"].items():
        if isinstance(v, (int, float)):
            rows[k] = (v, base["task_metrics"].get(k, float("nan")))
    for name, (ours, theirs) in rows.items():
        table.add_row(name, f"{ours:.4f}", f"{theirs:.4f}", f"{ours - theirs:+.4f}")
    out.print(table)
    if "per_class" not in result:  # free text (describe): no classes to count
        return
    per = Table("class", "precision", "recall", "f1", "support", title="per class (model)")
    for label, m in result["per_class"].items():
        per.add_row(label, f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}", str(m["support"]))
    out.print(per)


from assistant import cli_merchant  # noqa: E402  (merchant workspace commands)
app.command("stats")(cli_merchant.stats)
app.command("tickets")(cli_merchant.tickets)

from assistant.cli_eval import eval_command  # noqa: E402  (the eval suite outside pytest)
app.command(name="eval")(eval_command)

if __name__ == "__main__":
    app()
