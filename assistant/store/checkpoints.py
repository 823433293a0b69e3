"""The agent's checkpointer: SQLite in `data_dir` by default, PostgreSQL when `ASSISTANT_DATABASE_URL` is set.

One saver is opened per process and kept (the app for its life, the CLI for a command): a connection per turn made
100 conversations at once meet "database is locked" (issue 14 item 1). On SQLite that is one connection whose
writes the saver queues on its own lock (WAL: readers never wait); on PostgreSQL a pool of connections, so turns
of different conversations write at the same time.
"""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import asynccontextmanager, contextmanager
from typing import TYPE_CHECKING, AsyncIterator, Iterator

import aiosqlite
from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

from assistant.config import Settings
from assistant.store.chat_history import libpq_url, reachable

if TYPE_CHECKING:
    from langgraph.checkpoint.base import BaseCheckpointSaver
    from langgraph.checkpoint.serde.base import SerializerProtocol

# WAL with NORMAL sync: a commit no longer waits for the disk (fsync happens at WAL checkpoints), and the file
# stays consistent; a power cut (not a crash of the app) may lose the last turns. The saver's one write per turn
# cost 2.2-5.3 ms with the default FULL and 1.8 ms with NORMAL (a small-talk turn, 2 busy cores, 2026-12-04).
WAL_PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL")
BUSY_MS = 30_000  # the CLI may write the same SQLite file as the app: wait for it rather than fail
# What langgraph-checkpoint-postgres requires of every connection: autocommit (its migrations create indexes
# concurrently), dict rows, and no server-side prepared statements (safe behind a pooler such as PgBouncer).
PG_KWARGS = {"autocommit": True, "prepare_threshold": 0}


@asynccontextmanager
async def open_async_saver(settings: Settings, serde: "SerializerProtocol") -> AsyncIterator["BaseCheckpointSaver"]:
    """The async saver (for Chainlit's event loop), its tables created if missing; closed on exit."""
    if settings.database_url:
        # psycopg and the Postgres saver only when PostgreSQL is configured
        from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
        from psycopg.rows import dict_row
        from psycopg_pool import AsyncConnectionPool

        url = libpq_url(settings.database_url)
        await asyncio.to_thread(reachable, url)
        pool = AsyncConnectionPool(url, min_size=1, max_size=settings.database_pool_size,
                                   kwargs={**PG_KWARGS, "row_factory": dict_row}, open=False)
        await pool.open(wait=True, timeout=30)
        try:
            saver = AsyncPostgresSaver(pool, serde=serde)
            await saver.setup()
            yield saver
        finally:
            await pool.close()
        return
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    async with aiosqlite.connect(str(settings.checkpoint_db)) as conn:
        await conn.execute(f"PRAGMA busy_timeout={BUSY_MS}")
        for pragma in WAL_PRAGMAS:
            await conn.execute(pragma)
        saver = AsyncSqliteSaver(conn, serde=serde)
        await saver.setup()  # WAL: readers never wait for the writer
        yield saver


@contextmanager
def open_saver(settings: Settings, serde: "SerializerProtocol") -> Iterator["BaseCheckpointSaver"]:
    """The sync saver (for the CLI and scripts), on the same database as the app's."""
    if settings.database_url:
        # psycopg and the Postgres saver only when PostgreSQL is configured
        from langgraph.checkpoint.postgres import PostgresSaver
        from psycopg.rows import dict_row
        from psycopg_pool import ConnectionPool

        url = reachable(libpq_url(settings.database_url))
        with ConnectionPool(url, min_size=1, max_size=2, open=True, timeout=30,
                            kwargs={**PG_KWARGS, "row_factory": dict_row}) as pool:
            saver = PostgresSaver(pool, serde=serde)
            saver.setup()
            yield saver
        return
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(settings.checkpoint_db, check_same_thread=False, timeout=BUSY_MS / 1000)
    for pragma in WAL_PRAGMAS:
        conn.execute(pragma)
    try:
        yield SqliteSaver(conn, serde=serde)
    finally:
        conn.close()

