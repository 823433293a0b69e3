"""The lexicon rewriter: the ontology's synonyms matched word for word, prices by pattern (the baseline, and the agent's fast path)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.knowledge import Ontology, Taxonomy, singular
from assistant.retrieval.stopwords import QUERY_STOP
from assistant.schemas import PriceRange, SearchFilters


NUM = r"\$?\s*(\d+(?:[.,]\d+)?)\s*(?:dollars|bucks|usd)?"
PRICE_PATTERNS = [
    (re.compile(rf"\bbetween\s+{NUM}\s+(?:and|-|to)\s+{NUM}"), "range"),
    (re.compile(rf"{NUM}\s*(?:-|to)\s*{NUM}"), "range"),
    (re.compile(rf"\b(?:under|below|less than|cheaper than|max(?:imum)?|at most|up to|no more than|<)\s*{NUM}"), "max"),
    (re.compile(rf"\b(?:over|above|more than|at least|min(?:imum)?|from|>)\s*{NUM}"), "min"),
    (re.compile(rf"\b(?:around|about|roughly|approximately|~)\s*{NUM}"), "around"),
]
NEGATIONS = re.compile(r"\b(?:without(?: an?| the)?|no|not|non|never|avoid|except|but not|minus)\s*[- ]?$")
# "no, for a man" corrects the last search; it does not negate what follows.
CORRECTION = re.compile(r"^\s*(?:no|nope|actually|hmm|ok|okay)\s*[,.!;:]+\s*")
# "do you guys sell lipstick": "guys" addresses the store, it asks for no men's lipstick (the ontology's "guys" is men)
ADDRESS = re.compile(r"\b(you|u|ya|y'?all)\s+guys\b", re.I)
MAX_NGRAM = 4


@dataclass
class Lexicon:
    """Surface forms of categories and attribute values, built from the taxonomy and ontology."""

    attributes: dict[str, tuple[str, str]]
    categories: dict[str, list[int]]

    @classmethod
    def build(cls, taxonomy: Taxonomy, ontology: Ontology, category_synonyms: dict[int, list[str]] | None = None):
        cats: dict[str, list[int]] = {}
        for cid in taxonomy.leaves:
            names = re.split(r"\s*(?:&|,| and )\s*", taxonomy.name(cid).lower())
            for form in [*names, *(category_synonyms or {}).get(cid, [])]:
                form = form.strip()
                if form:
                    cats.setdefault(singular(form) if " " not in form else form, []).append(cid)
        return cls(dict(ontology.lexicon), cats)


class LexiconRewriter:
    """Maps a query onto the ontology by its synonyms alone: no training. It is the rewrite task's baseline."""

    name = "lexicon"

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon

    def rewrite(self, query: str) -> SearchFilters:
        text = query.lower().replace("’", "'")
        text = ADDRESS.sub(r"\1", CORRECTION.sub("", text))
        filters = SearchFilters(price=_price(text))
        text = _strip_prices(text)
        words = re.findall(r"[a-z0-9']+(?:-[a-z0-9]+)*", text)
        leftover: list[str] = []
        i = 0
        while i < len(words):
            n, hit = self._longest_match(words, i)
            if hit is None:
                leftover.append(words[i])
                i += 1
                continue
            negated = bool(NEGATIONS.search(" ".join(words[max(0, i - 2):i]) + " "))
            self._apply(filters, hit, negated)
            i += n
        filters.text = " ".join(w for w in leftover if w not in QUERY_STOP and not NEGATIONS.search(w + " "))
        return filters

    def _longest_match(self, words: list[str], i: int):
        for n in range(min(MAX_NGRAM, len(words) - i), 0, -1):
            phrase = " ".join(words[i:i + n])
            for form in (phrase, singular(phrase)):
                if form in self.lexicon.attributes:
                    return n, ("attr", self.lexicon.attributes[form])
                if form in self.lexicon.categories:
                    return n, ("cat", self.lexicon.categories[form])
        return 1, None

    @staticmethod
    def _apply(filters: SearchFilters, hit, negated: bool) -> None:
        kind, value = hit
        if kind == "cat":
            if not negated:
                filters.category_ids += [c for c in value if c not in filters.category_ids]
            return
        attr, canonical = value
        target = filters.excluded if negated else filters.attributes
        if canonical not in target.setdefault(attr, []):
            target[attr].append(canonical)


def _price(text: str) -> PriceRange:
    for pattern, kind in PRICE_PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        nums = [float(g.replace(",", ".")) for g in m.groups() if g]
        if kind == "range":
            return PriceRange(min=min(nums), max=max(nums))
        if kind == "max":
            return PriceRange(max=nums[0])
        if kind == "min":
            return PriceRange(min=nums[0])
        return PriceRange(min=round(nums[0] * 0.8, 2), max=round(nums[0] * 1.2, 2))
    return PriceRange()


def _strip_prices(text: str) -> str:
    for pattern, _ in PRICE_PATTERNS:
        text = pattern.sub(" ", text)
    return text


def merge(previous: SearchFilters | None, new: SearchFilters) -> SearchFilters:
    """A refinement ("under $50", "in blue instead", "for a man") updates the previous filters."""
    if previous is None:
        return new
    merged = previous.model_copy(deep=True)
    if new.category_ids:
        merged.category_ids = new.category_ids
    for attr, values in new.attributes.items():
        merged.attributes[attr] = values  # "in blue instead" replaces the colour
        merged.excluded.pop(attr, None)
    for attr, values in new.excluded.items():
        merged.excluded[attr] = sorted(set(merged.excluded.get(attr, [])) | set(values))
        merged.attributes[attr] = [v for v in merged.attributes.get(attr, []) if v not in values]
        if not merged.attributes[attr]:
            merged.attributes.pop(attr)
    if new.price.min is not None or new.price.max is not None:
        merged.price = new.price
    merged.in_stock = merged.in_stock or new.in_stock
    merged.text = new.text or merged.text
    return merged
