"""Policy pages cut into what is indexed and quoted: sections (`##`) or, for plain text, passages that keep their
headings and numbered clauses; and a section into quotable units (sentences, list items, table rows).

markdown-it-py reads the Markdown (headings, paragraphs, lists, tables, emphasis) with each block's lines, as
CommonMark and GitHub do. What stays here is what no Markdown parser knows: where a sentence ends, what a plain-text
terms page's headings and clauses look like, and the caps that keep a pasted blob from becoming one answer."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Iterator

from markdown_it import MarkdownIt
from markdown_it.token import Token

from assistant import files
from assistant.errors import DataError
from assistant.schemas import PolicyChunk


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# ~180 words: MiniLM reads 256 word pieces, so a longer passage would be embedded only in part.
PASSAGE_WORDS = 180
# A passage is closed at the first paragraph end past this share of PASSAGE_WORDS.
PASSAGE_FILL = 0.6
# A page without sentence ends (a pasted blob, a minified export) is still cut: a quotable unit is at most this
# many characters and a passage at most this many words. The longest real ones we hold are PayPal's terms: a
# 3,759-character sentence and a 617-word clause, so real pages are cut exactly as before. Without these caps a
# 5 MB page with no full stop was one 5.4 MB answer.
MAX_UNIT_CHARS = 4_000
MAX_PASSAGE_WORDS = 1_000


# A sentence ends at ".", "!" or "?" before a capital, a digit, a quote or a parenthesis. Libraries were measured
# against this rule on every paragraph of both stores and the real terms (1,232 blocks): nltk's Punkt takes 2.8 s
# to import, most of a cold `storefront ask`; pysbd takes 3.3 s where this takes 0.01 s and cuts lists at ":";
# sentencex ends a sentence after clause numbers ("5.3.1." / "to upload ..."). Cutting only where sentencex and this
# rule agree mends "the U.S." / "Virgin Islands ..." (21 blocks) but lost a held-out real-terms question: not taken.
# Not after an abbreviation of one-letter parts ("the U.S. Virgin Islands", "by 1:00 p.m. ET", "e.g. A"): the
# sentence goes on, and its facts with it.
SENTENCE_END = re.compile(r"(?<=[.!?])(?<!\b[A-Za-z]\.[A-Za-z]\.)\s+(?=[A-Z0-9\"(])")
# Pasted text often bullets with "•", which Markdown does not know: read as "-" (same column, so lines keep).
PASTED_BULLET = re.compile(r"^(\s*)•(?=\s)", re.MULTILINE)


def _markdown(*off: str) -> MarkdownIt:
    """CommonMark with GFM tables. Raw HTML, indented code and link reference definitions are off: a policy page is
    prose, so "<b>", an indented clause or "[1]: see above" is text to quote, not markup to drop."""
    return MarkdownIt("commonmark", {"html": False}).enable("table").disable(["code", "reference", *off])


MARKDOWN = _markdown()
# Headings need only the blocks: without the inline pass a page's outline parses in half the time.
OUTLINE = _markdown("inline", "text_join")


@dataclass(frozen=True)  # remembered and shared (see `units`)
class Unit:
    """One quotable piece of a section: a sentence, a list item, or a table row.

    `kind` is "sentence", "intro" (a sentence ending in ":" that a list follows), "item", "header" (a table's first
    row) or "row"; `group` numbers the paragraph, list or table it belongs to, so an answer can quote a whole list
    after its intro, or a row under its header."""

    text: str
    kind: str
    group: int


def units(text: str) -> list[Unit]:
    """Split a section into quotable units; a list item is an item, a table row becomes "cell: cell, cell".

    Each paragraph is its own group; the items of one list, nested lists included, share a group, and so do lists
    that follow one another (an intro's "we ship to:" covers them all); a table is a group, its first row the
    header. Remembered per text: a policy question split its top sections four times (the search, then the
    answer writer), 1.4 ms of a turn (measured 2026-12-04); the units are frozen."""
    return list(_units(text))


@lru_cache(maxsize=2048)
def _units(text: str) -> tuple[Unit, ...]:
    out: list[Unit] = []
    group, prev = 0, None
    for kind, block in _blocks(text):
        group += not ((kind == prev == "item") or (kind == "row" and prev in ("header", "row")))
        if kind in ("header", "row"):
            out.append(Unit(block, kind, group))
        else:
            parts = [p for s in SENTENCE_END.split(block) if s.strip() for p in _capped(s.strip())]
            out += [Unit(part, kind, group) for part in parts]
            if kind == "sentence" and parts and parts[-1].endswith(":"):
                out[-1] = replace(out[-1], kind="intro")
        prev = kind
    return tuple(out)


def _blocks(text: str) -> Iterator[tuple[str, str]]:
    """(kind, text) for each paragraph or heading ("sentence"), list item ("item") and table row ("header", "row").

    Hard-wrapped lines are joined (split line by line, "can be returned until January 31 of the" was a sentence);
    bold and italic are dropped, an answer quotes the words, not the markup. A table cell is kept as written."""
    lists, head, row = 0, False, None
    for tok in MARKDOWN.parse(PASTED_BULLET.sub(r"\1-", text)):
        if tok.type in ("bullet_list_open", "ordered_list_open", "bullet_list_close", "ordered_list_close"):
            lists += 1 if tok.type.endswith("_open") else -1
        elif tok.type in ("thead_open", "thead_close"):
            head = tok.type == "thead_open"
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close":
            if any(c.strip("-: ") for c in row):  # a row of dashes or blanks says nothing to quote
                yield "header" if head else "row", _row(row)
            row = None
        elif tok.type == "inline" and row is not None:
            row.append(tok.content)
        elif tok.type == "inline":
            yield "item" if lists else "sentence", _plain(tok)
        elif tok.type == "fence":  # not expected on a policy page, but its text is still the page's
            yield "sentence", " ".join(tok.content.split())


def _row(cells: list[str]) -> str:
    """A row as "Footwear: 30 days, final sale"; blank cells at the end say nothing ("Footwear", not "Footwear: ")."""
    while len(cells) > 1 and not cells[-1]:
        cells.pop()
    return f"{cells[0]}: {', '.join(cells[1:])}" if len(cells) > 1 else cells[0]


def _plain(inline: Token) -> str:
    """The words of a paragraph: text and code as they read, line breaks as spaces, emphasis and links dropped."""
    return "".join(" " if t.type in ("softbreak", "hardbreak") else t.content for t in inline.children or []
                   if t.type in ("text", "code_inline", "image", "softbreak", "hardbreak"))


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
    """Cut one page into sections (by `##`) or, for a page without them, into passages; a page over
    `max_bytes` or not UTF-8 (each bad line named) goes to `errors` instead."""
    text = files.read_text(path, errors, max_bytes)
    if text is None:
        return []
    if not text.strip():
        errors.append(DataError(path, 1, "page", "the page is empty"))
        return []
    headings = _headings(text)
    title = next((h.text for h in headings if h.level == 1), path.stem.replace("-", " ").title())
    # A title line (`#`) is in no section's or passage's text: the title is named apart.
    titles = {n for h in headings if h.level == 1 for n in range(h.start, h.end)}
    lines = text.split("\n")  # as the file's lines are counted (str.splitlines also splits at a form feed)
    sections = [h for h in headings if h.level == 2]
    if sections:
        return _sections(path, lines, titles, sections, title, errors)
    return _passages(path, lines, titles, title)


@dataclass
class _Heading:
    level: int
    text: str
    start: int  # first line, from 0
    end: int  # the line after it


def _headings(text: str) -> list[_Heading]:
    """The page's `#` and `##` headings (not one inside a list, a quote or a code block)."""
    tokens = OUTLINE.parse(text)
    return [_Heading(int(tok.tag[1]), inline.content, *tok.map) for tok, inline in zip(tokens, tokens[1:])
            if tok.type == "heading_open" and tok.level == 0 and tok.tag in ("h1", "h2") and tok.map]


def _sections(path: Path, lines: list[str], titles: set[int], headings: list[_Heading], title: str,
              errors: list[DataError]) -> list[PolicyChunk]:
    """One chunk per `##` section, the text before the first one as "Overview"; an empty section or a repeated
    heading goes to `errors` (a repeated one would take the first one's id)."""
    chunks: list[PolicyChunk] = []
    seen: dict[str, int] = {}
    bounds = [_Heading(2, "Overview", 0, 0), *headings]
    for h, nxt in zip(bounds, [*headings, None]):
        content = "\n".join(lines[n] for n in range(h.end, nxt.start if nxt else len(lines)) if n not in titles).strip()
        start, slug = h.start + 1, slugify(h.text)
        if not content:
            if h.end:  # no text before the first heading is no mistake
                errors.append(DataError(path, start, "section", f"section '{h.text}' has no text"))
        elif slug in seen:
            errors.append(DataError(path, start, "section", f"heading '{h.text}' repeats line {seen[slug]}"))
        else:
            seen[slug] = start
            chunks.append(PolicyChunk(id=f"{path.name}#{slug}", source=path.name, page_title=title,
                                      section=h.text, text=content, line=start))
    return chunks


# A line standing alone that reads as a heading: "2. RIGHT OF CANCELLATION UP TO 14 DAYS", "Closing Your PayPal
# Account", "5. Cancellation (and exceptions), Refunds and Problems", or a question an FAQ-style page answers below
# it ("6. Are there any costs for the Service?", "How long will my payment take?"). Not a sentence (no full stop),
# short, and capitalised or numbered.
HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s+)?[A-Z][^.!?;:,]*(?:,[^.!?;:]*)?\??$")
HEADING_WORDS = 12
# ... or twice as long in capitals: "2. RIGHT OF CANCELLATION UP TO 14 DAYS, EXCEPTIONS TO CANCELLATION AND OUR
# VOLUNTARY RETURNS GUARANTEE" (16 words) was a passage of its own instead of the heading over the rules it names.
CAPS_HEADING_WORDS = 24


def _is_heading(paragraph: str, lines: int) -> bool:
    words = paragraph.split()
    most = CAPS_HEADING_WORDS if paragraph.upper() == paragraph else HEADING_WORDS
    return lines == 1 and 1 <= len(words) <= most and bool(HEADING.match(paragraph)) \
        and not paragraph.endswith(("and", "or", "the", "of"))


# A page is hard-wrapped (its line breaks are not the author's) when no line is longer than WRAP_WIDTH and most
# lines that a paragraph goes on after fill at least WRAP_FILL of the longest line and end mid-sentence.
WRAP_WIDTH, WRAP_FILL = 120, 0.6
# A clause of a list written out in plain text: "(a)", "(iv)", "b)", "1)", or a pasted bullet.
CLAUSE_MARK = re.compile(r"^(?:\(?(?:[a-z]{1,4}|\d{1,2})\)|[•\-–*])\s")


@dataclass
class _Piece:
    line: int  # first line, from 1
    text: str
    kind: str  # "heading", "item" (a clause of a list after its intro) or "text"
    block: int  # the blank-line paragraph it is in


def _pieces(lines: list[str], titles: set[int]) -> list[_Piece]:
    """A plain-text page's headings, list clauses and paragraphs.

    A heading stands alone or above text that is no heading ("Inactive Accounts" above "If your Account ...";
    "View your purchases" above "Manage your payments" is a list). After an intro ("... does not apply to:") come
    its clauses: indented, lettered ("(a)"), in lower case, or short lines right under it."""
    raw = _lines(lines, titles)
    out: list[_Piece] = []
    listing = False  # after an intro, until a piece that is no clause
    for i, p in enumerate(raw):
        nxt = raw[i + 1] if i + 1 < len(raw) else None
        under = i > 0 and raw[i - 1].block == p.block  # the line above is in the same paragraph
        ends = nxt is None or nxt.block != p.block  # the line below is not
        clause = p.indented or bool(CLAUSE_MARK.match(p.text)) or p.text[0].islower()
        if listing and (clause or (under and _is_heading(p.text, 1))):
            out.append(_Piece(p.line, p.text, "item", p.block))
            continue
        listing = p.text.endswith(":")
        headed = _is_heading(p.text, p.lines) and len(raw) > 1 and not listing
        kind = "heading" if headed and (ends or not _is_heading(nxt.text, nxt.lines)) else "text"
        out.append(_Piece(p.line, p.text, kind, p.block))
    return out


@dataclass
class _Line:
    line: int  # from 1
    text: str
    block: int
    indented: bool
    lines: int = 1  # how many of the file's lines it joins


def _lines(lines: list[str], titles: set[int]) -> list[_Line]:
    """The page's lines as the author meant them. Real terms pages put one paragraph, heading or clause on each
    line and leave blank lines only now and then: a line is a piece of its own. On a hard-wrapped page, and where
    a line breaks mid-sentence (it ends no sentence and the next starts in lower case), lines are joined."""
    wrapped = _hard_wrapped(lines)
    out: list[_Line] = []
    block, blank = 0, True
    for n, ln in enumerate(lines):
        if not ln.strip() or n in titles:
            blank = True
            continue
        text = ln.strip()
        block += blank
        blank = False
        last = out[-1] if out else None
        if last and last.block == block and (wrapped or (not last.text.endswith((".", "!", "?", ";", ":"))
                                                         and text[0].islower())):
            last.text += " " + text
            last.lines += 1
        else:
            out.append(_Line(n + 1, text, block, ln[:1].isspace()))
    return out


def _hard_wrapped(lines: list[str]) -> bool:
    """Whether the lines a paragraph goes on after are mostly full and mostly break mid-sentence."""
    widest = max((len(ln.rstrip()) for ln in lines), default=0)
    inner = [a.rstrip() for a, b in zip(lines, lines[1:]) if a.strip() and b.strip()]
    full = sum(len(a) >= WRAP_FILL * widest for a in inner)
    mid = sum(not a.endswith((".", "!", "?", ";", ":")) for a in inner)
    return widest <= WRAP_WIDTH and bool(inner) and min(full, mid) > len(inner) / 2


def _passages(path: Path, lines: list[str], titles: set[int], title: str) -> list[PolicyChunk]:
    """Group a plain-text page's pieces (see `_pieces`) into passages of about PASSAGE_WORDS words; ids are stable
    while the text is.

    Legal terms pages are plain text with headings ("2. RIGHT OF CANCELLATION ...", "Inactive Accounts") and
    numbered clauses ("5.1 You have a statutory right ..."): a passage never runs across a heading, carries its
    heading as its section name (so it is embedded and cited with it), keeps each clause whole unless the clause
    alone is longer than a passage, and keeps a list's clauses with their intro (written as Markdown items under
    it, so each clause is a quotable unit that brings its intro). A list is closed with its last clause, not its
    first (PayPal's "Buyer Protection may apply when ...:" lost its second case to the next passage), and a list
    longer than a passage goes on in the next one under its intro again: a clause alone does not say what it is
    an exception or a requirement to. Text is not read as Markdown: in plain text an indented line is a clause,
    not code, and "2." starts a clause, not a list."""
    chunks: list[PolicyChunk] = []
    buf: list[str] = []
    buf_line, heading, intro, joined = 1, None, None, False

    def flush() -> None:
        nonlocal buf
        if buf:
            chunks.append(_passage(path, title, len(chunks) + 1, buf, buf_line, heading))
            buf = []

    def words() -> int:
        return sum(len(p.split()) for p in buf)

    pieces = [p for p in _pieces(lines, titles) if re.search(r"[A-Za-z0-9]", p.text)]  # not a "*****" rule
    for n, piece in enumerate(pieces):
        if piece.kind == "heading":
            # right under one other heading (a run of three is a contents list or an address, not an outline)
            stacked = n > 0 and pieces[n - 1].kind == "heading" and heading and not joined
            name = f"{heading} - {piece.text}" if stacked else _under(buf, piece.text)
            flush()
            heading, intro, joined = name, None, name != piece.text
            continue
        if piece.kind == "item":
            if buf and buf[-1].startswith("- ") and words() < PASSAGE_WORDS:
                buf[-1] += "\n" + _item(piece.text)  # the same list, under the same intro
            else:
                if not buf:
                    buf, buf_line = ([intro] if intro else []), piece.line  # a list going on says what it lists
                buf.append(_item(piece.text))
            more = n + 1 < len(pieces) and pieces[n + 1].kind == "item"
            if words() >= (PASSAGE_WORDS if more else PASSAGE_WORDS * PASSAGE_FILL):
                flush()
            continue
        intro = piece.text if piece.text.endswith(":") else None
        for part in _split_long(piece.text):
            if not buf:
                buf_line = piece.line
            buf.append(part)
            if words() >= PASSAGE_WORDS * PASSAGE_FILL and not part.endswith(":"):
                flush()
    flush()
    return _outlined(chunks)


# A numbered heading ("5. Cancellation (and exceptions), Refunds and Problems", "3.2.2 Klarna Reward"): its number.
NUMBERED = re.compile(r"^(\d+)(?:\.\d+)*\.?\s")


def _outlined(chunks: list[PolicyChunk]) -> list[PolicyChunk]:
    """Section names that carry the headings far above them. A page bundling documents each numbered from 1
    (Groupon's terms of use, voucher, goods and travel terms: four "5. Cancellation ..." sections) names a numbered
    section with its document's title, the heading last seen before its "1."; an unnumbered heading between two
    numbered ones ("EFFECTS OF CANCELLATION" between "2. RIGHT OF CANCELLATION ..." and "3. PRICING ...") is named
    under the one above it. A page numbered once through, or not at all, keeps its names. 2026-12-05, real terms
    dev evidence cited 0.821 -> 0.839 (Groupon +2, Amazon -1), the fresh ts-d12 questions 0.458 -> 0.542."""
    runs = [c.section for n, c in enumerate(chunks) if n == 0 or chunks[n - 1].section != c.section]
    tops = [_top(r) for r in runs]
    names: list[str] = []  # each run's name (one heading's name may repeat: each document has its "2. Purchase")
    part = parent = title = None
    for n, run in enumerate(runs):
        if tops[n] is not None:
            if tops[n] == 1 and tops.count(1) > 1:  # a document starts: its title stacked above "1." or before it
                part = run.split(" - ")[0] if _top(run.split(" - ")[0]) is None else title
            names.append(f"{part} - {run}" if part and not run.startswith(part) else run)
            parent, title = _numbered(run), None
        elif parent and next((t for t in tops[n + 1:] if t is not None), None) == _top(parent) + 1:
            names.append(f"{parent} - {run}")
        else:
            names.append(run)
            title = run
    at = accumulate(int(i > 0 and chunks[i - 1].section != c.section) for i, c in enumerate(chunks))  # run index
    return [c if names[n] == c.section else c.model_copy(update={"section": names[n]}) for c, n in zip(chunks, at)]


def _numbered(name: str) -> str:  # "2. RIGHT OF ..." of "2. RIGHT OF ... - STATUTORY RIGHT"
    return next((seg for seg in name.split(" - ") if NUMBERED.match(seg)), "")


def _top(name: str) -> int | None:  # the top-level number of its numbered heading
    m = NUMBERED.match(_numbered(name))
    return int(m.group(1)) if m else None


def _under(buf: list[str], new: str) -> str:
    """The section name for text under the heading `new`. A heading-like line right above it ("Refunds to your
    account" over "How refunds can happen", "Our Rights" over "Security interest") heads the part of the page it
    opens: it is named with it and taken out of `buf`, not left at the end of the passage before or as a passage
    of its own (as a heading right under another one is named with it: "2. RIGHT OF CANCELLATION ... - STATUTORY
    RIGHT")."""
    if buf and _is_heading(buf[-1], 1):
        return f"{buf.pop()} - {new}"
    return new


def _item(text: str) -> str:
    """A clause as a Markdown list item; a bullet it was pasted with is left out (Markdown writes its own)."""
    return "- " + re.sub(r"^[•\-–*]\s+", "", text)


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
