"""`storefront data ...` and `storefront finetune ...`: thin commands over assistant.training."""

from __future__ import annotations

import json
import logging
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer
from rich.console import Console
from rich.table import Table

from assistant import cli_inputs as inputs, files
from assistant.config import Settings, load_settings
from assistant.errors import AssistantError

if TYPE_CHECKING:  # only for the annotation: the command imports the gate when it runs
    from assistant.training.promote import GateDecision

data_app = typer.Typer(help="Curate, split and check training data; review feedback.", no_args_is_help=True)
finetune_app = typer.Typer(help="Export, fine-tune on OpenAI, and promote models through the gate.",
                           no_args_is_help=True)
err = Console(stderr=True, soft_wrap=True)  # paths in errors stay whole in a log (see cli.py)
out = Console(soft_wrap=True)

TaskArg = typer.Argument(..., help="classify | rewrite | describe | extract | route")
DataOpt = typer.Option(None, "--data", help="a .csv or .jsonl file (default: the store's training file)")
TextOpt = typer.Option(None, "--text-field", help="the input column")
LabelOpt = typer.Option(None, "--label-field", help="the label column")
KnowledgeOpt = typer.Option(None, "--knowledge", help="knowledge folder [env ASSISTANT_KNOWLEDGE_DIR]")
JsonOpt = typer.Option(False, "--json", help="print JSON on stdout")


@data_app.callback()
@finetune_app.callback()
def _quiet_loaders() -> None:
    """The curation report lists rare classes once; the loaders' per-label warnings would repeat them for every
    file a command reads (a split reads three). `-v` still shows them."""
    rows_log = logging.getLogger("assistant.tasks.rows")
    if not logging.getLogger().isEnabledFor(logging.INFO):
        rows_log.setLevel(logging.ERROR)


def settings_or_exit(**overrides) -> Settings:
    """Settings for a command; a bad setting is one red line and exit status 2, not a traceback."""
    try:
        return load_settings(**overrides)
    except AssistantError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc


@contextmanager
def _errors(what: str = "error"):
    """A user-facing error ends the command with its message and status 1, never a traceback."""
    try:
        yield
    except AssistantError as exc:
        err.print(f"[red]{what}:[/red] {exc}")
        raise typer.Exit(1) from exc


def _ctx(settings: Settings):
    # Imported here: `storefront --help` answers without loading torch and scikit-learn.
    from assistant.tasks.base import build_context

    ctx = build_context(settings)
    ctx.extra["embedding_cache"] = settings.artifacts_dir / "cache" / "embeddings"
    return ctx


def _client(settings: Settings):
    # Imported here: `storefront --help` answers without loading torch and scikit-learn.
    from assistant.models.providers import openai_client

    return openai_client(settings)


# ------------------------------------------------------------------------------------------------ data

@data_app.command("check")
def check(task: str = TaskArg, data: Optional[Path] = DataOpt, text_field: Optional[str] = TextOpt,
          label_field: Optional[str] = LabelOpt, as_json: bool = JsonOpt,
          report: Optional[Path] = typer.Option(None, "--report", help="where the JSON report goes"),
          base: str = typer.Option("gpt-4o-mini-2024-07-18", "--base", help="OpenAI model priced for the cost"),
          epochs: int = typer.Option(2, "--epochs", help="epochs priced for the cost"),
          knowledge: Optional[Path] = KnowledgeOpt) -> None:
    """A curation report: format, duplicates, contradictions, balance, label errors, tokens and cost."""
    # Imported here: `storefront --help` answers without loading torch and scikit-learn.
    from assistant.models.artifacts import store_file
    from assistant.tasks.specs import spec
    from assistant.training.curate import curate
    from assistant.training.taskdata import atomic_write

    settings = settings_or_exit(knowledge_dir=knowledge)
    with _errors():
        spec(task)
        source = data or store_file(settings, task)
        files.check_file(source, settings.limits.max_file_bytes)  # before the embedder; rows go in the report
        result = curate(task, _ctx(settings), source, text_field, label_field, base=base, epochs=epochs)
    path = report or settings.artifacts_dir / "curation" / f"{task}-{Path(source).stem}.json"
    atomic_write(path, result.model_dump_json(indent=2) + "\n")
    if as_json:
        sys.stdout.write(json.dumps(result.summary(), ensure_ascii=False) + "\n")
    else:
        _print_curation(result)
        err.print(f"report: {path}")
    if result.errors:
        raise typer.Exit(1)


def _print_curation(r) -> None:
    table = Table(title=f"{r.task}: {r.source} (n={r.n})")
    table.add_column("check")
    table.add_column("rows", justify="right")
    table.add_column("finding")
    table.add_row("format (task schema + OpenAI chat)", str(len(r.errors)), "ok" if not r.errors else r.errors[0])
    for name, count, pairs in (("exact duplicates", r.exact_duplicates, r.exact_pairs),
                               (f"near-duplicates (cosine >= {r.threshold})", r.near_duplicates, r.near_pairs),
                               ("contradictions", r.contradictions, r.contradiction_pairs)):
        table.add_row(name, str(count), _pair_text(pairs[0]) if pairs else "none")
    table.add_row("suspected label errors", str(len(r.label_suspects)),
                  f"{r.label_suspects[0].text[:50]!r}: {r.label_suspects[0].label} -> {r.label_suspects[0].predicted}"
                  if r.label_suspects else "none")
    table.add_row("classes", str(len(r.class_counts)), ", ".join(f"{k} {v}" for k, v in list(r.class_counts.items())[:4]))
    cost = f"${r.cost['usd']:.2f}" if r.cost.get("usd") is not None else "n/a"
    table.add_row("tokens", f"{int(r.tokens.get('total', 0)):,}",
                  f"mean {r.tokens.get('mean', 0)}, max {int(r.tokens.get('max', 0))}; {r.cost.get('epochs')} epochs "
                  f"on {r.cost.get('base')}: {cost} (prices of {r.cost.get('prices_read_on')})")
    out.print(table)
    for e in r.errors[:20]:
        out.print(f"[red]error[/red] {e}")
    for w in r.warnings:
        out.print(f"[yellow]warning[/yellow] {w}")


def _pair_text(p) -> str:
    labels = f" [{p.a_label} / {p.b_label}]" if p.a_label is not None else ""
    return f"{p.a_text[:40]!r} ~ {p.b_text[:40]!r} ({p.cosine}){labels}"


@data_app.command("split")
def split(task: str = TaskArg, eval_fraction: float = typer.Option(0.2, "--eval-fraction"),
          seed: int = typer.Option(0, "--seed"), data: Optional[Path] = DataOpt,
          text_field: Optional[str] = TextOpt, label_field: Optional[str] = LabelOpt,
          to: Optional[Path] = typer.Option(None, "--out", help="split folder (default: knowledge/training/splits/"
                                            "TASK for the store's file, artifacts/splits/TASK-NAME for --data)"),
          naive: bool = typer.Option(False, "--naive", help="a plain random split, for showing what leakage catches"),
          knowledge: Optional[Path] = KnowledgeOpt) -> None:
    """Deterministic, stratified split; near-duplicate groups stay on one side."""
    # Imported here: `storefront --help` answers without loading torch and scikit-learn.
    from assistant.models.artifacts import split_dir, store_file
    from assistant.training.split import make_split, naive_split, output_folder

    settings = settings_or_exit(knowledge_dir=knowledge)
    with _errors():
        source = data or store_file(settings, task)
        folder = to or output_folder(settings, task, data)
        inputs.task_file(task, source, settings, text_field, label_field, eval_fraction)  # before the embedder
        result = (naive_split(task, source, folder, eval_fraction, seed, text_field, label_field) if naive else
                  make_split(task, _ctx(settings), source, folder, eval_fraction, seed,
                             text_field=text_field, label_field=label_field))
    table = Table("file", "rows", "sha256", title=f"{task} split of {result.info.source} (seed {seed})")
    table.add_row("train.jsonl", str(result.info.counts["train"]), result.info.sha256["train.jsonl"][:16])
    table.add_row("eval.jsonl", str(result.info.counts["eval"]), result.info.sha256["eval.jsonl"][:16])
    out.print(table)
    out.print(", ".join(f"{k}: {v}" for k, v in result.info.counts.items()) + f"; groups: {result.info.groups}")
    err.print(f"written: {folder}")
    if to is None and folder != split_dir(settings, task):
        err.print(f"the store's split ({split_dir(settings, task)}) is unchanged; check this one with "
                  f"`storefront data leakage {task} --split {folder}`, or choose the folder with --out")


@data_app.command("leakage")
def leakage(task: str = TaskArg, folder: Optional[Path] = typer.Option(None, "--split", help="a split folder"),
            as_json: bool = JsonOpt, knowledge: Optional[Path] = KnowledgeOpt) -> None:
    """Fail (status 1) if any train row duplicates or nearly duplicates an eval row; name every pair."""
    # Imported here: `storefront --help` answers without loading torch and scikit-learn.
    from assistant.training.leakage import check_task
    from assistant.training.split import load_split

    settings = settings_or_exit(knowledge_dir=knowledge)
    with _errors():
        if (made := load_split(settings, task, folder)) is not None:  # its files are read before the embedder
            for part in (made.train, made.eval):
                inputs.task_file(task, part, settings, made.info.text_field, made.info.label_field)
        report = check_task(task, _ctx(settings), settings, folder)
    if as_json:
        sys.stdout.write(json.dumps({"ok": report.ok, "train": report.train, "evals": report.evals,
                                     "leaks": [x.model_dump() for x in report.leaks]}, ensure_ascii=False) + "\n")
    elif report.ok:
        out.print(f"[green]no leakage[/green]: no row of {report.train} is equal to or within cosine "
                  f"{report.threshold} of a row of {', '.join(report.evals)}")
    else:
        table = Table("kind", "cosine", "train", "eval", "train text", "eval text",
                      title=f"[red]LEAKAGE: {len(report.leaks)} pair(s) cross from train to eval[/red]")
        for x in report.leaks[:50]:
            table.add_row(x.kind, f"{x.cosine:.3f}", x.train, x.eval, x.train_text[:40], x.eval_text[:40])
        out.print(table)
        if len(report.leaks) > 50:
            out.print(f"... and {len(report.leaks) - 50} more (--json lists all)")
    if not report.ok:
        raise typer.Exit(1)


@data_app.command("harvest")
def harvest(db: Optional[Path] = typer.Option(None, "--db",
                                             help="the chat's SQLite (default: data_dir/chainlit.sqlite)")) -> None:
    """Queue thumbs-down feedback and corrections for review; nothing joins the training data here."""
    # Imported here: `storefront --help` answers without loading torch and scikit-learn.
    from assistant.training import feedback

    settings = settings_or_exit()
    with _errors():
        new, pending = feedback.harvest(settings, db)
    out.print(f"{new} new entr{'y' if new == 1 else 'ies'}; {pending} pending review in {feedback.queue_file(settings)}")
    out.print("review each with `storefront data accept --id ID [--edit JSON] [--task TASK]` (or --reject)")


@data_app.command("accept")
def accept(entry: Optional[str] = typer.Option(None, "--id", help="the entry to accept (none: list pending)"),
           edit: Optional[str] = typer.Option(None, "--edit", help="the corrected training row, as JSON"),
           task: Optional[str] = typer.Option(None, "--task", help="the task the row trains"),
           reject: bool = typer.Option(False, "--reject", help="reject the entry instead"),
           knowledge: Optional[Path] = KnowledgeOpt) -> None:
    """Accept (or reject) one reviewed entry into knowledge/training/accepted/TASK.jsonl."""
    # Imported here: `storefront --help` answers without loading torch and scikit-learn.
    from assistant.training import feedback

    settings = settings_or_exit(knowledge_dir=knowledge)
    if entry is None:
        table = Table("id", "kind", "task", "sender", "input", "output", "comment", title="pending review")
        for e in feedback.read_queue(settings):
            if e.status == "pending":
                table.add_row(e.id, e.kind, e.task or "?", e.sender or "?", e.input[:40], e.output[:40],
                              (e.comment or "")[:40])
        out.print(table)
        return
    with _errors():
        if reject:
            feedback.reject(settings, entry)
            out.print(f"rejected {entry}")
            return
        try:
            row = json.loads(edit) if edit else None
        except json.JSONDecodeError as exc:
            raise AssistantError(f"--edit: not valid JSON ({exc.msg})") from exc
        accepted, path = feedback.accept(settings, entry, row, task)
    out.print(f"accepted {accepted.id} into {path}")


# ------------------------------------------------------------------------------------------------ finetune

@finetune_app.command("export")
def export_cmd(task: str = TaskArg, base: str = typer.Option("gpt-4o-mini-2024-07-18", "--base"),
               knowledge: Optional[Path] = KnowledgeOpt) -> None:
    """Write OpenAI chat JSONL (train, validation) from the task's split."""
    # Imported here: `storefront --help` answers without loading torch and scikit-learn.
    from assistant.training.export import export_task, training_cost

    settings = settings_or_exit(knowledge_dir=knowledge)
    with _errors():
        result = export_task(task, settings, model=base)
    table = Table("file", "rows", title=f"{task}: OpenAI chat fine-tuning files")
    table.add_row(str(result.train), f"{result.train_rows} ({result.accepted_rows} accepted from feedback)")
    table.add_row(str(result.validation), str(result.validation_rows))
    out.print(table)
    cost = training_cost(result.train_tokens, 2, base)
    out.print(f"{result.train_tokens:,} training tokens; 2 epochs on {base}: "
              f"{'$%.2f' % cost if cost is not None else 'price unknown'}")
    for p in result.problems[:20]:
        out.print(f"[red]error[/red] {p}")
    if result.problems:
        raise typer.Exit(1)


@finetune_app.command("submit")
def submit(task: str = TaskArg, base: str = typer.Option(..., "--base", help="e.g. gpt-4o-mini-2024-07-18"),
           epochs: int = typer.Option(2, "--epochs", help="1-3; more needs --force"),
           force: bool = typer.Option(False, "--force", help="allow more than 3 epochs, or a second job on the "
                                      "same data, base and epochs as a recorded job that has not failed"),
           suffix: Optional[str] = typer.Option(None, "--suffix", help="model name suffix (default: the task)")) -> None:
    """Upload the exported files and create the fine-tuning job; every step is recorded. A duplicate of a
    running or finished job (same training file, base and epochs) is refused unless --force."""
    # Imported here: `storefront --help` answers without loading torch and scikit-learn.
    from assistant.training import openai_jobs

    settings = settings_or_exit()
    with _errors("submit failed"):
        warnings = openai_jobs.check_epochs(epochs, force)
        for w in warnings:
            err.print(f"[yellow]warning:[/yellow] {w}")
        record = openai_jobs.submit(task, settings, _client(settings), base, epochs, force, suffix)
    out.print(f"job {record.job_id}: {record.status} (recorded in {openai_jobs.jobs_file(settings, task)})")


def _print_job(record) -> None:
    out.print(f"job {record.job_id} ({record.base}, {record.epochs} epochs): [bold]{record.status}[/bold]")
    for line in record.events[-10:]:
        out.print(f"  {line}")
    if record.fine_tuned_model:
        out.print(f"fine-tuned model: {record.fine_tuned_model} (recorded as a candidate; promote with "
                  f"`storefront finetune promote {record.task} --candidate {record.fine_tuned_model}`)")
    if record.error:
        out.print(f"[red]job error:[/red] {record.error}")


@finetune_app.command("status")
def status(task: str = TaskArg, job: Optional[str] = typer.Option(None, "--job", help="job id (default: latest)")) -> None:
    """The job's status and latest events."""
    # Imported here: `storefront --help` answers without loading torch and scikit-learn.
    from assistant.training import openai_jobs

    settings = settings_or_exit()
    with _errors():
        record = openai_jobs.refresh(task, settings, _client(settings), job)
    _print_job(record)
    if record.status in ("failed", "cancelled"):
        raise typer.Exit(1)


@finetune_app.command("wait")
def wait(task: str = TaskArg, job: Optional[str] = typer.Option(None, "--job"),
         timeout: float = typer.Option(4 * 3600, "--timeout", help="seconds")) -> None:
    """Poll with backoff until the job ends; a success is recorded as a candidate. Exit 1 if the job failed,
    3 if --timeout passed first (the job keeps running on OpenAI)."""
    # Imported here: `storefront --help` answers without loading torch and scikit-learn.
    from assistant.training import openai_jobs

    settings = settings_or_exit()
    seen: list[str] = []

    def show(record) -> None:
        for line in record.events:
            if line not in seen:
                seen.append(line)
                err.print(f"  {line}")

    with _errors():
        record = openai_jobs.wait(task, settings, _client(settings), job, timeout=timeout, on_update=show)
    _print_job(record)
    if record.status not in openai_jobs.TERMINAL:
        err.print(f"[yellow]timed out[/yellow] after {timeout:g} s waiting for job {record.job_id} (still "
                  f"{record.status}; it keeps running on OpenAI): keep waiting with "
                  f"`storefront finetune wait {task} --job {record.job_id}`")
        raise typer.Exit(3)
    if record.status != "succeeded":
        raise typer.Exit(1)


@finetune_app.command("promote")
def promote(task: str = TaskArg, candidate: str = typer.Option(..., "--candidate", help="artifact folder or OpenAI id"),
            dry_run: bool = typer.Option(False, "--dry-run", help="judge and record, but change nothing"),
            as_json: bool = JsonOpt, knowledge: Optional[Path] = KnowledgeOpt) -> None:
    """Evaluate candidate, baseline and current model; promote only if the gate passes."""
    # Imported here: `storefront --help` answers without loading torch and scikit-learn.
    from assistant.training.promote import promote as run_gate

    settings = settings_or_exit(knowledge_dir=knowledge)
    with _errors():
        decision = run_gate(task, candidate, _ctx(settings), settings, apply=not dry_run)
    if as_json:
        sys.stdout.write(decision.model_dump_json() + "\n")
    else:
        _print_decision(decision)
    if not decision.promoted:
        raise typer.Exit(1)


def _print_decision(d: "GateDecision") -> None:
    # Imported here: `storefront --help` answers without loading torch and scikit-learn.
    from assistant.tasks.specs import spec

    task, rule = d.task, spec(d.task).gate
    for r in d.sets:
        table = Table("metric", "candidate", "baseline", "current", "current 90% CI", title=f"{task} on {r.name} (n={r.n})")
        for m in dict.fromkeys([rule.metric, *rule.watched]):
            cur = f"{r.current[m]:.4f}" if r.current and m in r.current else "-"
            ci = r.current_ci.get(m) if r.current_ci else None
            table.add_row(m, f"{r.candidate.get(m, float('nan')):.4f}", f"{r.baseline.get(m, float('nan')):.4f}",
                          cur, f"[{ci[0]:.4f}, {ci[1]:.4f}]" if ci else "-")
        out.print(table)
    verdict = "[green]PROMOTED[/green]" if d.promoted else "[red]REFUSED[/red]"
    out.print(f"{verdict} {d.candidate}")
    for reason in d.reasons:
        out.print(f"  - {reason}")
    out.print(f"decision record: {d.record}")
