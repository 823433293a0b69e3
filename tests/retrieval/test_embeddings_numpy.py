"""The numpy MiniLM the app serves gives sentence-transformers' own vectors, and so the same search results."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from assistant.knowledge import load_knowledge
from assistant.models.embedder import MiniLM, TorchMiniLM, numpy_minilm
from assistant.retrieval.ingest import policy_docs, product_docs
from tests.conftest import KNOWLEDGE, REPO, read_jsonl

TEXTS = {
    "query": "How much is express shipping?",
    "misspelt": "cna i retrun shoes i wore once??",
    "title": "WOMENS WHITE BACKPACK",
    "one letter": "a",
    "empty": "",
    "accents and emoji": "Café crème, naïve résumé ÇA VA 🚀 東京",
    "numbers and units": "#97811 15.6 Inch Laptop USB-C 65W 2-pack $19.99",
    "long, truncated at 256 word pieces": "linen summer dress with pockets " * 80,
    "long policy page": (KNOWLEDGE / "policies" / "exchanges.md").read_text(encoding="utf-8"),
}
K = 5


@pytest.fixture(scope="module")
def reference():
    return TorchMiniLM()


@pytest.fixture(scope="module")
def numpy_model():
    return numpy_minilm()


def test_vectors_match_sentence_transformers(reference, numpy_model):
    ours = numpy_model.encode(list(TEXTS.values()))
    theirs = reference.encode(list(TEXTS.values()))
    cosines = dict(zip(TEXTS, (ours * theirs).sum(axis=1)))
    assert all(c >= 0.9999 for c in cosines.values()), cosines
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_a_batch_gives_each_text_its_own_vector_whatever_its_neighbours(numpy_model):
    """Padding to the longest text of a batch must not change a short text's vector."""
    texts = list(TEXTS.values())
    alone = np.stack([numpy_model.encode([t])[0] for t in texts])
    assert np.allclose(numpy_model.encode(texts, batch_size=4), alone, atol=1e-5)


def test_same_top_k_on_the_store_for_shopper_questions(reference, numpy_model):
    k = load_knowledge(KNOWLEDGE)
    docs = [d.text for d in policy_docs(k)] + [d.text for d in product_docs(k)][:300]
    questions = [row["question"] for row in read_jsonl(REPO / "tests/data/retrieval_questions.jsonl")]
    questions += ["red dress under $100", "something flowy for a wedding", "wireless headphones", "yoga mat"]
    ours = numpy_model.encode(docs) @ numpy_model.encode(questions).T
    theirs = reference.encode(docs) @ reference.encode(questions).T
    for i, q in enumerate(questions):
        assert list(np.argsort(-ours[:, i])[:K]) == list(np.argsort(-theirs[:, i])[:K]), q


def test_small_batches_run_in_numpy_and_bulk_in_sentence_transformers(monkeypatch):
    model = MiniLM()
    monkeypatch.setattr(model.small, "encode", lambda texts, batch_size=64: "numpy")
    assert model.encode(["How much is express shipping?"] * 10) == "numpy"
    assert model.encode(["x" * 1000] * 30).shape == (30, 384)
    assert isinstance(model._bulk, TorchMiniLM)


def test_a_cold_ask_does_not_import_torch(tmp_path):
    """What a cold `storefront ask` loads to embed its question: numpy and tokenizers, not torch."""
    code = ("import sys, json; from assistant.models.registry import get_embedder; get_embedder().encode_query('hi');"
            "print(json.dumps([m for m in ('torch', 'sentence_transformers', 'transformers', 'openai') "
            "if m in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert json.loads(out.stdout) == []
