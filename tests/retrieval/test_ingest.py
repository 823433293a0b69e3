"""Ingestion: bad input is named precisely and changes nothing; unchanged input costs nothing; a crash is safe."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.errors import DataErrors
from assistant.retrieval.ingest import ingest
from assistant.retrieval.store import Store, connect
from assistant.schemas import SearchFilters

runner = CliRunner()


def _store(path) -> Store:
    return Store(connect(path))


def _snapshot(store: Store) -> dict:
    return {kind: (name, store.client.get_collection(name).count())
            for kind, name in store.active().items() if not kind.endswith("_manifest")}


@pytest.fixture
def built(small_store, tmp_path, embedder):
    index = tmp_path / "index"
    ingest(small_store, _store(index), embedder, progress=False)
    return small_store, index


def _replace_line(path, line_no: int, new: str) -> None:
    lines = path.read_text().splitlines()
    lines[line_no - 1] = new
    path.write_text("\n".join(lines) + "\n")


@pytest.mark.parametrize("line_no, mutate, expected", [
    pytest.param(3, lambda p: {**p, "attributes": {**p["attributes"], "color": "reddish"}},
                 "products.jsonl:3: attributes.color: 'reddish' is not an allowed value", id="unknown-colour"),
    pytest.param(5, lambda p: {**p, "price": "cheap"}, "products.jsonl:5: price:", id="price-not-a-number"),
    pytest.param(7, lambda p: {**p, "category_id": 999999}, "products.jsonl:7: category_id: 999999 is not a leaf",
                 id="unknown-category"),
    pytest.param(9, None, "products.jsonl:9: json: not valid JSON", id="broken-json"),
])
def test_bad_row_is_named_and_live_index_unchanged(built, line_no, mutate, expected):
    knowledge, index = built
    before = _snapshot(_store(index))
    path = knowledge / "catalog/products.jsonl"
    row = json.loads(path.read_text().splitlines()[line_no - 1])
    _replace_line(path, line_no, json.dumps(mutate(row)) if mutate else '{"id": "HP-X", "title": ')

    result = runner.invoke(app, ["ingest", "--knowledge", str(knowledge), "--index", str(index), "-q"])

    assert result.exit_code != 0
    assert expected in result.output
    assert "live index is unchanged" in result.output
    assert _snapshot(_store(index)) == before


def test_bad_policy_page_is_reported(built):
    knowledge, index = built
    (knowledge / "policies/empty.md").write_text("")
    with pytest.raises(DataErrors, match=r"empty\.md:1: page: the page is empty"):
        ingest(knowledge, _store(index), None, progress=False)


def test_rerun_with_unchanged_files_embeds_nothing(built, embedder):
    knowledge, index = built
    before = _snapshot(_store(index))
    report = ingest(knowledge, _store(index), embedder, progress=False)
    assert report.embedded == 0
    assert all(not k.changed for k in report.kinds)
    assert _snapshot(_store(index)) == before


def test_one_changed_product_embeds_one(built, embedder):
    knowledge, index = built
    path = knowledge / "catalog/products.jsonl"
    row = json.loads(path.read_text().splitlines()[0])
    _replace_line(path, 1, json.dumps({**row, "title": row["title"] + " (New Season)"}))
    report = ingest(knowledge, _store(index), embedder, progress=False)
    products = next(k for k in report.kinds if k.kind == "products")
    assert (products.embedded, products.reused) == (1, products.documents - 1)
    assert next(k for k in report.kinds if k.kind == "policies").embedded == 0


class Boom(RuntimeError):
    pass


def test_failure_halfway_leaves_old_index_serving(built, embedder, monkeypatch):
    knowledge, index = built
    store = _store(index)
    before = _snapshot(store)
    for n, line in enumerate((knowledge / "catalog/products.jsonl").read_text().splitlines()[:30], 1):
        row = json.loads(line)
        _replace_line(knowledge / "catalog/products.jsonl", n, json.dumps({**row, "title": row["title"] + " v2"}))
    calls = {"n": 0}
    real = embedder.encode

    def flaky(texts, batch_size=None):
        calls["n"] += 1
        if calls["n"] > 1:
            raise Boom("killed halfway")
        return real(texts[:1], batch_size)[[0] * len(texts)]

    monkeypatch.setattr(embedder, "batch_size", 2)  # several chunks of 8 batches, so the failure lands in the middle
    monkeypatch.setattr(embedder, "encode", flaky)
    with pytest.raises(Boom):
        ingest(knowledge, store, embedder, progress=False)
    monkeypatch.undo()

    store = _store(index)
    assert _snapshot(store) == before
    from assistant.retrieval.products import ProductSearch
    hits = ProductSearch(store, {"size"}).search(embedder.encode_query("dress"), SearchFilters(), k=3)
    assert len(hits) == 3 and not any(h.title.endswith(" v2") for h in hits)
    names = [c.name for c in store.client.list_collections()]
    assert len([n for n in names if n.startswith("products-")]) == 1


def test_a_serving_search_reads_the_new_build_after_a_switch(built, embedder):
    """The chat keeps its store open while `storefront ingest` runs elsewhere: its next search reads the new
    collection, not the one it had open (which the switch deleted)."""
    from assistant.retrieval.products import ProductSearch

    knowledge, index = built
    search = ProductSearch(_store(index), {"size"})
    assert not any(h.title.endswith(" v2") for h in search.search(embedder.encode_query("dress"), SearchFilters(), k=3))
    path = knowledge / "catalog/products.jsonl"
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    path.write_text("".join(json.dumps({**r, "title": r["title"] + " v2"}) + "\n" for r in rows))
    ingest(knowledge, _store(index), embedder, progress=False)
    hits = search.search(embedder.encode_query("dress"), SearchFilters(), k=3)
    assert len(hits) == 3 and all(h.title.endswith(" v2") for h in hits)


def test_a_plain_text_clause_is_embedded_after_its_intro(small_store):
    """"the delivery of sealed software ..." alone does not say it is an exception to the right of cancellation:
    on a plain-text terms page its sentence vector is embedded with the intro it goes on; Markdown lists as written."""
    from assistant.knowledge import load_knowledge
    from assistant.retrieval.ingest import policy_docs

    (small_store / "policies" / "terms.txt").write_text(
        "1. CANCELLATION\n\nYou can cancel within 14 days of delivery, for any reason and at no cost to you at all.\n"
        "The right of cancellation does not apply to:\n\n    the delivery of sealed software if unsealed by you;\n"
        "    newspapers or magazines.\n")
    (small_store / "policies" / "lists.md").write_text("# Lists\n\n## Payment\nWe accept:\n- Visa\n- PayPal\n")
    docs = {d.id: d.text for d in policy_docs(load_knowledge(small_store, with_reviews=False))}
    terms = [t for i, t in docs.items() if i.startswith("terms.txt#p1@s")]
    assert terms[-2:] == ["Terms: 1. CANCELLATION. The right of cancellation does not apply to: the delivery of sealed "
                          "software if unsealed by you;",
                          "Terms: 1. CANCELLATION. The right of cancellation does not apply to: newspapers or magazines."]
    assert docs["lists.md#payment@s2"] == "Lists: Payment. Visa"


def test_the_live_pointer_is_read_again_after_any_write_to_the_index_and_only_then(built, monkeypatch):
    """Every search asks which build is live; the answer is reused until something is written to the index, by
    this process or another (here a second client switching a kind, as `storefront ingest` does elsewhere)."""
    _, index = built
    store = _store(index)
    live = store.active()
    store.collection("products")  # opened once
    reads = []
    real = store.client.get_collection
    monkeypatch.setattr(store.client, "get_collection", lambda *a, **k: reads.append(a) or real(*a, **k))
    assert store.active() == live and store.collection("products") is not None
    assert reads == []
    _store(index).switch("products", live["products"], "a new manifest")
    assert store.active()["products_manifest"] == "a new manifest"
    assert len(reads) == 1
