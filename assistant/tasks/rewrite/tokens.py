"""Queries as tokens: spelt-out numbers read as digits, the lexicon's reading of each price, content words."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from text_to_num import alpha2digit

from assistant.retrieval.stopwords import QUERY_STOP
from assistant.tasks.rewrite.lexicon import ADDRESS, CORRECTION, PRICE_PATTERNS


TAGS_PRICE = ("PMIN", "PMAX", "PAROUND")
TOKEN = re.compile(r"\$|[a-z0-9]+(?:[.'][a-z0-9]+)*")
NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
EXTRA_STOP = set("""please pls thx thanks asap it one ones this that that's those these very really like just too
also so if have has got hi hey hello there is it's i'd love help where sell""".split())
CONTENT_STOP = QUERY_STOP | EXTRA_STOP
WINDOW = 3  # context words each side the tagger sees: "cheaper than $ 80" needs three to the left
SPAN_MAX = 4  # longest run of words aligned to one value in training ("for a night out")
FUZZY_MIN = 82  # rapidfuzz ratio for a misspelt ontology word: "lether"/"leather" = 92 ("bluish"/"blush" = 91 too)
# ... and at most one edit away (insert, delete, substitute, swap): farther words are other words, not typos
# ("spanx"/"spandex", "caramel"/"camel", "weekender"/"weekend", "backpack"/"backpacking" all clear the ratio).
FUZZY_EDITS = 1
FUZZY_VALUE_MIN = 86  # stricter when the tagger already named the attribute and only the value is fuzzy
FUZZY_FEATURE = 1.5  # 1.5: a misspelt word's own features are always unseen, so its fuzzy match must weigh more
ALIGN_MIN_COS = 0.2  # below this an unmatched gold value is left unaligned rather than pinned on a random word
SPAN_PENALTY = 0.04  # cosine a span gives up per extra word: "airy" beats "airy maxi"


@dataclass
class Tokens:
    words: list[str]
    seps: list[str]  # the separator before each word: "" at the start, " ", ",", "-", "/" ...
    prices: list[str | None] = field(default_factory=list)  # what the lexicon's price patterns make of a number


# "a hundred" is "one hundred" to text2num, which leaves "a 100" otherwise ("under a 100" is no price pattern).
A_HUNDRED = re.compile(r"\ban?\s+(hundred|thousand)\b")
# Isolated numbers only from ten up: "one size" and "two pack" are not prices, "under fifty" is.
NUMBER_WORDS_FROM = 10


def _number_words(text: str) -> str:
    """Spelt-out prices become digits ("under fifty" -> "under 50", "two hundred" -> "200"), so the price
    patterns and the tagger see them."""
    return alpha2digit(A_HUNDRED.sub(r"one \1", text), "en", threshold=NUMBER_WORDS_FROM)


def tokenize(text: str) -> Tokens:
    """Lower-cased words, numbers and "$", each with the punctuation that precedes it (commas bound negations)."""
    text = _number_words(ADDRESS.sub(r"\1", CORRECTION.sub("", text.lower().replace("’", "'"))))
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
