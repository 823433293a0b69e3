"""Labelled reviews: full rows, or a single sentiment column (words, 0/1 or 1-5 stars)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from assistant.errors import DataError, DataErrors
from assistant.tasks.base import Example
from assistant.tasks.extract.schema import ExtractInput, ExtractOutput
from assistant.tasks.rows import parse_rows, require, warn_rare_labels


# An aspect or use case is named as review_aspects.yaml names it; whether the store lists it is checked when a
# model trains on the rows for a store (ExtractModel.train), since a file of rows belongs to no store.
NAME = re.compile(r"^[a-z][a-z0-9_]*$")
SENTIMENT_WORDS = {"positive": "positive", "pos": "positive", "negative": "negative", "neg": "negative",
                   "mixed": "mixed", "neutral": "mixed"}


def normalize_sentiment(value, binary: bool) -> str:
    """positive/negative/mixed from words (pos, neg), 1/0 (when the column is binary) or 1-5 star ratings."""
    raw = str(value).strip().lower()
    if raw in SENTIMENT_WORDS:
        return SENTIMENT_WORDS[raw]
    try:
        number = float(raw)
    except ValueError:
        raise ValueError(f"'{value}' is not a sentiment (positive/negative/mixed, pos/neg, 1/0 or 1-5 stars)") from None
    if binary:
        return "positive" if number == 1 else "negative"
    if not 1 <= number <= 5:
        raise ValueError(f"rating {value} is outside 1-5")
    return "negative" if number <= 2 else "mixed" if number < 4 else "positive"


def _full_row(path: Path, line: int, row: dict, text_field: str) -> Example:
    text = require(row, text_field, path, line)
    sentiment = require(row, "overall_sentiment", path, line)
    aspects = row.get("aspects") or {}
    uses = row.get("use_cases") or []
    if isinstance(aspects, str):
        aspects = json.loads(aspects)
    if isinstance(uses, str):
        uses = [u.strip() for u in re.split(r"[;,|]", uses) if u.strip()]
    for name in aspects:
        if not NAME.match(name):
            raise DataError(path, line, f"aspects.{name}", "not an aspect name (lower case words joined by _)")
    for u in uses:
        if not NAME.match(u):
            raise DataError(path, line, "use_cases", f"'{u}' is not a use case name (lower case words joined by _)")
    difficulty = row.get("mentions_difficulty", False)
    if isinstance(difficulty, str):
        difficulty = difficulty.strip().lower() in ("true", "1", "yes")
    try:
        sentiment = normalize_sentiment(sentiment, binary=False)
    except ValueError as exc:
        raise DataError(path, line, "overall_sentiment", str(exc)) from None
    return Example[ExtractInput, ExtractOutput](
        input=ExtractInput(text=text, category=row.get("category") or None),
        output=ExtractOutput(overall_sentiment=sentiment, aspects=aspects, use_cases=uses,
                             mentions_difficulty=bool(difficulty)))


def load_examples(path: Path, text_field: str | None = None, label_field: str | None = None) -> list[Example]:
    """Labelled reviews from JSONL or CSV. With `label_field` (a sentiment column: positive/negative, pos/neg, 1/0
    or 1-5 stars), only the overall sentiment is labelled and only that head is trained."""
    path, text_field = Path(path), text_field or "text"
    if label_field is None:
        examples = parse_rows(path, lambda line, row: _full_row(path, line, row, text_field))
    else:
        raw = parse_rows(path, lambda line, row: (line, require(row, text_field, path, line),
                                                  require(row, label_field, path, line), row.get("category")))
        numbers = {str(v).strip() for _, _, v, _ in raw} - set(SENTIMENT_WORDS)
        binary = bool(numbers) and numbers <= {"0", "1", "0.0", "1.0"}  # 0/1 labels, not 1-5 stars
        examples, errors = [], []
        for line, text, value, category in raw:
            try:
                examples.append(Example[ExtractInput, ExtractOutput](
                    input=ExtractInput(text=text, category=category or None),
                    output=ExtractOutput(overall_sentiment=normalize_sentiment(value, binary))))
            except ValueError as exc:
                errors.append(DataError(path, line, label_field, str(exc)))
        if errors:
            raise DataErrors(errors)
    warn_rare_labels([e.output.overall_sentiment for e in examples], path)
    return examples
