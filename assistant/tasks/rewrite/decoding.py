"""From tags back to filters: spans, segments, price bounds, and attributes that apply to the category."""

from __future__ import annotations

from assistant.schemas import PriceRange, SearchFilters
from assistant.tasks.base import TaskContext
from assistant.tasks.rewrite.index import Marks
from assistant.tasks.rewrite.tokens import NUMBER, TAGS_PRICE, _is_content


def _runs(tags: list[str]):
    """(start, end, tag) for each run of one non-O tag."""
    start = 0
    for i in range(1, len(tags) + 1):
        if i == len(tags) or tags[i] != tags[start]:
            if tags[start] != "O":
                yield start, i, tags[start]
            start = i


def _segments(marks: Marks, words: list[str], start: int, end: int) -> list[tuple[int, int]]:
    """Split a run at exact ontology forms ("navy white" is two colours); drop pieces of stop words only."""
    segs, s, i = [], start, start
    while i < end:
        if marks.pos[i] == "B":
            j = i + 1
            while j < end and marks.pos[j] == "I":
                j += 1
            if s < i:
                segs.append((s, i))
            segs.append((i, j))
            s = i = j
        else:
            i += 1
    if s < end:
        segs.append((s, end))
    return [(a, b) for a, b in segs if marks.pos[a] == "B" or any(_is_content(w) for w in words[a:b])]


def _decode_price(words: list[str], tags: list[str]) -> PriceRange:
    p = PriceRange()
    for w, t in zip(words, tags):
        if t not in TAGS_PRICE or not NUMBER.match(w):
            continue
        v = float(w)
        if t == "PMIN":
            p.min = v if p.min is None else min(p.min, v)
        elif t == "PMAX":
            p.max = v if p.max is None else max(p.max, v)
        else:  # "around $50": the lexicon's +-20 %
            p.min, p.max = round(v * 0.8, 2), round(v * 1.2, 2)
    if p.min is not None and p.max is not None and p.min > p.max:
        p.min, p.max = p.max, p.min
    return p


def _keep_applicable(f: SearchFilters, ctx: TaskContext) -> SearchFilters:
    """Drop attributes the ontology says the category does not have (no 'occasion' on a speaker)."""
    if not f.category_ids:
        return f
    depts = {ctx.ontology.department_of(ctx.taxonomy.paths.get(c, "")) for c in f.category_ids}
    for bucket in (f.attributes, f.excluded):
        for attr in list(bucket):
            spec = ctx.ontology.attributes.get(attr)
            if not bucket[attr] or (spec and spec.applies_to and not depts & set(spec.applies_to)):
                bucket.pop(attr)
    return f
