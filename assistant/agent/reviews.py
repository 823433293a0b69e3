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


# Words a sentence uses when it talks about an aspect (stems: "comfort" matches "comfortable"). A quote must use
# one: a sentence from the same review that talks about something else is not evidence for the aspect.
ASPECT_WORDS: dict[str, tuple[str, ...]] = {
    "fit": ("fit", "size", "sizing", "tight", "loose", "snug", "runs", "true to size", "roomy"),
    "fabric": ("fabric", "material", "cotton", "linen", "wool", "soft", "scratch", "itch", "thin", "thick", "silk"),
    "length": ("length", "long", "short", "hem", "cropped", "inseam"),
    "color_accuracy": ("colo", "shade", "photo", "picture", "pictured", "hue", "faded", "as shown"),
    "comfort": ("comfort", "comfy", "cushion", "pinch", "hurt", "cozy", "cosy", "soft", "all day"),
    "durability": ("durab", "last", "broke", "break", "tear", "tore", "ripp", "fell apart", "holding up", "held up",
                   "sturdy", "wear", "pilling", "pill"),
    "ease_of_care": ("wash", "iron", "wrinkl", "dryer", "shrink", "shrank", "care", "stain", "dry clean", "machine"),
    "support": ("support", "arch", "stable", "stability"),
    "grip": ("grip", "slip", "traction", "non-slip", "tacky"),
    "break_in": ("break in", "breaking in", "broke in", "broken in", "blister", "stiff"),
    "value": ("price", "value", "worth", "money", "cheap", "expensive", "cost", "deal", "bargain", "$"),
    "capacity": ("capacity", "room", "space", "roomy", "fits", "holds", "pocket", "compartment"),
    "build_quality": ("quality", "build", "built", "made", "sturdy", "flimsy", "solid", "cheap", "construct",
                      "stitch", "seam"),
    "design": ("design", "look", "style", "stylish", "pretty", "beautiful", "ugly", "gorgeous", "cute", "sleek"),
    "ease_of_use": ("easy", "simple", "intuitive", "complicated", "use", "setup", "set up", "fiddly"),
    "performance": ("work", "perform", "heat", "boil", "brew", "cook", "power", "fast", "slow", "even"),
    "ease_of_cleaning": ("clean", "dishwasher", "wipe", "stain", "rinse"),
    "size": ("size", "small", "big", "large", "runs", "compact", "tiny", "huge", "bulky"),
    "noise": ("noise", "noisy", "quiet", "loud", "silent"),
    "weight": ("weight", "heavy", "light", "weigh"),
    "assembly": ("assembl", "set up", "setup", "instruction", "put together", "pitch"),
    "scent": ("scent", "smell", "fragrance", "perfume", "notes"),
    "texture": ("texture", "greasy", "sticky", "smooth", "creamy", "thick", "thin", "silky", "chalky"),
    "longevity": ("last", "all day", "hours", "wear", "fade", "stay", "budge", "smudge"),
    "shade_match": ("shade", "match", "tone", "colo", "undertone"),
    "skin_reaction": ("skin", "irritat", "breakout", "broke out", "rash", "sensitive", "itch", "allerg", "red"),
    "results": ("result", "difference", "work", "effect", "notice", "hydrat"),
    "packaging": ("packag", "package", "box", "bottle", "tube", "leak", "cap", "pump"),
    "sound_quality": ("sound", "bass", "audio", "treble", "music", "crisp", "tinny", "mids"),
    "battery_life": ("battery", "charge", "hours", "lasts", "die"),
    "connectivity": ("bluetooth", "connect", "pair", "disconnect", "drop", "signal"),
    "noise_cancelling": ("noise", "cancel", "anc", "block", "drown"),
    "charging_speed": ("charg", "fast", "slow", "speed", "watt"),
}


def talks_about(sentence: str, aspect: str) -> bool:
    text = sentence.lower()
    words = ASPECT_WORDS.get(aspect) or tuple(w[:5] for w in aspect.split("_") if len(w) > 2)
    return any(re.search(rf"\b{re.escape(w)}", text) if w[0].isalnum() else w in text for w in words)


def _aspect(aspect: str, n: int, texts: list[str], extractions: list, polarity: str) -> AspectSummary:
    """The shortest sentence that talks about the aspect, from a review that rated it this way; no quote rather
    than a sentence about something else."""
    candidates = []
    for text, e in zip(texts, extractions):
        if e.aspects.get(aspect) != polarity:
            continue
        for sentence in re.split(r"(?<=[.!?])\s+", text.strip()):
            size = len(sentence.split())
            if 3 <= size <= QUOTE_WORDS and talks_about(sentence, aspect):
                candidates.append((size, sentence.strip()))
    return AspectSummary(aspect=aspect, mentions=n, quote=min(candidates)[1] if candidates else "")
