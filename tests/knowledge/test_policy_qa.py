"""Checks on `knowledge/training/policy_qa.jsonl`, the shopper policy questions the sentence selector learns from.

Read as a user of the data reads it: every line a valid row (a bad one named by file, line and field), every
section id a real chunk of the policy pages, every fact and answer a verbatim piece of its section's text, and no
question a copy or near-copy of a question the assistant is evaluated on (only the ids of this file's rows are
printed, so whoever fixes a leak never reads the eval questions).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from assistant.evaluation.grounding import policy_sections
from assistant.training.taskdata import NEAR_DUP_COSINE, normalized, similar_pairs
from tests.offline import KNOWLEDGE, REPO

QA_FILE = KNOWLEDGE / "training" / "policy_qa.jsonl"
EVAL_FILES = (REPO / "evals" / "datasets" / "shopper_policy.jsonl",
              REPO / "evals" / "datasets" / "shopper_conversations.jsonl")
KINDS = ("plain", "casual", "table", "compound", "unanswerable")


class Part(BaseModel):
    """What answers one request: any of `sections`; a right answer contains every fact (`a|b`: either)."""

    model_config = ConfigDict(extra="forbid")
    sections: list[str] = Field(min_length=1)
    facts: list[str] = Field(min_length=1, max_length=3)
    answer: str = Field(min_length=1)  # the sentence, list item or table row a store employee would quote


class Row(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^pq-\d{3,}$")
    kind: Literal["plain", "casual", "table", "compound", "unanswerable"]
    question: str = Field(min_length=1)
    sections: list[str] = []
    facts: list[str] = []
    answer: str | None = None
    parts: list[Part] | None = None

    @model_validator(mode="after")
    def labels_fit_kind(self) -> Row:
        top = bool(self.sections or self.facts or self.answer)
        if self.kind == "compound" and (top or not self.parts or len(self.parts) < 2):
            raise ValueError("a compound row has two or more `parts` and no top-level sections/facts/answer")
        if self.kind == "unanswerable" and (top or self.parts):
            raise ValueError("an unanswerable row has empty sections and facts, and no answer or parts")
        if self.kind not in ("compound", "unanswerable"):
            Part(sections=self.sections, facts=self.facts, answer=self.answer or "")  # same rules as a part
            if self.parts:
                raise ValueError("only a compound row has `parts`")
        return self

    def requests(self) -> list[Part]:
        if self.parts:
            return self.parts
        return [] if self.kind == "unanswerable" else [Part(sections=self.sections, facts=self.facts,
                                                            answer=self.answer or "")]


def _where(number: int) -> str:
    return f"{QA_FILE.relative_to(REPO)}:{number}"


@cache
def load_rows() -> tuple[tuple[int, Row], ...]:
    """(line number, row) for every line; the first bad line fails with its file, line and field."""
    rows = []
    for number, line in enumerate(QA_FILE.read_text(encoding="utf-8").splitlines(), start=1):
        try:
            rows.append((number, Row.model_validate(json.loads(line))))
        except json.JSONDecodeError as err:
            pytest.fail(f"{_where(number)}: not JSON: {err}")
        except ValidationError as err:
            fields = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'row'}: {e['msg']}" for e in err.errors())
            pytest.fail(f"{_where(number)}: {fields}")
    return tuple(rows)


@cache
def sections() -> dict[str, str]:
    return policy_sections(KNOWLEDGE)


def _plain(text: str) -> str:
    """Text as facts and answers are matched: markdown bold dropped, then case, spacing and apostrophes ignored."""
    return normalized(text.replace("**", ""))


def test_every_line_is_a_valid_row():
    assert load_rows(), f"{QA_FILE} is empty"


def test_ids_are_unique():
    counts = Counter(row.id for _, row in load_rows())
    assert not [i for i, n in counts.items() if n > 1], "ids used more than once"


def test_every_kind_is_present():
    present = {row.kind for _, row in load_rows()}
    assert present == set(KINDS), f"kinds missing: {sorted(set(KINDS) - present)}"


def test_every_section_id_is_a_policy_section():
    bad = [f"{_where(n)}: parts[{p}].sections: {s!r} is not a section of knowledge/policies"
           for n, row in load_rows() for p, part in enumerate(row.requests()) for s in part.sections
           if s not in sections()]
    assert not bad, "\n".join(bad)


def test_facts_and_answers_are_verbatim_text_of_their_sections():
    """Each fact (every one of its `a|b` alternatives) and the answer occur in at least one of the part's sections."""
    bad = []
    for n, row in load_rows():
        for p, part in enumerate(row.requests()):
            texts = [_plain(sections().get(s, "")) for s in part.sections]
            for f, fact in enumerate(part.facts):
                for alt in fact.split("|"):
                    if not any(_plain(alt) in t for t in texts):
                        bad.append(f"{_where(n)}: parts[{p}].facts[{f}]: {alt!r} not in {part.sections}")
            if not any(_plain(part.answer) in t for t in texts):
                bad.append(f"{_where(n)}: parts[{p}].answer: not a verbatim span of {part.sections}")
    assert not bad, "\n".join(bad)


def _eval_questions() -> list[str]:
    texts = []
    for path in EVAL_FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            texts += [row["question"]] if "question" in row else [t["say"] for t in row.get("turns", [])]
    return texts


def test_no_question_leaks_into_the_evals(embedder):
    """No question equals (normalized) or sits at/above the near-duplicate cosine of an eval question; only this
    file's ids are reported, never the eval text."""
    rows = [row for _, row in load_rows()]
    evals = _eval_questions()
    seen = {normalized(t) for t in evals}
    leaked = {row.id for row in rows if normalized(row.question) in seen}
    mine = embedder.encode([row.question for row in rows])
    leaked |= {rows[i].id for i, _, _ in similar_pairs(mine, embedder.encode(evals), NEAR_DUP_COSINE)}
    assert not leaked, f"near-duplicates of eval questions (rewrite or drop these rows): {sorted(leaked)}"


def test_questions_are_not_paraphrases_of_each_other(embedder):
    """Variety over volume: two questions this close teach the selector one thing twice."""
    rows = [row for _, row in load_rows()]
    pairs = similar_pairs(embedder.encode([row.question for row in rows]), None, NEAR_DUP_COSINE)
    assert not pairs, "near-duplicate questions: " + ", ".join(f"{rows[i].id}~{rows[j].id}" for i, j, _ in pairs)
