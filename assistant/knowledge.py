"""Load and validate the store's knowledge folder: every problem reported as `file:line: field: problem`."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterator, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.errors import DataError, DataErrors
from assistant.schemas import PolicyChunk, Product, Review, Utterance

M = TypeVar("M", bound=BaseModel)
TAXONOMY_LINE = re.compile(r"^(\d+) - (.+)$")
# ~180 words: MiniLM reads 256 word pieces, so a longer passage would be embedded only in part.
PASSAGE_WORDS = 180


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
            parts = [s.strip() for s in SENTENCE_END.split(block) if s.strip()]
            for part in parts:
                out.append(Unit(part, "item" if kind == "bullet" else "sentence", group))
            if kind == "para" and parts and parts[-1].endswith(":"):
                out[-1].kind = "intro"
        prev = kind
    return out


def sentences(text: str) -> list[str]:
    """The section's units as text: sentences, list items and table rows (see `units`)."""
    return [u.text for u in units(text)]


def singular(word: str) -> str:
    """A plural noun's likely singular ("dresses" -> "dress", "accessories" -> "accessory"); other words as they are."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# ---------------------------------------------------------------------------------------------- JSONL rows

def read_jsonl(path: Path, model: type[M], errors: list[DataError]) -> list[tuple[int, M]]:
    """Parse and validate every line, collecting all errors rather than stopping at the first."""
    rows: list[tuple[int, M]] = []
    with path.open(encoding="utf-8") as fh:
        for line_no, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                data = json.loads(raw)
            except json.JSONDecodeError as exc:
                errors.append(DataError(path, line_no, "json", f"not valid JSON ({exc.msg})"))
                continue
            try:
                rows.append((line_no, model.model_validate(data)))
            except ValidationError as exc:
                for err in exc.errors():
                    loc = ".".join(str(p) for p in err["loc"]) or "row"
                    errors.append(DataError(path, line_no, loc, err["msg"]))
    return rows


# ---------------------------------------------------------------------------------------------- store

VOICE_FILE = "brand_voice.md"
GENERIC_STORE = "the store"  # a knowledge folder without a brand-voice heading still gets a readable prompt


def store_name(knowledge_dir: Path) -> str:
    """The store's name: the brand-voice file's title up to its colon ("# Harbor & Pine: how ..." -> Harbor & Pine)."""
    path = Path(knowledge_dir) / VOICE_FILE
    if not path.exists():
        return GENERIC_STORE
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("# "):
            return raw[2:].split(":", 1)[0].strip() or GENERIC_STORE
    return GENERIC_STORE


# ---------------------------------------------------------------------------------------------- taxonomy

@dataclass
class Taxonomy:
    paths: dict[int, str]  # id -> "A > B > C"

    @cached_property
    def leaves(self) -> set[int]:
        parents = {p.rsplit(" > ", 1)[0] for p in self.paths.values() if " > " in p}
        return {cid for cid, p in self.paths.items() if p not in parents}

    def name(self, cid: int) -> str:
        return self.paths.get(cid, str(cid)).rsplit(" > ", 1)[-1]

    def descendants(self, cid: int) -> list[int]:
        """The leaves under a category (itself if it is a leaf)."""
        prefix = self.paths[cid]
        return [c for c in self.leaves if self.paths[c] == prefix or self.paths[c].startswith(prefix + " > ")]


def load_taxonomy(path: Path, errors: list[DataError]) -> Taxonomy:
    paths: dict[int, str] = {}
    for line_no, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        m = TAXONOMY_LINE.match(raw.strip())
        if not m:
            errors.append(DataError(path, line_no, "line", "expected `id - A > B > C`"))
        elif int(m.group(1)) in paths:
            errors.append(DataError(path, line_no, "id", f"duplicate category id {m.group(1)}"))
        else:
            paths[int(m.group(1))] = m.group(2).strip()
    return Taxonomy(paths)


# ---------------------------------------------------------------------------------------------- ontology

@dataclass
class Attribute:
    name: str
    label: str
    multi: bool
    applies_to: list[str] | None
    values: dict[str, list[str]]  # canonical -> synonyms


@dataclass
class Ontology:
    departments: dict[str, list[str]]
    attributes: dict[str, Attribute]

    @cached_property
    def lexicon(self) -> dict[str, tuple[str, str]]:
        """Every surface form (canonical value or synonym) -> (attribute, canonical value)."""
        out: dict[str, tuple[str, str]] = {}
        for attr in self.attributes.values():
            for value, synonyms in attr.values.items():
                for form in [value, *synonyms]:
                    out.setdefault(str(form).lower(), (attr.name, value))
        return out

    def department_of(self, path: str) -> str | None:
        best = None
        for dept, prefixes in self.departments.items():
            for prefix in prefixes:
                if (path == prefix or path.startswith(prefix + " > ")) and (best is None or len(prefix) > best[1]):
                    best = (dept, len(prefix))
        return best[0] if best else None


class AttributeFile(BaseModel):
    """One attribute as ontology.yaml writes it."""

    model_config = ConfigDict(extra="forbid")

    label: str | None = None
    multi: bool = False
    applies_to: list[str] | None = None
    values: dict[str, list[str] | None] = Field(min_length=1)  # canonical value -> synonyms


class OntologyFile(BaseModel):
    """ontology.yaml: departments (taxonomy path prefixes) and the attributes shoppers filter on."""

    departments: dict[str, list[str]] = Field(default_factory=dict)
    attributes: dict[str, AttributeFile] = Field(default_factory=dict)


def load_ontology(path: Path, errors: list[DataError]) -> Ontology:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        errors.append(DataError(path, None if line is None else line + 1, "yaml", str(exc).splitlines()[0]))
        return Ontology({}, {})
    try:
        parsed = OntologyFile.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            errors.append(DataError(path, None, ".".join(str(p) for p in err["loc"]), err["msg"]))
        return Ontology({}, {})
    attributes = {
        name: Attribute(name=name, label=spec.label or name.title(), multi=spec.multi, applies_to=spec.applies_to,
                        values={str(v): [str(s).lower() for s in (syns or [])] for v, syns in spec.values.items()})
        for name, spec in parsed.attributes.items()
    }
    return Ontology(departments=parsed.departments, attributes=attributes)


# ---------------------------------------------------------------------------------------------- policies

def chunk_policy(path: Path, errors: list[DataError]) -> list[PolicyChunk]:
    """Cut one page into sections (by `##`) or, for a page without headings, into passages."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        errors.append(DataError(path, None, "encoding", f"not UTF-8 ({exc.reason})"))
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
    sentences = re.split(r"(?<=[.!?])\s+", paragraph)
    buf: list[str] = []
    for s in sentences:
        buf.append(s)
        if sum(len(x.split()) for x in buf) >= PASSAGE_WORDS:
            yield " ".join(buf)
            buf = []
    if buf:
        yield " ".join(buf)


def _passage(path: Path, title: str, n: int, paras: list[str], line: int, heading: str | None = None) -> PolicyChunk:
    return PolicyChunk(id=f"{path.name}#p{n}", source=path.name, page_title=title, section=heading or f"Passage {n}",
                       text="\n\n".join(paras), line=line)


# ---------------------------------------------------------------------------------------------- everything

@dataclass
class Knowledge:
    root: Path
    taxonomy: Taxonomy
    ontology: Ontology
    chunks: list[PolicyChunk]
    products: list[Product]
    reviews: list[Review] = field(default_factory=list)

    def department(self, category_id: int) -> str | None:
        return self.ontology.department_of(self.taxonomy.paths.get(category_id, ""))


def load_knowledge(root: Path, with_reviews: bool = True) -> Knowledge:
    """Load the whole folder, or raise DataErrors listing every problem found."""
    root = Path(root)
    errors: list[DataError] = []
    for required in ("policies", "taxonomy.txt", "ontology.yaml", "catalog/products.jsonl"):
        if not (root / required).exists():
            errors.append(DataError(root / required, None, None, "missing"))
    if errors:
        raise DataErrors(errors)
    taxonomy = load_taxonomy(root / "taxonomy.txt", errors)
    ontology = load_ontology(root / "ontology.yaml", errors)
    pages = sorted(p for p in (root / "policies").iterdir() if p.suffix in (".md", ".txt"))
    if not pages:
        errors.append(DataError(root / "policies", None, None, "no .md or .txt pages"))
    chunks = [c for page in pages for c in chunk_policy(page, errors)]
    products = _check_products(root / "catalog/products.jsonl", taxonomy, ontology, errors)
    reviews: list[Review] = []
    if with_reviews and (root / "catalog/reviews.jsonl").exists():
        known = {p.id for p in products}
        path = root / "catalog/reviews.jsonl"
        for line_no, review in read_jsonl(path, Review, errors):
            if review.product_id not in known:
                errors.append(DataError(path, line_no, "product_id", f"unknown product '{review.product_id}'"))
            reviews.append(review)
    if errors:
        raise DataErrors(errors)
    return Knowledge(root, taxonomy, ontology, chunks, products, reviews)


def _check_products(path: Path, taxonomy: Taxonomy, ontology: Ontology, errors: list[DataError]) -> list[Product]:
    products: list[Product] = []
    seen: dict[str, int] = {}
    for line_no, product in read_jsonl(path, Product, errors):
        if product.id in seen:
            errors.append(DataError(path, line_no, "id", f"duplicate id '{product.id}' (first on line {seen[product.id]})"))
            continue
        seen[product.id] = line_no
        if product.category_id not in taxonomy.leaves:
            errors.append(DataError(path, line_no, "category_id", f"{product.category_id} is not a leaf of taxonomy.txt"))
        for name, value in product.attributes.items():
            attr = ontology.attributes.get(name)
            if attr is None:
                errors.append(DataError(path, line_no, f"attributes.{name}", "not an attribute of ontology.yaml"))
                continue
            for v in value if isinstance(value, list) else [value]:
                if v not in attr.values:
                    errors.append(DataError(path, line_no, f"attributes.{name}", f"'{v}' is not an allowed value"))
        products.append(product)
    return products


def load_utterances(path: Path) -> list[Utterance]:
    errors: list[DataError] = []
    rows = [u for _, u in read_jsonl(path, Utterance, errors)]
    if errors:
        raise DataErrors(errors)
    return rows
