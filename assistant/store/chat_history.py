"""Chainlit's data layer schema (its standard tables and column names), created by the project.

Chainlit's `SQLAlchemyDataLayer` reads and writes these tables but never creates them, and only logs its SQL
errors, so a missing table would silently lose every conversation. `storefront data harvest` reads `feedbacks`
(forId = the step id, value 0/1, comment) joined with `steps` and `threads`, so the names are Chainlit's own.
Two additions of ours: `feedbacks.userIdentifier` (who sent it) and `deleted_threads` (ids never given out again)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from assistant.errors import ConfigError

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


def libpq_url(database_url: str) -> str:
    """The URL as psycopg reads it: a SQLAlchemy-style `postgresql+driver://` loses its driver."""
    scheme, sep, rest = database_url.partition("://")
    if not sep or scheme.split("+", 1)[0] not in ("postgresql", "postgres"):
        raise ConfigError(f"ASSISTANT_DATABASE_URL must be a PostgreSQL URL (postgresql://user:password@host:port/db), "
                          f"not {scheme or database_url!r}; leave it unset for SQLite in the data folder.")
    return "postgresql://" + rest


def conninfo(data_dir: Path, database_url: str | None) -> str:
    """The SQLAlchemy async URL: PostgreSQL (through psycopg 3, the driver the checkpointer uses too) when one is
    configured, else `data_dir/chainlit.sqlite`."""
    if database_url:
        return "postgresql+psycopg://" + libpq_url(database_url)[len("postgresql://"):]
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
    _create_postgres(libpq_url(url))


def _create_postgres(url: str) -> None:
    # Plain psycopg, not SQLAlchemy's async engine: Chainlit asks for its data layer inside its event loop, where
    # asyncio.run() cannot be called.
    import psycopg  # only for a PostgreSQL database

    with psycopg.connect(reachable(url), autocommit=True, connect_timeout=30) as conn, conn.transaction():
        for statement in ddl("postgresql"):
            conn.execute(statement)
        conn.execute('ALTER TABLE feedbacks ADD COLUMN IF NOT EXISTS "userIdentifier" TEXT')


def reachable(url: str) -> str:
    """`url` once one connection to it has opened; else a ConfigError saying why, at once (a pool would retry
    for its whole timeout, and the first chat would wait that long to fail)."""
    import psycopg  # only when PostgreSQL is configured

    try:
        psycopg.connect(url, connect_timeout=10).close()
    except psycopg.OperationalError as e:  # psycopg's message names host and port, never the password
        raise ConfigError(f"ASSISTANT_DATABASE_URL: cannot connect to PostgreSQL: {str(e).strip()}") from e
    return url
