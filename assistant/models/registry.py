"""One registry through which every task model, real or fake, is chosen: settings name it, tests swap it.

A task registers a `TaskSpec` (its schemas, its local trainable model, its zero-shot baseline, its prompt).
`get_model(task, ...)` then serves, by the setting `ASSISTANT_<TASK>_MODEL`:
  - `local` (default): the fine-tuned local artifact, trained on first use if missing;
  - `baseline`: the zero-shot stand-in for a prompted foundation model;
  - `openai`: the prompted OpenAI (or compatible) model `ASSISTANT_OPENAI_MODEL`, few-shot, structured output;
  - `openai:<model id>`: a fine-tuned OpenAI model, e.g. `openai:ft:gpt-4o-mini-2024-07-18:store::abc123`;
  - a folder path: a local artifact folder (a candidate, say);
  - any name registered with `register(task, name, factory)` (tests register fakes this way).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from pydantic import BaseModel

from assistant.errors import ConfigError, ModelError

log = logging.getLogger(__name__)


@dataclass
class TaskSpec:
    name: str
    input_model: type[BaseModel]
    output_model: type[BaseModel]
    local: Any  # a TrainableModel class
    baseline: Callable[[Any], Any]  # TaskContext -> TaskModel
    train_file: str  # relative to the knowledge folder
    eval_file: str  # relative to the repository root
    system_prompt: str
    render_input: Callable[[BaseModel], str]
    load_examples: Callable[..., list]  # (path, text_field=None, label_field=None) -> list[Example]
    score: Callable[[list, list], dict]  # (predictions, gold outputs) -> metrics
    headline: str  # the metric the gate compares, e.g. "accuracy"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def tuned_prompt(self) -> str:
        """The system prompt of fine-tuning rows, and of calls to the fine-tuned model: the task in one line.

        A fine-tuned model learns the format, the values and the categories from its training rows, so it does
        not need the prompted model's instructions and lists: for classify the full prompt (with the taxonomy)
        is about 1,200 tokens on every training row and every call, this one about 25."""
        return f"{self.system_prompt.splitlines()[0]} Answer with JSON only."


SPECS: dict[str, TaskSpec] = {}
FACTORIES: dict[tuple[str, str], Callable[..., Any]] = {}


def register_task(spec: TaskSpec) -> TaskSpec:
    SPECS[spec.name] = spec
    return spec


def register(task: str, name: str, factory: Callable[..., Any]) -> None:
    """Make `name` a valid model choice for `task`; `factory(ctx, settings)` builds it."""
    FACTORIES[(task, name)] = factory


def spec(task: str) -> TaskSpec:
    _load_tasks()
    if task not in SPECS:
        raise ConfigError(f"unknown task '{task}': choose one of {', '.join(sorted(SPECS))}")
    return SPECS[task]


def _load_tasks() -> None:
    # Importing the task modules registers them; done lazily so `assistant` imports stay light.
    from assistant.tasks import classify, describe, extract, rewrite  # noqa: F401


def artifact_dir(settings, task: str) -> Path:
    return settings.artifacts_dir / task / "current"


def get_model(task: str, ctx, settings, choice: str | None = None, progress: bool = True):
    """The model that serves `task`, as the settings (or `choice`) name it."""
    s = spec(task)
    if choice is None:
        choice = getattr(settings, f"{task}_model", "local")
        if choice == "local":  # the default defers to a model the promotion gate made active
            choice = promoted_choice(task, settings) or "local"
    if (task, choice) in FACTORIES:
        return FACTORIES[(task, choice)](ctx, settings)
    if choice == "baseline":
        return s.baseline(ctx)
    if choice == "local":
        return load_or_train(task, ctx, settings, progress)
    if choice == "openai" or choice.startswith("openai:"):
        from assistant.models.openai_tasks import OpenAITaskModel

        return OpenAITaskModel.from_settings(s, ctx, settings, choice)
    folder = Path(choice)
    if folder.is_dir():
        return s.local.load(folder, ctx)
    raise ConfigError(f"ASSISTANT_{task.upper()}_MODEL='{choice}': use local, baseline, openai, "
                      f"openai:<fine-tuned model id>, or an artifact folder")


def promoted_choice(task: str, settings) -> str | None:
    """The OpenAI model the promotion gate made active for `task` (registry/active.json), if any.

    Only the default setting "local" defers to it: a setting or an explicit `choice` always wins."""
    path = settings.artifacts_dir / "registry" / "active.json"
    if not path.exists():
        return None
    try:
        active = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelError(f"{path}: unreadable ({exc}); fix or delete it to serve the local model") from exc
    value = active.get(task) if isinstance(active, dict) else None
    if value:
        log.info("serving %s with %s, promoted in %s", task, value, path)
    return value or None


def load_or_train(task: str, ctx, settings, progress: bool = True):
    """The local fine-tuned artifact; trained from the store's data on first use, or again when stale.

    An artifact the store's data trained is stale when that data (its split, accepted feedback) or the task's
    code changed since; one trained from a user's own file is kept until its code changes. An artifact that no
    longer loads is retrained rather than crashing the chat."""
    s = spec(task)
    folder = artifact_dir(settings, task)
    why = stale_reason(task, settings, folder)
    if why is None:
        try:
            return s.local.load(folder, ctx)
        except Exception as exc:  # noqa: BLE001 - any unreadable artifact is replaced, never served half-loaded
            why = f"it no longer loads ({type(exc).__name__}: {exc})"
    log.warning("the %s model in %s is missing or stale (%s): training it now from the store's data", task,
                folder, why)
    from assistant.training.local import train_task

    train_task(task, ctx, settings, out=folder, progress=progress)
    return s.local.load(folder, ctx)


def stale_reason(task: str, settings, folder: Path) -> str | None:
    """Why the artifact in `folder` must be retrained, or None when it is current."""
    from assistant.models.artifacts import code_hash, read_manifest

    try:
        manifest = read_manifest(folder)
    except (OSError, ValueError) as exc:
        return f"unreadable manifest: {exc}"
    if manifest is None:
        return "no artifact"
    if manifest.get("code_hash") != code_hash(task):
        return "the task's code changed"
    if manifest.get("store_data_hash") is not None:
        from assistant.training.local import store_data_hash

        if manifest["store_data_hash"] != store_data_hash(task, settings):
            return "the store's training data changed"
    return None
