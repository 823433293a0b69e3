"""Which units to quote for one question: the best, and only what also answers; a list whole, a row alone.

Without a trained selector the hand-set scores of `features.py` rank the units (the baseline); with one, each
unit's probability of answering does, and a question none of whose units clears the selector's calibrated
threshold is declined.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Protocol

import numpy as np

from assistant.policy_pages import Unit
from assistant.retrieval.clauses import unquote
from assistant.retrieval.search import SectionHit
from assistant.tasks.quote.agree import agreed, at_home, shoppers_act
from assistant.tasks.quote.features import (CONTINUES, PHRASE, REFUSAL, SECTION_RANK, TITLE_WORD, Candidate, candidates,
                                            section_terms)
from assistant.tasks.quote.readings import asked_terms, direct, read
from assistant.tasks.quote.rows import MIN_OVERLAP, by_meaning, for_department, in_range, keyed, named_rows, overlap, two_named
from assistant.tasks.quote.whole import whole_table
from assistant.tasks.quote.words import pairs, terms

SECOND_UNIT = 0.8  # a second unit is quoted only when nearly as relevant as the first: no padding
# (0.85 -> 0.8, 2026-12-05: dev answerable 0.880 -> 0.902, policy_qa 0.581 -> 0.585, padded unchanged; it waited
# for the agent's merging of two parts quoting one passage to drop the sentences already said, `answer.merged`)
# ... and a second section only when its best unit is as relevant as that. 0.9 -> 0.95 (2026-12-05, quote13): store
# dev padded 0.232 -> 0.204 (answerable unchanged, with DIRECT), policy_qa padded 0.294 -> 0.222 for 2 of 669 questions
# fewer right; alone it lost 5 of 104 real-terms dev questions, which SAME_SECTION gives back.
OTHER_SECTION = 0.95
# A long terms page is cut into passages of about 180 words (`policy_pages`): two passages under one heading
# ("EFFECTS OF CANCELLATION" in two) are one section cut for size, and quoting the second is no padding. The store's
# pages have one section per heading, so this never applies there.
SAME_SECTION = 0.9
# the section retrieval ranked first is quoted beside the one whose unit won only when ranked clearly higher: a tie
# or near-tie of section scores (two sections of one page, 0.768 and 0.768) is no disagreement worth padding for
# (2026-12-05: 0.0 -> 0.02, policy_qa padded 0.506 -> 0.476, nothing else moved there or on dev; 0.03 lost answers)
RIVAL_MARGIN = 0.02
# In a message of several questions the other questions' words are this one's context: of the units holding its own
# words, one holding theirs too ranks as if it shared half a word more each (two at most): "does my promo code work
# again" after "you cancelled my order" is answered by "Promo codes used on a cancelled order are reactivated ...".
# The rank only: whether a second unit or section is quoted is judged on the scores without it (with it, dev padded
# 2 questions more). 2026-12-05: policy_qa compound parts right 141 -> 143 of 170; 1.0 lost more than it won.
CONTEXT = 0.5
# The named product's department row beside a best unit from another section, when its hand score is this share of
# the best one's (`_department_row`). 2026-12-06: store dev answerable 321 -> 322 of 382 (0.6: 324), padded 111 -> 113
# (0.6: 120); held-out answerable + declined 426 -> 427 and conversations' context turns 306 -> 308 of 359 at 0.6
# and 0.75 alike, padded 113 -> 118 of 449 (0.6: 126).
DEPARTMENT_ROW = 0.75
ASKED_SHARE = 0.8  # ... and a unit holding the kind asked for, when the picked ones hold none (`_asked_for`)
INSTEAD_MARGIN = 0.03  # cosine a refusal's next sentence may be below it and still come with it
# ... and the best unit's next sentence, any sentence's: a paragraph's next sentence MiniLM puts nearly as near the
# question usually finishes the answer ("Orders placed by 1:00 p.m. ship the same day." + "Orders placed after 1:00
# p.m. ET ship the next business day."; "Treat gift cards like cash." + "We cannot replace amounts spent ...").
# 2026-12-05: policy_qa answerable right 0.602 -> 0.614 for 0.10 more sentences per answer, dev unchanged;
# 0.12 answered no more there, 0.03 half as many; for every quoted unit, not the best one only, 0.05 answered as
# many for twice the sentences.
NEXT_MARGIN = 0.08
# A question's word that every retrieved section holds says nothing about which of them answers: on a long terms
# page the page's own subject ("PayPal Buyer Protection", "Klarna points", "Groupon voucher") is in each passage,
# and counted like any shared word it picked an intro repeating the subject ("If you lose a claim under PayPal Buyer
# Protection in any country:") over the sentence holding the rarer word asked about ("... reimbursement for the
# return shipping costs"). Each such word counts this much less in the hand score (`uncommon`). 2026-12-05, real
# terms dev evidence cited 0.821 -> 0.857 (0.5-1.5 all gain on 3 of the 4 pages, PayPal loses one), the fresh
# ts-d12 questions 0.458 -> 0.583 (first run); store dev answerable 0.882 -> 0.891, padded 0.271 -> 0.237.
COMMON = 1.0

# An example illustrates the rule before it: quoted alone, its numbers answer a question the rule answers ("with
# 20% off a $60 shirt and a $40 belt, returning the belt refunds $32" without "Your refund for an item is what you
# actually paid for it")
EXAMPLE = re.compile(r"^(?:for (?:example|instance)|e\.g\.)\b", re.I)

# A sentence opening with "These", "They" leans on the one before it, which says what they are: the two are quoted
# together ("... aerosol sprays (such as dry shampoo) ..." + "These ship by ground only, so ..."). 2026-12-05:
# policy_qa compound right 0.619 -> 0.631, all kinds 0.799 -> 0.805, dev unchanged, padded unchanged (same section).
# The hand-set rules only (`leans`): the trained selector's thresholds were calibrated on the quotes without it.
LEANS = re.compile(r"^(?:these|those|they|such|(?:during|in|within|after|for)\s+(?:this|that|these|those)\b)\b",
                   re.I)  # "During this window you can:" leans on "For 30 minutes after you place an order, ..."
# A question asking how to do something ("how do i make a warranty claim"): a numbered list of steps answers it
# whole, not its first step (dev: the claim's photos, step 2, were left out). Lists longer than STEPS are no steps.
HOW_TO = re.compile(r"\bhow\s+(?:do|can|would|should|shall)\s+(?:i|we)\b|\bhow\s+to\b|\bwhat(?:'s| are| is)?\s+the\s+"
                    r"(?:steps|process|procedure)\b|\bwhat\s+do\s+i\s+(?:do|need\s+to\s+do)\b|"
                    r"\bhow\s+(?:do|does)\s+(?:\w+\s+){1,2}work\b", re.I)  # "how do returns work here"
STEPS = 5
NAME_OPENS = re.compile(r"^(?:[A-Z][\w&]*\s+){1,2}[A-Z][\w&]*")  # "Glow Guarantee", "Harbor Rewards certificates"

Quote = tuple[list[str], SectionHit]


class Selector(Protocol):
    """A trained unit selector (`model.UnitSelector`)."""

    answer_at: float  # the best unit's probability below which the question is declined
    extra_at: float  # the share of the best unit's probability another unit of its section needs to be quoted
    other_at: float  # the probability the best unit of another section needs to be quoted too (1.01: never)
    split_at: float  # ... when the message holds several questions (`several`)

    def probabilities(self, found: list[Candidate]) -> np.ndarray: ...

    def asks(self, found: list[Candidate], probs: np.ndarray) -> bool: ...  # the question gate


def clauses_of(question: str, hits: list[SectionHit], own_units: bool = False) -> list[tuple[str, list[SectionHit]]]:
    """Each question the retriever searched for, with the sections it found for it (the whole question and all
    sections when the hits carry no questions, as an older index's or a test's do). `own_units`: a section two
    questions found carries each question's own sentence cosines, not those of the question that found it first
    (the hand-set rules read them; the trained selector was trained on the first finder's, and retrained on the
    own ones it answered "do you do gift wrapping" from the gift-exchange section: it keeps those)."""
    order: dict[str, list[SectionHit]] = {}
    for h in hits:
        for c in h.clauses or [question]:
            own = own_units and c in h.clause_units
            order.setdefault(c, []).append(replace(h, units=h.clause_units[c]) if own else h)
    return list(order.items()) or [(question, hits)]


def with_list(best: Candidate, leans: bool = False, steps: bool = False) -> list[str]:
    """A list's intro brings its whole list ("we ship to:" and every country), an item its intro; a sentence
    brings its paragraph's lead-in and a next sentence that continues it, an example the rule before it; `leans`:
    a sentence opening with "These" or "They" comes with the one before it (see LEANS); `steps`: an item of a
    short list brings the whole list (the question asks how to do something: see HOW_TO)."""
    u, us = best.unit, best.units
    if u.kind == "intro":
        items = [x.text for x in us[best.index + 1:] if x.kind == "item" and x.group == u.group + 1]
        return [*_leaned_on(us, best.index, leans), u.text, *items] if items else [u.text]
    if u.kind == "item":
        at = next((n for n in range(best.index - 1, -1, -1) if us[n].kind == "intro" and us[n].group == u.group - 1),
                  None)
        items = [x.text for x in us if x.kind == "item" and x.group == u.group] if steps else []
        items = items if 1 < len(items) <= STEPS else [u.text]
        return [*_leaned_on(us, at, leans), us[at].text, *items] if at is not None else items
    out = [best.label, u.text] if best.label else [u.text]
    before = us[best.index - 1] if best.index > 0 else None
    if (EXAMPLE.match(u.text) or leans and LEANS.match(u.text)) and before is not None and before.group == u.group \
            and before.kind == "sentence":
        out.insert(len(out) - 1, before.text)
    after = us[best.index + 1] if best.index + 1 < len(us) else None
    # a list's intro ('These are marked Final Sale ...:') is no leaning sentence: alone it would end on a colon
    continues = CONTINUES.match(after.text) or leans and LEANS.match(after.text) and after.kind == "sentence" \
        if after is not None else False
    if after is not None and after.group == u.group and (continues or _instead(best, after) or _named_on(u, after)):
        out.append(after.text)
    elif leans and after is not None and after.kind == "intro" and LEANS.match(after.text):
        # ... but with its list it says which: "Some items cannot be returned." + "These are marked Final Sale ...:"
        # and the Last Call section, pierced earrings, gift cards
        out += [after.text, *(x.text for x in us[best.index + 2:] if x.kind == "item" and x.group == after.group + 1)]
    return out


def _leaned_on(us: list[Unit], at: int, leans: bool) -> list[str]:
    """The sentence a list's intro leans on ("For 30 minutes after you place an order, you can change it yourself"
    before "During this window you can:"), when it does (LEANS)."""
    before = us[at - 1] if at > 0 else None
    if not leans or before is None or before.kind != "sentence" or not LEANS.match(us[at].text):
        return []
    return [before.text]


def _named_on(unit: Unit, after: Unit) -> bool:
    """The next sentence goes on about what this one names, by its name: "... is covered by the Glow Guarantee: you
    may return it ... even if opened" and "Glow Guarantee returns are refunded as store credit only" (the catch)."""
    m = NAME_OPENS.match(after.text)
    return bool(m) and m.group(0) in unit.text


def _instead(best: Candidate, after: Unit) -> bool:
    """A refusal's next sentence, when MiniLM puts it as near the question: what the shopper can do instead ("the
    exchange option will not show it." + "You can sign up for a back-in-stock email ... or return the item")."""
    if not REFUSAL.search(best.unit.text):
        return False
    cosine = {int(i): c for i, c in best.hit.units}
    return best.index in cosine and cosine.get(best.index + 1, -1.0) >= cosine[best.index] - INSTEAD_MARGIN


def answer_clause(clause: str, hits: list[SectionHit], related: dict[str, set[str]] | None,
                  selector: Selector | None = None, unknown: float = 0.0, agree: bool = False) -> list[Quote]:
    """The units that answer one question, grouped by section, best section first; empty when nothing is worth
    quoting. `unknown`: the share of the question's content words no policy uses (`PolicyRetriever.unknown_share`);
    `agree`: where the search's signals agree they outvote the shared words (`agreed`)."""
    found = candidates(clause, hits, related, unknown, by_rank=0.0 if agree else SECTION_RANK)
    if selector is not None:
        return grouped(by_model(found, selector, hits))
    read_ = in_range(direct(uncommon(read(found, clause), clause, hits), clause), clause)
    ranked = for_department(keyed(read_), clause, getattr(related, "departments", None))
    ranked = shoppers_act(at_home(named_rows(by_meaning(ranked, clause), clause), clause), clause)
    ranked = agreed(ranked, hits) if agree else ranked
    picked = whole_table(by_rules(own_part(ranked, hits), hits), ranked, clause, hits)
    return grouped(picked, leans=True, steps=bool(HOW_TO.search(clause)))


def own_part(found: list[Candidate], hits: list[SectionHit]) -> list[Candidate]:
    """In a message of several questions, a unit holding none of this question's own words but some of another's
    answers that other one: "how do i claim it" after "whats the warranty on a tent" shares "tent" (by its
    department) with "Sports & outdoors: 1 year", the first question's row, and "claim" with "Go to Help > Warranty
    Claim". Such units win by shared words no more (`by_rules`) when a unit holding one of its own words is there
    to quote; the nearest in meaning by this question's own cosines may still be one (a word both questions use,
    "certificates", is neither's own). The others' words are context for a unit holding its own (`CONTEXT`)."""
    if not several(hits) or not any(c.signals["own_clause"] > 0 and c.lexical >= MIN_OVERLAP for c in found):
        return found
    out = [replace(c, signals={**c.signals, "others": 1.0}) if c.signals["own_clause"] == 0
           and c.signals["other_clause"] > 0 else c for c in found]
    return sorted(out, key=lambda c: -(c.score + CONTEXT * min(c.signals["other_clause"], 2)
                                       * (c.signals["own_clause"] > 0)))


def uncommon(found: list[Candidate], clause: str, hits: list[SectionHit]) -> list[Candidate]:
    """The hand scores with the question's words that every section holds counted COMMON less (the hand-set rules
    only: the trained selector reads the signals as they were)."""
    if len(hits) < 2 or not found:
        return found
    common = asked_terms(clause) & frozenset.intersection(*(section_terms(h.section, h.text) for h in hits))
    if not common:
        return found
    asked = {p for p in pairs(unquote(clause)) if set(p) <= common}
    out = [replace(c, signals={**c.signals, "hand": c.score - COMMON * _counted(c, common, asked)}) for c in found]
    return sorted(out, key=lambda c: -c.score)


def _counted(c: Candidate, words: set[str], common_pairs: set[tuple[str, str]]) -> float:
    """How much of the hand score these words gave the unit: each shared word 1, a table row's header word it does
    not hold itself 0.5 (the `columns` signal), a phrase of them PHRASE, and in a section's first unit the words
    and phrases its heading shares with the question (the `titled` signal): a terms page heads many passages with
    its subject ("Impact of PayPal Buyer Protection on sellers"), and the heading made the intro under it ("If you
    lose a claim under PayPal Buyer Protection in any country:") the answer to "do i get the return postage back
    under paypal buyer protection" over "... does not entitle you to reimbursement for the return shipping costs"."""
    own = words & terms(c.unit.text)
    said = PHRASE * len(common_pairs & pairs(c.unit.text))
    if c.index == 0 and c.signals.get("titled"):
        said += TITLE_WORD * len(words & terms(c.hit.section))
        said += PHRASE * len(common_pairs & pairs(c.hit.section)) if c.unit.kind == "intro" else 0.0
    if c.unit.kind != "row":
        return len(own) + said
    header = next((u for u in reversed(c.units[:c.index]) if u.kind == "header" and u.group == c.unit.group), None)
    return len(own) + said + 0.5 * len((words & terms(header.text)) - own if header else set())


def grouped(picked: list[Candidate], leans: bool = False, steps: bool = False) -> list[Quote]:
    by_section: dict[str, Quote] = {}
    for p in picked:  # the best first: it holds what was asked
        texts, _ = by_section.setdefault(p.hit.id, ([], p.hit))
        texts += [t for t in with_list(p, leans, steps) if t not in texts]
    return list(by_section.values())


def by_rules(found: list[Candidate], hits: list[SectionHit]) -> list[Candidate]:
    """The baseline: the best hand score, a second unit nearly as good, the next sentence when as near in meaning,
    the unit nearest the question by MiniLM, a second section as good or ranked higher (with its nearest unit)."""
    scored = [s for s in found if overlap(s) >= MIN_OVERLAP and not s.signals.get("others")]
    if not scored:
        return []
    best = scored[0]
    picked = [best]
    second = next((s for s in scored[1:] if s.hit.id == best.hit.id and s.unit.text != best.unit.text), None)
    if second is not None and second.score >= SECOND_UNIT * best.score \
            and not (second.unit.kind == "row" and best.unit.kind == "row" and not two_named(best, second)):
        # one row answers and its neighbours pad, unless the question names both (`rows.two_named`)
        picked.append(second)
    picked += _table_of(found, best)
    after = _next_sentence(found, best)
    if after is not None and all(after is not p for p in picked):
        picked.insert(1, after)  # read right after the sentence it finishes
    para = _paragraph(found, best)
    if para:
        picked = [best, *[p for p in para if p is not best], *[p for p in picked[1:] if p not in para]]
    nearest = _nearest(found, best)
    if nearest is not None and all(nearest is not p for p in picked):
        picked.append(nearest)
    other = next((s for s in scored[1:] if s.hit.id != best.hit.id), None)
    # A second section is quoted when its best unit is nearly as good, or when retrieval ranked that section
    # above the one whose unit won: where the two signals disagree, the shopper sees both.
    top = max(hits, key=lambda h: h.score)
    rival = next((s for s in scored if s.hit.id == top.id), None) if top.id != best.hit.id else None
    also = other if other is not None and other.score >= _other_share(other, best) * best.score else \
        rival if rival is not None and top.score >= best.hit.score + RIVAL_MARGIN else None
    if best.signals.get("department_row"):
        # The row of the named product's department answers alone: the other section beside it only said the
        # department's rule again ("soles that separate ... (footwear)" beside "Footwear: 6 months"). 2026-12-05:
        # dev padded 0.333 -> 0.311, policy_qa 0.477 -> 0.467, nothing answered less (`for_department`).
        also = None
    elif also is None:
        also = _department_row(scored, best)  # the named product's row beside an example naming it
    if also is not None:
        picked.append(also)
        # the second section's unit sharing most words and the one nearest in meaning, as for the first: its
        # section is cited either way (2026-12-05: policy_qa answerable right 0.591 -> 0.602, padded unchanged)
        near = _nearest(found, also)
        if near is not None and all(near is not p for p in picked):
            picked.append(near)
    number = _asked_for(scored, picked)
    if number is not None:
        picked.append(number)
    return picked


PARAGRAPH_SENTENCES = 3  # a short paragraph is one rule: quoted whole
PARAGRAPH_WORDS = 70


def _paragraph(found: list[Candidate], best: Candidate) -> list[Candidate]:
    """The whole short paragraph of the best sentence, in its order."""
    if best.unit.kind != "sentence":
        return []
    same = sorted((c for c in found if c.hit.id == best.hit.id and c.unit.group == best.unit.group
                   and c.unit.kind == "sentence"), key=lambda c: c.index)
    seen, para = set(), []
    for c in same:
        if c.index not in seen:
            seen.add(c.index)
            para.append(c)
    if not 2 <= len(para) <= PARAGRAPH_SENTENCES or sum(len(c.unit.text.split()) for c in para) > PARAGRAPH_WORDS:
        return []
    return para


def _table_of(found: list[Candidate], best: Candidate) -> list[Candidate]:
    """A table's lead-in answers nothing alone ("Your tier depends on your qualifying spend ... in a calendar year:"
    was the whole answer to "I've spent about $700 this year, what tier does that put me in?"): it brings the row
    the question names (its first cell, its department or an amount in its range), else the whole table."""
    if best.unit.kind != "intro":
        return []
    rows = [c for c in found
            if c.hit.id == best.hit.id and c.unit.kind == "row" and c.unit.group == best.unit.group + 1]
    named = [c for c in rows if c.signals.get("row_key") or c.signals.get("department_row")]
    return named[:1] if named else sorted(rows, key=lambda c: c.index)


def _other_share(other: Candidate, best: Candidate) -> float:
    """The share of the best unit's score another section's unit needs to be quoted too (see SAME_SECTION)."""
    same = (other.hit.source, other.hit.section) == (best.hit.source, best.hit.section)
    return SAME_SECTION if same else OTHER_SECTION


def _department_row(scored: list[Candidate], best: Candidate) -> Candidate | None:
    """The named product's row of its department's table in another section, when nearly as good as the best
    unit: "the kettle i bought stopped heating like 8 months in, is that covered" was answered by the example
    naming kettles ("a kettle or toaster that stops heating ...") without how long kettles are covered ("small
    electrical appliances such as kettles ... 2 years")."""
    row = next((s for s in scored if s.signals.get("department_row") and s.hit.id != best.hit.id), None)
    return row if row is not None and row.score >= DEPARTMENT_ROW * best.score else None


def _asked_for(scored: list[Candidate], picked: list[Candidate]) -> Candidate | None:
    """A question asking for a number ("whats the return window for earbuds") whose picked units hold none: the best
    unit holding the kind asked for, when nearly as good as the best one ("In-ear headphones and earbuds can only be
    returned unopened ..." beside "Electronics accessories (...): 15 days")."""
    best, cited = picked[0], {p.hit.id for p in picked}
    if not best.signals.get("question_wants_number") or any(p.signals["asked"] for p in picked):
        return None
    # of a section already cited: another section's number pads more than it answers
    number = next((s for s in scored if s.signals["asked"] and s.hit.id in cited), None)
    return number if number is not None and number.score >= ASKED_SHARE * best.score else None


def _next_sentence(found: list[Candidate], best: Candidate) -> Candidate | None:
    """The sentence after the best one in its paragraph, when MiniLM puts it within `NEXT_MARGIN` of it and it
    shares a word with the question too (without that: one more question answered, 0.03 more sentences each)."""
    if best.unit.kind != "sentence":
        return None
    after = next((c for c in found if c.hit.id == best.hit.id and c.index == best.index + 1), None)
    if after is None or after.unit.kind != "sentence" or after.unit.group != best.unit.group:
        return None
    near = after.signals["cosine"] >= best.signals["cosine"] - NEXT_MARGIN
    return after if near and after.lexical >= MIN_OVERLAP else None


def _nearest(found: list[Candidate], best: Candidate) -> Candidate | None:
    """The unit of the best one's section MiniLM puts nearest the question, when it is not the best one: where
    shared words and meaning disagree within a section, the shopper sees both (as across sections, the rival rule).
    "how much does it cost to join" shares "join" with "Harbor Rewards is our free loyalty program." and means
    "There is no fee and no purchase needed to join." (0.528 -> 0.549 of the training questions right, padding
    unchanged: the unit is of a section already cited; rows excepted, one row answers). Any unit of the section,
    sharing words or not: "how do i turn off the ad cookies" means "... with the Cookie Settings link" (2026-12-05:
    policy_qa answerable right 0.585 -> 0.591 against the units sharing a word only)."""
    same = [s for s in found if s.hit.id == best.hit.id]
    near = max(same, key=lambda s: s.signals["cosine"])
    if near is best or near.unit.text == best.unit.text or (near.unit.kind == "row" and best.unit.kind == "row"):
        return None
    return near


def by_model(found: list[Candidate], selector: Selector, hits: list[SectionHit]) -> list[Candidate]:
    """The selector's picking: a decline when the best unit is not likely enough to answer or the question gate
    finds the question unanswerable."""
    probs = selector.probabilities(found) if found else np.zeros(0)
    if not selector.asks(found, probs):
        return []
    split = several(hits)
    return pick(found, probs, selector.answer_at, selector.extra_at,
                selector.split_at if split else selector.other_at, split)


def several(hits: list[SectionHit]) -> bool:
    """Whether the retriever split the message into several questions ("return window for a charger vs a frying
    pan"), as these sections say: each question is answered apart, and one may need a second section."""
    return len({c for h in hits for c in h.clauses}) > 1


def pick(found: list[Candidate], probs: np.ndarray, answer_at: float, extra_at: float,
         other_at: float = 1.01, split: bool = False) -> list[Candidate]:
    """The unit most likely to answer, if at least `answer_at` likely; a second unit of its section when at least
    `extra_at` times as likely (never a row's neighbouring rows); the best unit of another section only when it is
    itself at least `other_at` likely (1.01: never) and, in a message of several questions (`split`), holds more of
    this question's own words than of the others' (it answers this question, not the one beside it: "how much" after
    "how long does shipping to alaska take" is not answered by the Expedited rate of the section beside it). Two
    items of one list bring the list's intro, so all of it.

    Each question of a compound message is picked for apart, so a second section is needed only when the retriever
    did not split one: quoting one for "where the scores disagree", as the hand-set rules do, padded most answers
    (the shopper eval's `padded`), and cross-validated with padding in the objective it answered no more of them."""
    if not found:
        return []
    order = [int(n) for n in np.argsort(-probs, kind="stable")]
    best, p_best = found[order[0]], float(probs[order[0]])
    if p_best < answer_at:
        return []
    picked = [best]
    rest = [(found[n], float(probs[n])) for n in order[1:]]
    second = next(((c, p) for c, p in rest if c.hit.id == best.hit.id and c.unit.text != best.unit.text), None)
    if second is not None and second[1] >= extra_at * p_best \
            and not (second[0].unit.kind == "row" and best.unit.kind == "row"):  # one row answers; its neighbours pad
        picked.append(second[0])
    other = next(((c, p) for c, p in rest if c.hit.id != best.hit.id), None)
    if other is not None and other[1] >= other_at \
            and (not split or other[0].signals["own_clause"] > other[0].signals["other_clause"]):
        picked.append(other[0])
    return _whole_lists(picked, found)


def _whole_lists(picked: list[Candidate], found: list[Candidate]) -> list[Candidate]:
    """Two or more items of one list picked: the list's intro instead, which brings every item."""
    out: list[Candidate] = []
    for p in picked:
        if p.unit.kind == "item":
            same = [q for q in picked if q.unit.kind == "item" and q.hit.id == p.hit.id and q.unit.group == p.unit.group]
            intro = next((c for c in found if c.hit.id == p.hit.id and c.unit.kind == "intro"
                          and c.unit.group == p.unit.group - 1), None)
            if len(same) > 1 and intro is not None:
                p = intro
        if all(p is not q for q in out):
            out.append(p)
    return out
