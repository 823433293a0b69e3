"""Policy questions in shoppers' words with what answers them: `knowledge/training/policy_qa.jsonl`.

Each row: `{"id", "kind", "question", "sections", "facts", "answer"?}` or, for two questions in one message,
`"parts": [{"sections", "facts", "answer"?}, ...]`; an unanswerable question has no sections. A unit of a
retrieved section is a positive when its section is one the row names and it holds one of the part's facts (or
is, or is within, the part's `answer`); every other retrieved unit is a negative. The same shape as the shopper
eval set (`evals/datasets/shopper_policy.jsonl`), which the selector never trains on.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, Field

from assistant.tasks.quote.features import Candidate
from assistant.tasks.rows import parse_rows

TRAIN_FILE = "training/policy_qa.jsonl"  # in the knowledge folder


class Part(BaseModel):
    sections: list[str] = Field(min_length=1)  # any of these; a bare file name stands for any of its sections
    facts: list[str] = Field(default_factory=list)  # "a|b" accepts either spelling
    answer: str | None = None  # the exact unit text that answers, when one unit does


class QuoteRow(BaseModel):
    id: str
    kind: str = "plain"
    question: str = Field(min_length=1)
    sections: list[str] = Field(default_factory=list)
    facts: list[str] = Field(default_factory=list)
    answer: str | None = None
    parts: list[Part] = Field(default_factory=list)

    def expected(self) -> list[Part]:
        if self.parts:
            return self.parts
        return [Part(sections=self.sections, facts=self.facts, answer=self.answer)] if self.sections else []


def load_rows(path: Path) -> list[QuoteRow]:
    """The rows of a file, every bad row named by line and field at once (`parse_rows`)."""
    return parse_rows(Path(path), lambda _line, row: QuoteRow.model_validate(row))


def norm(text: str) -> str:
    text = text.lower().replace("’", "'").replace("–", "-").replace("—", "-").replace("**", "")
    return " ".join(text.split())


def has_fact(text: str, fact: str) -> bool:
    return any(norm(alt) in norm(text) for alt in fact.split("|"))


def in_sections(section_id: str, wanted: list[str]) -> bool:
    return any(section_id == w or section_id.split("#")[0] == w for w in wanted)


def plain_answer(answer: str) -> str:
    """The answer as units read: a pasted table row "| Footwear | 30 days |" as "Footwear: 30 days", no emphasis
    or link markup."""
    text = answer.strip()
    if text.startswith("|"):
        cells = [c.strip() for c in text.strip("|").split("|")]
        text = f"{cells[0]}: {', '.join(cells[1:])}" if len(cells) > 1 else cells[0]
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return norm(re.sub(r"(\*\*|__|(?<!\w)[*_]|[*_](?!\w))", "", text))


def _texts(c: Candidate) -> list[str]:
    texts = [c.unit.text]
    if c.unit.kind == "intro":  # quoting an intro quotes its list
        texts += [u.text for u in c.units[c.index + 1:] if u.kind == "item" and u.group == c.unit.group + 1]
    return texts


def is_answer(c: Candidate, answer: str) -> bool:
    a = plain_answer(answer)
    return any(norm(t) in a or a in norm(t) for t in _texts(c) if t.strip())


def answers(c: Candidate, part: Part, by_answer: bool = False) -> bool:
    """Whether one candidate unit answers one part of a row (see the module's docstring); an intro answers when
    an item of its list does, since quoting the intro quotes the list. `by_answer`: the part's `answer` text
    decides (it was found among the units), else its facts."""
    if not in_sections(c.hit.id, part.sections):
        return False
    text = " ".join(_texts(c))
    if part.facts and all(has_fact(text, f) for f in part.facts):
        return True  # it says all that was asked (what the shopper eval checks)
    if by_answer:
        return is_answer(c, part.answer or "")
    return any(has_fact(text, f) for f in part.facts)


def clause_parts(row: QuoteRow, n_clauses: int) -> list[list[Part]]:
    """The parts each of the retriever's questions answers: the i-th question the i-th part when the message was
    split as the row was ("warranty on a kettle vs shoes": the kettle's row is no answer about shoes), else all."""
    parts = row.expected()
    if len(parts) > 1 and n_clauses == len(parts):
        return [[p] for p in parts]
    return [parts] * n_clauses


def labels(found: list[Candidate], parts: list[Part]) -> list[int]:
    """1 for each candidate that answers one of the parts, 0 for the others (all 0 for an unanswerable row)."""
    # a part's answer text decides when some retrieved unit is it (a fact such as "30 days" is in many rows)
    exact = [bool(p.answer) and any(in_sections(c.hit.id, p.sections) and is_answer(c, p.answer) for c in found)
             for p in parts]
    return [int(any(answers(c, p, e) for p, e in zip(parts, exact))) for c in found]
