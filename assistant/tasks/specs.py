"""Every task's spec, by name: what training, evaluation, the gate and the registry look tasks up in."""

from __future__ import annotations

from assistant.errors import ConfigError
from assistant.tasks import classify, describe, extract, rewrite, route
from assistant.tasks.spec import TaskSpec

SPECS: dict[str, TaskSpec] = {s.name: s for s in (classify.SPEC, rewrite.SPEC, describe.SPEC, extract.SPEC,
                                                  route.SPEC)}


def spec(task: str) -> TaskSpec:
    if task not in SPECS:
        raise ConfigError(f"unknown task '{task}': choose one of {', '.join(sorted(SPECS))}")
    return SPECS[task]
