"""A store's own labelled files (CSV or JSONL) as rows with line numbers, read by `assistant.files`."""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from pydantic import ValidationError

from assistant import files
from assistant.errors import DataError, DataErrors

log = logging.getLogger(__name__)
T = TypeVar("T")
MIN_PER_LABEL = 5  # fewer examples than this and a label is learned from noise


def read_rows(path: Path) -> Iterator[tuple[int, dict]]:
    """Yield (line number, row) from a .csv (header row) or .jsonl file; every problem of the file is raised
    together (DataErrors) once it has been read to the end."""
    path = files.check_file(path)
    errors: list[DataError] = []
    yield from files.read_rows(path, errors)
    files.raise_if(errors)


def parse_rows(path: Path, build: Callable[[int, dict], T]) -> list[T]:
    """Apply `build` to every row, collecting every error (the file's own, KeyError, ValueError, ValidationError,
    DataError) so a user fixes a file in one pass."""
    path = files.check_file(path)
    out: list[T] = []
    errors: list[DataError] = []
    for line_no, row in files.read_rows(path, errors):
        try:
            out.append(build(line_no, row))
        except DataError as exc:
            errors.append(exc)
        except ValidationError as exc:
            errors += DataError.each(path, line_no, exc)
        except KeyError as exc:
            errors.append(DataError(path, line_no, str(exc.args[0]), "missing"))
        except ValueError as exc:
            errors.append(DataError(path, line_no, "row", str(exc)))
    files.raise_if(errors)
    if not out:
        raise DataErrors([DataError(path, None, None, "no rows")])
    return out


def require(row: dict, field: str, path: Path, line: int) -> str:
    """A non-empty field of a row, or a DataError naming it."""
    if field not in row:
        raise DataError(path, line, field, f"missing (columns: {', '.join(map(str, row))})")
    value = row[field]
    if value is None or (isinstance(value, str) and not value.strip()):
        raise DataError(path, line, field, "empty")
    return value


def warn_rare_labels(labels: list[str], path: Path, minimum: int = MIN_PER_LABEL) -> list[str]:
    """Log (and return) a warning for each label with fewer than `minimum` examples.

    Held-out sets (`evals/`, a split's `eval.jsonl`) are scored, not learned from: no warning there."""
    path = Path(path)
    if "evals" in path.parts or path.name == "eval.jsonl" or path.name.endswith("_heldout.jsonl"):
        return []
    rare = [(label, n) for label, n in sorted(Counter(labels).items()) if n < minimum]
    warnings = [f"{path}: label '{label}' has only {n} example(s); at least {minimum} are needed to learn it"
                for label, n in rare]
    for w in warnings:
        log.warning(w)
    return warnings
