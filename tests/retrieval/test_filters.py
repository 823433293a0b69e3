"""Product search keeps to the filters a shopper's words imply."""

from __future__ import annotations

import pytest

from assistant.knowledge import load_knowledge
from tests.conftest import KNOWLEDGE


@pytest.fixture(scope="module")
def catalog():
    k = load_knowledge(KNOWLEDGE, with_reviews=False)
    return k, {p.id: p for p in k.products}


def _search(services, query: str, k: int = 10):
    filters = services.rewriter.rewrite(query)
    return filters, services.products.search(services.embedder.encode_query(query), filters, k=k)


def test_red_dress_under_100_returns_only_red_dresses_under_100(services, catalog):
    k, by_id = catalog
    filters, hits = _search(services, "red dress under $100")
    assert hits, filters
    for h in hits:
        p = by_id[h.id]
        assert k.taxonomy.name(p.category_id) == "Dresses"
        assert p.attributes.get("color") == "red"
        assert p.price <= 100
    expected = {p.id for p in k.products if k.taxonomy.name(p.category_id) == "Dresses"
                and p.attributes.get("color") == "red" and p.price <= 100}
    assert len(hits) == min(10, len(expected))


@pytest.mark.parametrize("query, attr, value", [
    ("navy shirt for a man", "color", "blue"),
    ("burgundy dress", "color", "red"),
])
def test_synonyms_filter_on_the_canonical_value(services, catalog, query, attr, value):
    _, by_id = catalog
    filters, hits = _search(services, query)
    assert value in filters.attributes.get(attr, []), filters
    assert hits and all(by_id[h.id].attributes.get(attr) == value for h in hits)


def test_without_excludes_the_value(services, catalog):
    _, by_id = catalog
    filters, hits = _search(services, "dress without black")
    assert filters.excluded.get("color") == ["black"]
    assert hits and all(by_id[h.id].attributes.get("color") != "black" for h in hits)


def test_price_range(services, catalog):
    _, by_id = catalog
    filters, hits = _search(services, "dresses between $50 and $120")
    assert (filters.price.min, filters.price.max) == (50, 120)
    assert hits and all(50 <= by_id[h.id].price <= 120 for h in hits)


def test_a_brand_or_a_distinctive_word_finds_its_products(services, catalog):
    """Meaning alone loses one rare word in a long product text; the full-text pass keeps it findable."""
    k, by_id = catalog
    brand = sorted({p.brand for p in k.products})[3]
    query = f"{brand.lower()} products"
    filters, _ = _search(services, query)
    hits = services.products.search(services.embedder.encode_query(query), filters, k=5, text=query)
    assert hits and all(by_id[h.id].brand == brand for h in hits[:min(5, sum(p.brand == brand for p in k.products))])


def test_catalog_words_in_either_number_take_no_full_text_pass(services):
    """"dress" is a catalog word because "Dresses" is a category: the filters and meaning carry it, and a second,
    full-text query would only cost time. A brand word still takes the pass."""
    assert services.products.distinctive_terms("red dress under $100") == []
    assert services.products.distinctive_terms("leather wallets with a pattern") == []
    assert services.products.distinctive_terms("anything from northline supply") == ["northline", "supply"]


def test_a_sentence_only_one_description_has_ranks_that_product_first(services, catalog):
    k, by_id = catalog
    p = next(p for p in k.products if "Quillfeather" not in p.description)
    store = services.products.store
    col = store.collection("products")
    row = col.get(ids=[p.id], include=["documents", "metadatas", "embeddings"])
    try:
        col.update(ids=[p.id], documents=[row["documents"][0] + " Stitched by the Quillfeather workshop."])
        query = "stitched by the quillfeather workshop"
        hits = services.products.search(services.embedder.encode_query(query), services.rewriter.rewrite(query),
                                        k=5, text=query)
        assert hits[0].id == p.id
    finally:
        col.update(ids=[p.id], documents=row["documents"], embeddings=row["embeddings"])
