"""Labelled products: rows of input and description, or flat columns (title, category, attributes, ...)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from assistant.errors import DataError
from assistant.tasks.base import Example
from assistant.tasks.describe.schema import DescribeInput, DescribeOutput, KEY_ATTRIBUTES
from assistant.tasks.rows import parse_rows, require, warn_rare_labels


def _split_list(raw) -> list[str]:
    if isinstance(raw, list):
        return [str(x) for x in raw]
    text = str(raw or "").strip()
    if text.startswith("["):
        return [str(x) for x in json.loads(text)]
    return [x.strip() for x in re.split(r"[|;]", text) if x.strip()]


def _parse_attributes(raw, path: Path, line: int) -> dict[str, str | list[str]]:
    """A dict, a JSON object, or `color=blue; size=S|M|L`."""
    if isinstance(raw, dict):
        return raw
    text = str(raw or "").strip()
    if not text:
        return {}
    if text.startswith("{"):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise DataError(path, line, "attributes", f"not valid JSON ({exc.msg})") from exc
    out: dict[str, str | list[str]] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        if "=" not in part:
            raise DataError(path, line, "attributes", f"'{part}' is not name=value")
        name, value = (x.strip() for x in part.split("=", 1))
        out[name] = value.split("|") if "|" in value else value
    return out


def _flat_input(row: dict, path: Path, line: int) -> dict:
    """An input from flat columns: title, category, brand, attributes, features, or one column per attribute."""
    attrs = _parse_attributes(row.get("attributes"), path, line)
    for name in KEY_ATTRIBUTES:
        if row.get(name) not in (None, ""):
            attrs[name] = _split_list(row[name]) if name == "size" else str(row[name]).strip()
    return {"title": require(row, "title", path, line), "category": str(row.get("category") or ""),
            "brand": str(row.get("brand") or ""), "attributes": attrs, "features": _split_list(row.get("features"))}


def load_examples(path: Path, text_field: str | None = None, label_field: str | None = None) -> list[Example]:
    """Rows of {"input": {...}, "description": ...} (JSONL), or flat CSV/JSONL columns (title, category, ...).

    `text_field` names the column holding the input object (default "input"; flat columns when absent),
    `label_field` the column holding the description (default "description").
    """
    path = Path(path)
    label = label_field or "description"

    def build(line: int, row: dict) -> Example:
        description = require(row, label, path, line)
        raw = row.get(text_field or "input")
        if isinstance(raw, str) and raw.strip().startswith("{"):
            raw = json.loads(raw)
        data = raw if isinstance(raw, dict) else _flat_input(row, path, line)
        if isinstance(data.get("attributes"), str):
            data = {**data, "attributes": _parse_attributes(data["attributes"], path, line)}
        return Example[DescribeInput, DescribeOutput](input=DescribeInput.model_validate(data),
                                                      output=DescribeOutput(description=str(description).strip()))

    examples = parse_rows(path, build)
    warn_rare_labels([e.input.category or "(no category)" for e in examples], path)
    return examples
