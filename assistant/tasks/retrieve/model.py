"""The trained query adapter and answerability gate the policy search serves (`PolicyRetriever(adapter=...)`).

- `matrix`: a 384 x 384 map applied to every query vector of a policy search before its cosines (identity plus a
  learned residual): no extra encoding, one small matrix product per query text.
- `shift`: added to every section's adapted score, so the answer writer's floor (`answer_min_score`) passes the
  sections the gate lets through (adapted cosines sit lower than raw ones).
- `gate`: a logistic regression over the question's signals (`SIGNALS`), declining below `gate_at`.
- `sections`: a hash of the section ids it was trained on: it adapts only the collection it was trained for (the
  store's own policies; never the real terms pages or another store's).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import joblib
import numpy as np
from sklearn.pipeline import Pipeline

from assistant.errors import ModelError
from assistant.retrieval.clauses import letter_body
from assistant.retrieval.stopwords import GENERIC

SIGNALS = ("top", "second", "margin", "unknown_share", "unknown", "content")


def sections_key(ids: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()[:16]


def signals(retriever, query: str, hits: list, shift: float) -> np.ndarray:
    """The gate's signals (SIGNALS order): the best two adapted scores (unshifted), their margin, and the question's
    words no policy uses (share and count) beside its content words (four letters or more, not GENERIC)."""
    top = hits[0].score - shift if hits else 0.0
    second = hits[1].score - shift if len(hits) > 1 else 0.0
    # a letter's greeting and sign-off ask nothing, as the search reads it ("Dear Sir or Madam, ... Respectfully,
    # Geoffrey Lyle" counted 13 words no policy uses beside 30 content words: the gate read a long question)
    query = letter_body(query)
    fixed = retriever.correct(query).lower()
    content = [w for w in re.findall(r"[a-z]+", fixed) if len(w) >= 4 and w not in GENERIC]
    return np.array([top, second, top - second, retriever.unknown_share(query),
                     len(retriever.unknown_terms(query)), len(content)], dtype=np.float64)


class QueryAdapter:
    """What `PolicyRetriever` calls: `fits` (is this the collection it was trained on), `adapt` (query vectors),
    `shift` (for section scores) and `answers` (the gate)."""

    name = "query-adapter"

    def __init__(self, matrix: np.ndarray, shift: float, gate: Pipeline | None, gate_at: float, sections: str,
                 cv: dict | None = None):
        self.matrix = np.asarray(matrix, dtype=np.float32)
        self.shift, self.gate, self.gate_at = float(shift), gate, float(gate_at)
        self.sections, self.cv = sections, cv or {}
        self._fits: dict[str, bool] = {}  # collection name -> whether its sections are the trained ones

    def fits(self, name: str, ids: list[str]) -> bool:
        if (got := self._fits.get(name)) is None:
            got = self._fits[name] = sections_key(ids) == self.sections
        return got

    def adapt(self, vec: np.ndarray) -> np.ndarray:
        out = np.asarray(vec, dtype=np.float32) @ self.matrix
        return out / (np.linalg.norm(out) or 1.0)

    def answers(self, retriever, query: str, hits: list) -> bool:
        if not hits:
            return False
        if self.gate is None:
            return True
        row = signals(retriever, query, hits, self.shift)[None, :]
        return float(self.gate.predict_proba(row)[0, 1]) >= self.gate_at

    def save(self, folder: Path) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        np.save(folder / "matrix.npy", self.matrix)
        if self.gate is not None:
            joblib.dump(self.gate, folder / "gate.joblib")
        (folder / "meta.json").write_text(json.dumps(
            {"name": self.name, "signals": list(SIGNALS), "shift": self.shift, "gate": self.gate is not None,
             "gate_at": self.gate_at, "sections": self.sections, "cv": self.cv}, indent=2))

    @classmethod
    def load(cls, folder: Path) -> "QueryAdapter":
        folder = Path(folder)
        meta = json.loads((folder / "meta.json").read_text())
        if meta.get("signals") != list(SIGNALS):
            raise ModelError(f"the query adapter in {folder} was trained on other signals: run `storefront prepare`")
        gate = joblib.load(folder / "gate.joblib") if meta.get("gate") else None
        return cls(np.load(folder / "matrix.npy"), meta["shift"], gate, meta["gate_at"], meta["sections"],
                   meta.get("cv"))
