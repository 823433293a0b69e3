"""The policy search's lexical side: BM25 (bm25s) over each section with its page title and heading, each section's
score scaled by how much of the query's information it matches.

Why not scaled by the query's best BM25 score (sessions 7-12): the best-matching section then got the full lexical
weight whatever it matched, so a gift-card sentence sharing only "ship" with "how much to ship a backpack" was
lifted as much as an exact "Afterpay" or clause-number match. Here a section's score is divided by the most the
query's words could score at all (each word's best score in any section, summed): a match on weak words only is a
small share of it, a match on the query's rare words most of it. Words no section holds count as rare ones
(OOV_WEIGHT), since the question is about something the lexical side cannot see.
"""

from __future__ import annotations

import logging
import re

import bm25s
import numpy as np

from assistant.policy_pages import units
from assistant.retrieval.stopwords import GENERIC, STOP

logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets itself to DEBUG: `storefront ask` printed its notes

# How a section's BM25 score is normalised: "top" (the query's best section scores 1, the old fusion) or "mass"
# (the share of the query's possible score). See bench/retrieve_cv.py and the search notes for the numbers.
NORMALISE = "mass"
OOV_WEIGHT = 1.0  # a word no section holds counts as this many of the rarest word's best scores (0: ignored)


def tokens(text: str) -> list[str]:
    return [w[:5] for w in re.findall(r"[a-z0-9$]+", text.lower()) if w not in STOP] or ["_"]


class Lexical:
    """BM25 over the sections' texts, with each word's best score in any section (the query's possible score)."""

    def __init__(self, texts: list[str]):
        self.bm25 = bm25s.BM25()
        self.bm25.index([tokens(t) for t in texts], show_progress=False)
        data, ptr = self.bm25.scores["data"], self.bm25.scores["indptr"]
        self.best = {w: float(data[ptr[i]:ptr[i + 1]].max(initial=0.0))
                     for w, i in self.bm25.vocab_dict.items() if i + 1 < len(ptr)}  # bm25s adds "" past the last
        self.rarest = max(self.best.values(), default=1.0)

    def scores(self, query: str) -> np.ndarray:
        """Each section's lexical score in [0, 1] for the query's tokens (see NORMALISE)."""
        words = tokens(query)
        raw = self.bm25.get_scores(words)
        if NORMALISE in ("top", "gap"):
            top = raw.max(initial=0.0)
            second = np.sort(raw)[-2] if len(raw) > 1 else 0.0
            scale = 1.0 - second / top if NORMALISE == "gap" and top > 0 else 1.0
            return raw / top * scale if top > 0 else raw
        possible = sum(self.best.get(w, OOV_WEIGHT * self.rarest) for w in words)
        return raw / possible if possible > 0 else raw


# A question this short whose every content word one sentence says is about what that sentence says: "do you have a
# loyalty program" holds two ("Harbor Rewards is our free loyalty program.") and was declined, the section's adapted
# score being low for so few words. "do you do gift wrapping" and "is there a student discount" hold words no
# sentence holds together, and stay declined.
SAID_WORDS = 3


def said_in_one(question: str, text: str) -> bool:
    """Whether one sentence (or list item, or table row) of a section holds every content word (four letters or
    more, not GENERIC, compared by their first five letters) of a question of at most SAID_WORDS of them."""
    def words(t: str) -> set[str]:
        return {w[:5] for w in re.findall(r"[a-z]+", t.lower()) if len(w) >= 4 and w not in GENERIC}

    asked = words(question)
    return 1 <= len(asked) <= SAID_WORDS and any(asked <= words(u.text) for u in units(text))
