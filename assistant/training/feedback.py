"""Shoppers' and merchants' feedback becomes training data only through a person: harvest, review, accept.

`harvest` reads the chat's feedback (Chainlit's SQLAlchemy data layer on SQLite: threads, steps, feedbacks,
users), opened read-only, and queues every thumbs-down, with its correction comment when there is one, the
step's input and output and the turns before it, in `data_dir/review_queue.jsonl`. `accept` moves one entry,
as a row in the task's training format, into `knowledge/training/accepted/<task>.jsonl`, which trainers and
exports read beside the main file (never into it). Nothing joins the training data without `accept`.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import tempfile
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from assistant.config import Settings
from assistant.errors import ConfigError, DataError, DataErrors
from assistant.models import artifacts
from assistant.tasks.specs import spec
from assistant.training import taskdata
from assistant.training.candidates import now

log = logging.getLogger(__name__)

CONTEXT_TURNS = 6  # the turns before the rated answer: enough to resolve "that one" and "cheaper", short to read
MESSAGE_TYPES = ("user_message", "assistant_message")
# The agent's routes and the task that learns from a correction on each.
ROUTE_TASK = {"classify": "classify", "describe": "describe", "search": "rewrite", "reviews": "extract",
              "insights": "extract"}


class ReviewEntry(BaseModel):
    """One piece of feedback waiting for a person."""

    id: str  # the feedback's id
    status: Literal["pending", "accepted", "rejected"] = "pending"
    kind: Literal["thumbs_down", "correction"]
    task: str | None = None
    thread_id: str | None = None
    step_id: str
    step_name: str | None = None
    input: str = ""
    output: str = ""
    comment: str | None = None
    sender: str | None = None  # who rated it (feedbacks.userIdentifier); None in a database from before the column
    thread_owner: str | None = None  # whose conversation it was: a rating by anyone else deserves a closer look
    context: list[dict[str, str]] = Field(default_factory=list)
    created: str | None = None
    harvested: str = Field(default_factory=now)
    decided: str | None = None
    row: dict | None = None  # the training row a person accepted


def queue_file(settings: Settings) -> Path:
    return settings.data_dir / "review_queue.jsonl"


def chat_db(settings: Settings) -> Path:
    return settings.data_dir / "chainlit.sqlite"


def read_queue(settings: Settings) -> list[ReviewEntry]:
    path = queue_file(settings)
    if not path.exists():
        return []
    return [ReviewEntry.model_validate_json(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def write_queue(settings: Settings, entries: list[ReviewEntry]) -> None:
    taskdata.atomic_write(queue_file(settings), "".join(e.model_dump_json() + "\n" for e in entries))


def _json(raw) -> dict:
    try:
        value = json.loads(raw) if isinstance(raw, str) and raw.strip() else raw
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}


def _task_of(*metadata: dict) -> str | None:
    for meta in metadata:
        for key in ("task", "route"):
            if meta.get(key) in ROUTE_TASK:
                return ROUTE_TASK[meta[key]]
    return None


def harvest(settings: Settings, db: Path | None = None) -> tuple[int, int]:
    """Queue new thumbs-down feedback; returns (newly queued, pending in the queue). Running twice adds nothing."""
    db = Path(db) if db else chat_db(settings)
    if not db.exists():
        raise ConfigError(f"{db}: no chat feedback database (the chat writes it once a user rates an answer)")
    queue = read_queue(settings)
    known = {e.id for e in queue}
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)  # read-only: harvesting never changes the chat's data
    con.row_factory = sqlite3.Row
    try:
        sender = 'f."userIdentifier"' if _has_sender(con) else "NULL"
        rows = con.execute(
            f'SELECT f."id" AS fid, f."value" AS value, f."comment" AS comment, {sender} AS sender, '
            's."id" AS sid, s."threadId" AS tid, s."name" AS name, s."input" AS input, s."output" AS output, '
            's."createdAt" AS created, s."metadata" AS smeta, t."metadata" AS tmeta, t."userIdentifier" AS owner '
            'FROM feedbacks f JOIN steps s ON s."id" = f."forId" LEFT JOIN threads t ON t."id" = s."threadId" '
            'WHERE f."value" = 0 ORDER BY s."createdAt"').fetchall()
        new = [_entry(con, r) for r in rows if str(r["fid"]) not in known]
    except sqlite3.Error as exc:
        raise ConfigError(f"{db}: not a Chainlit feedback database ({exc})") from exc
    finally:
        con.close()
    write_queue(settings, queue + new)
    log.info("harvested %d new feedback entries into %s", len(new), queue_file(settings))
    return len(new), sum(e.status == "pending" for e in queue + new)


def _has_sender(con: sqlite3.Connection) -> bool:
    """The chat records the sender in `feedbacks.userIdentifier`; databases written before that have no column."""
    return "userIdentifier" in {row[1] for row in con.execute("PRAGMA table_info(feedbacks)")}


def _entry(con: sqlite3.Connection, r: sqlite3.Row) -> ReviewEntry:
    turns = con.execute(
        'SELECT "type", "output" FROM steps WHERE "threadId" = ? AND "createdAt" < ? AND "type" IN (?, ?) '
        'ORDER BY "createdAt" DESC LIMIT ?', (r["tid"], r["created"], *MESSAGE_TYPES, CONTEXT_TURNS)).fetchall()
    context = [{"role": "user" if t["type"] == "user_message" else "assistant", "content": t["output"] or ""}
               for t in reversed(turns)]
    asked = r["input"] or next((c["content"] for c in reversed(context) if c["role"] == "user"), "")
    comment = (r["comment"] or "").strip() or None
    return ReviewEntry(id=str(r["fid"]), kind="correction" if comment else "thumbs_down",
                       task=_task_of(_json(r["smeta"]), _json(r["tmeta"])), thread_id=r["tid"], step_id=str(r["sid"]),
                       step_name=r["name"], input=asked, output=r["output"] or "", comment=comment, sender=r["sender"],
                       thread_owner=r["owner"], context=context, created=r["created"])


def validate_row(task: str, row: dict, where: str) -> None:
    """The row must load with the task's own loader; its errors read `queue#id: field: problem`."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "row.jsonl"
        path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
        try:
            spec(task).load_examples(path)
        except DataErrors as exc:
            raise DataErrors([DataError(where, None, e.field, e.problem) for e in exc.errors]) from exc


def accept(settings: Settings, entry_id: str, edit: dict | None = None,
           task: str | None = None) -> tuple[ReviewEntry, Path]:
    """Move one pending entry into the accepted rows of its task, as `edit` (or its comment, when that is a row)."""
    queue = read_queue(settings)
    entry = _pending(queue, entry_id)
    task = task or entry.task
    if task is None:
        raise ConfigError(f"entry {entry_id}: no task known; add --task classify|rewrite|describe|extract")
    row = edit if edit is not None else _json(entry.comment)
    if not row:
        raise ConfigError(f"entry {entry_id}: its comment is not a training row; give the corrected row with "
                          f"--edit '{{...}}' in the format of knowledge/{spec(task).train_file}")
    validate_row(task, row, f"{queue_file(settings)}#{entry_id}")
    target = artifacts.accepted_file(settings, task)
    existing = target.read_text(encoding="utf-8") if target.exists() else ""
    taskdata.atomic_write(target, existing + json.dumps(row, ensure_ascii=False) + "\n")
    entry.status, entry.task, entry.row, entry.decided = "accepted", task, row, now()
    write_queue(settings, queue)
    return entry, target


def reject(settings: Settings, entry_id: str) -> ReviewEntry:
    queue = read_queue(settings)
    entry = _pending(queue, entry_id)
    entry.status, entry.decided = "rejected", now()
    write_queue(settings, queue)
    return entry


def _pending(queue: list[ReviewEntry], entry_id: str) -> ReviewEntry:
    entry = next((e for e in queue if e.id == entry_id), None)
    if entry is None:
        raise ConfigError(f"no entry '{entry_id}' in the review queue (run `storefront data harvest`)")
    if entry.status != "pending":
        raise ConfigError(f"entry {entry_id} was already {entry.status} on {entry.decided}")
    return entry
