"""The Chroma index: embedded by default, a `chroma run` server when a URL is set; blue/green collections."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path
from urllib.parse import urlparse

import chromadb
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import NotFoundError

from assistant.errors import ConfigError
from assistant.retrieval.embeddings import MiniLMEmbeddingFunction

log = logging.getLogger(__name__)
# The pointer to the live collections lives in Chroma itself, so it works the same embedded and on a server.
POINTER = "storefront-active"
KINDS = ("policies", "products")


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

    def _pointer(self) -> Collection:
        return self.client.get_or_create_collection(POINTER, metadata={"created_by": "storefront"},
                                                    embedding_function=self.ef)

    def active(self) -> dict[str, str]:
        """The live collection of each kind and its manifest, read fresh: another process may have switched."""
        try:  # a plain get is half the cost of get_or_create, and this runs on every search
            meta = self.client.get_collection(POINTER, embedding_function=self.ef).metadata or {}
        except NotFoundError:
            return {}
        return {k: v for k, v in meta.items() if k in KINDS or k.endswith("_manifest")}

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
