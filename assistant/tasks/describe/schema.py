"""Describe's input (what a merchant knows about a product) and output, and the attributes it must cover."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from assistant.tasks.describe.tones import Tone


VOICE_FILE = "brand_voice.md"
# Every attribute a description should mention when the input has it (the coverage metric counts these).
KEY_ATTRIBUTES = ("color", "material", "pattern", "silhouette", "occasion", "season", "style", "gender", "size")
# Names that read well in running text where the canonical value does not (US spelling; adjectives).
DISPLAY = {("material", "aluminium"): "aluminum", ("season", "all season"): "year-round",
           ("silhouette", "a-line"): "A-line", ("gender", "women"): "women's", ("gender", "men"): "men's",
           ("gender", "kids"): "kids'"}
SIZE_CODE = re.compile(r"^(?:XXS|XS|S|M|L|XL|XXL|\d+)$")
SLOT = re.compile(r"\{([a-z0-9_]+)\}")
SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z0-9\"'])")
WORD = re.compile(r"[\w'’-]+")
K_NEIGHBORS = 20  # 20: enough votes per sentence kind; further away the products stop being alike


class DescribeInput(BaseModel):
    """What a merchant knows about a product."""

    title: str = Field(min_length=1)
    category: str = ""  # a taxonomy leaf name or id
    brand: str = ""
    attributes: dict[str, str | list[str]] = Field(default_factory=dict)
    features: list[str] = Field(default_factory=list)
    # The merchant's "Shorter" / "More playful" / "More formal"; empty for the store's usual voice.
    tone: Tone = ""


class DescribeOutput(BaseModel):
    description: str
