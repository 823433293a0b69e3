"""Shared fixtures: no network, an index built once per session from the demo store, a small store to break."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.offline import EMBEDDING_CACHE, KNOWLEDGE, MODEL_CACHE, REPO, NetworkBlocked, network_blocked  # noqa: F401 (re-exported to the tests)

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("RAGAS_DO_NOT_TRACK", "true")


@pytest.fixture(autouse=True, scope="session")
def own_data_folder(tmp_path_factory):
    """Tests never read or write the user's conversations, tickets and approvals (`~/.cache/...`): a command run
    without `ASSISTANT_DATA_DIR` gets a folder of the test session's own."""
    mp = pytest.MonkeyPatch()
    mp.setenv("ASSISTANT_DATA_DIR", str(tmp_path_factory.mktemp("default-data")))
    yield
    mp.undo()


@pytest.fixture(autouse=True, scope="session")
def no_network():
    """Any connection to a non-loopback address fails the test that made it."""
    with network_blocked():
        yield


@pytest.fixture(scope="session")
def embedder():
    from assistant.retrieval.embeddings import CachedEmbedder, get_embedder

    return CachedEmbedder(get_embedder(), EMBEDDING_CACHE)


@pytest.fixture(scope="session")
def prepared_models(embedder) -> Path:
    """Every task model of the demo store in the cache the app shares (`storefront prepare`), trained only when
    missing or stale: the registry serves what is there and never trains."""
    from assistant.config import Settings
    from assistant.tasks.base import build_context
    from assistant.training.local import prepare

    # quote_model="local": the unit selector is trained too, for the tests that compare it with the hand-set scores
    settings = Settings(knowledge_dir=KNOWLEDGE, artifacts_dir=MODEL_CACHE, quote_model="local")
    prepare(build_context(settings, embedder), settings, progress=False)
    return MODEL_CACHE


@pytest.fixture(scope="session")
def settings_factory(tmp_path_factory, prepared_models):
    from assistant.config import Settings

    def make(**overrides):
        base = tmp_path_factory.mktemp("store")
        values = dict(knowledge_dir=KNOWLEDGE, index_dir=base / "index", data_dir=base / "data",
                      artifacts_dir=prepared_models)
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


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test against a chat server shows the server's log: a hung or failed turn is explained only there,
    and CI keeps no files."""
    report = yield
    if report.failed:
        from tests.chat_server import ChatServer

        for value in getattr(item, "funcargs", {}).values():
            if isinstance(value, ChatServer) and value.log.exists():
                value.dump_threads()
                tail = value.log.read_text(errors="replace").splitlines()[-150:]
                report.sections.append((f"chat server log {value.log} (last 150 lines)", "\n".join(tail)))
    return report
