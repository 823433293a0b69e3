"""What reviews say: sentiment split, most praised and criticised attributes, and a short quote for each."""

from __future__ import annotations

import re
from collections import Counter

from pydantic import BaseModel, Field

QUOTE_WORDS = 25  # a quote longer than this stops being a quote
TOP = 3


class AspectSummary(BaseModel):
    aspect: str
    mentions: int
    quote: str = ""


class ReviewSummary(BaseModel):
    subject: str
    reviews: int
    sentiment: dict[str, int] = Field(default_factory=dict)  # label -> count
    praised: list[AspectSummary] = Field(default_factory=list)
    criticised: list[AspectSummary] = Field(default_factory=list)
    use_cases: list[str] = Field(default_factory=list)
    difficulty_mentions: int = 0

    def text(self) -> str:
        if not self.reviews:
            return f"There are no reviews for {self.subject} yet."
        split = ", ".join(f"{n / self.reviews:.0%} {label}" for label, n in
                          sorted(self.sentiment.items(), key=lambda kv: -kv[1]))
        lines = [f"**{self.subject}**: {self.reviews} review(s), {split}."]
        # A blank line before each heading: in Markdown a line right after a list item joins that item.
        for title, items in (("Praised", self.praised), ("Criticised", self.criticised)):
            if items:
                lines += ["", f"**{title}:**"]
                lines += [f"- {_label(a.aspect)} ({a.mentions}): “{a.quote}”" if a.quote else
                          f"- {_label(a.aspect)} ({a.mentions})" for a in items]
        if self.use_cases:
            lines += ["", f"**Bought for:** {', '.join(self.use_cases)}."]
        if self.difficulty_mentions:
            lines += ["", f"{self.difficulty_mentions} review(s) mention something being difficult."]
        return "\n".join(lines)


def _label(aspect: str) -> str:
    return aspect.replace("_", " ")


def summarize(subject: str, texts: list[str], extractions: list) -> ReviewSummary:
    """Aggregate per-review extractions (overall_sentiment, aspects, use_cases, mentions_difficulty)."""
    sentiment = Counter(e.overall_sentiment for e in extractions)
    praised, criticised = Counter(), Counter()
    for e in extractions:
        for aspect, polarity in e.aspects.items():
            if polarity == "positive":
                praised[aspect] += 1
            elif polarity == "negative":
                criticised[aspect] += 1
    uses = Counter(u for e in extractions for u in e.use_cases)
    return ReviewSummary(
        subject=subject, reviews=len(texts), sentiment=dict(sentiment),
        praised=[_aspect(a, n, texts, extractions, "positive") for a, n in praised.most_common(TOP)],
        criticised=[_aspect(a, n, texts, extractions, "negative") for a, n in criticised.most_common(TOP)],
        use_cases=[u for u, _ in uses.most_common(TOP)],
        difficulty_mentions=sum(1 for e in extractions if e.mentions_difficulty),
    )


# Words a reviewer uses for an aspect whose name they would not write ("value" is "worth the price").
ASPECT_WORDS = {"value": ["price", "worth", "money", "cheap", "expensive", "value"],
                "build_quality": ["quality", "made", "sturdy", "flimsy", "stitch", "cheap"],
                "durability": ["durab", "last", "broke", "wear", "held up", "fell apart"],
                "ease_of_care": ["care", "wash", "iron", "dry clean", "wrinkl", "machine"],
                "ease_of_cleaning": ["clean", "wash", "dishwasher", "wipe"],
                "ease_of_use": ["easy", "simple", "use", "intuitive"],
                "color_accuracy": ["colou", "color", "shade", "pictured", "photo"],
                "size": ["size", "small", "large", "big", "runs"], "fit": ["fit", "snug", "loose", "tight"]}


def _aspect(aspect: str, n: int, texts: list[str], extractions: list, polarity: str) -> AspectSummary:
    """The shortest sentence that names the aspect, from a review that rated it this way; no quote when no
    sentence names it (a sentence about something else read as evidence: "ease of care: 'for my niece'")."""
    words = ASPECT_WORDS.get(aspect) or [w[:5] for w in aspect.split("_") if len(w) > 2]
    candidates = []
    for text, e in zip(texts, extractions):
        if e.aspects.get(aspect) != polarity:
            continue
        for sentence in re.split(r"(?<=[.!?])\s+", text.strip()):
            size = len(sentence.split())
            if 3 <= size <= QUOTE_WORDS and any(re.search(rf"\b{re.escape(w)}", sentence.lower()) for w in words):
                candidates.append((size, sentence.strip()))
    return AspectSummary(aspect=aspect, mentions=n, quote=min(candidates)[1] if candidates else "")
