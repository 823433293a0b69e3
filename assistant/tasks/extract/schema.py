"""Extract's input and output, clauses, and a review's department with the aspects the store reads it for."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from assistant.tasks.base import TaskContext
from assistant.tasks.extract.vocabulary import vocabulary


Sentiment = Literal["positive", "negative", "mixed"]
AspectSentiment = Literal["positive", "negative", "neutral"]
CLAUSE_SPLIT = re.compile(r"(?<=[.!?;])\s+|\s*;\s*|\s+-\s+|\.{3}\s*|,?\s+\b(?:but|though|although|however|yet|"
                          r"whereas|except|on the other hand)\b,?\s+", re.IGNORECASE)
MIN_SENTIMENT_COUNT = 5


class ExtractInput(BaseModel):
    """One customer review, with its department or category when known."""

    text: str = Field(min_length=1)
    category: str | None = None


class ExtractOutput(BaseModel):
    """What the review says."""

    overall_sentiment: Sentiment
    aspects: dict[str, AspectSentiment] = Field(default_factory=dict)
    use_cases: list[str] = Field(default_factory=list)
    mentions_difficulty: bool = False


def split_clauses(text: str) -> list[str]:
    """Sentences, cut again at ";" and contrast words, so "love the colour but the zip broke" is two clauses."""
    parts = [p.strip(" ,.!?") for p in CLAUSE_SPLIT.split(text) if p]
    parts = [p for p in parts if len(p) > 1]
    return parts or [text]


def clause_around(sentence: str, start: int) -> str:
    """The clause of `sentence` that contains the character at `start` (an aspect term's position)."""
    pos = 0
    for m in CLAUSE_SPLIT.finditer(sentence):
        if m.start() > start:
            break
        pos = m.end()
    end = next((m.start() for m in CLAUSE_SPLIT.finditer(sentence) if m.start() > start), len(sentence))
    return sentence[pos:end].strip(" ,.!?") or sentence


def department_of(category: str | None, ctx: TaskContext) -> str | None:
    """A department key from a department name, a taxonomy leaf name, a taxonomy path or a category id."""
    if not category:
        return None
    key = category.strip().lower().replace(" & ", "_").replace(" ", "_")
    if key in ctx.ontology.departments or key in vocabulary(ctx).aspects:
        return key
    name = category.strip()
    paths = ctx.taxonomy.paths
    if name.isdigit() and int(name) in paths:
        return ctx.ontology.department_of(paths[int(name)])
    for path in paths.values():
        if path == name or path.rsplit(" > ", 1)[-1].lower() == name.lower():
            return ctx.ontology.department_of(path)
    return None


def allowed_aspects(category: str | None, ctx: TaskContext) -> list[str]:
    """The aspects a review in this category may carry: its department's, or every aspect of the store."""
    vocab = vocabulary(ctx)
    dept = department_of(category, ctx)
    return vocab.aspects.get(dept, []) if dept else vocab.all_aspects


def unknown(out: ExtractOutput, ctx: TaskContext, labels: set[str]) -> list[str]:
    """Aspects and use cases outside the store's lists: a review's planted text must not become a new aspect."""
    vocab = vocabulary(ctx)
    return ([f"aspect {a!r} is not one the store tracks" for a in out.aspects if a not in vocab.all_aspects]
            + [f"use case {u!r} is not one the store tracks" for u in out.use_cases if u not in vocab.use_cases])
