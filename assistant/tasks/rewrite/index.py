"""The ontology as the tagger sees it: every form of every value, exact and fuzzy, singular or plural."""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from assistant.knowledge import Ontology, Taxonomy, singular
from assistant.tasks.rewrite.lexicon import Lexicon, MAX_NGRAM
from assistant.tasks.rewrite.tokens import FUZZY_EDITS, FUZZY_MIN, tokenize


@dataclass
class Marks:
    """What the ontology says about each word of a query: exact form, fuzzy form, product-type word."""

    attr: list[str | None]
    value: list[str | None]
    pos: list[str]
    fuzzy: list[tuple[str, str] | None]
    cat: list[bool]


@dataclass
class OntologyIndex:
    """The ontology's surface forms as word tuples (exact and fuzzy matching) and the taxonomy's product words."""

    forms: dict[tuple[str, ...], tuple[str, str]]
    categories: dict[tuple[str, ...], list[int]]
    single: list[str]
    cat_single: list[str]
    by_attr: dict[str, list[tuple[str, str]]]  # attr -> [(form text, value)]
    _fuzzy: dict[str, tuple[str, str] | None] = field(default_factory=dict)

    @classmethod
    def build(cls, taxonomy: Taxonomy, ontology: Ontology) -> "OntologyIndex":
        lex = Lexicon.build(taxonomy, ontology)
        forms: dict[tuple[str, ...], tuple[str, str]] = {}
        by_attr: dict[str, list[tuple[str, str]]] = {}
        for form, (attr, value) in lex.attributes.items():
            key = tuple(tokenize(form).words)
            if key:
                forms.setdefault(key, (attr, value))
                by_attr.setdefault(attr, []).append((" ".join(key), value))
        for key, hit in list(forms.items()):  # the ontology says "girls", a shopper "a 12 year old girl"
            forms.setdefault((*key[:-1], singular(key[-1])), hit)
        cats = {tuple(tokenize(f).words): cids for f, cids in lex.categories.items() if tokenize(f).words}
        single = sorted(" ".join(k) for k in forms if len(k) == 1 and len(k[0]) >= 4 and k[0].isalpha())
        cat_single = sorted(k[0] for k in cats if len(k) == 1 and len(k[0]) >= 4)
        return cls(forms, cats, single, cat_single, by_attr)

    def lookup(self, words: tuple[str, ...]) -> tuple[str, str] | None:
        hit = self.forms.get(words)
        if hit is None and words:
            hit = self.forms.get((*words[:-1], singular(words[-1])))
        return hit

    def category(self, words: tuple[str, ...]) -> list[int] | None:
        return self.categories.get(words) or (self.categories.get((*words[:-1], singular(words[-1])))
                                              if words else None)

    def fuzzy(self, word: str) -> tuple[str, str] | None:
        """The ontology value a misspelt word most likely means, or None."""
        if word not in self._fuzzy:
            hit = None
            if len(word) >= 4 and word.isalpha() and self.lookup((word,)) is None:
                best = process.extractOne(word, self.single, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN)
                if best and OSA.distance(word, best[0]) <= FUZZY_EDITS:
                    hit = self.forms[(best[0],)]
            self._fuzzy[word] = hit
        return self._fuzzy[word]

    def is_category_word(self, word: str) -> bool:
        key = "\0" + word  # shares the fuzzy cache under a prefix no word has
        if key not in self._fuzzy:
            self._fuzzy[key] = bool(self.category((word,))) or (len(word) >= 4 and process.extractOne(
                word, self.cat_single, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN) is not None)
        return bool(self._fuzzy[key])

    def mark(self, words: list[str]) -> Marks:
        n = len(words)
        m = Marks([None] * n, [None] * n, ["O"] * n, [self.fuzzy(w) for w in words], [False] * n)
        i = 0
        while i < n:
            for k in range(min(MAX_NGRAM, n - i), 0, -1):
                gram = tuple(words[i:i + k])
                hit, cat = self.lookup(gram), self.category(gram)
                if hit or cat:
                    for j in range(i, i + k):
                        if hit:
                            m.attr[j], m.value[j], m.pos[j] = hit[0], hit[1], "B" if j == i else "I"
                        m.cat[j] = m.cat[j] or bool(cat)
                    i += k - 1
                    break
            i += 1
        for j, w in enumerate(words):
            m.cat[j] = m.cat[j] or (m.attr[j] is None and self.is_category_word(w))
        return m
