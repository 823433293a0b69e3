"""The prompted model's instructions: the aspects per department and the use cases, for the store it is given."""

from __future__ import annotations

from assistant.tasks.base import TaskContext
from assistant.tasks.extract.schema import ExtractInput
from assistant.tasks.extract.vocabulary import vocabulary

INSTRUCTION = "You read one customer review of a product sold by an online store, and extract what it says."


def system_prompt(ctx: TaskContext) -> str:
    vocab = vocabulary(ctx)
    return (
        f"You read one customer review of a product sold by {ctx.store_name}, an online store, and extract what "
        "it says.\n"
        "Answer with JSON only: {\"overall_sentiment\": \"positive\"|\"negative\"|\"mixed\", \"aspects\": {name: "
        "\"positive\"|\"negative\"|\"neutral\"}, \"use_cases\": [name, ...], \"mentions_difficulty\": true|false}.\n"
        "overall_sentiment is mixed when the review praises something and complains about something else.\n"
        "aspects: only the aspects the review talks about, named from the list for the product's department:\n"
        + "\n".join(f"  {dept}: {', '.join(names)}" for dept, names in vocab.aspects.items())
        + "\nuse_cases: what the reviewer used the product for or bought it for, from: " + ", ".join(vocab.use_cases)
        + ".\nmentions_difficulty: true when the review complains that the product is hard to care for, clean, set "
        "up, use or assemble.\nWatch for negation (\"not comfortable at all\"), contrast (\"love the colour but the "
        "zip broke\") and sarcasm."
    )


def render_input(x: ExtractInput) -> str:
    """The user message: the department or category when known, then the review."""
    return (f"Category: {x.category}\n" if x.category else "") + f"Review: {x.text}"
