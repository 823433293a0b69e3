"""Support tickets: a hand-off to a person, with the conversation so far."""

from __future__ import annotations

import threading
from pathlib import Path

from assistant.store import db


class TicketStore:
    def __init__(self, data_dir: Path):
        self.conn = db.connect(data_dir)
        self._lock = threading.Lock()

    def open(self, user: str, thread_id: str, reason: str, transcript: str) -> int:
        with self._lock, self.conn:
            cur = self.conn.execute(
                "INSERT INTO tickets (user, thread_id, reason, transcript, created_at) VALUES (?, ?, ?, ?, ?)",
                (user, thread_id, reason, transcript, db.now()))
        return int(cur.lastrowid)

    def list(self, status: str = "open") -> list[dict]:
        rows = self.conn.execute("SELECT * FROM tickets WHERE status = ? ORDER BY id", (status,)).fetchall()
        return [dict(r) for r in rows]

    def get(self, ticket_id: int) -> dict | None:
        row = self.conn.execute("SELECT * FROM tickets WHERE id = ?", (ticket_id,)).fetchone()
        return dict(row) if row else None

    def close_ticket(self, ticket_id: int) -> bool:
        with self._lock, self.conn:
            cur = self.conn.execute("UPDATE tickets SET status = 'closed' WHERE id = ? AND status = 'open'",
                                    (ticket_id,))
        return cur.rowcount > 0

    def close(self) -> None:
        self.conn.close()
