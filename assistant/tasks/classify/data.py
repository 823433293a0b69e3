"""Labelled titles: the store's rows (JSONL or CSV) and the Flipkart real-data sanity check."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

from rapidfuzz import fuzz, process
from sklearn.model_selection import GroupShuffleSplit
import numpy as np

from assistant.errors import DataError
from assistant.tasks.base import Example
from assistant.tasks.classify.schema import ClassifyInput, ClassifyOutput
from assistant.tasks.rows import parse_rows, require, warn_rare_labels


def load_examples(path: Path, text_field: str | None = None, label_field: str | None = None) -> list[Example]:
    """Labelled titles from JSONL or CSV; a file without an attributes column trains the category alone."""
    path = Path(path)
    text_field, label_field = text_field or "text", label_field or "category"

    def build(line: int, row: dict) -> Example:
        text = str(require(row, text_field, path, line)).strip()
        label = str(require(row, label_field, path, line)).strip()
        attrs = row.get("attributes") or {}
        if isinstance(attrs, str):  # a CSV cell holding JSON
            try:
                attrs = json.loads(attrs)
            except json.JSONDecodeError as exc:
                raise DataError(path, line, "attributes", f"not valid JSON ({exc.msg})") from exc
        if not isinstance(attrs, dict):
            raise DataError(path, line, "attributes", "must be an object of attribute -> value")
        return Example[ClassifyInput, ClassifyOutput](input=ClassifyInput(text=text),
                                                      output=ClassifyOutput(category=label, attributes=attrs))

    examples = parse_rows(path, build)
    warn_rare_labels([e.output.category for e in examples], path)
    return examples

def label_of(output: ClassifyOutput, field: str | None = None) -> str:
    """The scalar an evaluation scores: the category by default, or "path", or one attribute's value."""
    if field in (None, "", "category"):
        return output.category
    if field == "path":
        return output.path or ""
    value = output.attributes.get(field, "")
    return "|".join(sorted(value)) if isinstance(value, list) else str(value)



FLIPKART_CSV = Path("/work/shared/realdata/flipkart_sample/flipkart_titles_categories.csv")


def flipkart_examples(path: Path = FLIPKART_CSV, depth: int = 2, min_per_label: int = 20) -> list[Example]:
    """Flipkart titles labelled with their category path cut to `depth` levels ("Clothing >> Women's Clothing").

    Rows whose tree is shallower than `depth` categories are dropped (the last tree element is the product itself
    when it repeats the title), titles are deduplicated (first label wins), and labels with fewer than
    `min_per_label` titles are dropped: a sanity check, not a benchmark of rare classes.
    """
    seen: dict[str, str] = {}
    with Path(path).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            title = " ".join(row["product_name"].split())
            try:
                tree = json.loads(row["product_category_tree"])[0]
            except (json.JSONDecodeError, IndexError):
                continue
            parts = [p.strip() for p in tree.split(">>") if p.strip()]
            if parts and parts[-1].lower().startswith(title.lower()[:20]):
                parts = parts[:-1]  # the tree ends with the product's own name
            if len(parts) >= depth and title and title.lower() not in seen:
                seen[title.lower()] = " >> ".join(parts[:depth])
    counts = Counter(seen.values())
    return [Example[ClassifyInput, ClassifyOutput](input=ClassifyInput(text=t), output=ClassifyOutput(category=lab))
            for t, lab in seen.items() if counts[lab] >= min_per_label]


def near_duplicate_groups(texts: list[str], threshold: float = 90.0, chunk: int = 2000) -> list[int]:
    """A group id per text: titles within rapidfuzz ratio `threshold` of each other (case and bracketed
    variants such as "(Black)" aside) share a group, transitively."""
    names = [" ".join(re.sub(r"\(.*?\)", " ", t.lower()).split()) for t in texts]
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for lo in range(0, len(names), chunk):  # chunks bound memory: 2,000 x n one-byte scores at a time
        scores = process.cdist(names[lo:lo + chunk], names, scorer=fuzz.ratio, score_cutoff=threshold,
                               dtype=np.uint8, workers=-1)
        for a, b in zip(*np.nonzero(scores)):
            parent[find(lo + int(a))] = find(int(b))
    return [find(i) for i in range(len(texts))]


def split_near_duplicates(examples: list[Example], test_size: float = 0.2, seed: int = 0):
    """(train, test): an 80/20 split that keeps each group of near-duplicate titles on one side."""
    groups = near_duplicate_groups([e.input.text for e in examples])
    splitter = GroupShuffleSplit(n_splits=1, test_size=test_size, random_state=seed)
    train_idx, test_idx = next(splitter.split(examples, groups=groups))
    return [examples[i] for i in train_idx], [examples[i] for i in test_idx]
