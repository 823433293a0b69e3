"""What a store's reviews are read for: aspects per department, difficulty aspects and use cases.

They come from the knowledge folder's `review_aspects.yaml`, so a kitchen shop reads its reviews for sharpness
and burn time, not for fit and fabric. A folder without the file gets an empty vocabulary: reviews are read for
their sentiment and difficulty words only. Every problem in the file is a DataError naming its line and field.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from assistant.errors import DataError, DataErrors
# The ontology's YAML reader: line numbers for every entry, and a repeated key reported, not silently dropped.
from assistant.knowledge import _line_of, _parse_yaml
from assistant.tasks.base import TaskContext

VOCABULARY_FILE = "review_aspects.yaml"
Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]  # snake_case: "battery_life"


class VocabularyFile(BaseModel):
    """review_aspects.yaml as written."""

    model_config = ConfigDict(extra="forbid")

    aspects: dict[str, list[Name]] = {}  # department -> aspect names
    difficulty: list[Name] = []  # a negative remark on one of these aspects is a difficulty
    use_cases: list[Name] = []
    words: dict[Name, list[str]] = {}  # aspect or use case -> the words reviewers use for it (optional)


@dataclass(frozen=True)
class Vocabulary:
    aspects: dict[str, list[str]] = field(default_factory=dict)
    difficulty: tuple[str, ...] = ()
    use_cases: list[str] = field(default_factory=list)
    words: dict[str, list[str]] = field(default_factory=dict)

    @property
    def all_aspects(self) -> list[str]:
        return sorted({a for names in self.aspects.values() for a in names})


def load_vocabulary(knowledge_dir: Path, departments: Collection[str] | None = None) -> Vocabulary:
    """The store's review vocabulary; `departments` (the ontology's) are the only keys `aspects` may have."""
    path = Path(knowledge_dir) / VOCABULARY_FILE
    if not path.exists():
        return Vocabulary()
    errors: list[DataError] = []
    parsed = _parse_yaml(path, errors)
    if parsed is None:
        raise DataErrors(errors)
    raw, node = parsed
    try:
        f = VocabularyFile.model_validate(raw)
    except ValidationError as exc:
        raise DataErrors([DataError(path, _line_of(node, err["loc"]), ".".join(map(str, err["loc"])), err["msg"])
                          for err in exc.errors()]) from None
    for dept, names in f.aspects.items():
        if departments is not None and dept not in departments:
            errors.append(DataError(path, _line_of(node, ("aspects", dept)), f"aspects.{dept}",
                                    f"not a department of ontology.yaml ({', '.join(departments) or 'none'})"))
        errors += _repeats(path, node, ("aspects", dept), names)
    known = {a for names in f.aspects.values() for a in names}
    for i, name in enumerate(f.difficulty):
        if name not in known:
            errors.append(DataError(path, _line_of(node, ("difficulty", i)), "difficulty",
                                    f"'{name}' is not an aspect listed under `aspects`"))
    errors += _repeats(path, node, ("use_cases",), f.use_cases)
    for name in f.words:
        if name not in known and name not in f.use_cases:
            errors.append(DataError(path, _line_of(node, ("words", name)), f"words.{name}",
                                    "not an aspect or use case of this file"))
    if errors:
        raise DataErrors(errors)
    return Vocabulary(dict(f.aspects), tuple(f.difficulty), list(f.use_cases), dict(f.words))


def _repeats(path: Path, node, loc: tuple, names: list[str]) -> list[DataError]:
    seen: set[str] = set()
    out = []
    for i, name in enumerate(names):
        if name in seen:
            out.append(DataError(path, _line_of(node, (*loc, i)), ".".join(loc), f"'{name}' is listed twice"))
        seen.add(name)
    return out


def vocabulary(ctx: TaskContext) -> Vocabulary:
    """The vocabulary of the context's store, read once per context."""
    if "review_vocabulary" not in ctx.extra:
        ctx.extra["review_vocabulary"] = load_vocabulary(ctx.knowledge_dir, ctx.ontology.departments)
    return ctx.extra["review_vocabulary"]
