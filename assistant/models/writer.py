"""The policy answer writer's entry in the registry: every writer, real or fake, is chosen by name here.

The writers themselves are the agent's (`assistant/agent/answer.py`: they quote or prompt from policy sections),
so the agent registers them when it loads ("extractive" and "llm", in `assistant/agent/context.py`) and this
module imports nothing above `models/`. `get_writer(settings)` serves "llm" when the OpenAI backend is on and
"extractive" otherwise, or the writer named; tests register their own with `register_writer(name, factory)`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from assistant.config import Settings
from assistant.errors import ModelError

# factory(settings, related, client, **options) -> a writer: `related` maps a department to its words (the
# extractive writer's), `client` is an OpenAI client to share with the understanding step, or None; `options` are
# what a factory of the agent's takes besides (`unknown_share`: the policy retriever's unknown-word share).
WriterFactory = Callable[..., Any]
WRITERS: dict[str, WriterFactory] = {}


def register_writer(name: str, factory: WriterFactory) -> None:
    """Make `name` a valid writer choice; `factory(settings, related, client)` builds it."""
    WRITERS[name] = factory


def writer_choice(settings: Settings) -> str:
    return "llm" if settings.backend == "openai" else "extractive"


def get_writer(settings: Settings, related: dict[str, set[str]] | None = None, client: Any = None,
               name: str | None = None, **options: Any) -> Any:
    """The writer registered as `name` (by default the one the backend calls for), built for these settings;
    `options` that are not None go to its factory as keywords (the agent's services pass `unknown_share`)."""
    name = name or writer_choice(settings)
    if name not in WRITERS:
        raise ModelError(f"no answer writer named '{name}': choose one of {', '.join(sorted(WRITERS)) or 'none'}"
                         " (the agent registers its writers when assistant.agent.context is imported)")
    given = {k: v for k, v in options.items() if v is not None}
    return WRITERS[name](settings, related, client, **given)
