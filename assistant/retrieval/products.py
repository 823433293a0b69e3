"""Search over the products by meaning within the shopper's filters, with a product's own words (a brand, a
maker) moving it up."""

from __future__ import annotations

import re

import numpy as np

from assistant.errors import ToolError
from assistant.knowledge import singular
from assistant.retrieval.stopwords import GENERIC
from assistant.retrieval.store import Store
from assistant.schemas import ProductHit, SearchFilters


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
