"""The router: which kind of request a message is, learned from labelled utterances in `knowledge/router/`."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

import joblib
import numpy as np
from sklearn.linear_model import LogisticRegression

from assistant.knowledge import load_utterances
from assistant.models.artifacts import file_hash, read_manifest, write_manifest
from assistant.retrieval.embeddings import Embedder

log = logging.getLogger(__name__)


@dataclass
class RouteDecision:
    route: str
    confidence: float
    scores: dict[str, float]


class Router:
    """Logistic regression on MiniLM embeddings; trained in about a second, cached by the data's hash."""

    def __init__(self, model: LogisticRegression):
        self.model = model

    def predict(self, query_vec: np.ndarray) -> RouteDecision:
        probs = self.model.predict_proba(query_vec.reshape(1, -1))[0]
        scores = {str(c): float(p) for c, p in zip(self.model.classes_, probs)}
        best = max(scores, key=scores.get)
        return RouteDecision(best, scores[best], scores)

    @classmethod
    def train(cls, utterances_path: Path, embedder: Embedder) -> "Router":
        rows = load_utterances(utterances_path)
        x = embedder.encode([r.text for r in rows])
        # C=10: the utterances are few and clean; a weaker penalty separates close routes (policy vs search).
        model = LogisticRegression(C=10.0, max_iter=2000, class_weight="balanced")
        model.fit(x, [r.route for r in rows])
        return cls(model)

    @classmethod
    def load_or_train(cls, utterances_path: Path, artifacts_dir: Path, embedder: Embedder) -> "Router":
        data_hash = file_hash(utterances_path)
        folder = artifacts_dir / "router"
        manifest = read_manifest(folder)
        if manifest and manifest.get("data_hash") == data_hash and (folder / "model.joblib").exists():
            return cls(joblib.load(folder / "model.joblib"))
        start = time.perf_counter()
        router = cls.train(utterances_path, embedder)
        folder.mkdir(parents=True, exist_ok=True)
        joblib.dump(router.model, folder / "model.joblib")
        write_manifest(folder, task="route", data=str(utterances_path), data_hash=data_hash,
                       train_seconds=round(time.perf_counter() - start, 2),
                       classes=[str(c) for c in router.model.classes_])
        log.info("trained the router in %.1fs", time.perf_counter() - start)
        return router
