"""Retrieval quality on hand-written shopper questions, embedded and against a real `chroma run` server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import numpy as np
import pytest

from assistant.retrieval.ingest import ingest
from assistant.retrieval.search import PolicyRetriever
from assistant.retrieval.store import Store, connect
from tests.conftest import REPO, read_jsonl

ROWS = read_jsonl(REPO / "tests/data/retrieval_questions.jsonl")
# A question marked known_miss is one MiniLM does not yet rank in the top 3 (a paraphrase sharing no words with its
# section). It stays in the suite as an expected failure, so fixing it shows up as an XPASS, not silence.
QUESTIONS = [pytest.param(q, marks=pytest.mark.xfail(reason="known retrieval miss", strict=False))
             if q.get("known_miss") else q for q in ROWS]
IDS = [q["question"][:50] for q in ROWS]


def test_there_are_enough_questions_that_pass():
    assert len([q for q in ROWS if not q.get("known_miss")]) >= 25


@pytest.fixture(scope="module")
def embedded_retriever(demo_settings):
    return PolicyRetriever(Store(connect(demo_settings.index_dir)))


@pytest.mark.parametrize("case", QUESTIONS, ids=IDS)
def test_expected_section_in_top3(case, embedded_retriever, embedder):
    hits = embedded_retriever.search(embedder.encode_query(case["question"]), k=3, query=case["question"])
    assert {h.id for h in hits} & set(case["expected"]), [h.id for h in hits]


@pytest.mark.parametrize("question", ["How long do I have to return shoes?",
                                      "Can I send back a top I picked up from the clearance page?",
                                      "Can you deliver to Anchorage, and how much does it cost?",
                                      "hw lng dose shiping tak to alsaka?? and hw much"],
                         ids=["plain", "with its department", "two questions", "misspelled"])
def test_a_search_asks_chroma_nothing_and_finds_what_chroma_finds_asked_vector_by_vector(question, embedded_retriever,
                                                                                        embedder, monkeypatch):
    """A search reads the nearest vectors and stored vectors from memory (store.Snapshot), not from Chroma: the same
    sections and scores as Chroma's own queries, one by one; a sentence's cosine may differ in its fourth decimal
    (a matrix product and Chroma's graph search round the last bit apart)."""
    from chromadb.api.models.Collection import Collection

    queries = []
    real_query = Collection.query
    monkeypatch.setattr(Collection, "query", lambda self, *a, **k: queries.append(1) or real_query(self, *a, **k))
    batched = embedded_retriever.search(embedder.encode_query(question), k=4, query=question)
    assert not queries
    monkeypatch.setattr(PolicyRetriever, "_batch", lambda self, col, vectors: col)  # each query and get to Chroma
    alone = embedded_retriever.search(embedder.encode_query(question), k=4, query=question)
    assert queries
    assert [(h.id, h.score, h.clauses) for h in batched] == [(h.id, h.score, h.clauses) for h in alone]
    for ours, chromas in zip(batched, alone):
        assert [i for i, _ in ours.units] == [i for i, _ in chromas.units], ours.id
        assert np.allclose([c for _, c in ours.units], [c for _, c in chromas.units], atol=1.01e-4), ours.id


def test_the_nearest_vectors_from_memory_are_exact_and_the_same_every_time(embedded_retriever, embedder):
    """Chroma's graph search is approximate (on shopper questions it sometimes leaves out one of the true 150 nearest,
    and which one changes from process to process); the snapshot compares the query with every stored vector."""
    from assistant.retrieval.store import Snapshot

    col = embedded_retriever.store.collection("policies")
    snap = Snapshot(col)
    questions = [row["question"] for row in ROWS]
    vecs = list(embedder.encode(questions))
    ours, chromas = snap.nearest(vecs, 150), col.query(query_embeddings=vecs, n_results=150, include=["distances"])
    stored = col.get(include=["embeddings"])
    unit = np.asarray(stored["embeddings"], dtype=np.float64)
    unit /= np.linalg.norm(unit, axis=1, keepdims=True)
    for n, vec in enumerate(vecs):
        truth = 1.0 - unit @ (vec / np.linalg.norm(vec))  # in float64: the exact ranking
        assert np.allclose(ours["distances"][n], np.sort(truth)[:150], atol=1e-6), questions[n]
        # never farther than what Chroma finds, rank by rank
        assert all(a <= b + 1e-6 for a, b in zip(ours["distances"][n], chromas["distances"][n]))
    assert snap.nearest(vecs, 150) == ours


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    """A real `chroma run` on loopback, started for this module and stopped after it."""
    chroma = Path(sys.executable).parent / "chroma"
    port = _free_port()
    log = (tmp_path_factory.mktemp("chroma-log") / "server.log").open("w")
    proc = subprocess.Popen([str(chroma), "run", "--path", str(tmp_path_factory.mktemp("chroma-data")),
                             "--host", "127.0.0.1", "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        proc.terminate()
        pytest.fail(f"chroma run did not answer on {url}")
    yield url
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture(scope="module")
def server_retriever(chroma_server, embedder, tmp_path_factory):
    from tests.conftest import KNOWLEDGE

    store = Store(connect(tmp_path_factory.mktemp("unused"), chroma_server))
    ingest(KNOWLEDGE, store, embedder, progress=False)
    return PolicyRetriever(store)


@pytest.mark.server
@pytest.mark.parametrize("case", QUESTIONS, ids=IDS)
def test_expected_section_in_top3_on_chroma_server(case, server_retriever, embedder):
    hits = server_retriever.search(embedder.encode_query(case["question"]), k=3, query=case["question"])
    assert {h.id for h in hits} & set(case["expected"]), [h.id for h in hits]


@pytest.mark.server
def test_server_ingest_rerun_is_a_no_op(chroma_server, server_retriever, embedder):
    from tests.conftest import KNOWLEDGE

    report = ingest(KNOWLEDGE, Store(connect(Path("/nonexistent"), chroma_server)), embedder, progress=False)
    assert report.embedded == 0


@pytest.mark.parametrize("question", ["Can I send back a top I picked up from the clearance page?",
                                      "Can you deliver to Anchorage, and how much does it cost?"],
                         ids=["with its department", "two questions"])
def test_a_search_finds_the_same_sections_whether_its_texts_were_embedded_with_the_question_or_after(
        question, embedded_retriever, embedder):
    """The texts a search embeds besides the question (each question of the message, and each with its product's
    department) are embedded in the router's pass; that only saves time: the same sections, the same scores."""
    embedded_retriever.correct(question)  # sections loaded: what the search embeds is known
    texts = embedded_retriever.query_texts(question)
    assert texts, "nothing to embed with the question"
    embedder._cache.clear()
    together = embedded_retriever.search(embedder.encode_query(question, also=texts), k=4, query=question)
    if getattr(embedder.model, "one_pass", False):  # else the search embeds each alone
        assert all(embedder.cached(t) is not None for t in texts), "the texts were not embedded with the question"
        assert all(np.array_equal(embedder.cached(t), embedder.model.encode([t])[0]) for t in texts), "not as alone"
    embedder._cache.clear()
    after = embedded_retriever.search(embedder.encode_query(question), k=4, query=question)
    assert [(h.id, h.score, h.units, h.clauses) for h in together] == [(h.id, h.score, h.units, h.clauses)
                                                                       for h in after]
