"""The prompted model's instructions, with the leaves of the taxonomy of the store it is given."""

from __future__ import annotations

from assistant.tasks.base import TaskContext
from assistant.tasks.classify.schema import ClassifyInput

INSTRUCTION = "You classify supplier product titles for an online store's catalog."


def leaf_lines(ctx: TaskContext) -> str:
    """`id - path` for every leaf of the store's taxonomy, in the file's order."""
    tax = ctx.taxonomy
    return "\n".join(f"{cid} - {path}" for cid, path in tax.paths.items() if cid in tax.leaves)


def system_prompt(ctx: TaskContext) -> str:
    return f"""{INSTRUCTION}
Titles come straight from supplier feeds: brand first or last, SKUs, sizes, pack counts, abbreviations
("Blk" = black, "Wmns" = women, "SS" = stainless steel on cookware), all capitals and typos.
Answer with JSON only: {{"category": "<leaf id as a string>", "path": "<its taxonomy path>",
"attributes": {{"<attribute>": "<canonical value>", "size": ["<size>", ...]}}, "confidence": <0..1>}}.
Use only attributes the title states (color, material, pattern, gender, size, occasion, season, style,
silhouette), with the store's canonical values (navy -> "blue", Lthr -> "leather"); size is a list.
The category is one of these leaves (id - path):
{leaf_lines(ctx)}"""


def render_input(item: ClassifyInput) -> str:
    return f"Title: {item.text}"
