"""Hand rules of `select.answer_clause` on which unit answers: a rule for orders abroad, or for the places at home
shipped to apart (Alaska, Hawaii, territories, military addresses, PO boxes), is no answer to a question naming no
such place (`at_home`); what the store does is no answer to what the shopper may do (`shoppers_act`); and where the
search's rank and MiniLM's nearest sentence agree they outvote the shared words (`agreed`, for a raw search only)."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.retrieval.search import SectionHit
from assistant.tasks.quote.features import Candidate
from assistant.tasks.quote.rows import MIN_OVERLAP, overlap
from assistant.tasks.quote.words import asked_of, doer, stem

# A rule for orders abroad ("we cannot ship the following outside the United States: ... nail polish") answers no
# question that names no place abroad ("can i get nail polish shipped overnight"): it ranks ABROAD lower. The search
# writes "outside ..." beside a place abroad a question names (`retrieval/places.py`).
ABROAD_RULE = re.compile(r"\boutside\s+(?:of\s+)?the\s+(?:United States|US|USA)\b|\binternational(?:ly)?\b", re.I)
ABROAD_ASKED = re.compile(r"\b(?:outside|international\w*|abroad|overseas|worldwide|foreign|customs|duties|"
                          r"countr(?:y|ies))\b", re.I)
ABROAD = 1.0
# ... not one listing abroad among places at home ("cannot be shipped to Alaska, Hawaii, ... or any country outside
# the United States"): it answers "can it go to my mom in hawaii"
ABROAD_LISTED = re.compile(r"\b(?:or|and)\s+(?:any|other)\s+(?:\w+\s+)?outside\b", re.I)
AGREE = 1.5
# ... nor is a rule for the places at home a store ships to apart ("The $75 free shipping offer does not apply to
# Alaska and Hawaii") an answer to a question naming none of them ("do you offer free shipping")
APART = re.compile(r"\b(?:Alaska|Hawaii|Puerto Rico|Guam|Virgin Islands|American Samoa|Mariana|territor(?:y|ies)|"
                   r"APO|FPO|DPO|military|PO box(?:es)?)\b", re.I)


def at_home(found: list[Candidate], clause: str) -> list[Candidate]:
    """The units of a rule for orders abroad ABROAD lower, for a question naming no place abroad (see ABROAD_RULE);
    and of a rule for the places at home shipped to apart, for a question naming none (APART)."""
    abroad = not ABROAD_ASKED.search(clause)
    apart = not APART.search(clause)
    out = [replace(c, signals={**c.signals, "hand": c.score - ABROAD}) if _lower(c.unit.text, abroad, apart) else c
           for c in found]
    return sorted(out, key=lambda c: -c.score)


# "can i cancel my order" asks what the shopper may do: "We may cancel an order ... in these situations" says what the
# store does with the same verb, and ranks STORE_ACTS lower than the window in which "you can cancel"
STORE_ACTS = 1.0


def shoppers_act(found: list[Candidate], clause: str) -> list[Candidate]:
    """The units saying the store does the verb the question asks whether the shopper may do, STORE_ACTS lower."""
    asked = asked_of(clause)
    if asked is None or asked[0] != "shopper":
        return found
    out = [replace(c, signals={**c.signals, "hand": c.score - STORE_ACTS}) if _store_does(c.unit.text, asked[1]) else c
           for c in found]
    return sorted(out, key=lambda c: -c.score)


def _store_does(text: str, verb: str) -> bool:
    return any(stem(m.group(0).lower()) == verb and doer(text, m.start()) == "store"
               for m in re.finditer(r"[a-z]+", text, re.I))


def _lower(text: str, abroad: bool, apart: bool) -> bool:
    return abroad and bool(ABROAD_RULE.search(text)) and not ABROAD_LISTED.search(text) \
        or apart and bool(APART.search(text))


def agreed(found: list[Candidate], hits: list[SectionHit]) -> list[Candidate]:
    """Where both of the search's signals agree, the unit the shared words rank a little lower (by AGREE at most)
    answers: the unit MiniLM puts nearest the question, in the section the search ranked first. On a long legal
    page the shared words pick a neighbouring passage's heading ("3.4 If you decide to redeem the Voucher with
    Groupon Shop ...") over "If you do not redeem the Voucher within the Redemption Period, the Voucher expires"
    (real terms dev cited 157 -> 159 of 210; AGREE 1.0 to 2.5 alike, 0.5 none). The store's own rules, tuned with
    its trained adapter, lost by it (dev answerable 345 -> 341): `answer_clause` applies it to a raw search only."""
    if len(found) < 2 or not hits:
        return found
    near = max(found, key=lambda c: c.signals["cosine"])
    best = found[0]
    if near is best or near.hit.id != hits[0].id or overlap(near) < MIN_OVERLAP or best.score - near.score > AGREE:
        return found
    lifted = replace(near, signals={**near.signals, "hand": best.score + 1e-6})
    return [lifted, *(c for c in found if c is not near)]
