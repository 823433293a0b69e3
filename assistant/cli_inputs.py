"""What a command reads, checked before any model loads: a bad file costs a second, not a 15-110 s model load.

Each check reads the whole file through `assistant.files` (streamed, every problem named file:line: field) and
raises an AssistantError the command prints as one message with a non-zero exit status.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from assistant import files
from assistant.config import Settings
from assistant.errors import DataError, DataErrors


def task_file(task: str, path: Path, settings: Settings, text_field: str | None = None,
              label_field: str | None = None, eval_fraction: float | None = None) -> None:
    """The labelled file parses with the task's own loader (every row, every field) and, when it is to be split
    (`eval_fraction`), has enough rows of some label to split."""
    # Imported here: `storefront --help` answers without loading scikit-learn.
    from assistant.training import split, taskdata

    files.check_file(path, settings.limits.max_file_bytes)
    data = taskdata.load_task_data(task, path, text_field, label_field)
    if eval_fraction is not None:
        split.check_splittable(data, eval_fraction)


def message(text: str, settings: Settings, where: str = "question") -> None:
    """A question within the message-length limit, as in the chat."""
    if len(text) > settings.max_message_chars:
        raise DataError(where, None, None, f"{len(text):,} characters, over the limit of "
                                           f"{settings.max_message_chars:,} (ASSISTANT_MAX_MESSAGE_CHARS)")


def questions_file(path: Path, settings: Settings) -> int:
    """The number of questions in a one-question-per-line file, after checking every line."""
    files.check_file(path, settings.limits.max_file_bytes)
    errors: list[DataError] = []
    count = 0
    for line_no, text in files.read_lines(path, errors):
        if len(text) > settings.max_message_chars:
            errors.append(DataError(path, line_no, "question", f"{len(text):,} characters, over the limit of "
                                    f"{settings.max_message_chars:,} (ASSISTANT_MAX_MESSAGE_CHARS)"))
        count += bool(text.strip())
    files.raise_if(errors)
    if not count:
        raise DataErrors([DataError(path, None, None, "no questions (one per line)")])
    return count


def questions(path: Path) -> Iterator[str]:
    """The questions of a file `questions_file` has checked, read again one line at a time."""
    for _, text in files.read_lines(path, []):
        if text.strip():
            yield text.strip()
