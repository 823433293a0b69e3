"""Search over the live collections: policy sections by meaning, products by meaning within filters."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from assistant.errors import ToolError
from assistant.knowledge import singular
from assistant.retrieval.store import Store
from assistant.schemas import ProductHit, SearchFilters


@dataclass
class SectionHit:
    id: str
    source: str
    section: str
    page_title: str
    text: str
    score: float  # cosine similarity


# Weights found on tests/data/retrieval_questions.jsonl: the best sentence and the whole section count equally;
# a light lexical term (stemmed TF-IDF) breaks ties on exact words such as "Afterpay" or "clearance".
SENTENCE_WEIGHT, SECTION_WEIGHT, LEXICAL_WEIGHT = 0.5, 0.5, 0.2
CANDIDATES = 60  # sentence and section vectors fetched per query; enough to cover the top sections
# A question whose content words never occur in any policy ("gift wrapping", "student discount") is most likely
# one the policies do not answer, unless retrieval is confident anyway. On evals/datasets/grounding.jsonl plus
# tests/data/retrieval_questions.jsonl this refuses 89% of unanswerable questions (from 55%) while still answering
# 85% of answerable ones (from 93%): wrong answers cost a store more than a hand-off does.
CONFIDENT = 0.5
GENERIC = set("""about after again also before being could does doing every from have into just like make more most
need only other over same some such than that their them then there these they this through want what when where
which while with would your yours order orders item items thing things something anything policy store please
know tell question help""".split())


def _stems(text: str) -> list[str]:
    # The first five letters: "returns", "returned", "returning" meet; cheap and language-agnostic enough here.
    return [w[:5] for w in re.findall(r"[a-z0-9]+", text.lower())]


@dataclass
class _Sections:
    """All sections of one live collection, with a lexical index; rebuilt when the collection changes."""

    name: str
    hits: dict[str, "SectionHit"]
    ids: list[str]
    tfidf: TfidfVectorizer
    matrix: object
    owner: dict[str, tuple[str, bool]]  # every vector's id -> (its section's id, whether it is the section's own)


class PolicyRetriever:
    """Hybrid retrieval: Chroma vectors for sections and their sentences, plus TF-IDF, ranked per section."""

    def __init__(self, store: Store):
        self.store = store
        self._sections: _Sections | None = None

    def _load_sections(self, col) -> _Sections:
        if self._sections is None or self._sections.name != col.name:
            got = col.get(include=["documents", "metadatas"])
            hits, owner = {}, {}
            for id_, doc, meta in zip(got["ids"], got["documents"], got["metadatas"]):
                owner[id_] = (meta["section_id"], meta.get("kind") == "section")
                if meta.get("kind") == "section":
                    body = doc.split("\n", 1)[1] if "\n" in doc else doc  # drop the "Page: Section" line we embedded
                    hits[id_] = SectionHit(id_, meta["source"], meta["section"], meta["page_title"], body, 0.0)
            ids = list(hits)
            tfidf = TfidfVectorizer(analyzer=_stems, sublinear_tf=True)
            matrix = tfidf.fit_transform([f"{hits[i].page_title} {hits[i].section} {hits[i].text}" for i in ids])
            self._sections = _Sections(col.name, hits, ids, tfidf, matrix, owner)
        return self._sections

    def search(self, query_vec: np.ndarray, k: int = 4, query: str = "") -> list[SectionHit]:
        col = self.store.collection("policies")
        if col is None:
            raise ToolError("the policy index is empty: run `storefront ingest` first")
        sections = self._load_sections(col)
        # Ids and distances only: which section a vector belongs to is known from the load, and fetching 60 rows'
        # metadata would cost more than the vector search itself.
        res = col.query(query_embeddings=[query_vec], n_results=CANDIDATES, include=["distances"])
        best_sentence: dict[str, float] = {}
        section_score: dict[str, float] = {}
        for id_, dist in zip(res["ids"][0], res["distances"][0]):
            if id_ not in sections.owner:
                continue
            sid, own = sections.owner[id_]
            target = section_score if own else best_sentence
            target[sid] = max(target.get(sid, -1.0), 1.0 - dist)
        lexical = {}
        if query:
            scores = (sections.matrix @ sections.tfidf.transform([query]).T).toarray().ravel()
            lexical = dict(zip(sections.ids, scores))
        ranked = []
        for sid in set(best_sentence) | set(section_score):
            if sid not in sections.hits:
                continue
            sent = best_sentence.get(sid, section_score.get(sid, 0.0))
            dense = SENTENCE_WEIGHT * sent + SECTION_WEIGHT * section_score.get(sid, sent)
            ranked.append((dense + LEXICAL_WEIGHT * lexical.get(sid, 0.0), dense, sid))
        ranked.sort(reverse=True)
        return [replace(sections.hits[sid], score=round(dense, 4)) for _, dense, sid in ranked[:k]]

    def unknown_terms(self, query: str) -> list[str]:
        """Content words of the query that no policy section contains."""
        if self._sections is None:  # normally loaded by the search this question just ran
            col = self.store.collection("policies")
            if col is None:
                return []
            self._load_sections(col)
        vocab = self._sections.tfidf.vocabulary_
        words = [w for w in re.findall(r"[a-z]+", query.lower()) if len(w) >= 4 and w not in GENERIC]
        return [w for w in words if w[:5] not in vocab]

    def answerable(self, query: str, hits: list[SectionHit], min_score: float) -> bool:
        """Whether the retrieved sections can be trusted to answer: similar enough, and about the same things."""
        if not hits or hits[0].score < min_score:
            return False
        return hits[0].score >= CONFIDENT or not self.unknown_terms(query)


def share(doc: str, terms: list[str]) -> float:
    """The share of `terms` that occur in `doc` (case-insensitive)."""
    if not terms:
        return 0.0
    low = doc.lower()
    return sum(t in low for t in terms) / len(terms)


def where_clause(filters: SearchFilters, multi: set[str]) -> dict | None:
    """Chroma `where` for the filters; multi-valued attributes (sizes) match by `$contains`."""
    parts: list[dict] = []
    if filters.category_ids:
        parts.append({"category_id": {"$in": filters.category_ids}})
    for attr, values in filters.attributes.items():
        if attr in multi:
            parts.append({"$or": [{attr: {"$contains": v}} for v in values]} if len(values) > 1
                         else {attr: {"$contains": values[0]}})
        else:
            parts.append({attr: {"$in": values}})
    for attr, values in filters.excluded.items():
        if attr in multi:
            parts += [{attr: {"$not_contains": v}} for v in values]
        else:
            parts.append({attr: {"$nin": values}})
    if filters.price.min is not None:
        parts.append({"price": {"$gte": float(filters.price.min)}})
    if filters.price.max is not None:
        parts.append({"price": {"$lte": float(filters.price.max)}})
    if filters.in_stock:
        parts.append({"in_stock": True})
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"$and": parts}


# Distinctive words of a query (a brand, a maker, a phrase from a description) that meaning alone can miss in a
# long product text: products containing them are fetched by Chroma's full-text `$contains` and moved up by this
# much per share of those words they contain.
LEXICAL_BOOST = 0.3
SHOPPING_TALK = GENERIC | set("""looking look find show search cheap cheaper cheapest nice good best great under over
less than dollars price priced budget around between without buy gift gifts pair ones instead kind sort type
style another thanks""".split())
LEXICAL_CANDIDATES = 20


class ProductSearch:
    def __init__(self, store: Store, multi_valued: set[str], known_words: set[str] | None = None):
        self.store = store
        self.multi = multi_valued
        # What is left of a query after the words the filters carry and shopping talk is what only a product's
        # own text can match: a brand, a maker, a phrase.
        # Compared in the singular: "dress" is a catalog word because "Dresses" is a category.
        self.common = {singular(w) for w in (known_words or set()) | SHOPPING_TALK}

    def search(self, query_vec: np.ndarray, filters: SearchFilters, k: int = 5, text: str = "") -> list[ProductHit]:
        col = self.store.collection("products")
        if col is None:
            raise ToolError("the product index is empty: run `storefront ingest` first")
        where = where_clause(filters, self.multi)
        terms = self.distinctive_terms(text)
        res = col.query(query_embeddings=[query_vec], n_results=k, where=where,
                        include=["metadatas", "distances", "documents"] if terms else ["metadatas", "distances"])
        docs = res["documents"][0] if terms else [""] * len(res["ids"][0])
        found = {id_: (meta, 1.0 - dist, doc) for id_, meta, dist, doc
                 in zip(res["ids"][0], res["metadatas"][0], res["distances"][0], docs)}
        if terms:
            found.update(self._lexical(col, query_vec, where, terms, exclude=set(found)))
        ranked = sorted(((score + LEXICAL_BOOST * share(doc, terms), id_, meta)
                         for id_, (meta, score, doc) in found.items()), key=lambda r: -r[0])
        return [self._hit(id_, meta, 1.0 - score, filters) for score, id_, meta in ranked[:k]]

    def distinctive_terms(self, text: str) -> list[str]:
        words = dict.fromkeys(w for w in re.findall(r"[a-z][a-z'-]+", text.lower())
                              if len(w) >= 4 and singular(w) not in self.common)
        return list(words)[:4]

    def _lexical(self, col, query_vec: np.ndarray, where: dict | None, terms: list[str], exclude: set[str]) -> dict:
        """Products within the filters whose text contains any distinctive term, ranked by meaning as well."""
        variants = [{"$contains": v} for t in terms for v in dict.fromkeys((t, t.capitalize(), t.upper()))]
        res = col.query(query_embeddings=[query_vec], n_results=LEXICAL_CANDIDATES, where=where,
                        where_document=variants[0] if len(variants) == 1 else {"$or": variants},
                        include=["metadatas", "distances", "documents"])
        return {id_: (meta, 1.0 - dist, doc) for id_, meta, dist, doc
                in zip(res["ids"][0], res["metadatas"][0], res["distances"][0], res["documents"][0])
                if id_ not in exclude}

    @staticmethod
    def _hit(id_: str, meta: dict, dist: float, filters: SearchFilters) -> ProductHit:
        matched = {}
        for attr, values in filters.attributes.items():
            have = meta.get(attr)
            have_list = have if isinstance(have, list) else [have]
            hits = [v for v in values if v in have_list]
            if hits:
                matched[attr] = ", ".join(hits)
        return ProductHit(id=id_, title=meta["title"], brand=meta["brand"], price=meta["price"],
                          category=meta["category"], rating=meta["rating"], in_stock=meta["in_stock"],
                          matched=matched, score=round(1.0 - dist, 4), description=meta.get("description", ""))
