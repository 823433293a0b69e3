"""Chainlit's SQLAlchemy data layer, on SQLite by default, with the schema created by the project.

What it adds to Chainlit's own layer, each for a failure seen under load or from a hostile user (issue 14):
- SQLite statements run one at a time in the process, on WAL with a busy timeout: 50 conversations at once made
  Chainlit's connection pool collide ("database is locked"), and Chainlit only logs a failed write, so replies
  were lost and a thread could be created without its owner.
- A thread is always created with its owner (the signed-in user of the session that writes it).
- A deleted thread leaves a tombstone: its id is never given to anyone again, and its agent memory is dropped.
- Feedback names who sent it.
- Elements (charts, CSVs) are kept on local disk (`assistant.ui.storage`), so a reopened thread shows them.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
from pathlib import Path
from typing import Awaitable, Callable

from chainlit.data.sql_alchemy import SQLAlchemyDataLayer
from chainlit.types import Feedback
from sqlalchemy import event

from assistant.store.chat_history import conninfo, create_schema
from assistant.ui.storage import LocalStorageClient

LIST_COLUMNS = {"tags", "thread_tags", "step_tags"}
SQLITE_BUSY_SECONDS = 30  # a writer waits this long for another before SQLite says "locked"
# Who sends the feedback being written (set by the guarded /feedback route in assistant/ui/security.py).
feedback_sender: contextvars.ContextVar[str | None] = contextvars.ContextVar("feedback_sender", default=None)


class StoreDataLayer(SQLAlchemyDataLayer):
    """On SQLite, lists (thread and step `tags`) are stored as JSON strings and read back as lists: SQLite has no
    array type, and Chainlit's own layer passes Python lists, which the driver rejects (and Chainlit only logs)."""

    def __init__(self, url: str, forget: Callable[[str, str], Awaitable[None]] | None = None, **kwargs):
        self._sqlite = url.startswith("sqlite")
        if self._sqlite:
            kwargs.setdefault("connect_args", {"timeout": SQLITE_BUSY_SECONDS})
        super().__init__(conninfo=url, **kwargs)
        self._lock = asyncio.Lock() if self._sqlite else None
        self._forget = forget  # (owner, thread id) -> drop the agent's memory of a deleted thread
        self._live: set[str] = set()  # threads this process wrote and did not delete (checked once each)
        if self._sqlite:
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)

    async def execute_sql(self, query: str, parameters: dict):
        if not self._sqlite:
            return await super().execute_sql(query, parameters)
        parameters = {k: json.dumps(v) if isinstance(v, list) else v for k, v in parameters.items()}
        async with self._lock:  # SQLite has one writer: queue here rather than fail in the driver
            result = await super().execute_sql(query, parameters)
        if isinstance(result, list):
            for row in result:
                for key in LIST_COLUMNS & row.keys():
                    if isinstance(row[key], str) and row[key].startswith("["):
                        row[key] = json.loads(row[key])
        return result

    # ------------------------------------------------------------------------------------------ threads

    async def update_thread(self, thread_id: str, name=None, user_id=None, metadata=None, tags=None):
        nothing_to_change = name is None and user_id is None and metadata is None and tags is None
        if thread_id in self._live:
            if nothing_to_change:  # Chainlit calls this before every step: three queries saved per message
                return
        else:
            if await self.is_deleted(thread_id):
                raise PermissionError(f"thread {thread_id} was deleted")
            if user_id is None and not await self._exists(thread_id):
                user_id = _session_user_id()  # Chainlit writes a step before the thread's owner: never leave it empty
        await super().update_thread(thread_id, name=name, user_id=user_id, metadata=metadata, tags=tags)
        self._live.add(thread_id)

    async def delete_thread(self, thread_id: str):
        owner = await self.thread_owner(thread_id)
        await self.execute_sql('INSERT INTO deleted_threads ("id", "userIdentifier", "deletedAt") '
                               'VALUES (:id, :owner, :at) ON CONFLICT ("id") DO NOTHING',
                               {"id": thread_id, "owner": owner, "at": await self.get_current_timestamp()})
        self._live.discard(thread_id)
        await super().delete_thread(thread_id)
        if self._forget is not None and owner:
            await self._forget(owner, thread_id)

    async def is_deleted(self, thread_id: str) -> bool:
        rows = await self.execute_sql('SELECT 1 AS hit FROM deleted_threads WHERE "id" = :id', {"id": thread_id})
        return bool(rows)

    async def thread_owner(self, thread_id: str) -> str | None:
        rows = await self.execute_sql('SELECT "userIdentifier" FROM threads WHERE "id" = :id', {"id": thread_id})
        return rows[0]["userIdentifier"] if rows else None

    async def step_thread(self, step_id: str) -> tuple[str, str | None] | None:
        """(thread id, owner) of a message, or None when there is no such message."""
        rows = await self.execute_sql('SELECT s."threadId" AS tid, t."userIdentifier" AS owner FROM steps s '
                                      'LEFT JOIN threads t ON t."id" = s."threadId" WHERE s."id" = :id',
                                      {"id": step_id})
        return (str(rows[0]["tid"]), rows[0]["owner"]) if rows else None

    async def feedback_owner(self, feedback_id: str) -> str | None:
        rows = await self.execute_sql('SELECT t."userIdentifier" AS owner FROM feedbacks f JOIN threads t '
                                      'ON t."id" = f."threadId" WHERE f."id" = :id', {"id": feedback_id})
        return rows[0]["owner"] if rows else None

    async def _exists(self, thread_id: str) -> bool:
        return bool(await self.execute_sql('SELECT 1 AS hit FROM threads WHERE "id" = :id', {"id": thread_id}))

    # ------------------------------------------------------------------------------------------ feedback

    async def upsert_feedback(self, feedback: Feedback) -> str:
        feedback_id = await super().upsert_feedback(feedback)
        if (sender := feedback_sender.get()) is not None:
            await self.execute_sql('UPDATE feedbacks SET "userIdentifier" = :sender WHERE "id" = :id',
                                   {"sender": sender, "id": feedback_id})
        return feedback_id


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # WAL: readers never wait for the writer; busy_timeout: a second process (the CLI, `data harvest`) waits;
    # synchronous=NORMAL: in WAL a commit is safe from an app crash without an fsync each (a power cut may lose the
    # last commits, never corrupt the file); with an fsync per statement, 100 chats at once wrote 20 s behind.
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}")
    cursor.close()


def _session_user_id() -> str | None:
    # Chainlit's request context: only inside a running server (the data layer also runs in plain tests)
    from chainlit.context import context
    from chainlit.user import PersistedUser

    try:
        user = context.session.user
    except Exception:  # no Chainlit context (a script, a test): nothing to take the owner from
        return None
    return user.id if isinstance(user, PersistedUser) else None


def build_data_layer(data_dir: Path, database_url: str | None,
                     forget: Callable[[str, str], Awaitable[None]] | None = None) -> StoreDataLayer:
    """PostgreSQL when a URL is configured, else `data_dir/chainlit.sqlite`; the tables are created if missing."""
    url = conninfo(data_dir, database_url)
    create_schema(url)
    return StoreDataLayer(url, forget=forget, storage_provider=LocalStorageClient(Path(data_dir) / "files"))
