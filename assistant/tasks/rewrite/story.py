"""The product a shopper asks for after telling a story: read whole, the story's words were the product.

"My son just started soccer and keeps coming home with a soggy backpack. Need a water bottle that actually seals,
under $30" was "We don't carry started soccer"; "my physio said I should start doing yoga at home so I need a mat,
nothing too thin" was "We don't carry physio said". When the whole message names a type the store lacks, its
parts that could be the request are tried, the last sentence first: the sentence, the clause after "so I need" /
"and I'm looking for", and their comma-separated pieces. The first that names a type the store sells is the search,
with the message's price when it has none. Nothing here is learned: the rewrite model and the product-type check
(`carried.ground`) read each part, so this module changes no trained artifact.
"""

from __future__ import annotations

import re
from typing import Callable

from assistant.schemas import SearchFilters
from assistant.tasks.rewrite.carried import ProductTypes, ground

SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# A piece led by a preposition or a conjunction describes another ("a paddle board, with a bag" is no bag).
LED_BY_LINK = re.compile(r"^(?:with|for|like|or|and|but|to|in|on|without|from|as|than|so|because)\b", re.I)
# Where the request starts inside a sentence that tells something first: "... at home so I need a mat".
REQUEST = re.compile(r"\b(?:so|and|but|now|which means)\s+(?=(?:i|we)\s*(?:'m|’m|m|am|'d|’d|d|would|really|"
                     r"just)?\s*(?:need|want|like|looking|searching|after)\b)", re.I)


def pieces(sentence: str, whole: bool) -> list[str]:
    """The sentence (when the message has others), its request clause, and the comma-separated pieces of both that
    could name a product ("Looking for a new kettle, nothing fancy" was "We don't carry nothing fancy")."""
    asks = [sentence[m.end():] for m in REQUEST.finditer(sentence)][-1:]
    out = [sentence] * whole + asks
    for text in [*asks, sentence]:
        cut = [c.strip() for c in text.split(",") if c.strip()]
        out += [c for c in cut if len(cut) > 1 and not LED_BY_LINK.match(c)]
    return list(dict.fromkeys(out))


def asked_part(query: str, rewrite: Callable[[str], SearchFilters], types: ProductTypes, embedder,
               refining: bool, whole: SearchFilters) -> SearchFilters | None:
    """The filters of the part of `query` that asks for a type the store sells, or None when no part does."""
    said = [t for t in SENTENCE_END.split(query) if t.strip()]
    for part in (p for sentence in reversed(said) for p in pieces(sentence, len(said) > 1)):
        found, missing = ground(rewrite(part), part, types, embedder, refining=refining)
        if found.category_ids and not missing:
            if found.price.min is None and found.price.max is None:
                found.price = whole.price
            return found
    return None
