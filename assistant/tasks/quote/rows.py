"""Which row of a table answers: the row the question names (its first cell, its department, an amount in its range),
else the row nearest the question in meaning; never the header, and one row unless the question names two.

The hand-set rules only (`select.answer_clause`): the trained selector reads the signals of `features.py` as it was
trained on them.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.retrieval.departments import Departments
from assistant.tasks.quote.features import Candidate
from assistant.tasks.quote.words import terms

KEY = 0.5  # a question's word in a table row's first cell: half a shared word more (`keyed`)
MIN_OVERLAP = 1.0  # shared words (or the asked-for number) the best unit needs (the nearest in meaning needs none)
# An amount: "$700", "$1,200". A row's range: "$500-$1,199", "$1,200 or more", "orders of $150+".
AMOUNT = re.compile(r"\$\s?(\d[\d,]*(?:\.\d+)?)")
SPAN = re.compile(r"\$(\d[\d,]*(?:\.\d+)?)\s*(?:-|–|to)\s*\$?(\d[\d,]*(?:\.\d+)?)|"
                  r"\$(\d[\d,]*(?:\.\d+)?)\s*(?:\+|or more|and (?:up|over|above))")
SPAN_ASKED = re.compile(r"(?<![\d$])\d+(?:\.\d+)?\s*[-–]\s*\d+(?:\.\d+)?(?![\d%])")  # "2-3", "8-15"
UNITS = {"day", "week", "month", "year", "hour", "minute", "business"}  # a period's words, stemmed as `terms` stems
WORDS = re.compile(r"[a-z0-9]+")  # a section's words, as the retriever gives them to `Departments.named`


def keyed(found: list[Candidate]) -> list[Candidate]:
    """The hand scores with a table row's key: a question's word in the row's first cell ("Standard: $5.95, ...")
    picks the row, where a word of a column's header ("Free Standard shipping") is every row's and picks none.
    2026-12-05: dev answerable 0.902 -> 0.913, compound 0.810 -> 0.857, padded 0.278 -> 0.267; policy_qa compound
    unchanged, padded 0.446 -> 0.434; all its kinds 0.805 -> 0.803 (1.0 instead of 0.5 lost policy_qa compounds)."""
    out = [replace(c, signals={**c.signals, "hand": c.score + KEY * c.signals["row_key"]}) if c.signals.get("row_key")
           else c for c in found]
    return sorted(out, key=lambda c: -c.score)


def for_department(found: list[Candidate], clause: str, departments: Departments | None) -> list[Candidate]:
    """A department table's rows for a question naming a product of a department: its department's row answers
    (it takes the place, and the scores, of the row that won by a shared word), the other departments' rows never
    do. "can i return sleeping bags" shares "bags" with "Bags & accessories: 30 days" and no word with
    "Sports & outdoors: 30 days"; "bag" alone names no department, "sleeping bag" names sports & outdoors. A
    question naming two products keeps both rows; one naming none, or whose department has no row, every row.
    A section titled by another department ("Beauty products") is no answer either: "if a dress does not fit how
    do i send it back" shares "send" and "back" with its "you will not need to send the damaged item back"; nor a
    sentence naming other departments only ("Electronics accessories must come back within 15 days" for a scarf)."""
    if departments is None or not found:
        return found
    sections = {c.hit.id: c.hit for c in found}
    words = {i: frozenset(WORDS.findall(h.text.lower())) for i, h in sections.items()}
    named = set(departments.named(clause, words))
    if not named:
        return found
    other = {i for i, h in sections.items() if (d := departments.in_text(h.section)
                                                | set(departments.named(h.section, words))) and not d & named}
    rows = {id(c): departments.in_text(c.unit.text.split(": ", 1)[0]) for c in found if c.unit.kind == "row"}
    tables = {(c.hit.id, c.unit.group) for c in found if rows.get(id(c), set()) & named}
    best: dict[tuple[str, int], Candidate] = {}  # each such table's best row, whichever department's
    for c in found:
        if rows.get(id(c)) and (c.hit.id, c.unit.group) in tables:
            best.setdefault((c.hit.id, c.unit.group), c)
    out = []
    for c in found:
        if c.hit.id in other:
            continue
        if c.unit.kind in ("sentence", "item") and (d := departments.in_text(c.unit.text)) and not d & named:
            continue  # "Electronics accessories must come back within 15 days" answers nothing about a scarf
        depts = rows.get(id(c))
        if depts and (c.hit.id, c.unit.group) in tables:
            if not depts & named:
                continue  # another department's row
            # it takes the place of the row that won by a shared word, with its scores
            top = best[(c.hit.id, c.unit.group)]
            lift = {"lexical": max(c.lexical, top.lexical), "hand": top.score} if top.score > c.score else {}
            # the product's department is a word the row shares: "the oakmere leather wallet split at the seam"
            # shares none with "Bags & accessories: 1 year", its answer, and was declined
            lift["lexical"] = max(lift.get("lexical", c.lexical), MIN_OVERLAP)
            c = replace(c, signals={**c.signals, **lift, "department_row": 1.0})
        out.append(c)
    return sorted(out, key=lambda c: -c.score)




def overlap(c: Candidate) -> float:
    """The shared words a unit is quoted by: a table row's header words count whole, as every row of the table
    answers them ("warranty on boots?" shares "warranty" with "Department | Warranty period", and "Footwear: 6
    months" answers it, where "Beauty: not covered by the warranty" shares it once more)."""
    return c.lexical + 0.5 * c.signals["columns"] if c.unit.kind == "row" else c.lexical


def in_range(found: list[Candidate], clause: str) -> list[Candidate]:
    """A row whose range holds the question's amount is the row the question names, when it is its table's only one:
    "spent about $700 this year, what tier am i" is answered by "Navigator: $500-$1,199", not by the tier table's
    first row; so is the row saying the question's own span ("how much to get it in 2-3 days": "Expedited: $12.95,
    2-3 business days"). It counts as a word of its first cell (`keyed`)."""
    amounts = [_number(a) for a in AMOUNT.findall(clause)]
    spans = {re.sub(r"\s", "", s) for s in SPAN_ASKED.findall(clause)}
    if not amounts and not spans:
        return found
    holding: dict[tuple[str, int], list[Candidate]] = {}
    for c in found:
        if c.unit.kind == "row" and (_holds(c.unit.text, amounts) or _says(c.unit.text, spans)):
            holding.setdefault((c.hit.id, c.unit.group), []).append(c)
    one = {id(rows[0]) for rows in holding.values() if len(rows) == 1}
    out = [replace(c, signals={**c.signals, "lexical": c.lexical + 1.0, "hand": c.score + 1.0,
                               "row_key": c.signals.get("row_key", 0) + 1}) if id(c) in one else c for c in found]
    return sorted(out, key=lambda c: -c.score)


def _says(text: str, spans: set[str]) -> bool:
    """Whether a row says one of the question's own spans ("2-3 days": "Expedited: $12.95, 2-3 business days")."""
    return bool(spans) and bool(spans & {re.sub(r"\s", "", s) for s in SPAN_ASKED.findall(text)})


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _holds(text: str, amounts: list[float]) -> bool:
    for m in SPAN.finditer(text):
        low = _number(m.group(1) or m.group(3))
        high = _number(m.group(2)) if m.group(2) else float("inf")
        if any(low <= a <= high for a in amounts):
            return True
    return False


def by_meaning(found: list[Candidate], clause: str) -> list[Candidate]:
    """A table none of whose rows the question names (by its first cell, its department or an amount in its range):
    the row MiniLM puts nearest the question answers, in the place and with the scores (and shared words) of the row
    that won by a word of another column or a number ("coffee grinder quit after 18 months" shares "months" with "Footwear: 6 months",
    and means "Home & kitchen: 1 year; small electrical appliances ..."; "handle on my rolling suitcase snapped"
    means "Bags & accessories: 1 year"): shoppers name products no taxonomy lists. Not when the winning row holds
    more of the question's words than those (`_own`): "which level gets the 30 day price drop window" is answered by
    the row saying "30-day price adjustment window"."""
    asked = terms(clause)
    tables: dict[tuple[str, int], list[Candidate]] = {}
    for c in found:
        if c.unit.kind == "row":
            tables.setdefault((c.hit.id, c.unit.group), []).append(c)
    lift: dict[int, dict[str, float]] = {}
    for rows in tables.values():
        if any(r.signals.get("row_key") or r.signals.get("department_row") for r in rows):
            continue
        near = max(rows, key=lambda r: r.signals["cosine"])
        # the rows it stands for: those holding none of the question's words it lacks
        beaten = [r for r in rows if not _own(r, asked) - _own(near, asked)]
        top = max(beaten, key=lambda r: r.score)
        words = max(beaten, key=lambda r: r.lexical)
        if top is not near:
            lift[id(top)] = {"hand": near.score}
        if top is not near or words.lexical > near.lexical:
            lift[id(near)] = {"hand": top.score, "lexical": words.lexical}
    if not lift:
        return found
    out = [replace(c, signals={**c.signals, **lift[id(c)]}) if id(c) in lift else c for c in found]
    return sorted(out, key=lambda c: -c.score)


def _own(row: Candidate, asked: set[str]) -> set[str]:
    """The question's words a row holds that are not a number or its unit ("6 months" shares "months" with "after
    18 months", as it would with any period)."""
    return {w for w in asked & terms(row.unit.text) if w not in UNITS and not any(ch.isdigit() for ch in w)}


def named_rows(found: list[Candidate], clause: str) -> list[Candidate]:
    """Marks the rows whose first cell holds one of the question's own words (`two_named`): not a formal word for
    one of them ("shows up" reads "credited", which is no name for "Credit or debit card")."""
    asked = terms(clause)
    return [replace(c, signals={**c.signals, "named_row": 1.0}) if c.unit.kind == "row" and asked & _key(c) else c
            for c in found]


def two_named(best: Candidate, second: Candidate) -> bool:
    """Two rows of one table the question names both, each by its own first cell ("what do navigators get that
    deckhands dont"): both answer. A word both first cells hold ("credit" of "Credit or debit card" and "Store
    credit") names neither. Any other row beside the best one pads."""
    return bool(best.signals.get("named_row")) and bool(second.signals.get("named_row")) \
        and not _key(best) & _key(second)


def _key(row: Candidate) -> set[str]:
    return terms(row.unit.text.split(": ", 1)[0])
