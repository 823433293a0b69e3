"""The app's own SQLite file (`data_dir/app.sqlite`): one connection helper, the schema created on first use."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

APP_DB = "app.sqlite"
CHAINLIT_DB = "chainlit.sqlite"

SCHEMA = """
CREATE TABLE IF NOT EXISTS description_overrides (
    product_id TEXT PRIMARY KEY,
    description TEXT NOT NULL,
    approved_by TEXT NOT NULL,
    approved_at TEXT NOT NULL,
    model TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS description_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    product_id TEXT NOT NULL,
    previous TEXT NOT NULL,
    replaced_by TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS proposal_edits (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    product_id TEXT,
    model TEXT NOT NULL,
    proposal TEXT NOT NULL,
    approved TEXT NOT NULL,
    edit_distance INTEGER NOT NULL,
    proposal_words INTEGER NOT NULL,
    edit_share REAL NOT NULL,
    regenerations INTEGER NOT NULL DEFAULT 0,
    approved_by TEXT NOT NULL,
    approved_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tickets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    status TEXT NOT NULL DEFAULT 'open',
    user TEXT NOT NULL,
    thread_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    transcript TEXT NOT NULL,
    created_at TEXT NOT NULL
);
"""


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def connect(data_dir: Path) -> sqlite3.Connection:
    """A connection to `data_dir/app.sqlite` with the schema in place; rows read as dicts by column name."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(data_dir / APP_DB, check_same_thread=False, timeout=10)
    conn.row_factory = sqlite3.Row
    conn.executescript(SCHEMA)
    return conn
