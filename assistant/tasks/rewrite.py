"""Query rewriting: a shopper's words mapped onto the catalog's categories, attributes and price.

Two implementations share one interface (`RewriteInput` -> `RewriteOutput`, a `SearchFilters`):

* `LexiconRewriter` (the baseline, and the agent's fast path): the ontology's synonyms matched word for word.
* `SlotRewriter` (the fine-tuned local model): a trained slot model with ontology normalization. Spelt-out
  prices ("under fifty") are first read as digits. A per-token linear-SVM tagger (context-window words, char
  affixes, exact and rapidfuzz-fuzzy ontology matches, singular or plural, the lexicon's reading of each price,
  MiniLM word vectors) marks which words name an attribute, a product type or a price bound. Each attribute span
  is then normalized to a canonical value (exact ontology form, a form seen in training, a rapidfuzz match for
  misspellings, else a learned span classifier), a learned negation-scope classifier on the span's context (its
  words, and MiniLM vectors of the content words before it) decides included vs excluded, and query-level
  classifiers (MiniLM query embedding + char n-grams) pick the category leaf (or none) and read in-stock asks.
  A leaf is kept when a word names or is tagged as a product type, else only when its margin clears a bar chosen
  by cross-validation on the training rows. Attributes that do not apply to the predicted category's department
  are dropped.
  Training rows carry only filters, not spans: each gold value is first aligned to the words that express it
  (exact ontology form, else fuzzy, else the unclaimed words closest in MiniLM space to the value).
"""

from __future__ import annotations

import json
import logging
import re
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import joblib
import numpy as np
import sklearn
from pydantic import BaseModel, Field
from rapidfuzz import fuzz, process
from scipy import sparse
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC
from tqdm import tqdm

from assistant.errors import DataError
from assistant.knowledge import Ontology, Taxonomy, read_jsonl, singular
from assistant.models.registry import TaskSpec, register_task
from assistant.schemas import PriceRange, Product, SearchFilters
from assistant.tasks.base import Example, TaskContext
from assistant.training.rows import parse_rows, require, warn_rare_labels

log = logging.getLogger(__name__)

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
STOPWORDS = set("""a an the for me my i im i'm want need looking look some something any with and or in on of to
show find get please that is are be can you do does which what good nice new under over between dollars""".split())
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
        text = CORRECTION.sub("", text)
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
        filters.text = " ".join(w for w in leftover if w not in STOPWORDS and not NEGATIONS.search(w + " "))
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


# ================================================================================================ task interface

class RewriteInput(BaseModel):
    """One shopper query, as typed."""

    query: str = Field(min_length=1)


RewriteOutput = SearchFilters  # the agent's filter schema is the task's output, unchanged

TAGS_PRICE = ("PMIN", "PMAX", "PAROUND")
TOKEN = re.compile(r"\$|[a-z0-9]+(?:[.'][a-z0-9]+)*")
NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
EXTRA_STOP = set("""please pls thx thanks asap it one ones this that that's those these very really like just too
also so if have has got hi hey hello there is it's i'd love help where sell""".split())
CONTENT_STOP = STOPWORDS | EXTRA_STOP
WINDOW = 3  # context words each side the tagger sees: "cheaper than $ 80" needs three to the left
SPAN_MAX = 4  # longest run of words aligned to one value in training ("for a night out")
FUZZY_MIN = 82  # rapidfuzz ratio for a misspelt ontology word: "lether"/"leather" = 92 ("bluish"/"blush" = 91 too)
FUZZY_VALUE_MIN = 86  # stricter when the tagger already named the attribute and only the value is fuzzy
FUZZY_FEATURE = 1.5  # 1.5: a misspelt word's own features are always unseen, so its fuzzy match must weigh more
ALIGN_MIN_COS = 0.2  # below this an unmatched gold value is left unaligned rather than pinned on a random word
SPAN_PENALTY = 0.04  # cosine a span gives up per extra word: "airy" beats "airy maxi"


@dataclass
class Tokens:
    words: list[str]
    seps: list[str]  # the separator before each word: "" at the start, " ", ",", "-", "/" ...
    prices: list[str | None] = field(default_factory=list)  # what the lexicon's price patterns make of a number


TENS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
TEENS = {w: 10 + i for i, w in enumerate("ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen "
                                            "nineteen".split())}
UNITS = {w: i + 1 for i, w in enumerate("one two three four five six seven eight nine".split())}
# Only ten and up, and "a/one hundred": "one size" and "two pack" are not prices, "under fifty" is.
NUMBER_WORDS = re.compile(rf"\b(?:(?:a|one)\s+(?P<h>hundred)|(?P<t>{'|'.join(TENS)})(?:[\s-]+(?P<u>{'|'.join(UNITS)}))?"
                          rf"|(?P<n>{'|'.join(TEENS)}))\b")


def _number_words(text: str) -> str:
    """Spelt-out prices become digits ("under fifty" -> "under 50"), so the price patterns and the tagger see them."""
    def value(m: re.Match) -> str:
        if m["h"]:
            return "100"
        if m["n"]:
            return str(TEENS[m["n"]])
        return str(TENS[m["t"]] + UNITS.get(m["u"] or "", 0))
    return NUMBER_WORDS.sub(value, text)


def tokenize(text: str) -> Tokens:
    """Lower-cased words, numbers and "$", each with the punctuation that precedes it (commas bound negations)."""
    text = _number_words(CORRECTION.sub("", text.lower().replace("’", "'")))
    words, seps, starts, end = [], [], [], 0
    for m in TOKEN.finditer(text):
        gap = text[end:m.start()].strip()
        seps.append(gap[:1] if gap else (" " if words else ""))
        words.append(m.group())
        starts.append(m.start())
        end = m.end()
    return Tokens(words, seps, _regex_prices(text, starts))


def _regex_prices(text: str, starts: list[int]) -> list[str | None]:
    """The baseline's reading of each number ("under $50" -> max), kept as a feature the tagger may trust."""
    out: list[str | None] = [None] * len(starts)
    where = {s: i for i, s in enumerate(starts)}
    for pattern, kind in PRICE_PATTERNS:
        for m in pattern.finditer(text):
            for g in range(1, (m.lastindex or 0) + 1):
                i = where.get(m.start(g))
                if i is not None and out[i] is None:
                    out[i] = ("min" if g == 1 else "max") if kind == "range" else kind
    return out


def _is_content(word: str) -> bool:
    return word not in CONTENT_STOP and word != "$" and not NUMBER.match(word)


# ================================================================================================ ontology index

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
                hit = self.forms[(best[0],)] if best else None
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


# ================================================================================================ features

def _shape(word: str) -> str:
    if NUMBER.match(word):
        return "num" if float(word) < 1000 else "bignum"
    return "$" if word == "$" else "alpha" if word.isalpha() else "mix"


def token_features(tok: Tokens, marks: Marks, i: int) -> dict[str, float]:
    """Sparse features of word i: itself, its affixes, its neighbours and what the ontology says about them."""
    words, n = tok.words, len(tok.words)
    w = words[i]
    f = {"b": 1.0, f"w={w}": 1.0, f"s={singular(w)}": 1.0, f"p3={w[:3]}": 1.0, f"x3={w[-3:]}": 1.0,
         f"shape={_shape(w)}": 1.0, f"sep={tok.seps[i]}": 1.0, f"sepn={tok.seps[i + 1] if i + 1 < n else '$'}": 1.0}
    for d in range(-WINDOW, WINDOW + 1):
        j = i + d
        if d == 0:
            continue
        ctx = words[j] if 0 <= j < n else ("<s>" if j < 0 else "</s>")
        f[f"w{d:+d}={ctx}"] = 1.0
        if 0 <= j < n and marks.attr[j]:
            f[f"lex{d:+d}={marks.attr[j]}"] = 1.0
        if 0 <= j < n and marks.cat[j] and abs(d) == 1:
            f[f"cat{d:+d}"] = 1.0
    f[f"bi-={words[i - 1] if i else '<s>'}|{w}"] = 1.0
    f[f"bi+={w}|{words[i + 1] if i + 1 < n else '</s>'}"] = 1.0
    if tok.prices and tok.prices[i]:
        f[f"rx={tok.prices[i]}"] = 1.0
    if marks.attr[i]:
        f[f"lex={marks.attr[i]}"] = 1.0
        f[f"lexpos={marks.pos[i]}"] = 1.0
    if marks.fuzzy[i]:
        f[f"fz={marks.fuzzy[i][0]}"] = FUZZY_FEATURE
    if marks.cat[i]:
        f["cat"] = 1.0
    return f


def negation_features(tok: Tokens, start: int, end: int, attr: str) -> dict[str, float]:
    """The context of a value's words that tells 'black' from 'anything but black'."""
    words, seps, n = tok.words, tok.seps, len(tok.words)
    f = {"b": 1.0, f"attr={attr}": 1.0, f"sepL={seps[start]}": 1.0, f"sepR={seps[end] if end < n else '$'}": 1.0}
    for k in range(1, 5):  # the start of the query counts once, so three "<s>" cannot outvote one "no"
        f[f"L{k}={words[start - k] if start - k >= 0 else '<s>'}"] = 1.0
        if start - k < 0:
            break
    for j in range(max(0, start - 6), start):
        f[f"LB={words[j]}"] = 1.0
        # a comma or "but" between a negator and the value usually ends the negation's scope
        if any(seps[q] == "," for q in range(j + 1, start + 1)):
            f[f"LBc={words[j]}"] = 1.0
    f[f"L2g={' '.join(words[max(0, start - 2):start])}"] = 1.0
    for k in range(2):
        f[f"R{k + 1}={words[end + k] if end + k < n else '</s>'}"] = 1.0
    return f


NEG_VEC_WEIGHT = 0.5  # MiniLM vectors of the content words before a value: "skip" and "hate" sit near "avoid"


def negation_matrix(vec: DictVectorizer, spans: list[tuple[Tokens, int, int, str]], wv: dict[str, np.ndarray],
                    fit: bool = False):
    """Sparse context features plus the vectors of the nearest content word before each value and of the rest of the
    four words before it."""
    feats = [negation_features(tok, s, e, attr) for tok, s, e, attr in spans]
    dense = np.stack([np.concatenate([_mean_vec(near, wv), _mean_vec(rest, wv)])
                      for near, rest in (_left_context(tok.words, s) for tok, s, _, _ in spans)]) * NEG_VEC_WEIGHT
    return _hstack([vec.fit_transform(feats) if fit else vec.transform(feats), dense])


def _left_context(words: list[str], start: int) -> tuple[list[str], list[str]]:
    """The nearest content word within four before a value, and the other content words there: in "skip the onyx"
    the cue is "skip", not "the", and in "nothing made of bamboo" the "of" says nothing."""
    window = [w for w in words[max(0, start - 4):start] if _is_content(w)]
    return window[-1:], window[:-1]


def span_text(words: list[str]) -> str:
    return " ".join(words)


def _mean_vec(words: list[str], wv: dict[str, np.ndarray]) -> np.ndarray:
    v = np.mean([wv[w] for w in words], axis=0) if words else np.zeros(384, dtype=np.float32)
    norm = float(np.linalg.norm(v))
    return (v / norm if norm else v).astype(np.float32)


# ================================================================================================ alignment

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


# ================================================================================================ the fine-tuned model

WORD_VEC_WEIGHT = 1.0  # MiniLM word vectors beside the sparse features: lets "hubby" lean on "husband"
TAGGER_C = 0.5  # C=0.5: ~8,000 tokens, ~25,000 sparse features; weaker penalties learn the templates by heart
HEAD_C = 1.0  # C=1: liblinear's default; the span and stock heads see short, clean texts


@dataclass
class SlotHeads:
    """Everything the slot model learned; sklearn objects go to joblib, the rest to JSON."""

    tag_vec: DictVectorizer
    tagger: LinearSVC
    neg_vec: DictVectorizer
    negation: LinearSVC
    span_chars: TfidfVectorizer
    values: dict[str, LinearSVC | str]  # attr -> classifier, or the only value seen
    category: LinearSVC
    cat_chars: TfidfVectorizer
    stock_words: TfidfVectorizer
    stock: LinearSVC
    memory: dict[str, list[str]] = field(default_factory=dict)  # span text -> [attr, value] seen in training
    info: dict = field(default_factory=dict)
    # Word vectors shipped with the model (see _known_words): a chat turn then embeds only the words it has never
    # seen, instead of paying a second MiniLM call the first time each common word comes up.
    words: dict[str, np.ndarray] = field(default_factory=dict)


_WORDS: dict[str, np.ndarray] = {}  # word -> MiniLM vector; shoppers' words repeat from turn to turn
_WORDS_MAX = 20_000  # ~30 MB


def _word_vectors(words: list[str], embedder, known: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    found = {w: known[w] for w in words if w in known}
    missing = [w for w in words if w not in found and w not in _WORDS]
    if missing:
        if len(_WORDS) + len(missing) > _WORDS_MAX:
            _WORDS.clear()
        _WORDS.update(zip(missing, embedder.encode(missing)))
    return {w: found[w] if w in found else _WORDS[w] for w in words}


@dataclass
class Encoded:
    """A batch of queries: tokens, ontology marks, and MiniLM vectors of the queries and of every word."""

    toks: list[Tokens]
    marks: list[Marks]
    qv: np.ndarray
    wv: dict[str, np.ndarray]
    extra: np.ndarray

    @classmethod
    def build(cls, queries: list[str], index: OntologyIndex, embedder, extra_texts: list[str] = (),
              known: dict[str, np.ndarray] | None = None) -> "Encoded":
        toks = [tokenize(q) for q in queries]
        vocab = sorted({w for t in toks for w in t.words})
        if len(queries) == 1 and not extra_texts:  # a chat turn: reuse what the turn and earlier turns embedded
            words = _word_vectors(vocab, embedder, known or {})
            return cls(toks, [index.mark(toks[0].words)], embedder.encode_query(queries[0])[None, :], words,
                       np.zeros((0, embedder.dim), dtype=np.float32))
        vecs = embedder.encode([*queries, *vocab, *extra_texts])  # one call for the whole batch
        nq, nv = len(queries), len(vocab)
        return cls(toks, [index.mark(t.words) for t in toks], vecs[:nq], dict(zip(vocab, vecs[nq:nq + nv])),
                   vecs[nq + nv:])

    def token_matrix(self, vec: DictVectorizer, fit: bool = False):
        feats = [token_features(t, m, i) for t, m in zip(self.toks, self.marks) for i in range(len(t.words))]
        dense = np.stack([self.wv[w] for t in self.toks for w in t.words]) * WORD_VEC_WEIGHT
        sp = vec.fit_transform(feats) if fit else vec.transform(feats)
        return _hstack([sp, dense])


def _hstack(parts) -> sparse.csr_matrix:
    """Join sparse and dense blocks; liblinear wants 32-bit indices, which scipy's hstack does not keep."""
    m = sparse.hstack([p if sparse.issparse(p) else sparse.csr_matrix(p) for p in parts]).tocsr()
    m.indices, m.indptr = m.indices.astype(np.int32), m.indptr.astype(np.int32)
    return m


def _span_matrix(heads_chars: TfidfVectorizer, texts: list[str], vecs: np.ndarray, qvecs: np.ndarray | None = None):
    return _hstack([heads_chars.transform(texts), vecs, *([] if qvecs is None else [qvecs])])


def _linear(c: float = HEAD_C, balanced: bool = False) -> LinearSVC:
    """A linear SVM (liblinear): as accurate as logistic regression here and ten times faster to fit."""
    return LinearSVC(C=c, class_weight="balanced" if balanced else None, random_state=0)


class SlotRewriter:
    """A trained slot model with ontology normalization (see the module docstring)."""

    task = "rewrite"
    kind = "finetuned"
    name = "slot-tagger-logreg"

    def __init__(self, heads: SlotHeads, ctx: TaskContext):
        self.heads, self.ctx = heads, ctx
        self.index = OntologyIndex.build(ctx.taxonomy, ctx.ontology)

    # ---------------------------------------------------------------------------------------- training
    @classmethod
    def train(cls, examples: list[Example], ctx: TaskContext, progress: bool = True) -> "SlotRewriter":
        index = OntologyIndex.build(ctx.taxonomy, ctx.ontology)
        golds = [e.output for e in examples]
        with tqdm(total=6, desc="rewrite: train", disable=not progress) as bar:
            forms, cat_forms = _form_texts(index)
            enc = Encoded.build([e.input.query for e in examples], index, ctx.embedder,
                                [t for t, _ in forms] + [t for t, _ in cat_forms])
            proto_vecs = _prototypes(forms, cat_forms, enc.extra)
            aligned = [align(t, m, g, index, enc.wv, proto_vecs) for t, m, g in zip(enc.toks, enc.marks, golds)]
            bar.update()
            tag_vec = DictVectorizer()
            tagger = _fit(_linear(TAGGER_C), enc.token_matrix(tag_vec, fit=True), [t for a in aligned for t in a.tags])
            bar.update()
            chars, values, memory = _train_values(enc, aligned, forms, cat_forms)
            bar.update()
            neg_vec, negation = _train_negation(enc, aligned)
            bar.update()
            queries, cat_vecs = [e.input.query for e in examples], enc.extra[len(forms):]
            cat_chars, category = _train_category(queries, enc.qv, golds, cat_forms, cat_vecs)
            cat_margin = _cv_category_margin(queries, enc, golds, aligned, cat_forms, cat_vecs)
            bar.update()
            stock_words, stock = _train_stock([e.input.query for e in examples], enc.qv, golds)
            bar.update()
        how = {k: sum(a.how[k] for a in aligned) for k in aligned[0].how} if aligned else {}
        log.info("rewrite: aligned gold units %s", how)
        heads = SlotHeads(tag_vec, tagger, neg_vec, negation, chars, values, category, cat_chars, stock_words, stock,
                          memory, info={"examples": len(examples), "alignment": how, "cat_margin": cat_margin},
                          words=_known_words(enc, [t for t, _ in forms] + [t for t, _ in cat_forms], ctx))
        return cls(heads, ctx)

    # ---------------------------------------------------------------------------------------- prediction
    def predict(self, inputs: list[RewriteInput]) -> list[SearchFilters]:
        if not inputs:
            return []
        # Our matrices are built here and finite: sklearn's per-call checks were an eighth of a chat turn's rewrite.
        with sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
            return self._predict(inputs)

    def _predict(self, inputs: list[RewriteInput]) -> list[SearchFilters]:
        h = self.heads
        enc = Encoded.build([x.query for x in inputs], self.index, self.ctx.embedder, known=h.words)
        tags = [str(t) for t in h.tagger.predict(enc.token_matrix(h.tag_vec))] if any(
            t.words for t in enc.toks) else []
        votes = _category_votes(h.cat_chars, h.category, [x.query for x in inputs], enc.qv)
        stock = h.stock.predict(_hstack([h.stock_words.transform([x.query for x in inputs]),
                                         enc.qv * STOCK_VEC_WEIGHT]))
        drafts, k = [], 0
        for q, (tok, marks) in enumerate(zip(enc.toks, enc.marks)):
            n = len(tok.words)
            drafts.append(self._draft(tok, marks, tags[k:k + n], enc, bool(stock[q])))
            # the leaf comes from the whole query; a word tagged or known as a product type vouches for it
            leaf = _pick_leaf(votes[q], "CAT" in tags[k:k + n] or any(marks.cat), h.info.get("cat_margin", 0.0))
            if leaf != NO_CATEGORY:
                drafts[-1][0].category_ids.append(int(leaf))
            k += n
        found = [(q, v) for q, (_, values) in enumerate(drafts) for v in values]
        if found:  # one negation call for the whole batch
            x = negation_matrix(h.neg_vec, [(enc.toks[q], s, e, attr) for q, (s, e, attr, _) in found], enc.wv)
            for (q, (_, _, attr, value)), excluded in zip(found, h.negation.predict(x)):
                target = drafts[q][0].excluded if excluded == 1 else drafts[q][0].attributes
                if value not in target.setdefault(attr, []):
                    target[attr].append(value)
        return [_keep_applicable(f, self.ctx) for f, _ in drafts]

    def _draft(self, tok: Tokens, marks: Marks, tags: list[str], enc: Encoded, stock: bool):
        """The filters but for attribute values, and those values with their spans (negation decides later)."""
        f = SearchFilters(in_stock=stock, price=_decode_price(tok.words, tags))
        values = []
        for start, end, tag in _runs(tags):
            if tag == "CAT":
                continue
            elif tag not in TAGS_PRICE:
                segments = _segments(marks, tok.words, start, end)
                for s, e in segments:
                    # beside an exact form, a leftover word ("blue" + "ish") must be a known form, not a guess
                    strict = len(segments) > 1 and marks.pos[s] != "B"
                    value = self._value(tag, tok.words[s:e], enc, strict)
                    if value is not None:
                        values.append((s, e, str(tag), str(value)))
        f.text = " ".join(w for w, t in zip(tok.words, tags) if t == "O" and _is_content(w))
        return f, values

    def _value(self, attr: str, words: list[str], enc: Encoded, strict: bool = False) -> str | None:
        """Ontology normalization: exact form, a span seen in training, a rapidfuzz match, else the classifier."""
        hit = self.index.lookup(tuple(words))
        if hit and hit[0] == attr:
            return hit[1]
        text = span_text(words)
        seen = self.heads.memory.get(text)
        if seen and seen[0] == attr:
            return seen[1]
        forms = self.index.by_attr.get(attr, [])
        best = process.extractOne(text, [f for f, _ in forms], scorer=fuzz.ratio, score_cutoff=FUZZY_VALUE_MIN)
        if best:
            return forms[best[2]][1]
        if strict:
            return None
        clf = self.heads.values.get(attr)
        if strict or clf is None or isinstance(clf, str):
            return clf
        x = _span_matrix(self.heads.span_chars, [text], _mean_vec(words, enc.wv)[None, :])
        return str(clf.predict(x)[0])

    # ---------------------------------------------------------------------------------------- artifacts
    def save(self, folder: Path) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        h = self.heads
        joblib.dump({"tag_vec": h.tag_vec, "tagger": h.tagger, "neg_vec": h.neg_vec, "negation": h.negation,
                     "span_chars": h.span_chars, "values": h.values, "category": h.category, "cat_chars": h.cat_chars,
                     "stock_words": h.stock_words, "stock": h.stock}, folder / "heads.joblib")
        (folder / "memory.json").write_text(json.dumps({"memory": h.memory}, indent=1, sort_keys=True))
        words = sorted(h.words)
        vectors = (np.stack([h.words[w] for w in words]) if words
                   else np.zeros((0, self.ctx.embedder.dim), np.float32))
        np.savez(folder / "words.npz", words=np.array(words, dtype=str), vectors=vectors)
        (folder / "config.json").write_text(json.dumps({"name": self.name, "window": WINDOW, **h.info}, indent=2))

    @classmethod
    def load(cls, folder: Path, ctx: TaskContext) -> "SlotRewriter":
        folder = Path(folder)
        parts = joblib.load(folder / "heads.joblib")
        mem = json.loads((folder / "memory.json").read_text())
        info = json.loads((folder / "config.json").read_text())
        with np.load(folder / "words.npz") as npz:
            words = dict(zip(npz["words"].tolist(), npz["vectors"]))
        return cls(SlotHeads(**parts, memory=mem["memory"], info=info, words=words), ctx)


# ================================================================================================ training heads

def _fit(model, x, y):
    """Fit, or fall back to a constant when the data has one class only (a store with no in-stock asks)."""
    from sklearn.dummy import DummyClassifier

    if sparse.issparse(x):
        x = _hstack([x])
    return (model if len(set(y)) > 1 else DummyClassifier(strategy="most_frequent")).fit(x, y)


def _form_texts(index: OntologyIndex) -> tuple[list[tuple[str, tuple[str, str]]], list[tuple[str, int]]]:
    """Every ontology form with its value, and every product word of the taxonomy with its leaf."""
    forms = [(text, (attr, value)) for attr, pairs in index.by_attr.items() for text, value in pairs]
    cats = [(" ".join(k), cid) for k, cids in index.categories.items() for cid in cids]
    return forms, cats


def _known_words(enc: "Encoded", form_texts: list[str], ctx: TaskContext) -> dict[str, np.ndarray]:
    """Word vectors to ship with the model: the training queries' words, every one-word ontology or taxonomy form
    ("flowy"), whose vector training computed anyway, and the words of the catalog's titles and descriptions
    ("wireless"): the words shoppers search with. For the demo store 2,746 words, 4.4 MB, under a second to embed."""
    words = dict(enc.wv)
    for text, vec in zip(form_texts, enc.extra):
        if re.fullmatch(r"[a-z]+", text):
            words.setdefault(text, vec)
    catalog = ctx.knowledge_dir / "catalog" / "products.jsonl"
    if catalog.exists():
        errors: list[DataError] = []  # a bad row is reported where the catalog is loaded; here it only has no words
        texts = [f"{p.title} {p.brand} {p.description}" for _, p in read_jsonl(catalog, Product, errors)]
        new = sorted({w for t in texts for w in tokenize(t).words if re.fullmatch(r"[a-z]+", w)} - set(words))
        words.update(zip(new, ctx.embedder.encode(new)))
    return words


def _prototypes(forms, cat_forms, vecs: np.ndarray) -> dict:
    """unit -> the normalized mean MiniLM vector of its surface forms: what alignment compares words with."""
    groups: dict = {}
    for (_, unit), v in zip([*forms, *cat_forms], vecs):
        groups.setdefault(unit, []).append(v)
    return {u: (m := np.mean(vs, axis=0)) / (np.linalg.norm(m) or 1.0) for u, vs in groups.items()}


def _majority(pairs) -> dict:
    from collections import Counter

    counts: dict = {}
    for key, label in pairs:
        counts.setdefault(key, Counter())[label] += 1
    return {k: c.most_common(1)[0][0] for k, c in counts.items()}


def _train_values(enc: Encoded, aligned: list[Aligned], forms, cat_forms):
    """Per attribute, span -> canonical value: trained on the ontology's own forms plus the aligned spans."""
    form_vecs = enc.extra[:len(forms)]
    texts = [t for t, _ in forms]
    vecs = list(form_vecs)
    units = [u for _, u in forms]
    seen = []
    for tok, a in zip(enc.toks, aligned):
        for s, e, attr, value, _ in a.values:
            words = tok.words[s:e]
            texts.append(span_text(words))
            vecs.append(_mean_vec(words, enc.wv))
            units.append((attr, value))
            seen.append((span_text(words), (attr, value)))
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
    chars.fit(texts + [t for t, _ in cat_forms])
    x = _span_matrix(chars, texts, np.stack(vecs))
    values: dict = {}
    for attr in sorted({a for a, _ in units}):
        rows = [i for i, u in enumerate(units) if u[0] == attr]
        labels = [units[i][1] for i in rows]
        values[attr] = labels[0] if len(set(labels)) == 1 else _fit(_linear(), x[rows], labels)
    memory = {k: list(v) for k, v in _majority(seen).items()}
    return chars, values, memory


def _train_negation(enc: Encoded, aligned: list[Aligned]):
    spans, labels = [], []
    for tok, a in zip(enc.toks, aligned):
        for s, e, attr, _, excluded in a.values:
            spans.append((tok, s, e, attr))
            labels.append(int(excluded))
    vec = DictVectorizer()
    if not spans:
        return vec, _fit(_linear(), vec.fit_transform([{"b": 1.0}]), [0])
    # balanced: excluded values are one in ten; without it the head says "included" whenever unsure
    return vec, _fit(_linear(1.0, balanced=True), negation_matrix(vec, spans, enc.wv, fit=True), labels)


NO_CATEGORY = "none"
CAT_VEC_WEIGHT = 1.0
CATEGORY_C = 0.3  # C=0.3: about 15 queries per leaf; a stronger penalty keeps attribute words from voting


CAT_MARGINS = (0.0, -0.25, -0.5, -0.75, -1.0)  # candidate bars for a leaf that no product word in the query backs
CV_FOLDS = 4


def _train_category(queries: list[str], qv: np.ndarray, golds: list[SearchFilters], cat_forms, cat_vecs):
    """Query -> leaf or "none": the queries plus the taxonomy's own product words as extra rows."""
    texts = queries + [t for t, _ in cat_forms]
    vecs = np.vstack([qv, cat_vecs]) if len(cat_forms) else qv
    labels = [_leaf(g) for g in golds] + [str(c) for _, c in cat_forms]
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)
    x = _hstack([chars.fit_transform(texts), vecs * CAT_VEC_WEIGHT])
    return chars, _fit(_linear(CATEGORY_C), x, labels)


def _leaf(gold: SearchFilters) -> str:
    return str(gold.category_ids[0]) if gold.category_ids else NO_CATEGORY


def _category_votes(chars, model, queries: list[str], qv: np.ndarray) -> list[tuple[str, float, float]]:
    """Per query: the best leaf, its one-vs-rest margin, and the margin of "none" (no product named)."""
    x = _hstack([chars.transform(queries), qv * CAT_VEC_WEIGHT])
    classes = [str(c) for c in model.classes_]
    if not hasattr(model, "decision_function") or len(classes) < 3:  # a store's file with one or two classes
        return [(str(c), np.inf, -np.inf) for c in model.predict(x)]
    scores = model.decision_function(x)
    none = scores[:, classes.index(NO_CATEGORY)] if NO_CATEGORY in classes else np.full(len(queries), -np.inf)
    leaves = scores.copy()
    if NO_CATEGORY in classes:
        leaves[:, classes.index(NO_CATEGORY)] = -np.inf
    return [(classes[i], float(row[i]), float(n)) for row, i, n in zip(leaves, leaves.argmax(axis=1), none)]


def _pick_leaf(vote: tuple[str, float, float], backed: bool, bar: float) -> str:
    """The leaf to filter on, or "none". A product word in the query (backed) vouches for the best leaf unless the
    classifier is sure no product is named; without one the leaf must clear the bar: "kindle" is no category."""
    leaf, margin, none = vote
    if leaf == NO_CATEGORY:
        return NO_CATEGORY
    if margin > none and (backed or margin >= bar):
        return leaf
    # "tankini" is tagged as a product but unknown: "none" wins, unsure, and the runner-up leaf may clear the bar
    return leaf if backed and none < 0 and margin >= bar else NO_CATEGORY


def _cv_category_margin(queries: list[str], enc: Encoded, golds: list[SearchFilters], aligned: list[Aligned],
                        cat_forms, cat_vecs) -> float:
    """The margin a leaf needs when no known product word backs it, picked by cross-validation on the training rows.

    Folds are grouped by the words aligned to the product, so a fold's product words are unseen by its model, as a
    shopper's new word ("tankini") is at prediction time. The tagger's CAT tags are left out (that would mean a
    tagger per fold), so the bar is if anything set for the harder case."""
    groups = [zlib.crc32(" ".join(" ".join(t.words[s:e]) for s, e, _ in a.cats).encode()) if a.cats else i
              for i, (t, a) in enumerate(zip(enc.toks, aligned))]
    counts = {m: [0, 0, 0] for m in CAT_MARGINS}
    for k in range(CV_FOLDS):
        test = [i for i, g in enumerate(groups) if g % CV_FOLDS == k]
        fit = [i for i, g in enumerate(groups) if g % CV_FOLDS != k]
        if not test or len({_leaf(golds[i]) for i in fit}) < 2:
            return 0.0
        chars, model = _train_category([queries[i] for i in fit], enc.qv[fit], [golds[i] for i in fit], cat_forms,
                                       cat_vecs)
        votes = _category_votes(chars, model, [queries[i] for i in test], enc.qv[test])
        for m, c in counts.items():
            for i, vote in zip(test, votes):
                pred, gold = _pick_leaf(vote, any(enc.marks[i].cat), m), _leaf(golds[i])
                c[0] += pred == gold != NO_CATEGORY
                c[1] += pred not in (gold, NO_CATEGORY)
                c[2] += gold not in (pred, NO_CATEGORY)
    # ties go to the higher (stricter) bar, which CAT_MARGINS lists first
    return max(CAT_MARGINS, key=lambda m: (_prf(*counts[m])["f1"], m))


STOCK_VEC_WEIGHT = 0.5  # the query vector only nudges: stock asks are a few words in a query about a product


def _train_stock(queries: list[str], qv: np.ndarray, golds: list[SearchFilters]):
    words = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    x = _hstack([words.fit_transform(queries), qv * STOCK_VEC_WEIGHT])
    return words, _fit(_linear(balanced=True), x, [int(g.in_stock) for g in golds])


# ================================================================================================ decoding

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


# ================================================================================================ baseline

class LexiconBaseline:
    """The lexicon rewriter behind the task interface: the ontology's synonyms, word for word. No training."""

    task = "rewrite"
    kind = "baseline"
    name = "lexicon"

    def __init__(self, ctx: TaskContext):
        self.rewriter = LexiconRewriter(Lexicon.build(ctx.taxonomy, ctx.ontology))

    def predict(self, inputs: list[RewriteInput]) -> list[SearchFilters]:
        return [self.rewriter.rewrite(x.query) for x in inputs]


# ================================================================================================ scoring

FIELDS = ("category", "attributes", "excluded", "price", "in_stock")


def units(f: SearchFilters) -> set[tuple[str, str]]:
    """The filter as (field, value) units, each scored on its own: 9 of 10 right scores 0.9."""
    out = {("category", str(c)) for c in f.category_ids}
    out |= {("attributes", f"{a}={v}") for a, vs in f.attributes.items() for v in vs}
    out |= {("excluded", f"{a}={v}") for a, vs in f.excluded.items() for v in vs}
    for bound in ("min", "max"):
        value = getattr(f.price, bound)
        if value is not None:
            out.add(("price", f"{bound}={round(float(value), 2):g}"))
    if f.in_stock:
        out.add(("in_stock", "true"))
    return out


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 1.0 if not fn else 0.0
    r = tp / (tp + fn) if tp + fn else 1.0 if not fp else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4), "support": tp + fn}


def score(predictions: list[SearchFilters], golds: list[SearchFilters]) -> dict:
    """Micro field-level precision, recall and F1 over all units, per field, and the exact-match share."""
    counts = {k: [0, 0, 0] for k in FIELDS}
    exact = 0
    for pred, gold in zip(predictions, golds):
        p, g = units(pred), units(gold)
        exact += p == g
        for fld, _ in p & g:
            counts[fld][0] += 1
        for fld, _ in p - g:
            counts[fld][1] += 1
        for fld, _ in g - p:
            counts[fld][2] += 1
    total = _prf(*(sum(c[i] for c in counts.values()) for i in range(3)))
    return {"n": len(golds), "field_f1": total["f1"], "field_precision": total["precision"],
            "field_recall": total["recall"], "exact_match": round(exact / len(golds), 4) if golds else 0.0,
            "per_field": {k: _prf(*c) for k, c in counts.items()}}


def label_of(output: SearchFilters, field: str | None = None) -> str:
    """A canonical string of one field (or of the whole filter) for `storefront evaluate --label-field`."""
    if field is None:
        return json.dumps(sorted(f"{a}:{b}" for a, b in units(output)))
    if field in ("category", "category_ids"):
        return json.dumps(sorted(output.category_ids))
    if field in ("attributes", "excluded"):
        return json.dumps({k: sorted(v) for k, v in getattr(output, field).items() if v}, sort_keys=True)
    if field == "price":
        return json.dumps({"min": output.price.min, "max": output.price.max})
    if field == "in_stock":
        return "true" if output.in_stock else "false"
    if field == "text":
        return output.text
    raise ValueError(f"unknown field '{field}': choose one of {', '.join(FIELDS)}, text")


# ================================================================================================ loading rows

@lru_cache(maxsize=4)
def _store_knowledge(knowledge_dir: str) -> tuple[Taxonomy, Ontology]:
    from assistant.knowledge import load_ontology, load_taxonomy

    errors: list = []
    root = Path(knowledge_dir)
    return load_taxonomy(root / "taxonomy.txt", errors), load_ontology(root / "ontology.yaml", errors)


def _default_knowledge() -> tuple[Taxonomy, Ontology]:
    from assistant.config import Settings

    return _store_knowledge(str(Settings().knowledge_dir))


def _check_filters(filters: SearchFilters, path: Path, line: int, fld: str, tax: Taxonomy, onto: Ontology) -> None:
    for cid in filters.category_ids:
        if cid not in tax.leaves:
            raise DataError(path, line, f"{fld}.category_ids", f"{cid} is not a leaf of taxonomy.txt")
    for bucket in ("attributes", "excluded"):
        for attr, values in getattr(filters, bucket).items():
            spec = onto.attributes.get(attr)
            if spec is None:
                raise DataError(path, line, f"{fld}.{bucket}.{attr}", "not an attribute of ontology.yaml")
            for v in values:
                if v not in spec.values:
                    hint = onto.lexicon.get(str(v).lower())
                    more = f" (the canonical value is '{hint[1]}')" if hint and hint[0] == attr else ""
                    raise DataError(path, line, f"{fld}.{bucket}.{attr}", f"'{v}' is not a canonical value{more}")


def _row(path: Path, line: int, row: dict, text_field: str, label_field: str, tax, onto) -> Example:
    query = require(row, text_field, path, line)
    raw = row.get(label_field)
    if raw is None:
        raise DataError(path, line, label_field, f"missing (columns: {', '.join(map(str, row))})")
    if isinstance(raw, str):  # a CSV cell holds the filters as JSON
        try:
            raw = json.loads(raw) if raw.strip() else {}
        except json.JSONDecodeError as exc:
            raise DataError(path, line, label_field, f"not valid JSON ({exc.msg})") from None
    if not isinstance(raw, dict):
        raise DataError(path, line, label_field, "must be a JSON object of filters")
    try:
        filters = SearchFilters.model_validate(raw)
    except ValueError as exc:  # pydantic's ValidationError, named by its first bad field
        err = exc.errors()[0] if hasattr(exc, "errors") else {"loc": (), "msg": str(exc)}
        loc = ".".join(str(p) for p in err["loc"])
        raise DataError(path, line, f"{label_field}.{loc}" if loc else label_field, err["msg"]) from None
    _check_filters(filters, path, line, label_field, tax, onto)
    return Example[RewriteInput, SearchFilters](input=RewriteInput(query=str(query)), output=filters)


def load_examples(path: Path, text_field: str | None = None, label_field: str | None = None,
                  knowledge: tuple[Taxonomy, Ontology] | None = None) -> list[Example]:
    """Labelled queries from JSONL or CSV: a query column and a filters column (a JSON object in CSV)."""
    path = Path(path)
    tax, onto = knowledge or _default_knowledge()
    examples = parse_rows(path, lambda line, row: _row(path, line, row, text_field or "query",
                                                      label_field or "filters", tax, onto))
    warn_rare_labels([f"{a}={v}" for e in examples for a, vs in e.output.attributes.items() for v in vs]
                     + [f"category={c}" for e in examples for c in e.output.category_ids], path)
    return examples


# ================================================================================================ prompting

def _system_prompt() -> str:
    head = (
        "You turn one shopper's search query at Harbor & Pine, an online store, into search filters.\n"
        "Answer with JSON only: {\"category_ids\": [int], \"attributes\": {attribute: [value]}, \"excluded\": "
        "{attribute: [value]}, \"price\": {\"min\": number|null, \"max\": number|null}, \"in_stock\": bool, "
        "\"text\": str}.\n"
        "Use only the canonical values below (map synonyms, misspellings and paraphrases onto them: "
        "\"burgandy\" -> red, \"for my husband\" -> gender men, \"airy\" -> silhouette flowy). A value the shopper "
        "rules out (\"without black\", \"anything but plaid\") goes in excluded. Prices: \"under/cheaper than $80\" "
        "sets max, \"over/at least\" sets min, \"around $50\" sets min 40 and max 60; numbers that are sizes, "
        "weights or counts are not prices. in_stock is true only when the shopper asks for items available now. "
        "category_ids: the leaf category the query names, or [] when it names no product type. text: the words "
        "left over.\n")
    try:
        tax, onto = _default_knowledge()
    except Exception:  # noqa: BLE001 - a prompt without the value lists is still usable
        return head
    attrs = "\n".join(f"  {a.name}: {', '.join(a.values)}" for a in onto.attributes.values())
    cats = "\n".join(f"  {cid}: {tax.paths[cid]}" for cid in sorted(tax.leaves, key=tax.paths.get))
    return f"{head}Attributes and their values:\n{attrs}\nCategories (id: path):\n{cats}"


SYSTEM_PROMPT = _system_prompt()


def render_input(x: RewriteInput) -> str:
    """The user message: the query as typed."""
    return f"Query: {x.query}"


register_task(TaskSpec(
    name="rewrite", input_model=RewriteInput, output_model=SearchFilters, local=SlotRewriter,
    baseline=LexiconBaseline, train_file="training/rewrite.jsonl", eval_file="evals/datasets/rewrite_heldout.jsonl",
    system_prompt=SYSTEM_PROMPT, render_input=render_input, load_examples=load_examples, score=score,
    headline="field_f1", extra={"label_of": label_of, "fields": FIELDS},
))
