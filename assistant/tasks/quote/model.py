"""The trained unit selector: P(this unit answers this question) from the unit's signals (`features.py`).

A logistic regression on standardised signals: about 40 numbers per unit, a few thousand units from a few hundred
questions; it trains in well under a second and its weights can be read. The thresholds that turn probabilities
into quoting and declining are chosen by cross-validation on the training questions (`train.py`), never on an
eval set, and saved with the model.
"""

from __future__ import annotations

import json
from pathlib import Path

import joblib
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from assistant.errors import ModelError
from assistant.tasks.quote.features import FEATURES, Candidate, matrix

C = 1.0  # regularisation: the questions are few; a stronger fit learned one section's wording (cross-validated)
# The question gate's signals: how likely its best unit (and the next) answers, and the best unit's signals of the
# question as a whole. A unit is judged beside its rivals; whether any answers is a question of all of them.
QUESTION = ("p_best", "p_second", "unknown_share", "top_section", "section_margin", "question_unseen", "section_covered",
            "lexical_per_term", "question_terms", "lexical", "cosine")


def question_row(found: list[Candidate], probs: np.ndarray) -> np.ndarray:
    """One question's gate signals (QUESTION order), from its candidates and their probabilities."""
    best = int(np.argmax(probs))
    second = float(np.sort(probs)[-2]) if len(probs) > 1 else 0.0
    return np.array([float(probs[best]), second, *(found[best].signals[f] for f in QUESTION[2:])], dtype=np.float64)


class UnitSelector:
    """Probabilities for a question's candidate units, with the thresholds to quote and to decline; and the
    question gate, a second logistic regression over the best unit's probability and the question's signals
    (`QUESTION`), trained on out-of-fold probabilities: it declines a question whose best unit only looks likely
    ("is there a student discount" and "We do not adjust prices for:")."""

    name = "unit-logreg"

    def __init__(self, model: Pipeline, answer_at: float = 0.5, extra_at: float = 0.5, cv: dict | None = None,
                 gate: Pipeline | None = None, ask_at: float = 0.0, other_at: float = 1.01,
                 split_at: float = 1.01):
        self.model, self.answer_at, self.extra_at, self.cv = model, answer_at, extra_at, cv or {}
        self.gate, self.ask_at, self.other_at, self.split_at = gate, ask_at, other_at, split_at

    def asks(self, found: list[Candidate], probs: np.ndarray) -> bool:
        """Whether the gate finds the question answerable from these candidates (always, without a gate)."""
        if not found:
            return False
        if self.gate is None:
            return True
        return float(self.gate.predict_proba(question_row(found, probs)[None, :])[0, 1]) >= self.ask_at

    def probabilities(self, found: list[Candidate]) -> np.ndarray:
        if not found:
            return np.zeros(0)
        return self.model.predict_proba(matrix(found))[:, 1]

    @staticmethod
    def fit(x: np.ndarray, y: np.ndarray) -> Pipeline:
        model = make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=2000, class_weight="balanced"))
        return model.fit(x, y)

    def save(self, folder: Path) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        joblib.dump(self.model, folder / "model.joblib")
        if self.gate is not None:
            joblib.dump(self.gate, folder / "gate.joblib")
        (folder / "meta.json").write_text(json.dumps({"name": self.name, "features": list(FEATURES),
                                                      "question": list(QUESTION), "answer_at": self.answer_at,
                                                      "extra_at": self.extra_at, "ask_at": self.ask_at,
                                                      "other_at": self.other_at, "split_at": self.split_at,
                                                      "gate": self.gate is not None, "cv": self.cv}, indent=2))

    @classmethod
    def load(cls, folder: Path) -> "UnitSelector":
        meta = json.loads((Path(folder) / "meta.json").read_text())
        if meta.get("features") != list(FEATURES) or meta.get("question") != list(QUESTION):
            raise ModelError(f"the unit selector in {folder} was trained on other signals: run `storefront prepare`")
        gate = joblib.load(Path(folder) / "gate.joblib") if meta.get("gate") else None
        return cls(joblib.load(Path(folder) / "model.joblib"), meta["answer_at"], meta["extra_at"], meta.get("cv"),
                   gate, meta.get("ask_at", 0.0), meta.get("other_at", 1.01),
                   meta.get("split_at", 1.01))
