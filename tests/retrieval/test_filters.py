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
