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


class UnitSelector:
    """Probabilities for a question's candidate units, with the thresholds to quote and to decline."""

    name = "unit-logreg"

    def __init__(self, model: Pipeline, answer_at: float = 0.5, extra_at: float = 0.5, cv: dict | None = None):
        self.model, self.answer_at, self.extra_at, self.cv = model, answer_at, extra_at, cv or {}

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
        (folder / "meta.json").write_text(json.dumps({"name": self.name, "features": list(FEATURES),
                                                      "answer_at": self.answer_at, "extra_at": self.extra_at,
                                                      "cv": self.cv}, indent=2))

    @classmethod
    def load(cls, folder: Path) -> "UnitSelector":
        meta = json.loads((Path(folder) / "meta.json").read_text())
        if meta.get("features") != list(FEATURES):
            raise ModelError(f"the unit selector in {folder} was trained on other signals: run `storefront prepare`")
        return cls(joblib.load(Path(folder) / "model.joblib"), meta["answer_at"], meta["extra_at"], meta.get("cv"))
