"""A question that names no row of a table its section answers in general is answered by the whole table.

"how long does shipping take" names no method: the shipping table's three rows answer it, where the shared words
picked the Overnight cut-off sentence; "how long is the warranty" names no department: the warranty table answers,
not its "Electronics accessories: 1 year" row; "whats your return policy" gets every department's return window.
The hand-set rules only (`select.answer_clause`).
"""

from __future__ import annotations

import re

from assistant.retrieval.search import SectionHit
from assistant.tasks.quote.agree import ABROAD_ASKED, ABROAD_RULE
from assistant.tasks.quote.features import Candidate
from assistant.tasks.quote.words import ASK_WORDS, ASKS, terms

MAX_ROWS = 8  # a longer table is a list to search, not an answer to read
# The verbs a question asks for a time or a cost by, of whatever it names: "how long does shipping take", "when
# will my order arrive", "how much does it cost to get it"
GENERAL = terms("take takes taking get gets arrive arrives come comes cost costs policy policies")
# ... or for the rule itself: "what's your return policy" is answered by the return windows, all of them
RULE_ASKED = re.compile(r"\bpolic(?:y|ies)\b", re.I)


def whole_table(picked: list[Candidate], found: list[Candidate], clause: str,
                hits: list[SectionHit]) -> list[Candidate]:
    """The picked units with, first, every row of the table that answers the question in general: the first in
    the search's order of sections, holding every word of the question (but the words it asks a number by) in the
    page's title, the section's heading, its text before the table or the table's header (`_before`), of at most
    MAX_ROWS rows, most holding what the question asks for (a period for "how long", an amount for "how much"), and
    none named by the question (its first cell, its department or an amount in its range). A section for
    orders abroad answers no question naming no place abroad. The rows the picked units held of it go."""
    wants = [holds for asks, holds in ASKS if asks.search(clause)]
    if not picked or not (wants or RULE_ASKED.search(clause) or _unnamed_row(picked[0])):
        return picked
    asked = terms(clause) - ASK_WORDS - GENERAL
    tables: dict[tuple[str, int], list[Candidate]] = {}
    for c in found:
        if c.unit.kind == "row":
            tables.setdefault((c.hit.id, c.unit.group), []).append(c)
    for hit in hits:
        if not ABROAD_ASKED.search(clause) and ABROAD_RULE.search(f"{hit.page_title}: {hit.section}"):
            continue
        for (section, group), rows in tables.items():
            if section == hit.id and _answers(rows, wants) and not asked - _before(rows[0], hit):
                table = _in_order(rows)
                return [*table, *(p for p in picked if p.hit.id == section and p.unit.group != group)]
    return picked


def _unnamed_row(best: Candidate) -> bool:
    """A row picked by meaning alone, sharing no word of its own with the question: "what does the warranty cover"
    names no department, and "Sports & outdoors: 1 year" answered it as well as any other row would have."""
    return best.unit.kind == "row" and best.signals["shared"] == 0 and not _named(best) \
        and not best.signals.get("covers")


def _before(row: Candidate, hit: SectionHit) -> set[str]:
    """The words of the page's title, the section's heading, its text before the table and the table's header: a
    question saying a word only a later paragraph says ("see below for Alaska, Hawaii ...") asks about that case,
    and one saying a word of a row ("how many points is the birthday bonus": "Deckhand: ..., birthday bonus")
    about that row."""
    said = " ".join(u.text for u in row.units if u.group <= row.unit.group and u.kind != "row")
    return terms(f"{hit.page_title} {hit.section} {said}")


def _answers(rows: list[Candidate], wants: list) -> bool:
    named = any(_named(r) for r in rows)
    holding = sum(any(w.search(r.unit.text) for w in wants) for r in rows) if wants else len(rows)
    return 2 <= len(rows) <= MAX_ROWS and not named and 2 * holding > len(rows)


def _named(row: Candidate) -> bool:
    """Whether the question names the row: its first cell, its department or an amount in its range."""
    return any(row.signals.get(s) for s in ("row_key", "department_row", "named_row"))


def _in_order(rows: list[Candidate]) -> list[Candidate]:
    seen: dict[int, Candidate] = {}
    for r in sorted(rows, key=lambda r: r.index):
        seen.setdefault(r.index, r)
    return list(seen.values())
