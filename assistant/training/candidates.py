"""The model registry's records on disk: candidates waiting for the gate, the active OpenAI models, the history.

`artifacts_dir/registry/`:
  candidates.json   {task: [{id, kind: local|openai, created, source}]}
  active.json       {task: "openai:<id>"}: a promoted OpenAI model; `registry.get_model` serves it for "local"
  history/          `<timestamp>-<task>.json` and `.md`: one decision record per gate run
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from assistant.config import Settings
from assistant.training.taskdata import atomic_write


class Candidate(BaseModel):
    id: str  # an artifact folder, or an OpenAI model id ("ft:gpt-4o-mini-2024-07-18:org:classify:abc123")
    kind: Literal["local", "openai"]
    created: str
    source: str  # what made it: a training file, or a fine-tuning job id


def registry_dir(settings: Settings) -> Path:
    return settings.artifacts_dir / "registry"


def now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


def load_candidates(settings: Settings) -> dict[str, list[Candidate]]:
    path = registry_dir(settings) / "candidates.json"
    raw = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    return {task: [Candidate.model_validate(c) for c in items] for task, items in raw.items()}


def add_candidate(settings: Settings, task: str, id: str, kind: Literal["local", "openai"], source: str) -> Candidate:
    """Record a candidate once (a second `finetune status` of the same job adds nothing)."""
    all_ = load_candidates(settings)
    for c in all_.get(task, []):
        if c.id == id:
            return c
    cand = Candidate(id=id, kind=kind, created=now(), source=source)
    all_.setdefault(task, []).append(cand)
    _write(registry_dir(settings) / "candidates.json", {t: [c.model_dump() for c in cs] for t, cs in all_.items()})
    return cand


def find_candidate(settings: Settings, task: str, id: str) -> Candidate | None:
    return next((c for c in load_candidates(settings).get(task, []) if c.id == id), None)


def load_active(settings: Settings) -> dict[str, str]:
    path = registry_dir(settings) / "active.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def set_active(settings: Settings, task: str, choice: str | None) -> None:
    """Serve `choice` ("openai:<id>") for the task, or, with None, go back to the local artifact."""
    active = load_active(settings)
    if choice is None:
        active.pop(task, None)
    else:
        active[task] = choice
    _write(registry_dir(settings) / "active.json", active)


def _write(path: Path, data) -> None:
    atomic_write(path, json.dumps(data, indent=2, sort_keys=True) + "\n")
