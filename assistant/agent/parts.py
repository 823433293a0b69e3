"""A compound message as its requests ("is it in stock and can I return it?" -> two), before each is understood."""

from __future__ import annotations

import re

from assistant.agent.policy_asks import POLICY_WORDS
from assistant.agent.references import ORDINAL
from assistant.agent.wording import QUESTION_START
from assistant.retrieval.clauses import and_another, ask_again, new_thing

# A part made only of these ("and hw much?", "how long?") borrows its subject from the part before it.
ELLIPTICAL = set("""how hw much long many when what wat whats where which is it does dose do cost costs price take
takes about for the a then and""".split())
# ... and after a policy part these too: "can i return em? how long do i have" (but "is the 2nd in stock? how long
# will it take" asks about shipping on its own)
AFTER_POLICY = ELLIPTICAL | {"i", "have", "would", "will"}
SPLIT = re.compile(rf"\?+\s+|[,;]?\s+\b(?:and|also|plus)\b\s+(?={QUESTION_START}\b)|\s+\b(?:vs\.?|versus|"
                   rf"compared (?:to|with))\s+", re.I)
SPLIT_AT_QUESTIONS = re.compile(SPLIT.pattern.split(r"|\s+\b(?:vs")[0], re.I)
LEADING = re.compile(r"^\s*(?:and|also|plus|ok|okay|so)\b[\s,]*", re.I)
PREDICATE = re.compile(r"^(.*\b(?:for|on|of|with|about|to)\b)\s+", re.I)


def split_parts(text: str) -> list[str]:
    """A compound message as its requests: "is it in stock and can I return it?" -> two; "return window for a
    phone charger vs a frying pan" -> "return window for a phone charger", "return window for a frying pan".

    A part that only changes the thing ("what about a frying pan", "..., and for a blender?") is the previous
    question about that thing; a part that only asks for another fact of the same thing ("and how much") stays
    with the previous one: one search answers both, and two would quote the same passage twice."""
    vs = re.search(r"\s+\b(?:vs\.?|versus|compared (?:to|with))\s+", text, re.I)
    if vs and len(ORDINAL.findall(text)) >= 2:
        vs = None  # "the 1st one vs the 2nd, which is better rated": one choice between two shown products
    raw = [q for p in (SPLIT if vs else SPLIT_AT_QUESTIONS).split(text) if p and p.strip(" ?!.,")
           for q in and_another(p)]
    parts: list[str] = []
    for p in (LEADING.sub("", p).strip(" ?!.,") for p in raw):
        prep, thing = new_thing(p) if parts and not vs else ("", "")
        if thing:
            parts.append(ask_again(parts[-1], prep, thing))
        elif parts and not vs and not re.match(rf"{QUESTION_START}\b", p, re.I):
            parts[-1] = f"{parts[-1]}. {p}"  # "...6 weeks ago? never even opened it": context, not a request
        elif parts and not vs and set(re.findall(r"[a-z']+", p.lower())) <= (
                AFTER_POLICY if POLICY_WORDS.search(parts[-1]) else ELLIPTICAL):
            parts[-1] = f"{parts[-1]}? and {p}"  # "and hw much": the same subject, asked once
        elif p:
            parts.append(p)
    if vs and len(parts) == 2 and (m := PREDICATE.match(parts[0])):
        parts[1] = f"{m.group(1)} {parts[1]}"  # "warranty on a backpack vs headphones" -> "warranty on headphones"
    return parts[:3] or [text]
