"""Without a trained query adapter (long terms pages, a store that has none), MiniLM reads a question with the formal
words for its everyday ones ("postage": "shipping"); with one, the question as typed (the adapter learned the
store's shoppers' words from its training questions)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from assistant.retrieval.search import PolicyRetriever

QUESTION = "do i get the return postage back under buyer protection"


class Recording:
    """An embedder that records what it was asked to embed."""

    def __init__(self):
        self.seen: list[str] = []

    def cached(self, text):
        return None

    def encode_each(self, texts):
        self.seen += texts
        return np.ones((len(texts), 4), dtype=np.float32)


def retriever(adapter=None) -> tuple[PolicyRetriever, Recording]:
    emb = Recording()
    r = PolicyRetriever(store=None, embedder=emb, adapter=adapter)
    r._sections = SimpleNamespace(name="policies", ids=["a"])
    return r, emb


def test_raw_minilm_reads_the_formal_words_too():
    r, emb = retriever()
    vecs = r._vectors([QUESTION, "when do i get paid"], {QUESTION: np.zeros(4, dtype=np.float32)})
    assert set(vecs) == {QUESTION, "when do i get paid"}
    assert emb.seen[0].startswith(QUESTION) and "shipping" in emb.seen[0]  # re-embedded, not the router's vector
    assert emb.seen[1] == "when do i get paid"  # no everyday word with a formal one: as typed


def test_a_trained_adapter_gets_the_question_as_typed():
    adapter = SimpleNamespace(fits=lambda name, ids: True, adapt=lambda v: v)
    r, emb = retriever(adapter)
    r._vectors([QUESTION], {})
    assert emb.seen == [QUESTION]
