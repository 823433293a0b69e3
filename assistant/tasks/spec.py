"""What a task declares: one typed spec that training, evaluation, the gate and the registry read.

Every task package (`assistant/tasks/<task>/`) builds one `TaskSpec` in its `__init__`: its schemas, its local
model and baseline, how its prompt is built from a store's knowledge, how its examples load, how it is scored
per set and per sample, and its `GateRule`. Nothing outside the package asks which task it is looking at.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from assistant.tasks.base import Example, TaskContext, TaskModel, TrainableModel

EPS = 1e-9  # float slack when a value sits exactly on a margin or limit


@dataclass(frozen=True)
class GateRule:
    """What "better" means for a task: the promotion gate and the eval harness both read this, nothing else.

    The model must beat the zero-shot baseline's `metric` by `margin` (0: strictly better), keep each `at_most` /
    `at_least` limit, and not regress a `watched` metric against the current model (a few per task: each check
    fails by chance about 1 time in 20 for an equally good model, so twenty checks would refuse most of them)."""

    metric: str
    margin: float
    watched: tuple[str, ...]
    lower_is_better: frozenset[str] = frozenset()
    at_most: Mapping[str, float] = field(default_factory=dict)
    at_least: Mapping[str, float] = field(default_factory=dict)

    def beats(self, value: float, baseline: float) -> bool:
        return value > baseline if self.margin == 0 else value >= baseline + self.margin - EPS

    def limit_problems(self, metrics: Mapping[str, float]) -> list[tuple[str, str, float, float]]:
        """(metric, rule, value, limit) for every limit the metrics break; a missing metric breaks its limit."""
        out = []
        for name, limit in self.at_most.items():
            value = metrics.get(name, float("inf"))
            if not value <= limit + EPS:
                out.append((name, f"<= {limit}", value, limit))
        for name, limit in self.at_least.items():
            value = metrics.get(name, float("-inf"))
            if not value >= limit - EPS:
                out.append((name, f">= {limit}", value, limit))
        return out

    def limits(self) -> list[tuple[str, str, float]]:
        """(metric, "<=" or ">=", limit) for each absolute limit."""
        return [(m, "<=", v) for m, v in self.at_most.items()] + [(m, ">=", v) for m, v in self.at_least.items()]


@dataclass(frozen=True)
class Outcome:
    """How one sample went: a score in [0, 1] and what went wrong ("ok" when nothing did)."""

    score: float
    outcome: str
    extra: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class TaskSpec:
    """Everything the pipeline knows about one task."""

    name: str
    input_model: type[BaseModel]
    output_model: type[BaseModel]
    local: type[TrainableModel]
    baseline: Callable[[TaskContext], TaskModel]
    train_file: str  # relative to the knowledge folder
    eval_file: str  # relative to the repository root
    instruction: str  # the task in one line, store-independent: the prompt's first line
    prompt: Callable[[TaskContext], str]  # the prompted model's system prompt, from the ctx's knowledge folder
    render_input: Callable[[Any], str]
    load_examples: Callable[..., list[Example]]  # (path, text_field=None, label_field=None) -> examples
    score: Callable[..., dict]  # (predictions, golds[, inputs=]) -> metrics
    outcome: Callable[[Any, Any, Any], Outcome]  # (prediction, gold, input) -> one sample's outcome
    class_labels: Callable[[Example, str | None], list[str]]  # the classes a row counts towards (strata, balance)
    gate: GateRule
    label_of: Callable[[Any, str | None], str] | None = None  # one comparable label; None for free text
    # `score` and `outcome` judge against the inputs and the store too (`inputs=`, `ctx=`; describe: coverage and
    # hallucinations against the store's ontology, the voice from its knowledge folder)
    scores_inputs: bool = False
    ci_per_sample: bool = False  # every metric is a mean over samples: bootstrap those means directly
    details: Callable[[list, list], dict] | None = None  # extra report tables (extract: sentiment confusion)
    # (output, ctx, the store's own labels) -> what in a prompted model's output the store does not know; such an
    # output is refused, never used (a model can be talked into anything by the text it reads)
    unknown: Callable[[Any, TaskContext, set[str]], list[str]] | None = None

    def system_prompt(self, ctx: TaskContext) -> str:
        return self.prompt(ctx)

    @property
    def tuned_prompt(self) -> str:
        """The system prompt of fine-tuning rows, and of calls to the fine-tuned model: the task in one line.

        A fine-tuned model learns the format, the values and the categories from its training rows, so it does
        not need the prompted model's instructions and lists: for classify the full prompt (with the taxonomy)
        is about 1,200 tokens on every training row and every call, this one about 25."""
        return f"{self.instruction} Answer with JSON only."

    def eval_path(self, repo_root: Path) -> Path:
        return repo_root / self.eval_file

    def scalar_label(self, example: Example, label_field: str | None = None) -> str | None:
        """One comparable label per row (contradictions, strata); None for a task whose outputs are free text."""
        return None if self.label_of is None else self.label_of(example.output, label_field)
