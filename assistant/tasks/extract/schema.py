"""Extract's vocabulary (aspects per department, use cases), its input and output, clauses and departments."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from assistant.tasks.base import TaskContext


# Review aspects, fixed per department; scripts/make_catalog.py labels its reviews with these names.
ASPECTS: dict[str, list[str]] = {
    "apparel": ["fit", "fabric", "length", "color_accuracy", "comfort", "durability", "ease_of_care", "value"],
    "footwear": ["fit", "comfort", "support", "durability", "grip", "break_in", "ease_of_care", "value"],
    "bags_accessories": ["capacity", "build_quality", "comfort", "design", "color_accuracy", "durability", "fit",
                         "ease_of_use", "value"],
    "home_kitchen": ["performance", "build_quality", "ease_of_cleaning", "ease_of_use", "design", "size", "noise",
                     "comfort", "value"],
    "sports_outdoors": ["performance", "durability", "comfort", "grip", "weight", "size", "assembly",
                        "ease_of_cleaning", "value"],
    "beauty": ["scent", "texture", "longevity", "shade_match", "skin_reaction", "results", "packaging",
               "ease_of_use", "value"],
    "electronics": ["sound_quality", "battery_life", "comfort", "connectivity", "noise_cancelling",
                    "charging_speed", "build_quality", "fit", "ease_of_use", "value"],
}
ALL_ASPECTS: list[str] = sorted({a for names in ASPECTS.values() for a in names})
# A negative remark on one of these aspects is a difficulty (care, cleaning, setup, assembly).
DIFFICULTY_ASPECTS = ("ease_of_care", "ease_of_cleaning", "ease_of_use", "assembly")
USE_CASES: list[str] = ["wedding", "work", "travel", "party", "everyday", "beach", "gift", "lounging", "gym",
                        "hiking", "running", "commute", "camping", "family_meals", "entertaining", "sleep",
                        "work_from_home", "gaming", "yoga"]

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


def department_of(category: str | None, ctx: TaskContext | None) -> str | None:
    """A department key from a department name, a taxonomy leaf name, a taxonomy path or a category id."""
    if not category:
        return None
    key = category.strip().lower().replace(" & ", "_").replace(" ", "_")
    if key in ASPECTS:
        return key
    if ctx is None:
        return None
    name = category.strip()
    paths = ctx.taxonomy.paths
    if name.isdigit() and int(name) in paths:
        return ctx.ontology.department_of(paths[int(name)])
    for path in paths.values():
        if path == name or path.rsplit(" > ", 1)[-1].lower() == name.lower():
            return ctx.ontology.department_of(path)
    return None


def allowed_aspects(category: str | None, ctx: TaskContext | None) -> list[str]:
    dept = department_of(category, ctx)
    return ASPECTS[dept] if dept else ALL_ASPECTS


def unknown(out: ExtractOutput, ctx: TaskContext, labels: set[str]) -> list[str]:
    """Aspects and use cases outside the task's lists: a review's planted text must not become a new aspect."""
    return ([f"aspect {a!r} is not one the store tracks" for a in out.aspects if a not in ALL_ASPECTS]
            + [f"use case {u!r} is not one the store tracks" for u in out.use_cases if u not in USE_CASES])
