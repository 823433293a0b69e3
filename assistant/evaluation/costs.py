"""What the same eval would cost with OpenAI models, prompted or fine-tuned, beside what it cost locally.

Tokens are counted from the exact messages `OpenAITaskModel` would send (system prompt, few-shot pairs for the
prompted model, the rendered input) and the gold output as the reply, with the one token counter and price table
of `assistant/models/openai_pricing.py`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from assistant.models.openai_pricing import count_messages, count_text, usd
from assistant.models.openai_tasks import OpenAITaskModel
from assistant.tasks.base import TaskContext
from assistant.tasks.spec import TaskSpec

# Local inference: a general-purpose cloud vCPU costs about $0.04 an hour on demand (2 vCPU, 8 GB instances at
# about $0.08/h); the local models run on one or two such cores.
LOCAL_USD_PER_CORE_HOUR = 0.04
LOCAL_CORES = 2


@dataclass
class CostLine:
    task: str
    n: int
    option: str  # "openai prompted (gpt-4o-mini)", "openai fine-tuned (ft:gpt-4o-mini)", "local"
    input_tokens: int
    output_tokens: int
    usd: float | None  # None: no price listed for the model

    def as_dict(self) -> dict:
        return asdict(self)


def task_costs(task_spec: TaskSpec, ctx: TaskContext, inputs: list, golds: list, few_shot: list,
               local_seconds: float, models: tuple[str, ...] = ("gpt-4o-mini", "gpt-4o")) -> list[CostLine]:
    """Cost of predicting `inputs` once: prompted (system + few-shot + input) and fine-tuned (system + input)."""
    prompted = OpenAITaskModel(task_spec, ctx, client=None, model="prompted", kind="openai-prompted",
                               examples=few_shot)
    tuned = OpenAITaskModel(task_spec, ctx, client=None, model="tuned", kind="openai-finetuned")
    out_tok = sum(count_text(g.model_dump_json(exclude_none=True)) for g in golds)
    p_in = sum(count_messages(prompted.messages(x)) for x in inputs)
    t_in = sum(count_messages(tuned.messages(x)) for x in inputs)
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
