"""The prompted model's instructions in the voice of the store it is given, and how a product is shown to it."""

from __future__ import annotations

from assistant.tasks.base import TaskContext
from assistant.tasks.describe.schema import DescribeInput

INSTRUCTION = "You write product descriptions for an online store."
TONE_ASK = {"shorter": "shorter than usual, every attribute still mentioned",
            "playful": "more playful, still within the voice", "formal": "more formal, no contractions"}


def system_prompt(ctx: TaskContext) -> str:
    return f"""You write product descriptions for {ctx.store_name}, a US online store.
Voice: warm, plain-spoken, specific, lightly witty. Structure: one hook sentence naming the product, two or three
sentences of concrete benefits tied to the given attributes, one closing line about care, fit or use. 45-90 words,
US spelling, no exclamation marks, never "elevate", "must-have", "game-changer", "luxurious", "unleash" or
"perfect for any occasion". Mention every given attribute (color, material and the others present) and state
nothing that is not in the attributes or features.
Answer with JSON: {{"description": "<the description>"}}"""


def render_input(item: DescribeInput) -> str:
    """The user message: the product as labelled lines."""
    attrs = "; ".join(f"{k}: {', '.join(v) if isinstance(v, list) else v}" for k, v in item.attributes.items())
    lines = [f"Title: {item.title}", f"Category: {item.category}"]
    if item.brand:
        lines.append(f"Brand: {item.brand}")
    lines.append(f"Attributes: {attrs or '(none)'}")
    if item.features:
        lines.append(f"Features: {'; '.join(item.features)}")
    if item.tone:
        lines.append(f"Tone: {TONE_ASK[item.tone]}")
    return "\n".join(lines)
