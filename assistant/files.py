"""The one reader of a user's files (JSONL, CSV, text): streamed line by line, every problem named
`file:line: field: problem`, and the documented limits on what a command accepts.

Every command that reads a file goes through here, so a latin-1 export, a binary file, a JSONL line `null` or a
runaway CSV field is one line of error naming where it is, never a traceback, and memory grows with one line at a
time rather than with the file (what the caller keeps is its own business).
"""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from assistant.errors import DataError, DataErrors

log = logging.getLogger(__name__)
MB = 1024 * 1024

# Python's own csv default, kept (and set explicitly, as the module's limit is process-wide): a 128 KB title or
# label is a broken quote that swallowed the rest of the file, not data.
CSV_FIELD_CHARS = 131_072
MAX_ERRORS = 100  # a binary file is wrong on every line: stop collecting once the point is made
PROGRESS_BYTES = 8 * MB  # below this a file reads in well under a second: no bar

csv.field_size_limit(CSV_FIELD_CHARS)


@dataclass(frozen=True)
class Limits:
    """What a command accepts; the defaults are `Settings`' (ASSISTANT_MAX_*) and the README's Reliability table."""

    # A training, evaluation, catalog or questions file. A task keeps every row and its parsed example in memory:
    # 20 MB of titles (417,000 rows) peaked at 1.1 GB (10 MB: 0.7 GB), and embedding them takes about 10 minutes
    # on two cores. The 200 MB CSV that grew to 9.5 GB is refused in 3 s.
    max_file_mb: float = 20.0
    # A policy page. The longest real terms page we hold (PayPal's, 136 KB) fits four times over.
    max_page_kb: int = 512
    # Policy passages (sections or plain-text passages) in the whole knowledge folder; each is embedded with its
    # sentences (~10 documents per passage), at about 300 documents a second on two cores.
    max_passages: int = 5_000
    # One chat message or question. A shopper's message is a few hundred characters; a merchant's pasted list of
    # titles a few thousand.
    max_message_chars: int = 20_000

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * MB)

    @property
    def max_page_bytes(self) -> int:
        return self.max_page_kb * 1024


def check_file(path: Path | str, max_bytes: int | None = None, setting: str = "ASSISTANT_MAX_FILE_MB") -> Path:
    """The path of a readable regular file no larger than `max_bytes`, or a DataError saying why not.

    Commands call this before loading any model: a bad path costs a second, not the 15-110 s of a model load."""
    path = Path(path)
    if not path.exists():
        raise DataError(path, None, None, "file not found")
    if not path.is_file():
        raise DataError(path, None, None, "not a file")
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            fh.read(1)
    except OSError as exc:
        raise DataError(path, None, None, f"cannot be read ({exc.strerror or exc})") from exc
    if max_bytes is not None and size > max_bytes:
        raise DataError(path, None, "size", f"{_size(size)} is over the limit of {_size(max_bytes)} (set {setting} "
                                            f"to raise it, or split the file)")
    return path


def _size(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{n / 1024:.0f} KB"


class _Errors:
    """Collects a file's problems; past MAX_ERRORS it stops the read with what it has."""

    def __init__(self, path: Path, into: list[DataError]):
        self.path, self.into, self.count = path, into, 0

    def add(self, line: int | None, field: str | None, problem: str) -> None:
        self.into.append(DataError(self.path, line, field, problem))
        self.count += 1
        if self.count >= MAX_ERRORS:
            self.into.append(DataError(self.path, None, None, f"stopped reading after {MAX_ERRORS} problems"))
            raise DataErrors(self.into)


def read_lines(path: Path | str, errors: list[DataError], keep_ends: bool = False) -> Iterator[tuple[int, str]]:
    """(line number, text) for every line, decoded as UTF-8 (a leading byte-order mark dropped).

    A line that is not UTF-8 (a latin-1 or Windows export) is added to `errors` with its number and replaced by its
    decoding with U+FFFD, so the caller's line count stays right and the read goes on to find the file's other
    problems. A NUL byte (a binary file) ends the read with one error."""
    path = Path(path)
    found = _Errors(path, errors)
    size = path.stat().st_size
    with path.open("rb") as fh, tqdm(total=size, unit="B", unit_scale=True, desc=f"reading {path.name}",
                                     disable=True if size < PROGRESS_BYTES else None, leave=False) as bar:
        for line_no, raw in enumerate(fh, start=1):
            bar.update(len(raw))
            if line_no == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if b"\x00" in raw:  # no text format has NUL bytes: one message for the file, not one per line
                found.add(line_no, "encoding", "a NUL byte: this is a binary file (or UTF-16), not UTF-8 text")
                return
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                found.add(line_no, "encoding", f"not UTF-8 (byte 0x{raw[exc.start]:02x}, the line's byte "
                                               f"{exc.start + 1}); save the file as UTF-8")
                text = raw.decode("utf-8", errors="replace")
            yield line_no, text if keep_ends else text.rstrip("\r\n")


def read_jsonl(path: Path | str, errors: list[DataError]) -> Iterator[tuple[int, dict]]:
    """(line number, object) for every non-blank line; a line that is not a JSON object goes to `errors`."""
    path = Path(path)
    found = _Errors(path, errors)
    for line_no, raw in read_lines(path, errors):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            found.add(line_no, "json", f"not valid JSON ({exc.msg})")
            continue
        if not isinstance(data, dict):
            found.add(line_no, "json", f"expected an object {{...}}, got {_json_type(data)}")
            continue
        yield line_no, data


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    return {list: "an array", str: "a string", bool: "true/false", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__)


def read_csv(path: Path | str, errors: list[DataError]) -> Iterator[tuple[int, dict]]:
    """(line number, row) for every record under the header row; the line is where the record starts."""
    path = Path(path)
    found = _Errors(path, errors)
    reader = csv.reader(text for _, text in read_lines(path, errors, keep_ends=True))
    try:
        header = next(reader, None)
        if not header:
            found.add(1, "header", "the CSV has no header row")
            return
        while True:
            start = reader.line_num + 1
            record = next(reader, None)
            if record is None:
                return
            if not record:
                continue  # a blank line, as csv.DictReader skips it
            if len(record) > len(header):
                found.add(start, "row", f"{len(record)} fields but the header has {len(header)} (an unquoted comma?)")
                continue
            yield start, dict(zip(header, record + [None] * (len(header) - len(record))))
    except csv.Error as exc:
        problem = str(exc)
        if "field larger than field limit" in problem:
            problem = f"a field is longer than {CSV_FIELD_CHARS:,} characters (an unclosed quote?)"
        found.add(reader.line_num, "csv", problem)


def read_rows(path: Path | str, errors: list[DataError]) -> Iterator[tuple[int, dict]]:
    """(line number, row) of a .csv (header row) or .jsonl file."""
    path = Path(path)
    return read_csv(path, errors) if path.suffix.lower() == ".csv" else read_jsonl(path, errors)


def read_text(path: Path | str, errors: list[DataError], max_bytes: int | None = None,
              setting: str = "ASSISTANT_MAX_PAGE_KB") -> str | None:
    """A whole small file (a policy page, the taxonomy) as text; None, with the problems in `errors`, if it is
    over `max_bytes` or not UTF-8 (each bad line named)."""
    path = Path(path)
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        errors.append(DataError(path, None, "size", f"{_size(size)} is over the limit of {_size(max_bytes)} (set "
                                                    f"{setting} to raise it, or split the file)"))
        return None
    before = len(errors)
    text = "\n".join(line for _, line in read_lines(path, errors))
    return None if len(errors) > before else text


def raise_if(errors: Iterable[DataError]) -> None:
    errors = list(errors)
    if errors:
        raise DataErrors(sorted(errors, key=lambda e: (e.path, e.line or 0)))
