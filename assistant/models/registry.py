"""One registry through which every task model, real or fake, is chosen: settings name it, tests swap it.

Each task declares a `TaskSpec` (`assistant/tasks/<task>/`). `get_model(task, ctx, settings)` then serves, by
the setting `ASSISTANT_<TASK>_MODEL`:
  - `local` (default): the trained local artifact in the artifacts folder;
  - `baseline`: the zero-shot stand-in for a prompted foundation model;
  - `openai`: the prompted OpenAI (or compatible) model `ASSISTANT_OPENAI_MODEL`, few-shot, structured output;
  - `openai:<model id>`: a fine-tuned OpenAI model, e.g. `openai:ft:gpt-4o-mini-2024-07-18:store::abc123`;
  - a folder path: a local artifact folder (a candidate, say);
  - any name registered with `register(task, name, factory)` (tests register fakes this way).

The sentence embedder is chosen here too: `get_embedder(name)` ("minilm" by default, in numpy; "minilm-torch",
sentence-transformers), `register_embedder(name, factory)` for tests (`assistant/models/embedder.py`).

The registry only looks up: it never trains. Models are trained by `storefront prepare` (which `make run` calls
before serving), `storefront train`, and the test fixtures; a missing or stale artifact is a `ModelError` that
names the command to run.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path

from assistant.config import Settings
from assistant.errors import ConfigError, ModelError
from assistant.models.artifacts import artifact_dir, current_code_hash, read_manifest, store_data_hash
from assistant.models.embedder import EMBEDDERS, app_embedder, get_embedder, register_embedder
from assistant.tasks.base import TaskContext, TaskModel
from assistant.tasks.spec import TaskSpec
from assistant.tasks.specs import SPECS, spec

__all__ = ["EMBEDDERS", "FACTORIES", "SPECS", "TaskSpec", "app_embedder", "artifact_dir", "get_embedder",
           "get_model", "load_local", "promoted_choice", "register", "register_embedder", "spec", "stale_reason"]

log = logging.getLogger(__name__)

FACTORIES: dict[tuple[str, str], Callable[[TaskContext, Settings], TaskModel]] = {}


def register(task: str, name: str, factory: Callable[[TaskContext, Settings], TaskModel]) -> None:
    """Make `name` a valid model choice for `task`; `factory(ctx, settings)` builds it."""
    FACTORIES[(task, name)] = factory


def setting_choice(task: str, settings: Settings) -> str:
    """What the settings name for `task`: `ASSISTANT_<TASK>_MODEL`, or a model the promotion gate made active."""
    choice = getattr(settings, f"{task}_model", "local")
    if choice == "local":  # the default defers to a model the promotion gate made active
        choice = promoted_choice(task, settings) or "local"
    return choice


def get_model(task: str, ctx: TaskContext, settings: Settings, choice: str | None = None) -> TaskModel:
    """The model that serves `task`, as the settings (or `choice`) name it."""
    s = spec(task)
    choice = choice or setting_choice(task, settings)
    if (task, choice) in FACTORIES:
        return FACTORIES[(task, choice)](ctx, settings)
    if choice == "baseline":
        return s.baseline(ctx)
    if choice == "local":
        return load_local(task, ctx, settings)
    if choice == "openai" or choice.startswith("openai:"):
        from assistant.models.openai_tasks import OpenAITaskModel  # imported here: the OpenAI SDK costs a second

        return OpenAITaskModel.from_settings(s, ctx, settings, choice)
    folder = Path(choice)
    if folder.is_dir():
        return s.local.load(folder, ctx)
    raise ConfigError(f"ASSISTANT_{task.upper()}_MODEL='{choice}': use local, baseline, openai, "
                      f"openai:<fine-tuned model id>, or an artifact folder")


def promoted_choice(task: str, settings: Settings) -> str | None:
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


def load_local(task: str, ctx: TaskContext, settings: Settings) -> TaskModel:
    """The trained local artifact of `task`; a `ModelError` naming the command to run when it is missing, stale
    or unreadable (never a training run while someone waits)."""
    folder = artifact_dir(settings, task)
    why = stale_reason(task, settings, folder)
    if why is None:
        try:
            return spec(task).local.load(folder, ctx)
        except Exception as exc:  # noqa: BLE001 - any unreadable artifact is reported, never served half-loaded
            why = f"it no longer loads ({type(exc).__name__}: {exc})"
    raise ModelError(f"the {task} model in {folder} cannot serve: {why}. Run `storefront prepare` (or "
                     f"`storefront train {task}`) to train it.")


def stale_reason(task: str, settings: Settings, folder: Path) -> str | None:
    """Why the artifact in `folder` must be retrained, or None when it is current.

    An artifact the store's data trained is stale when that data (its split, accepted feedback) or the task's
    code changed since; one trained from a user's own file is kept until its code changes."""
    try:
        manifest = read_manifest(folder)
    except (OSError, ValueError) as exc:
        return f"unreadable manifest: {exc}"
    if manifest is None:
        return "no artifact"
    if manifest.get("code_hash") != current_code_hash(task, settings.artifacts_dir / "cache"):
        return "the task's code changed"
    if manifest.get("store_data_hash") is not None and manifest["store_data_hash"] != store_data_hash(task, settings):
        return "the store's training data changed"
    return None
