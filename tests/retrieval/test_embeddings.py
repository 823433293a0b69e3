"""The embedder registry serves one model per name; the disk-cached embedder gives the model's vectors and, the
second time, does not run the model."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.errors import ModelError
from assistant.models import registry
from assistant.models.embedder import Embedder
from assistant.retrieval.embeddings import CachedEmbedder, get_embedder


def test_cached_embedder_matches_the_model_and_reuses_its_disk_cache(tmp_path, monkeypatch):
    base = get_embedder()
    texts = [f"Cotton crew neck tee, size {n}" for n in range(20)] + ["Cotton crew neck tee, size 0"]
    cached = CachedEmbedder(base, tmp_path)
    first = cached.encode(texts)
    assert np.allclose(first, base.encode(texts), atol=1e-5)
    assert np.allclose(first[0], first[-1])  # the repeated text

    again = CachedEmbedder(base, tmp_path)  # a new run, same folder
    monkeypatch.setattr(again.model, "encode", lambda *a, **k: (_ for _ in ()).throw(AssertionError("re-embedded")))
    assert np.allclose(again.encode(texts), first)



class ConstantModel:
    def encode(self, texts, batch_size=64):
        return np.ones((len(texts), 384), dtype=np.float32)


def test_the_registry_loads_each_embedder_once_and_serves_registered_ones(monkeypatch):
    monkeypatch.setitem(registry.EMBEDDERS, "constant", lambda: Embedder(ConstantModel()))
    assert registry.get_embedder() is registry.get_embedder("minilm")
    assert registry.get_embedder("constant").encode(["a", "b"]).shape == (2, 384)
    with pytest.raises(ModelError, match="minilm"):
        registry.get_embedder("no-such-model")


def test_a_query_and_the_texts_given_with_it_are_embedded_once_each_with_the_vectors_they_get_alone(monkeypatch):
    """The understanding step gives the texts a policy search may embed after a question (the question with its
    product's department); where the model embeds several texts in one pass they are embedded with the question
    and served from the cache, as each would be alone; where it cannot, they are left to the search (a product
    search never reads them)."""
    base = get_embedder()
    emb = Embedder(base.model)
    question = "Can I send back a top I picked up from the clearance page?"
    with_department = f"{question} (apparel)"
    vec = emb.encode_query(question, also=[with_department])
    assert np.array_equal(vec, base.model.encode([question])[0])
    if not base.model.one_pass:
        assert emb.cached(with_department) is None
        return
    monkeypatch.setattr(emb.model, "encode", lambda *a, **k: (_ for _ in ()).throw(AssertionError("re-embedded")))
    assert emb.cached(with_department) is not None
    monkeypatch.undo()
    assert np.array_equal(emb.cached(with_department), base.model.encode([with_department])[0])


def test_a_policy_question_and_its_variants_take_one_pass_over_the_weights():
    """The slow chat turns were policy questions that embed 2-3 texts (in the store's words, with the product's
    department): on a CPU where texts share a pass exactly (`one_pass`), the turn pays one pass for all of them."""
    base = get_embedder()
    emb = Embedder(base.model)
    model = getattr(base.model, "small", base.model)
    if not model.one_pass:
        return
    question = "The medium doesn't fit. Can I swap it for a large of the same shirt?"
    also = ["The medium does not fit. Can I exchange it for a different size of the same shirt?",
            "The medium does not fit. Can I exchange it for a different size of the same shirt? (apparel)"]
    model.encode_each(also)  # the first pass is checked once against each text alone
    passes = []
    ragged = model._ragged
    model._ragged = lambda enc: passes.append(len(enc)) or ragged(enc)
    try:
        emb.encode_query(question, also=also)
        assert all(emb.cached(t) is not None for t in also)
    finally:
        del model._ragged
    assert passes == [3]
