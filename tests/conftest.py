"""Shared fixtures: no network, an index built once per session from the demo store, a small store to break."""

from __future__ import annotations

import ipaddress
import json
import os
import shutil
import socket
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
KNOWLEDGE = REPO / "knowledge"
# Trained task models shared by tests/ and evals/: each is retrained only when its data or code changed.
MODEL_CACHE = Path(os.environ.get("ASSISTANT_TEST_MODEL_CACHE", REPO / ".cache" / "models"))

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("RAGAS_DO_NOT_TRACK", "true")


class NetworkBlocked(RuntimeError):
    """Raised when code under test tries to reach beyond this machine."""


_real_connect = socket.socket.connect


def _guarded_connect(self, address):
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and self.family in (socket.AF_INET, socket.AF_INET6):
        try:
            allowed = ipaddress.ip_address(host).is_loopback
        except ValueError:
            allowed = host == "localhost"
        if not allowed:
            raise NetworkBlocked(f"test tried to reach {address}: nothing may leave this machine")
    return _real_connect(self, address)


@pytest.fixture(autouse=True, scope="session")
def no_network():
    """Any connection to a non-loopback address fails the test that made it."""
    socket.socket.connect = _guarded_connect
    yield
    socket.socket.connect = _real_connect


@pytest.fixture(scope="session")
def embedder():
    from assistant.retrieval.embeddings import CachedEmbedder, get_embedder

    return CachedEmbedder(get_embedder(), MODEL_CACHE.parent / "embeddings")


@pytest.fixture(scope="session")
def settings_factory(tmp_path_factory):
    from assistant.config import Settings

    def make(**overrides):
        base = tmp_path_factory.mktemp("store")
        values = dict(knowledge_dir=KNOWLEDGE, index_dir=base / "index", data_dir=base / "data",
                      artifacts_dir=MODEL_CACHE)
        values.update(overrides)
        return Settings(**values)

    return make


@pytest.fixture(scope="session")
def demo_settings(settings_factory, embedder):
    """Settings whose index holds the whole demo store, built once for the session."""
    from assistant.retrieval.ingest import ingest
    from assistant.retrieval.store import Store, connect

    settings = settings_factory()
    ingest(settings.knowledge_dir, Store(connect(settings.index_dir)), embedder, progress=False)
    return settings


@pytest.fixture(scope="session")
def services(demo_settings, embedder):
    from assistant.agent.context import Services

    return Services.build(demo_settings, embedder=embedder)


@pytest.fixture
def small_store(tmp_path) -> Path:
    """A copy of the demo store cut to 40 products (and their reviews): quick to ingest, safe to break."""
    root = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, root)
    products = (root / "catalog/products.jsonl").read_text().splitlines()[:40]
    (root / "catalog/products.jsonl").write_text("\n".join(products) + "\n")
    keep = {json.loads(p)["id"] for p in products}
    reviews = [r for r in (root / "catalog/reviews.jsonl").read_text().splitlines()
               if r.strip() and json.loads(r)["product_id"] in keep]
    (root / "catalog/reviews.jsonl").write_text("\n".join(reviews) + "\n")
    return root


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
