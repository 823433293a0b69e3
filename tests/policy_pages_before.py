"""The hand-written policy-page chunker as it was before markdown-it-py (assistant/policy_pages.py at 39a84e2),
kept unchanged as the reference that tests/test_policy_pages.py compares the library-based one with.

Not imported by the product. Delete it with that test once the chunker is meant to cut pages differently."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from assistant import files
from assistant.errors import DataError
from assistant.schemas import PolicyChunk


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# ~180 words: MiniLM reads 256 word pieces, so a longer passage would be embedded only in part.
PASSAGE_WORDS = 180
# A page without sentence ends (a pasted blob, a minified export) is still cut: a quotable unit is at most this
# many characters and a passage at most this many words. The longest real ones we hold are PayPal's terms: a
# 3,759-character sentence and a 617-word clause, so real pages are cut exactly as before. Without these caps a
# 5 MB page with no full stop was one 5.4 MB answer.
MAX_UNIT_CHARS = 4_000
MAX_PASSAGE_WORDS = 1_000


BULLET = re.compile(r"^(?:[-*•]|\d+[.)])\s+")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"(])")


@dataclass
class Unit:
    """One quotable piece of a section: a sentence, a list item, or a table row.

    `kind` is "sentence", "intro" (a sentence ending in ":" that a list follows), "item", "header" (a table's first
    row) or "row"; `group` numbers the paragraph, list or table it belongs to, so an answer can quote a whole list
    after its intro, or a row under its header."""

    text: str
    kind: str
    group: int


def _blocks(text: str) -> list[tuple[str, str]]:
    """Paragraphs with their hard-wrapped lines joined, each bullet on its own, and each table row on its own;
    each with its kind: "para", "bullet" or "table"."""
    blocks: list[tuple[str, str]] = []
    current: list[str] = []
    kind = "para"

    def flush() -> None:
        if current:
            blocks.append((kind, " ".join(current)))
            current.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("|"):
            flush()
            if line:
                blocks.append(("table", line))
        elif BULLET.match(line):
            flush()
            kind = "bullet"
            current.append(BULLET.sub("", line))
        else:
            if not current:
                kind = "para"
            current.append(line)
    flush()
    return blocks


def units(text: str) -> list[Unit]:
    """Split a section into quotable units; a bullet is an item, a table row becomes "cell: cell, cell".

    Pages are hard-wrapped Markdown: a sentence often runs over two lines, so lines are joined into paragraphs
    before splitting (split line by line, "can be returned until January 31 of the" was a sentence). Bold and
    italic markers are dropped: an answer quotes the words, not the markup."""
    out: list[Unit] = []
    group, prev = 0, None
    for kind, block in _blocks(text):
        if kind != prev or kind == "para":
            group += 1
        if kind == "table":
            cells = [c.strip() for c in block.strip("|").split("|")]
            if any(c.strip("-: ") for c in cells):  # skip the |---|---| separator
                row = f"{cells[0]}: {', '.join(cells[1:])}" if len(cells) > 1 else cells[0]
                out.append(Unit(row, "header" if prev != "table" else "row", group))
        else:
            block = re.sub(r"\*\*|__|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w)", "", block)
            parts = [p for s in SENTENCE_END.split(block) if s.strip() for p in _capped(s.strip())]
            for part in parts:
                out.append(Unit(part, "item" if kind == "bullet" else "sentence", group))
            if kind == "para" and parts and parts[-1].endswith(":"):
                out[-1].kind = "intro"
        prev = kind
    return out


def _capped(unit: str) -> list[str]:
    """A unit cut at spaces into pieces of at most MAX_UNIT_CHARS (almost always the unit itself)."""
    if len(unit) <= MAX_UNIT_CHARS:
        return [unit]
    return textwrap.wrap(unit, MAX_UNIT_CHARS, break_on_hyphens=False)


def sentences(text: str) -> list[str]:
    """The section's units as text: sentences, list items and table rows (see `units`)."""
    return [u.text for u in units(text)]

def chunk_policy(path: Path, errors: list[DataError],
                 max_bytes: int | None = files.Limits().max_page_bytes) -> list[PolicyChunk]:
    """Cut one page into sections (by `##`) or, for a page without headings, into passages; a page over
    `max_bytes` or not UTF-8 (each bad line named) goes to `errors` instead."""
    text = files.read_text(path, errors, max_bytes)
    if text is None:
        return []
    if not text.strip():
        errors.append(DataError(path, 1, "page", "the page is empty"))
        return []
    lines = text.splitlines()
    title = next((ln[2:].strip() for ln in lines if ln.startswith("# ")), path.stem.replace("-", " ").title())
    if any(ln.startswith("## ") for ln in lines):
        return _sections(path, lines, title, errors)
    return _passages(path, lines, title)


def _sections(path: Path, lines: list[str], title: str, errors: list[DataError]) -> list[PolicyChunk]:
    chunks: list[PolicyChunk] = []
    heading, start, body = "Overview", 1, []
    seen: dict[str, int] = {}

    def flush() -> None:
        content = "\n".join(body).strip()
        if not content:
            if heading != "Overview":
                errors.append(DataError(path, start, "section", f"section '{heading}' has no text"))
            return
        slug = slugify(heading)
        if slug in seen:
            errors.append(DataError(path, start, "section", f"heading '{heading}' repeats line {seen[slug]}"))
            return
        seen[slug] = start
        chunks.append(PolicyChunk(id=f"{path.name}#{slug}", source=path.name, page_title=title,
                                  section=heading, text=content, line=start))

    for line_no, ln in enumerate(lines, start=1):
        if ln.startswith("## "):
            flush()
            heading, start, body = ln[3:].strip(), line_no, []
        elif not ln.startswith("# "):
            body.append(ln)
    flush()
    return chunks


# A line standing alone that reads as a heading: "2. RIGHT OF CANCELLATION UP TO 14 DAYS", "Closing Your PayPal
# Account", "5. Cancellation (and exceptions), Refunds and Problems". Not a sentence (no end punctuation), short,
# and capitalised or numbered.
HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s+)?[A-Z][^.!?;:,]*(?:,[^.!?;:]*)?$")
HEADING_WORDS = 12


def _is_heading(paragraph: str, lines: int) -> bool:
    words = paragraph.split()
    return lines == 1 and 1 <= len(words) <= HEADING_WORDS and bool(HEADING.match(paragraph)) \
        and not paragraph.endswith(("and", "or", "the", "of"))


def _passages(path: Path, lines: list[str], title: str) -> list[PolicyChunk]:
    """Group paragraphs into passages of about PASSAGE_WORDS words; ids are stable while the text is.

    Legal terms pages are plain text with headings ("2. RIGHT OF CANCELLATION ...") and numbered clauses
    ("5.1 You have a statutory right ..."): a passage never runs across a heading, carries its heading as its
    section name (so it is embedded and cited with it), and keeps each clause whole unless the clause alone is
    longer than a passage."""
    paragraphs: list[tuple[int, str, int]] = []  # (first line, text, number of lines)
    current: list[str] = []
    start = 1
    for line_no, ln in enumerate([*lines, ""], start=1):
        if ln.strip() and not ln.startswith("# "):
            if not current:
                start = line_no
            current.append(ln.strip())
        elif current:
            paragraphs.append((start, " ".join(current), len(current)))
            current = []
    chunks: list[PolicyChunk] = []
    buf: list[str] = []
    buf_line, heading = 1, None

    def flush() -> None:
        nonlocal buf
        if buf:
            chunks.append(_passage(path, title, len(chunks) + 1, buf, buf_line, heading))
            buf = []

    for line_no, para, n_lines in paragraphs:
        if _is_heading(para, n_lines) and len(paragraphs) > 1:
            flush()
            heading = para
            continue
        for part in _split_long(para):
            if not buf:
                buf_line = line_no
            buf.append(part)
            if sum(len(p.split()) for p in buf) >= PASSAGE_WORDS * 0.6:
                flush()
    flush()
    return chunks


def _split_long(paragraph: str) -> Iterator[str]:
    """Split a paragraph longer than a passage at sentence ends."""
    buf: list[str] = []
    for s in _sentence_pieces(paragraph):
        buf.append(s)
        if sum(len(x.split()) for x in buf) >= PASSAGE_WORDS:
            yield " ".join(buf)
            buf = []
    if buf:
        yield " ".join(buf)


def _sentence_pieces(paragraph: str) -> Iterator[str]:
    """The paragraph's sentences; one over MAX_PASSAGE_WORDS (no sentence ends) in PASSAGE_WORDS-word pieces."""
    for sentence in re.split(r"(?<=[.!?])\s+", paragraph):
        words = sentence.split()
        if len(words) <= MAX_PASSAGE_WORDS:
            yield sentence
            continue
        for i in range(0, len(words), PASSAGE_WORDS):
            yield " ".join(words[i:i + PASSAGE_WORDS])


def _passage(path: Path, title: str, n: int, paras: list[str], line: int, heading: str | None = None) -> PolicyChunk:
    return PolicyChunk(id=f"{path.name}#p{n}", source=path.name, page_title=title, section=heading or f"Passage {n}",
                       text="\n\n".join(paras), line=line)
