"""Every unit of a question's retrieved sections, with the signals that say whether it answers the question.

The signals are those the hand-weighted scorer summed (shared words, numbers, phrases, the kind of number asked
for, a table row that covers the product's department, titles), each kept apart, with the unit's own cosine,
its section's score and rank and where it sits: the trained selector (`model.py`) weighs them from labelled
questions; the baseline (`baseline.py`) adds them with the weights set by hand before it existed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from assistant.policy_pages import Unit, units
from assistant.retrieval.clauses import unquote
from assistant.retrieval.paraphrase import formal_words
from assistant.retrieval.search import SectionHit
from assistant.tasks.quote.words import ASK_WORDS, ASKS, expand, pairs, terms

# The hand-set weights of the baseline scorer (kept: they are the baseline, and two of its features).
ASKED = 2.0  # a unit holding the kind of number asked for ("how long" -> "15 days") answers before one that doesn't
UNIT_DENSE = 8.0  # weight of a unit's own cosine (MiniLM matched it) against shared words (1 each)
SECTION_DENSE = 1.0  # weight of its section's retrieval score
# weight of how far its section's search rank (cosine plus lexical share) falls behind the first section's: with the
# trained adapter the search ranks the section that answers first more often than the shared words pick its units
# ("can i cancel my order": the 30-minute window, not "Orders we cancel"). 2026-12-07, chosen on dev (through the
# agent; 0 / 3 / 5: answerable 345 / 343 / 345, padded 112 / 100 / 92); held-out then 418 / 418 / 416 right,
# padded 149 / 129 / 118. Not for a raw search (the real terms pages, no adapter): dev cited 159 -> 158 with it.
SECTION_RANK = 5.0
PHRASE = 1.0  # a pair of the question's words in the same order counts once more
TITLE_WORD = 0.75  # a word of the question in a section's heading, for its first unit (`titled`)
KINDS = ("sentence", "intro", "item", "row")
YES_NO = re.compile(r"^\s*(?:(?:hey|hi|so|ok|okay|and|but|also|um)[,\s]+)*(?:can|could|may|do|does|is|are|will)\b",
                    re.I)
REFUSAL = re.compile(r"\b(?:not|cannot|can't|won't|never|no longer|unable)\b", re.I)
# A sentence that cannot stand alone, continuing the one before it ("If it still has not turned up, contact us
# within 14 days"): quoted with it, since the first half of a procedure is not an answer.
CONTINUES = re.compile(r"^(?:if (?:it|they|this|that|the \w+) (?:still|then)|if not\b|otherwise\b|in that case\b|"
                       r"after (?:that|those|this)\b|then\b|until then\b|if (?:it|they) (?:has|have) not\b)", re.I)
FEATURES = ("hand", "lexical", "shared", "shared_digits", "columns", "phrases", "label_words", "asked", "covers",
            "titled", "cosine", "cosine_missing", "cosine_to_section_best", "cosine_rank_in_section",
            "cosine_to_best", "section_score", "section_behind_top", "section_rank", "position", "position_share",
            *(f"kind_{k}" for k in KINDS), "has_label", "question_covered", "unit_covered", "log_words", "has_digit",
            "question_wants_number", "yes_no", "refusal", "continues", "lexical_to_best", "hand_to_best",
            "hand_rank", "question_terms", "section_margin", "top_section",
            "section_covered", "question_unseen", "lexical_per_term", "other_clause", "own_clause")
# "unknown_share" is computed for the question gate (`model.QUESTION`) and left out of the unit model: with it the
# unit model declined 0.009 fewer unanswerable questions, cross-validated (every unit of a question has the same).


@dataclass
class Candidate:
    """One unit of one retrieved section, as a candidate answer to one question."""

    unit: Unit
    hit: SectionHit
    units: list[Unit]
    index: int
    label: str = ""  # the paragraph's bold lead-in ("Canada, the UK and the EU: Delivered Duty Paid (DDP).")
    signals: dict[str, float] = field(default_factory=dict)

    @property
    def score(self) -> float:
        return self.signals["hand"]

    @property
    def lexical(self) -> float:
        return self.signals["lexical"]


def _labels(text: str, units_: list[Unit]) -> dict[int, int]:
    """Unit index -> the index of its paragraph's bold lead-in. A lead-in ("**Pre-orders.** Pre-order items ...")
    names what the paragraph is about: alone it answers nothing, and the paragraph's sentences mean it."""
    raw = " ".join(text.split())
    out: dict[int, int] = {}
    for i, u in enumerate(units_):
        first = i == 0 or units_[i - 1].group != u.group
        if u.kind == "sentence" and first and f"**{u.text}**" in raw:
            out.update({j: i for j in range(i + 1, len(units_)) if units_[j].group == u.group})
    return out


def _covers(q_raw: set[str], named: set[str], row: set[str], related: dict[str, set[str]]) -> bool:
    """Whether a table row (with its columns) answers every word of the question, a product by its department."""
    asked = {w for w in q_raw if w in ASK_WORDS}
    return all(w in row or w in asked or (w in named and related[w] & row) for w in q_raw) \
        and any(related[w] & row for w in named)


def candidates(clause: str, hits: list[SectionHit], related: dict[str, set[str]] | None,
               unknown: float = 0.0, by_rank: float = SECTION_RANK) -> list[Candidate]:
    """Every quotable unit of the clause's sections with its signals, best hand score first. `unknown`: the share
    of the clause's content words no policy uses (`PolicyRetriever.unknown_share`): "gift wrapping" finds sections
    about gifts that wrap nothing. `by_rank`: the weight of the search's rank (`SECTION_RANK`; 0 for a raw search)."""
    related = related or {}
    # the message's other questions, as the retriever split it: "return window for a phone charger vs a frying
    # pan" asks about the frying pan in its second question, and the chargers' row answers the first one
    others = " ".join(c for c in dict.fromkeys(c for h in hits for c in h.clauses) if c != clause)
    clause = unquote(clause)
    # the formal words for the shopper's everyday ones count as asked: "quit" is answered by "terminate"
    q_raw = terms(clause) | terms(formal_words(clause))
    q_pairs = pairs(clause)
    wants = [found for asks, found in ASKS if asks.search(clause)]
    top = max((h.score for h in hits), default=0.0)
    top_rank = max((h.rank for h in hits), default=0.0)
    other = terms(unquote(others)) if others else set()
    own, other = q_raw - other, other - q_raw
    apart = (expand(own, set(), related), expand(other, set(), related))
    apart = (apart[0] - apart[1], apart[1] - apart[0])
    out: list[Candidate] = []
    for rank, hit in enumerate(hits):
        out += _section(clause, hit, rank, top, q_raw, q_pairs, wants, related, apart, by_rank * (hit.rank - top_rank))
    _relative(out, clause, q_raw, wants)
    _question(out, hits, q_raw, unknown)
    return sorted(out, key=lambda c: -c.score)


@lru_cache(maxsize=1024)
def section_terms(section: str, text: str) -> frozenset[str]:
    """The words of a section with its heading, remembered as `_parsed` is."""
    return frozenset(terms(f"{section} {text}"))


@lru_cache(maxsize=1024)
def _parsed(text: str) -> tuple:
    """What `_section` reads of a section's text whatever the question, remembered (never changed by a reader):
    the store's few dozen sections answer every question, and their units' words cost a policy answer ~1 ms of
    CPU each time (measured 2026-12-05). Per unit: its words, its columns' words, its word pairs, word count,
    whether it holds a digit, refuses, continues the sentence before, and a row's key words."""
    units_ = units(text)
    words = [terms(u.text) for u in units_]
    columns: list[set[str]] = []  # a row means what its columns say: "Footwear: 30 days" is a return window
    header: set[str] = set()
    for i, u in enumerate(units_):
        header = words[i] if u.kind == "header" else header if u.kind == "row" else set()
        columns.append(header if u.kind == "row" else set())
    said = set().union(*words) if words else set()
    per_unit = [(pairs(u.text), len(u.text.split()), any(ch.isdigit() for ch in u.text), bool(REFUSAL.search(u.text)),
                 bool(CONTINUES.match(u.text)), terms(u.text.split(": ", 1)[0]) if u.kind == "row" else set())
                for u in units_]
    return tuple(units_), words, columns, said, _labels(text, units_), per_unit


def _section(clause, hit, rank, top, q_raw, q_pairs, wants, related, apart, behind) -> list[Candidate]:
    parsed, words, columns, said, leads, per_unit = _parsed(hit.text)
    units_ = list(parsed)
    q = expand(q_raw, said, related)
    named = {w for w in q_raw - said if w in related}  # products the section speaks of by department only
    cosine = {int(i): c for i, c in hit.units}
    floor = min(cosine.values(), default=hit.score) - 0.05  # not among the nearest vectors
    # A section titled like the question ("Accepted payment methods") answers in its opening ("We accept:").
    titled = len(q & terms(hit.section)) * TITLE_WORD
    if units_ and units_[0].kind == "intro":  # "Accepted payment methods" / "We accept:" and its list
        titled += PHRASE * len(q_pairs & pairs(hit.section))
    kept = [i for i, u in enumerate(units_) if u.kind != "header" and i not in leads.values()]
    best_cos = max((cosine.get(i, floor) for i in kept), default=floor)
    by_cos = sorted(kept, key=lambda i: -cosine.get(i, floor))
    out = []
    for i in kept:  # "Department: Warranty period" never answers, nor does a lead-in; their rows do
        u, t = units_[i], words[i]
        u_pairs, n_words, has_digit, refusal, continues, key = per_unit[i]
        shared = q & t
        s = {"shared": len(shared), "shared_digits": sum(1 for w in shared if any(ch.isdigit() for ch in w)),
             "columns": len((q & columns[i]) - shared), "phrases": len(q_pairs & u_pairs),
             "label_words": len((q & words[leads[i]]) - shared) if i in leads else 0,
             "asked": float(bool(wants) and any(f.search(u.text) for f in wants)),
             "covers": float(bool(named) and u.kind == "row" and _covers(q_raw, named, t | columns[i], related)),
             "titled": titled if i == 0 else 0.0}
        lexical = s["shared"] + 0.5 * s["shared_digits"] + 0.5 * s["columns"] + PHRASE * s["phrases"] \
            + 0.5 * s["label_words"] + ASKED * (s["asked"] + s["covers"]) + s["titled"]
        cos = cosine.get(i, floor)
        section = SECTION_DENSE * hit.score + behind  # behind: its rank's distance to the first's, weighted
        s.update(lexical=lexical, hand=lexical + UNIT_DENSE * cos + section - 0.01 * i,
                 cosine=cos, cosine_missing=float(i not in cosine), cosine_to_section_best=cos - best_cos,
                 cosine_rank_in_section=by_cos.index(i), section_score=hit.score, section_behind_top=top - hit.score,
                 section_rank=rank, position=i, position_share=i / max(1, len(units_) - 1),
                 **{f"kind_{k}": float(u.kind == k) for k in KINDS}, has_label=float(i in leads),
                 question_covered=len(shared) / max(1, len(q_raw)), unit_covered=len(shared) / max(1, len(t)),
                 log_words=math.log1p(n_words), has_digit=float(has_digit),
                 refusal=float(refusal), continues=float(continues),
                 own_clause=len(apart[0] & (t | columns[i])), other_clause=len(apart[1] & (t | columns[i])),
                 # not among FEATURES: the hand-set rules read it (`select.keyed`), the trained selector does not
                 row_key=len(q & key) if u.kind == "row" else 0)
        out.append(Candidate(u, hit, units_, i, units_[leads[i]].text if i in leads else "", s))
    return out


def _relative(out: list[Candidate], clause: str, q_raw: set[str], wants: list) -> None:
    """Signals against the other candidates: a unit is judged beside its rivals, not alone."""
    if not out:
        return
    best_lex = max(c.lexical for c in out)
    best_hand = max(c.score for c in out)
    best_cos = max(c.signals["cosine"] for c in out)
    order = sorted(range(len(out)), key=lambda n: -out[n].score)
    yes_no = float(bool(YES_NO.match(clause)))
    for rank, n in enumerate(order):
        s = out[n].signals
        s.update(lexical_to_best=s["lexical"] - best_lex, hand_to_best=s["hand"] - best_hand, hand_rank=rank,
                 cosine_to_best=s["cosine"] - best_cos, question_wants_number=float(bool(wants)), yes_no=yes_no,
                 question_terms=len(q_raw))


def _question(out: list[Candidate], hits: list[SectionHit], q_raw: set[str], unknown: float) -> None:
    """Signals of the question and its sections, the same for each of its units, and its words each section
    holds: a question whose words none of the retrieved sections use is asking about something else."""
    scores = sorted((h.score for h in hits), reverse=True)
    margin = scores[0] - scores[1] if len(scores) > 1 else scores[0] if scores else 0.0
    said = {h.id: section_terms(h.section, h.text) for h in hits}
    unseen = len(q_raw - set().union(*said.values())) / max(1, len(q_raw)) if said else 1.0
    for c in out:
        s = c.signals
        s.update(unknown_share=unknown, section_margin=margin,
                 top_section=scores[0] if scores else 0.0,
                 section_covered=len(q_raw & said[c.hit.id]) / max(1, len(q_raw)), question_unseen=unseen,
                 lexical_per_term=s["lexical"] / max(1, len(q_raw)))


def matrix(found: list[Candidate]) -> np.ndarray:
    """The candidates' signals as rows, in FEATURES order."""
    return np.array([[c.signals[f] for f in FEATURES] for c in found], dtype=np.float64).reshape(len(found),
                                                                                                  len(FEATURES))
