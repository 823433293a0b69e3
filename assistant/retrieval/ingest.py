"""Build or refresh the index: validate everything first, embed only what changed, switch over when complete."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from tqdm import tqdm

from assistant.errors import DataError
from assistant.knowledge import Knowledge, Unit, load_knowledge, units
from assistant.retrieval.embeddings import MODEL_NAME, Embedder
from assistant.retrieval.store import Store
from assistant.schemas import Product

log = logging.getLogger(__name__)
ADD_BATCH = 1000  # Chroma's max batch is larger; 1,000 keeps memory flat and the progress bar moving


@dataclass
class Doc:
    id: str
    text: str
    metadata: dict

    @property
    def hash(self) -> str:
        return hashlib.sha256(f"{MODEL_NAME}\n{self.text}".encode()).hexdigest()[:16]


@dataclass
class KindReport:
    kind: str
    documents: int
    embedded: int
    reused: int
    changed: bool
    collection: str


@dataclass
class IngestReport:
    kinds: list[KindReport] = field(default_factory=list)

    @property
    def embedded(self) -> int:
        return sum(k.embedded for k in self.kinds)


def policy_docs(k: Knowledge) -> list[Doc]:
    """Each section as a whole, plus each of its sentences under the section's heading.

    MiniLM's one vector per section blurs a section that answers several questions; a sentence vector matches a
    specific question far better (top-3 hit rate 71% -> 85% on tests/data/retrieval_questions.jsonl), and the
    section is still what gets cited. On a plain-text page a clause is embedded after the intro whose sentence it
    goes on: "the delivery of sealed audio or video recordings ..." alone does not say it is an exception to the
    right of cancellation (the top passage held the answer for 25 of 36 real-terms dev questions, from 23). The
    store's Markdown lists are embedded as they were: with their intros, 3 of 92 dev questions fewer were right."""
    docs = []
    for c in k.chunks:
        meta = {"source": c.source, "section": c.section, "page_title": c.page_title, "line": c.line,
                "section_id": c.id}
        docs.append(Doc(c.id, f"{c.page_title}: {c.section}\n{c.text}", {**meta, "kind": "section"}))
        us = units(c.text)
        for n, sentence in enumerate(_in_context(us) if c.source.endswith(".txt") else [u.text for u in us], 1):
            docs.append(Doc(f"{c.id}@s{n}", f"{c.page_title}: {c.section}. {sentence}", {**meta, "kind": "sentence"}))
    return docs


def _in_context(us: list[Unit]) -> list[str]:
    """Each unit's text, a clause's after the intro its list follows (one per unit, in order)."""
    intros = {u.group: u.text for u in us if u.kind == "intro"}
    return [f"{intros[u.group - 1]} {u.text}" if u.kind == "item" and u.group - 1 in intros else u.text for u in us]


def product_docs(k: Knowledge, overrides: dict[str, str] | None = None) -> list[Doc]:
    """One document per product; an approved description (`overrides`, by product id) replaces the file's."""
    overrides = overrides or {}
    return [product_doc(p.model_copy(update={"description": overrides[p.id]}) if p.id in overrides else p,
                        k.taxonomy.name(p.category_id), k.department(p.category_id) or "")
            for p in k.products]


def product_doc(p: Product, category: str, department: str) -> Doc:
    values = [v for val in p.attributes.values() for v in (val if isinstance(val, list) else [val])
              if isinstance(val, str)]  # sizes add noise to the embedding, not meaning
    text = f"{p.title}. {p.brand}. {category}. {', '.join(values)}. {p.description}"
    meta = {"title": p.title, "brand": p.brand, "category_id": p.category_id, "category": category,
            "department": department, "price": float(p.price), "stock": p.stock,
            "in_stock": p.stock > 0, "rating": float(p.rating), "description": p.description}
    for name, value in p.attributes.items():
        if value:  # Chroma rejects empty lists
            meta[name] = value
    return Doc(p.id, text, meta)


def manifest(docs: list[Doc]) -> str:
    h = hashlib.sha256()
    for d in sorted(docs, key=lambda d: d.id):
        h.update(f"{d.id}\t{d.hash}\t{json.dumps(d.metadata, sort_keys=True)}\n".encode())
    return h.hexdigest()[:16]


def ingest(knowledge_dir: Path, store: Store, embedder: Embedder, progress: bool = True,
           overrides: dict[str, str] | None = None, knowledge: Knowledge | None = None) -> IngestReport:
    """Validate the knowledge folder (raising DataErrors before touching the index), then sync each kind.

    `overrides` are merchant-approved descriptions by product id (`assistant.store.catalog.load_overrides`);
    they win over `catalog/products.jsonl`, so an ingest never reverts an approved text. `knowledge`: the folder
    already loaded (and so checked, within the user's limits) by the caller before it loaded the embedder."""
    k = knowledge or load_knowledge(knowledge_dir, with_reviews=True)
    report = IngestReport()
    for kind, docs in (("policies", policy_docs(k)), ("products", product_docs(k, overrides))):
        report.kinds.append(sync(store, embedder, kind, docs, progress))
    return report


def sync(store: Store, embedder: Embedder, kind: str, docs: list[Doc], progress: bool) -> KindReport:
    """Rebuild one kind into a fresh collection, reusing unchanged embeddings; no-op when nothing changed."""
    new_manifest = manifest(docs)
    live = store.active()
    if live.get(f"{kind}_manifest") == new_manifest and store.collection(kind) is not None:
        log.info("%s: unchanged (%d documents)", kind, len(docs))
        store.drop_stale(kind)
        return KindReport(kind, len(docs), 0, len(docs), False, live[kind])
    cached = _old_embeddings(store, kind)
    vectors = np.zeros((len(docs), embedder.dim), dtype=np.float32)
    todo = [i for i, d in enumerate(docs) if d.hash not in cached]
    for i, d in enumerate(docs):
        if d.hash in cached:
            vectors[i] = cached[d.hash]
    _embed(embedder, docs, todo, vectors, kind, progress)
    collection = store.new_collection(kind)
    try:
        for start in range(0, len(docs), ADD_BATCH):
            batch = docs[start:start + ADD_BATCH]
            collection.add(ids=[d.id for d in batch], documents=[d.text for d in batch],
                           embeddings=vectors[start:start + ADD_BATCH],
                           metadatas=[{**d.metadata, "hash": d.hash} for d in batch])
        store.switch(kind, collection.name, new_manifest)
    except BaseException:
        # A half-built collection must never become live, and should not linger either.
        store.client.delete_collection(collection.name)
        raise
    return KindReport(kind, len(docs), len(todo), len(docs) - len(todo), True, collection.name)


def _old_embeddings(store: Store, kind: str) -> dict[str, np.ndarray]:
    old = store.collection(kind)
    if old is None:
        return {}
    got = old.get(include=["embeddings", "metadatas"])
    return {m["hash"]: np.asarray(e, dtype=np.float32)
            for m, e in zip(got["metadatas"], got["embeddings"]) if m and "hash" in m}


def _embed(embedder: Embedder, docs: list[Doc], todo: list[int], out: np.ndarray, kind: str, progress: bool) -> None:
    # Longest first across the whole job, as bare `encode` orders one call: chunks for the progress bar then pad
    # their batches no more than a single call would.
    todo = sorted(todo, key=lambda i: -len(docs[i].text))
    step = embedder.batch_size * 8
    with tqdm(total=len(todo), desc=f"embedding {kind}", unit="doc", disable=not progress or not todo) as bar:
        for start in range(0, len(todo), step):
            idx = todo[start:start + step]
            out[idx] = embedder.encode([docs[i].text for i in idx])
            bar.update(len(idx))


def upsert_live(store: Store, embedder: Embedder, kind: str, docs: list[Doc]) -> None:
    """Write a few changed documents straight into the live collection (searchable at once, no restart), and
    re-derive its manifest from what it now holds so the next ingest with the same data has nothing to do."""
    col = store.collection(kind)
    if col is None:
        raise DataError(kind, None, None, "no live collection: run `storefront ingest` first")
    col.upsert(ids=[d.id for d in docs], documents=[d.text for d in docs],
               embeddings=embedder.encode([d.text for d in docs]),
               metadatas=[{**d.metadata, "hash": d.hash} for d in docs])
    got = col.get(include=["documents", "metadatas"])
    held = [Doc(i, text, {k: v for k, v in meta.items() if k != "hash"})
            for i, text, meta in zip(got["ids"], got["documents"], got["metadatas"])]
    store.switch(kind, col.name, manifest(held))
