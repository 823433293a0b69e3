"""Chainlit's data layer schema (its standard tables and column names), created by the project.

Chainlit's `SQLAlchemyDataLayer` reads and writes these tables but never creates them, and only logs its SQL
errors, so a missing table would silently lose every conversation. `storefront data harvest` reads `feedbacks`
(forId = the step id, value 0/1, comment) joined with `steps` and `threads`, so the names are Chainlit's own.
Two additions of ours: `feedbacks.userIdentifier` (who sent it) and `deleted_threads` (ids never given out again)."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

# {json}/{array}/{uuid} differ between SQLite (text) and PostgreSQL (JSONB, TEXT[], UUID).
TABLES = """
CREATE TABLE IF NOT EXISTS users (
    "id" {uuid} PRIMARY KEY,
    "identifier" TEXT NOT NULL UNIQUE,
    "metadata" {json} NOT NULL,
    "createdAt" TEXT
);
CREATE TABLE IF NOT EXISTS threads (
    "id" {uuid} PRIMARY KEY,
    "createdAt" TEXT,
    "name" TEXT,
    "userId" {uuid},
    "userIdentifier" TEXT,
    "tags" {array},
    "metadata" {json},
    FOREIGN KEY ("userId") REFERENCES users("id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS steps (
    "id" {uuid} PRIMARY KEY,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "threadId" {uuid} NOT NULL,
    "parentId" {uuid},
    "streaming" BOOLEAN NOT NULL,
    "waitForAnswer" BOOLEAN,
    "isError" BOOLEAN,
    "metadata" {json},
    "tags" {array},
    "input" TEXT,
    "output" TEXT,
    "createdAt" TEXT,
    "command" TEXT,
    "modes" {json},
    "start" TEXT,
    "end" TEXT,
    "generation" {json},
    "showInput" TEXT,
    "language" TEXT,
    "indent" INT,
    "defaultOpen" BOOLEAN,
    "autoCollapse" BOOLEAN,
    "icon" TEXT,
    FOREIGN KEY ("threadId") REFERENCES threads("id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS elements (
    "id" {uuid} PRIMARY KEY,
    "threadId" {uuid},
    "type" TEXT,
    "url" TEXT,
    "chainlitKey" TEXT,
    "name" TEXT NOT NULL,
    "display" TEXT,
    "objectKey" TEXT,
    "size" TEXT,
    "page" INT,
    "language" TEXT,
    "forId" {uuid},
    "mime" TEXT,
    "props" {json},
    "autoPlay" BOOLEAN,
    "playerConfig" {json},
    FOREIGN KEY ("threadId") REFERENCES threads("id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS feedbacks (
    "id" {uuid} PRIMARY KEY,
    "forId" {uuid} NOT NULL,
    "threadId" {uuid} NOT NULL,
    "value" INT NOT NULL,
    "comment" TEXT,
    "userIdentifier" TEXT,
    FOREIGN KEY ("threadId") REFERENCES threads("id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS deleted_threads (
    "id" {uuid} PRIMARY KEY,
    "userIdentifier" TEXT,
    "deletedAt" TEXT
);
CREATE INDEX IF NOT EXISTS steps_thread ON steps ("threadId");
CREATE INDEX IF NOT EXISTS feedbacks_for ON feedbacks ("forId");
"""
SQLITE_TYPES = {"uuid": "TEXT", "json": "TEXT", "array": "TEXT"}
POSTGRES_TYPES = {"uuid": "UUID", "json": "JSONB", "array": "TEXT[]"}


def ddl(dialect: str) -> list[str]:
    types = POSTGRES_TYPES if dialect == "postgresql" else SQLITE_TYPES
    return [s.strip() for s in TABLES.format(**types).split(";") if s.strip()]


def sqlite_url(data_dir: Path) -> str:
    return f"sqlite+aiosqlite:///{Path(data_dir) / 'chainlit.sqlite'}"


def conninfo(data_dir: Path, database_url: str | None) -> str:
    """The SQLAlchemy async URL: PostgreSQL when one is configured, else `data_dir/chainlit.sqlite`."""
    if database_url:
        for prefix in ("postgresql://", "postgres://"):
            if database_url.startswith(prefix):
                return "postgresql+asyncpg://" + database_url[len(prefix):]
        return database_url
    return sqlite_url(data_dir)


def create_schema(url: str) -> None:
    """Create Chainlit's tables if missing (idempotent)."""
    if url.startswith("sqlite"):
        path = Path(url.split(":///", 1)[1])
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path)
        try:
            conn.executescript(";\n".join(ddl("sqlite")) + ";")
            if "userIdentifier" not in {r[1] for r in conn.execute("PRAGMA table_info(feedbacks)")}:
                conn.execute('ALTER TABLE feedbacks ADD COLUMN "userIdentifier" TEXT')  # a database from before
                conn.commit()
        finally:
            conn.close()
        return
    asyncio.run(_create_async(url))


async def _create_async(url: str) -> None:
    # SQLAlchemy only for a PostgreSQL database; SQLite needs nothing beyond the standard library
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            for statement in ddl("postgresql"):
                await conn.execute(text(statement))
            await conn.execute(text('ALTER TABLE feedbacks ADD COLUMN IF NOT EXISTS "userIdentifier" TEXT'))
    finally:
        await engine.dispose()
