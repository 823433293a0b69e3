"""Labelled messages: `{"text", "route"}` rows (JSONL or CSV).

The router learns from `knowledge/router/utterances.jsonl` and is judged on `knowledge/training/route_heldout.jsonl`,
messages written apart from the training rows (casual, misspelled, compound), which it never trains on.
"""

from __future__ import annotations

from pathlib import Path

from assistant.tasks.base import Example
from assistant.tasks.route.schema import RouteInput, RouteOutput
from assistant.tasks.rows import parse_rows, require, warn_rare_labels


def load_examples(path: Path, text_field: str | None = None, label_field: str | None = None) -> list[Example]:
    """Messages with their route, from a text and a route column."""
    path = Path(path)

    def build(line: int, row: dict) -> Example:
        text = require(row, text_field or "text", path, line)
        route = require(row, label_field or "route", path, line)
        return Example[RouteInput, RouteOutput](input=RouteInput(text=str(text)), output=RouteOutput(route=route))

    examples = parse_rows(path, build)
    warn_rare_labels([e.output.route for e in examples], path)
    return examples
