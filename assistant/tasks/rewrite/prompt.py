"""The prompted model's instructions, with the attribute values and categories of the store it is given."""

from __future__ import annotations

from assistant.tasks.base import TaskContext
from assistant.tasks.rewrite.schema import RewriteInput

INSTRUCTION = "You turn one shopper's search query at an online store into search filters."


def system_prompt(ctx: TaskContext) -> str:
    head = (
        f"You turn one shopper's search query at {ctx.store_name}, an online store, into search filters.\n"
        "Answer with JSON only: {\"category_ids\": [int], \"attributes\": {attribute: [value]}, \"excluded\": "
        "{attribute: [value]}, \"price\": {\"min\": number|null, \"max\": number|null}, \"in_stock\": bool, "
        "\"text\": str}.\n"
        "Use only the canonical values below (map synonyms, misspellings and paraphrases onto them: "
        "\"burgandy\" -> red, \"for my husband\" -> gender men, \"airy\" -> silhouette flowy). A value the shopper "
        "rules out (\"without black\", \"anything but plaid\") goes in excluded. Prices: \"under/cheaper than $80\" "
        "sets max, \"over/at least\" sets min, \"around $50\" sets min 40 and max 60; numbers that are sizes, "
        "weights or counts are not prices. in_stock is true only when the shopper asks for items available now. "
        "category_ids: the leaf category the query names, or [] when it names no product type. text: the words "
        "left over.\n")
    tax, onto = ctx.taxonomy, ctx.ontology
    attrs = "\n".join(f"  {a.name}: {', '.join(a.values)}" for a in onto.attributes.values())
    cats = "\n".join(f"  {cid}: {tax.paths[cid]}" for cid in sorted(tax.leaves, key=tax.paths.get))
    return f"{head}Attributes and their values:\n{attrs}\nCategories (id: path):\n{cats}"


def render_input(x: RewriteInput) -> str:
    """The user message: the query as typed."""
    return f"Query: {x.query}"
