"""Approved product descriptions: the overrides on top of the catalog file, their history, and edit statistics."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from assistant.store import db


def word_edit_distance(proposal: str, approved: str) -> tuple[int, int, float]:
    """Word-level Levenshtein distance from the proposal to the approved text, and its share of the proposal's
    length (0.0 approved as written; 1.0 about as much editing as rewriting it)."""
    a, b = proposal.split(), approved.split()
    dist = Levenshtein.distance(a, b)
    return dist, len(a), round(dist / max(1, len(a)), 4)


@dataclass
class Approval:
    product_id: str | None
    previous: str | None
    edit_distance: int
    edit_share: float


class CatalogStore:
    """Reads and writes the description tables of `app.sqlite`; safe to share between threads."""

    def __init__(self, data_dir: Path):
        self.conn = db.connect(data_dir)
        self._lock = threading.Lock()

    def overrides(self) -> dict[str, str]:
        rows = self.conn.execute("SELECT product_id, description FROM description_overrides").fetchall()
        return {r["product_id"]: r["description"] for r in rows}

    def approve(self, product_id: str | None, text: str, previous: str | None, proposal: str, model: str,
                user: str, regenerations: int = 0) -> Approval:
        """Save the approved text (when it belongs to a catalog product), keep the text it replaces, and record
        how much the merchant edited the model's proposal."""
        dist, words, share = word_edit_distance(proposal, text)
        at = db.now()
        with self._lock, self.conn:
            if product_id:
                if previous is not None and previous != text:
                    self.conn.execute(
                        "INSERT INTO description_history (product_id, previous, replaced_by, changed_by, changed_at)"
                        " VALUES (?, ?, ?, ?, ?)", (product_id, previous, text, user, at))
                self.conn.execute(
                    "INSERT INTO description_overrides (product_id, description, approved_by, approved_at, model)"
                    " VALUES (?, ?, ?, ?, ?) ON CONFLICT(product_id) DO UPDATE SET description=excluded.description,"
                    " approved_by=excluded.approved_by, approved_at=excluded.approved_at, model=excluded.model",
                    (product_id, text, user, at, model))
            self.conn.execute(
                "INSERT INTO proposal_edits (product_id, model, proposal, approved, edit_distance, proposal_words,"
                " edit_share, regenerations, approved_by, approved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (product_id, model, proposal, text, dist, words, share, regenerations, user, at))
        return Approval(product_id, previous, dist, share)

    def history(self, product_id: str) -> list[dict]:
        """Earlier texts of a product's description, oldest first, with who replaced them and when."""
        rows = self.conn.execute("SELECT previous, replaced_by, changed_by, changed_at FROM description_history"
                                 " WHERE product_id = ? ORDER BY id", (product_id,)).fetchall()
        return [dict(r) for r in rows]

    def edit_stats(self) -> list[dict]:
        """Per model: approvals, mean and median edit share, and the share approved unedited."""
        rows = self.conn.execute("SELECT model, edit_share FROM proposal_edits ORDER BY model").fetchall()
        by_model: dict[str, list[float]] = {}
        for r in rows:
            by_model.setdefault(r["model"], []).append(r["edit_share"])
        out = []
        for model, shares in sorted(by_model.items()):
            ordered = sorted(shares)
            mid = len(ordered) // 2
            median = ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
            out.append({"model": model, "approved": len(shares), "mean_edit_share": round(sum(shares) / len(shares), 4),
                        "median_edit_share": round(median, 4),
                        "unedited": round(sum(1 for s in shares if s == 0) / len(shares), 4)})
        return out

    def close(self) -> None:
        self.conn.close()


def load_overrides(data_dir: Path | None) -> dict[str, str]:
    """The approved descriptions by product id; empty when nothing was ever approved (no file is created)."""
    if data_dir is None or not (Path(data_dir) / db.APP_DB).exists():
        return {}
    conn = sqlite3.connect(Path(data_dir) / db.APP_DB)
    try:
        return dict(conn.execute("SELECT product_id, description FROM description_overrides").fetchall())
    except sqlite3.OperationalError:  # an app.sqlite from before the table existed
        return {}
    finally:
        conn.close()
