"""The error taxonomy: what a user did wrong, what a tool can recover from, what failed at run time."""

from __future__ import annotations

from pathlib import Path


class AssistantError(Exception):
    """Base for every error meant for a person to read."""


class ConfigError(AssistantError):
    """A setting is missing or contradicts another."""


class DataError(AssistantError):
    """A bad file, row or field; the message reads `file:line: field: problem`."""

    def __init__(self, path: Path | str, line: int | None, field: str | None, problem: str):
        self.path, self.line, self.field, self.problem = str(path), line, field, problem
        where = self.path if line is None else f"{self.path}:{line}"
        super().__init__(f"{where}: {field}: {problem}" if field else f"{where}: {problem}")

    @classmethod
    def each(cls, path: Path | str, line: int | None, exc) -> list["DataError"]:
        """One DataError per problem of a pydantic ValidationError, its field named by the dotted location."""
        return [cls(path, line, ".".join(str(p) for p in err["loc"]) or "row", err["msg"]) for err in exc.errors()]


class DataErrors(AssistantError):
    """Several bad rows at once, so a user fixes a file in one pass instead of one error per run."""

    def __init__(self, errors: list[DataError]):
        self.errors = errors
        shown = "\n".join(str(e) for e in errors[:50])
        more = f"\n... and {len(errors) - 50} more" if len(errors) > 50 else ""
        super().__init__(f"{len(errors)} problem(s) found:\n{shown}{more}")


class ModelError(AssistantError):
    """A model could not be loaded, trained or called."""


class ToolError(AssistantError):
    """A tool failed in a way the agent can tell the user about and carry on."""
