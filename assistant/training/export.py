"""OpenAI chat fine-tuning files: a system prompt, the input, the ideal output; format checks, tokens and cost.

The format checks are those of OpenAI's data-preparation cookbook ("Data preparation and analysis for chat model
fine-tuning"): every example a dict with a `messages` list, known keys and roles, content present, an assistant
message, and no example over the token limit.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from assistant.config import Settings
from assistant.errors import ConfigError
from assistant.models import artifacts
from assistant.models.openai_pricing import DEFAULT_BASE, count_messages, training_usd
from assistant.tasks.specs import spec
from assistant.training import taskdata
from assistant.training.split import load_split

log = logging.getLogger(__name__)

# 65,536 tokens: the per-example limit for gpt-4o-mini and gpt-4o fine-tuning (longer examples are truncated).
MAX_TOKENS_PER_EXAMPLE = 65_536
ROLES = {"system", "user", "assistant", "function", "tool"}
MESSAGE_KEYS = {"role", "content", "name", "function_call", "tool_calls", "tool_call_id", "weight"}
def chat_example(task: str, example) -> dict:
    """One training example; the assistant's answer is the output as JSON, the format the task's OpenAI model
    parses (`OpenAITaskModel` asks for the output schema as JSON for every task, describe included)."""
    s = spec(task)
    return {"messages": [
        {"role": "system", "content": s.tuned_prompt},
        {"role": "user", "content": s.render_input(example.input)},
        {"role": "assistant", "content": example.output.model_dump_json(exclude_none=True)},
    ]}


def format_problems(example, model: str = DEFAULT_BASE) -> list[str]:
    """The cookbook's checks on one chat example; each problem is `field: problem`."""
    if not isinstance(example, dict):
        return ["row: not a JSON object"]
    messages = example.get("messages")
    if not isinstance(messages, list) or not messages:
        return ["messages: missing or empty list"]
    problems: list[str] = []
    for k, m in enumerate(messages):
        if not isinstance(m, dict) or "role" not in m or "content" not in m:
            problems.append(f"messages.{k}: needs role and content")
            continue
        if set(m) - MESSAGE_KEYS:
            problems.append(f"messages.{k}: unrecognized key(s) {', '.join(sorted(set(m) - MESSAGE_KEYS))}")
        if m["role"] not in ROLES:
            problems.append(f"messages.{k}.role: unrecognized role '{m['role']}'")
        content = m["content"]
        if (content is None or (isinstance(content, str) and not content.strip())) and not m.get("function_call") \
                and not m.get("tool_calls"):
            problems.append(f"messages.{k}.content: missing")
        elif content is not None and not isinstance(content, str):
            problems.append(f"messages.{k}.content: not a string")
    if not any(isinstance(m, dict) and m.get("role") == "assistant" for m in messages):
        problems.append("messages: no assistant message")
    if not problems:
        n = count_messages(messages, model)
        if n > MAX_TOKENS_PER_EXAMPLE:
            problems.append(f"messages: {n} tokens, over the {MAX_TOKENS_PER_EXAMPLE} limit (it would be truncated)")
    return problems


def training_cost(tokens: int, epochs: int, model: str = DEFAULT_BASE) -> float | None:
    """Estimated USD for `epochs` passes over `tokens`; None for a model without a listed price."""
    return training_usd(tokens, epochs, model)


@dataclass
class ExportResult:
    train: Path
    validation: Path
    train_rows: int
    validation_rows: int
    train_tokens: int
    accepted_rows: int = 0
    problems: list[str] = field(default_factory=list)


def export_task(task: str, settings: Settings, out_dir: Path | None = None, model: str = DEFAULT_BASE) -> ExportResult:
    """Write train.jsonl (split train + accepted feedback) and validation.jsonl (split eval) as chat JSONL."""
    split = load_split(settings, task)
    if split is None:
        raise ConfigError(f"no split for {task}: run `storefront data split {task}` first, so the validation "
                          f"file is held out the same way the local models' is")
    train = split.train_data()
    accepted = artifacts.accepted_file(settings, task)
    extra = taskdata.load_task_data(task, accepted).examples if accepted.exists() else []
    out_dir = Path(out_dir) if out_dir else settings.artifacts_dir / "finetune" / task
    rows = [chat_example(task, e) for e in train.examples + extra]
    val_rows = [chat_example(task, e) for e in split.eval_data().examples]
    problems = [f"{name}:{k + 1}: {p}" for name, rs in (("train.jsonl", rows), ("validation.jsonl", val_rows))
                for k, r in enumerate(rs) for p in format_problems(r, model)]
    result = ExportResult(out_dir / "train.jsonl", out_dir / "validation.jsonl", len(rows), len(val_rows),
                          sum(count_messages(r["messages"], model) for r in rows), len(extra), problems)
    taskdata.write_jsonl(result.train, rows)
    taskdata.write_jsonl(result.validation, val_rows)
    log.info("exported %s: %d train (%d accepted), %d validation -> %s", task, len(rows), len(extra),
             len(val_rows), out_dir)
    return result
