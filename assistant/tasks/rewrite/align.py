"""Aligning training rows: each gold value pinned to the words that express it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.schemas import PriceRange, SearchFilters
from assistant.tasks.rewrite.features import _mean_vec
from assistant.tasks.rewrite.index import Marks, OntologyIndex
from assistant.tasks.rewrite.lexicon import MAX_NGRAM
from assistant.tasks.rewrite.tokens import ALIGN_MIN_COS, NUMBER, SPAN_MAX, SPAN_PENALTY, Tokens, _is_content


@dataclass
class Aligned:
    """One training query with its gold filters pinned on words: token tags and the spans behind each value."""

    tags: list[str]
    values: list[tuple[int, int, str, str, bool]]  # (start, end, attr, value, excluded)
    cats: list[tuple[int, int, int]]  # (start, end, category id)
    how: dict[str, int]


def _price_tag(word: str, price: PriceRange) -> str | None:
    if not NUMBER.match(word):
        return None
    v = float(word)
    if price.min is not None and price.max is not None and abs(v * 0.8 - price.min) < 0.01 \
            and abs(v * 1.2 - price.max) < 0.01:
        return "PAROUND"
    return "PMIN" if v == price.min else "PMAX" if v == price.max else None


def align(tok: Tokens, marks: Marks, gold: SearchFilters, index: OntologyIndex,
          wv: dict[str, np.ndarray], protos: dict) -> Aligned:
    """Pin each gold unit on the words that say it: exact form, else fuzzy form, else nearest unclaimed words."""
    n, words = len(tok.words), tok.words
    tags = [_price_tag(w, gold.price) or "O" for w in words]
    pending = [(a, v, False) for a, vs in gold.attributes.items() for v in vs]
    pending += [(a, v, True) for a, vs in gold.excluded.items() for v in vs]
    cats_left = list(gold.category_ids)
    out = Aligned(tags, [], [], {"exact": 0, "fuzzy": 0, "embedding": 0, "unaligned": 0})

    def claim(start: int, end: int, unit, how: str) -> None:
        for j in range(start, end):
            tags[j] = "CAT" if isinstance(unit, int) else unit[0]
        if isinstance(unit, int):
            out.cats.append((start, end, unit))
            cats_left.remove(unit)
        else:
            out.values.append((start, end, *unit))
            pending.remove(unit)
        out.how[how] += 1

    i = 0
    while i < n:  # exact ontology forms, longest first, as Marks found them
        if marks.pos[i] == "B":
            end = i + 1
            while end < n and marks.pos[end] == "I":
                end += 1
            unit = next((u for u in pending if u[:2] == (marks.attr[i], marks.value[i])), None)
            if unit and all(t == "O" for t in tags[i:end]):
                claim(i, end, unit, "exact")
            i = end
            continue
        i += 1
    for i in range(n):
        if tags[i] != "O":
            continue
        unit = next((u for u in pending if marks.fuzzy[i] and u[:2] == marks.fuzzy[i]), None)
        if unit:
            claim(i, i + 1, unit, "fuzzy")
    for i in range(n):
        for k in range(min(MAX_NGRAM, n - i), 0, -1):
            cids = index.category(tuple(words[i:i + k]))
            hit = next((c for c in cats_left if cids and c in cids), None)
            if hit and all(t == "O" for t in tags[i:i + k]):
                claim(i, i + k, hit, "exact")
                break
    _align_by_embedding(tok, marks, tags, [*pending, *cats_left], wv, protos, claim)
    out.how["unaligned"] = len(pending) + len(cats_left)
    return out


def _align_by_embedding(tok: Tokens, marks: Marks, tags: list[str], units: list, wv, protos, claim) -> None:
    """Greedy: the (unit, span of unclaimed content words) pair with the highest cosine, then the next."""
    words, n = tok.words, len(tok.words)
    spans = [(s, e) for s in range(n) for e in range(s + 1, min(n, s + SPAN_MAX) + 1)
             if _is_content(words[s]) and _is_content(words[e - 1]) and all(t == "O" for t in tags[s:e])]
    if not units or not spans:
        return
    span_vecs = np.stack([_mean_vec(words[s:e], wv) for s, e in spans])
    unit_vecs = np.stack([protos[u if isinstance(u, int) else u[:2]] for u in units])
    # a longer span must earn its extra words; a product word is never an attribute value's span
    penalty = np.array([SPAN_PENALTY * (e - s - 1) for s, e in spans])
    is_value = np.array([not isinstance(u, int) for u in units])[:, None]
    has_cat = np.array([any(marks.cat[s:e]) for s, e in spans])[None, :]
    sims = unit_vecs @ span_vecs.T - penalty[None, :] - 2.0 * (is_value & has_cat)
    taken: set[int] = set()
    for _ in range(len(units)):
        u, sp = np.unravel_index(int(np.argmax(sims)), sims.shape)
        if sims[u, sp] < ALIGN_MIN_COS:
            return
        s, e = spans[sp]
        claim(s, e, units[u], "embedding")
        taken.update(range(s, e))
        sims[u, :] = -1
        for k, (s2, e2) in enumerate(spans):
            if taken & set(range(s2, e2)):
                sims[:, k] = -1
