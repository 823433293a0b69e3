"""The Chroma index: embedded by default, a `chroma run` server when a URL is set; blue/green collections."""

from __future__ import annotations

import logging
import sqlite3
import threading
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import chromadb
import numpy as np
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import NotFoundError
from threadpoolctl import ThreadpoolController

from assistant.errors import ConfigError
from assistant.retrieval.embeddings import MiniLMEmbeddingFunction

log = logging.getLogger(__name__)
# The pointer to the live collections lives in Chroma itself, so it works the same embedded and on a server.
POINTER = "storefront-active"
KINDS = ("policies", "products")
_BLAS = ThreadpoolController()


def connect(index_dir: Path, chroma_url: str | None = None) -> ClientAPI:
    """A persistent client on `index_dir`, or an HTTP client for `chroma_url`; telemetry off (offline)."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if chroma_url:
        url = urlparse(chroma_url)
        if not url.hostname:
            raise ConfigError(f"ASSISTANT_CHROMA_URL '{chroma_url}' needs a host, e.g. http://127.0.0.1:8001")
        return chromadb.HttpClient(host=url.hostname, port=url.port or 8000, ssl=url.scheme == "https",
                                   settings=chroma_settings)
    index_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(index_dir), settings=chroma_settings)


class Store:
    """Names the live collection of each kind and swaps it atomically after a complete build."""

    def __init__(self, client: ClientAPI):
        self.client = client
        self.ef = MiniLMEmbeddingFunction()
        self._open: dict[str, Collection] = {}  # the live collection of each kind, reopened when its name changes
        self._writes = Writes.of(client)  # None on a `chroma run` server: its database is not ours to watch
        self._live: tuple[int, dict[str, str]] | None = None  # the pointer as read, and the write count then

    def _pointer(self) -> Collection:
        return self.client.get_or_create_collection(POINTER, metadata={"created_by": "storefront"},
                                                    embedding_function=self.ef)

    def active(self) -> dict[str, str]:
        """The live collection of each kind and its manifest, read fresh whenever anything was written to the
        index since the last read: another process may have switched. Every search asks, and reading the pointer
        costs 0.3-1 ms where SQLite's write count costs microseconds."""
        count = self._writes.count() if self._writes is not None else None
        if count is not None and self._live is not None and self._live[0] == count:
            return dict(self._live[1])
        try:  # a plain get is half the cost of get_or_create
            meta = self.client.get_collection(POINTER, embedding_function=self.ef).metadata or {}
        except NotFoundError:
            return {}
        live = {k: v for k, v in meta.items() if k in KINDS or k.endswith("_manifest")}
        self._live = (count, live) if count is not None else None
        return dict(live)

    def collection(self, kind: str) -> Collection | None:
        name = self.active().get(kind)
        if not name:
            return None
        if kind not in self._open or self._open[kind].name != name:  # each build makes a collection of a new name
            self._open[kind] = self.client.get_collection(name, embedding_function=self.ef)
        return self._open[kind]

    def new_collection(self, kind: str) -> Collection:
        name = f"{kind}-{uuid.uuid4().hex[:10]}"
        # ef 200: with a few thousand vectors the graph search is then effectively exact, so the same question
        # retrieves the same sections on every build (at ef 100 a borderline question flipped between builds).
        hnsw = {"space": "cosine", "ef_construction": 200, "ef_search": 200}
        return self.client.create_collection(name, configuration={"hnsw": hnsw},
                                             embedding_function=self.ef, metadata={"kind": kind})

    def switch(self, kind: str, name: str, manifest: str) -> None:
        """Point readers at the new collection, then drop every other collection of that kind."""
        meta = dict(self._pointer().metadata or {})
        meta.update({kind: name, f"{kind}_manifest": manifest})
        self._pointer().modify(metadata=meta)
        self.drop_stale(kind)

    def drop_stale(self, kind: str) -> None:
        """Remove collections of `kind` that are not live: left by a failed or killed build."""
        live = self.active().get(kind)
        for col in self.client.list_collections():
            name = col if isinstance(col, str) else col.name
            if name.startswith(f"{kind}-") and name != live:
                log.info("dropping stale collection %s", name)
                self.client.delete_collection(name)


class Writes:
    """How many times other connections have committed to the embedded index's SQLite file (`PRAGMA
    data_version`, on a read-only connection of our own): the same number means nothing was written since,
    by this process's Chroma or any other process."""

    FILE = "chroma.sqlite3"  # Chroma's own database in its persist directory

    def __init__(self, path: Path):
        # No waiting: while a write holds the file, the count is unknown and the pointer is read as before
        self._con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False, timeout=0)
        self._lock = threading.Lock()  # one connection, and chat turns run in several threads

    @classmethod
    def of(cls, client: ClientAPI) -> "Writes | None":
        settings = client.get_settings()
        path = Path(settings.persist_directory or ".") / cls.FILE
        if not settings.is_persistent or not path.is_file():
            return None
        try:
            return cls(path.resolve())
        except sqlite3.Error:
            return None

    def count(self) -> int | None:
        with self._lock:
            try:
                return int(self._con.execute("PRAGMA data_version").fetchone()[0])
            except sqlite3.Error:  # busy or unreadable: read the pointer itself
                return None


class Snapshot:
    """A collection whose contents never change under its name (each build is a collection of a new name, and the
    policies are never written live), with its stored vectors read once and kept (all 657 demo vectors load in
    27 ms, measured 2026-12-04), so a search reads them here instead of asking Chroma:

    - the cosine of chosen passages (`get(ids=..., include=["embeddings"])`: about 4 per policy question at
      0.4-0.5 ms each);
    - the nearest vectors of a query, exactly: every stored vector against the query in one matrix product.
      Chroma's graph search (HNSW, ef 200) took 1.4-1.8 ms for a question's 150 nearest, and was not exact: on 236
      shopper questions it left out one of the true 150 for 12 of them, and which one varied from process to
      process (the same index, the same vectors, other candidates); here 0.1 ms, and the same every time
      (measured 2026-12-05)."""

    def __init__(self, col: Collection):
        self.col = col
        got = col.get(include=["embeddings"])
        self.ids = list(got["ids"])
        self.vectors = dict(zip(self.ids, got["embeddings"]))
        matrix = np.asarray(got["embeddings"], dtype=np.float32).reshape(len(self.ids), -1) if self.ids else None
        # unit rows, as Chroma's cosine space keeps them: a distance is one minus a dot product
        self.unit = None if matrix is None else matrix / np.clip(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12,
                                                                 None)

    @property
    def name(self) -> str:
        return self.col.name

    def batch(self, vectors: list[np.ndarray], **query: Any) -> "Batch":
        """A view of the collection for one search that will query each of `vectors` with these arguments: they are
        answered now, all at once (by Chroma in one call, or here when `nearest` can), each returned later."""
        return Batch(self, vectors, query)

    def nearest(self, vectors: list[np.ndarray], n_results: int) -> dict:
        """What `col.query(query_embeddings=vectors, n_results=n_results, include=["distances"])` gives, exactly
        (Chroma's graph search only approximates it)."""
        if self.unit is None:
            return {"ids": [[] for _ in vectors], "distances": [[] for _ in vectors], "included": ["distances"]}
        q = np.asarray(vectors, dtype=np.float32).reshape(len(vectors), -1)
        q = q / np.clip(np.linalg.norm(q, axis=1, keepdims=True), 1e-12, None)
        # One product per vector, on one BLAS thread: a product of 3 vectors by the 657 took 0.06 ms so and 5 ms of
        # CPU as one matrix product on two threads (OpenBLAS's second thread spins; measured 2026-12-05)
        with _BLAS.limit(limits=1, user_api="blas"):
            dist = 1.0 - np.stack([self.unit @ v for v in q])
        order = np.argsort(dist, axis=1, kind="stable")[:, :n_results]  # ties: in the collection's own order
        return {"ids": [[self.ids[i] for i in row] for row in order],
                "distances": [d[row].tolist() for d, row in zip(dist, order)], "included": ["distances"]}


class Batch:
    """The collection as one search reads it (see `Snapshot.batch`): `query` of a vector given up front, with the
    same arguments, returns that vector's row of the one batched answer; `get` of stored vectors by id reads the
    snapshot; anything else goes to Chroma."""

    EXACT = {"n_results", "include"}  # a query of these alone (no filter) is answered from the snapshot
    # ... when the collection is no larger: each query vector costs about 0.1 ms per 1,000 stored vectors, and a
    # search has up to five; Chroma answers them all in about 1.5 ms (the real terms pages have 2,900 vectors)
    EXACT_MAX = 5_000

    def __init__(self, snapshot: Snapshot, vectors: list[np.ndarray], query: dict):
        self.snapshot, self.col, self._query = snapshot, snapshot.col, query
        keys = list(dict.fromkeys(_key(v) for v in vectors))
        self._rows: dict[bytes, dict] = {}
        if keys:
            vecs = [np.frombuffer(k, dtype=np.float32) for k in keys]
            if (set(query) == self.EXACT and list(query["include"]) == ["distances"]
                    and len(snapshot.ids) <= self.EXACT_MAX):
                res = snapshot.nearest(vecs, query["n_results"])
            else:
                res = self.col.query(query_embeddings=vecs, **query)
            self._rows = {k: {f: [v[n]] if isinstance(v, list) and f != "included" else v for f, v in res.items()}
                          for n, k in enumerate(keys)}

    def query(self, query_embeddings, **query: Any) -> dict:
        if len(query_embeddings) == 1 and query == self._query and (row := self._rows.get(_key(query_embeddings[0]))):
            return row
        return self.col.query(query_embeddings=query_embeddings, **query)

    def get(self, ids=None, include=None, **rest: Any) -> dict:
        if ids is not None and list(include or []) == ["embeddings"] and not rest:
            found = [i for i in dict.fromkeys(ids) if i in self.snapshot.vectors]
            return {"ids": found, "embeddings": [self.snapshot.vectors[i] for i in found]}
        return self.col.get(ids=ids, include=include, **rest) if include is not None else self.col.get(ids=ids, **rest)

    def __getattr__(self, name: str) -> Any:  # name, count, metadata, ...
        return getattr(self.col, name)


def _key(vec) -> bytes:
    return np.asarray(vec, dtype=np.float32).tobytes()
