"""Labelled queries: a query column and a filters column, checked against the store's taxonomy and ontology."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from assistant.config import REPO_ROOT
from assistant.errors import DataError
from assistant.knowledge import Ontology, Taxonomy, load_ontology, load_taxonomy
from assistant.schemas import SearchFilters
from assistant.tasks.base import Example
from assistant.tasks.rewrite.schema import RewriteInput
from assistant.tasks.rows import parse_rows, require, warn_rare_labels

TRAIN_FILE = "training/rewrite.jsonl"  # the store's labelled queries, relative to its knowledge folder


@lru_cache(maxsize=4)
def _store_knowledge(knowledge_dir: Path) -> tuple[Taxonomy, Ontology]:
    errors: list = []
    root = Path(knowledge_dir)
    return load_taxonomy(root / "taxonomy.txt", errors), load_ontology(root / "ontology.yaml", errors)


def knowledge_of(path: Path) -> tuple[Taxonomy, Ontology]:
    """The taxonomy and ontology a labelled file is checked against: those of the knowledge folder it lies in
    (`<store>/training/rewrite.jsonl`, a split under it), else the demo store's (the eval sets in `evals/`)."""
    for folder in Path(path).resolve().parents:
        if (folder / "taxonomy.txt").exists() and (folder / "ontology.yaml").exists():
            return _store_knowledge(folder)
    return _store_knowledge(REPO_ROOT / "knowledge")


def _check_filters(filters: SearchFilters, path: Path, line: int, fld: str, tax: Taxonomy, onto: Ontology) -> None:
    for cid in filters.category_ids:
        if cid not in tax.leaves:
            raise DataError(path, line, f"{fld}.category_ids", f"{cid} is not a leaf of taxonomy.txt")
    for bucket in ("attributes", "excluded"):
        for attr, values in getattr(filters, bucket).items():
            spec = onto.attributes.get(attr)
            if spec is None:
                raise DataError(path, line, f"{fld}.{bucket}.{attr}", "not an attribute of ontology.yaml")
            for v in values:
                if v not in spec.values:
                    hint = onto.lexicon.get(str(v).lower())
                    more = f" (the canonical value is '{hint[1]}')" if hint and hint[0] == attr else ""
                    raise DataError(path, line, f"{fld}.{bucket}.{attr}", f"'{v}' is not a canonical value{more}")


def _row(path: Path, line: int, row: dict, text_field: str, label_field: str, tax, onto) -> Example:
    query = require(row, text_field, path, line)
    raw = row.get(label_field)
    if raw is None:
        raise DataError(path, line, label_field, f"missing (columns: {', '.join(map(str, row))})")
    if isinstance(raw, str):  # a CSV cell holds the filters as JSON
        try:
            raw = json.loads(raw) if raw.strip() else {}
        except json.JSONDecodeError as exc:
            raise DataError(path, line, label_field, f"not valid JSON ({exc.msg})") from None
    if not isinstance(raw, dict):
        raise DataError(path, line, label_field, "must be a JSON object of filters")
    try:
        filters = SearchFilters.model_validate(raw)
    except ValueError as exc:  # pydantic's ValidationError, named by its first bad field
        err = exc.errors()[0] if hasattr(exc, "errors") else {"loc": (), "msg": str(exc)}
        loc = ".".join(str(p) for p in err["loc"])
        raise DataError(path, line, f"{label_field}.{loc}" if loc else label_field, err["msg"]) from None
    _check_filters(filters, path, line, label_field, tax, onto)
    return Example[RewriteInput, SearchFilters](input=RewriteInput(query=str(query)), output=filters)


def load_examples(path: Path, text_field: str | None = None, label_field: str | None = None,
                  knowledge: tuple[Taxonomy, Ontology] | None = None, warn: bool = True) -> list[Example]:
    """Labelled queries from JSONL or CSV: a query column and a filters column (a JSON object in CSV); `warn`:
    log the labels too rare to learn (for training, not for reading the store's vocabulary)."""
    path = Path(path)
    tax, onto = knowledge or knowledge_of(path)
    examples = parse_rows(path, lambda line, row: _row(path, line, row, text_field or "query",
                                                      label_field or "filters", tax, onto))
    if warn:
        warn_rare_labels([f"{a}={v}" for e in examples for a, vs in e.output.attributes.items() for v in vs]
                         + [f"category={c}" for e in examples for c in e.output.category_ids], path)
    return examples
