"""What the same eval would cost with OpenAI models, prompted or fine-tuned, beside what it cost locally.

Tokens are counted from the exact messages `OpenAITaskModel` would send (system prompt, few-shot pairs for the
prompted model, the rendered input) and the gold output as the reply. tiktoken is not used: it downloads its
encodings on first use, and nothing here may touch the network. Instead a token is taken to be 4 characters of
English text (OpenAI's own rule of thumb), plus 4 tokens of chat framing per message; on the store's prompts this
lands within about 10% of cl100k/o200k counts, which is finer than the price differences it feeds.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

# USD per 1M tokens (input, output), read 2026-04 from pecollective.com/tools/gpt-4o-mini-pricing and
# goitreels-com.pages.dev/blog/openai-api-pricing-guide (both quoting openai.com/api/pricing); gpt-4o fine-tuned
# from openai.com/api/pricing as last seen by the author. Check the official page before quoting a budget.
PRICES_READ = "2026-04"
PRICES: dict[str, dict[str, float]] = {
    "gpt-4o-mini": {"input": 0.15, "output": 0.60},
    "ft:gpt-4o-mini": {"input": 0.30, "output": 1.20, "training": 3.00},
    "gpt-4o": {"input": 2.50, "output": 10.00},
    "ft:gpt-4o": {"input": 3.75, "output": 15.00, "training": 25.00},
}
# Local inference: a general-purpose cloud vCPU costs about $0.04 an hour on demand (2 vCPU, 8 GB instances at
# about $0.08/h); the local models run on one or two such cores.
LOCAL_USD_PER_CORE_HOUR = 0.04
LOCAL_CORES = 2
CHARS_PER_TOKEN = 4
TOKENS_PER_MESSAGE = 4


def tokens(text: str) -> int:
    """Approximate OpenAI tokens of `text` (see the module docstring)."""
    return math.ceil(len(text) / CHARS_PER_TOKEN) if text else 0


def message_tokens(messages: list[dict]) -> int:
    return sum(tokens(m["content"]) + TOKENS_PER_MESSAGE for m in messages) + 3  # 3: the reply's priming


@dataclass
class CostLine:
    task: str
    n: int
    option: str  # "openai prompted (gpt-4o-mini)", "openai fine-tuned (ft:gpt-4o-mini)", "local"
    input_tokens: int
    output_tokens: int
    usd: float

    def as_dict(self) -> dict:
        return asdict(self)


def usd(model: str, input_tokens: int, output_tokens: int) -> float:
    price = PRICES[model]
    return round((input_tokens * price["input"] + output_tokens * price["output"]) / 1e6, 6)


def task_costs(task_spec, inputs: list, golds: list, few_shot: list, local_seconds: float,
               models: tuple[str, ...] = ("gpt-4o-mini", "gpt-4o")) -> list[CostLine]:
    """Cost of predicting `inputs` once: prompted (system + few-shot + input) and fine-tuned (system + input)."""
    from assistant.models.openai_tasks import OpenAITaskModel

    prompted = OpenAITaskModel(task_spec, client=None, model="prompted", kind="openai-prompted", examples=few_shot)
    tuned = OpenAITaskModel(task_spec, client=None, model="tuned", kind="openai-finetuned")
    out_tok = sum(tokens(g.model_dump_json(exclude_none=True)) for g in golds)
    p_in = sum(message_tokens(prompted.messages(x)) for x in inputs)
    t_in = sum(message_tokens(tuned.messages(x)) for x in inputs)
    lines = []
    for m in models:
        lines.append(CostLine(task_spec.name, len(inputs), f"openai prompted ({m})", p_in, out_tok,
                              usd(m, p_in, out_tok)))
        lines.append(CostLine(task_spec.name, len(inputs), f"openai fine-tuned (ft:{m})", t_in, out_tok,
                              usd(f"ft:{m}", t_in, out_tok)))
    local = round(local_seconds / 3600 * LOCAL_CORES * LOCAL_USD_PER_CORE_HOUR, 6)
    lines.append(CostLine(task_spec.name, len(inputs), f"local ({local_seconds:.2f}s on {LOCAL_CORES} cores)",
                          0, 0, local))
    return lines
