"""Load and validate the store's knowledge folder: every problem reported as `file:line: field: problem`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant import files
from assistant.errors import DataError, DataErrors
# Policy pages are parsed in their own module; these names stay importable from here.
from assistant.policy_pages import PASSAGE_WORDS, Unit, chunk_policy, sentences, slugify, units  # noqa: F401
from assistant.schemas import PolicyChunk, Product, Review, Utterance

M = TypeVar("M", bound=BaseModel)
TAXONOMY_LINE = re.compile(r"^(\d+) - (.+)$")
CATEGORY_JOINS = re.compile(r"\s*(?:&|,| and )\s*")


def category_forms(name: str) -> list[str]:
    """The product types one category name joins, lower-cased ("Wallets & Money Clips" -> ["wallets",
    "money clips"]): the catalog's, the rewriter's and the policy departments' one reading of a name."""
    return [f for f in CATEGORY_JOINS.split(name.lower()) if f.strip()]


def singular(word: str) -> str:
    """A plural noun's likely singular ("dresses" -> "dress", "accessories" -> "accessory"); other words as they are."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


# ---------------------------------------------------------------------------------------------- JSONL rows

def read_jsonl(path: Path, model: type[M], errors: list[DataError]) -> list[tuple[int, M]]:
    """Parse and validate every line, collecting all errors rather than stopping at the first."""
    rows: list[tuple[int, M]] = []
    for line_no, data in files.read_jsonl(path, errors):
        try:
            rows.append((line_no, model.model_validate(data)))
        except ValidationError as exc:
            errors += DataError.each(path, line_no, exc)
    return rows


# ---------------------------------------------------------------------------------------------- store

VOICE_FILE = "brand_voice.md"
GENERIC_STORE = "the store"  # a knowledge folder without a brand-voice heading still gets a readable prompt


def store_name(knowledge_dir: Path) -> str:
    """The store's name: the brand-voice file's title up to its colon ("# Harbor & Pine: how ..." -> Harbor & Pine)."""
    path = Path(knowledge_dir) / VOICE_FILE
    if not path.exists():
        return GENERIC_STORE
    for _, raw in files.read_lines(path, []):  # an undecodable line is skipped here; the name is in the title
        if raw.startswith("# "):
            return raw[2:].split(":", 1)[0].strip() or GENERIC_STORE
    return GENERIC_STORE


STORE_FILE = Path("store") / "store.yaml"
NO_CONTACT = "through the contact options on our help center"


def store_meta(knowledge_dir: Path) -> dict:
    """store/store.yaml as a mapping ({} when there is none): the chat's brand and the store's contact read it."""
    path = Path(knowledge_dir) / STORE_FILE
    meta = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    return meta if isinstance(meta, dict) else {}


class Contact(BaseModel):
    model_config = ConfigDict(extra="forbid")
    phone: str = Field("", pattern=r"^(?:[+\d][\d ()./-]{5,})?$")  # empty: not given
    email: str = Field("", pattern=r"^(?:[^@\s]+@[^@\s]+\.[a-z]{2,})?$")


def store_contact(knowledge_dir: Path) -> str:
    """How shoppers reach the store's people, in words ("by phone at 1-800-555-0142 or by email at ..."): the
    `contact` of store/store.yaml, or the help center when it has none. A bad value is named by file and field."""
    raw = store_meta(knowledge_dir).get("contact")
    if raw is None:
        return NO_CONTACT
    path = Path(knowledge_dir) / STORE_FILE
    if not isinstance(raw, dict):
        raise DataError(path, None, "contact", "expected phone and email under it")
    try:
        c = Contact.model_validate({k: str(v) for k, v in raw.items()})
    except ValidationError as exc:
        raise DataErrors([DataError(path, None, f"contact.{e['loc'][0]}", e["msg"]) for e in exc.errors()]) from None
    ways = [f"by phone at {c.phone}" if c.phone else "", f"by email at {c.email}" if c.email else ""]
    return " or ".join(w for w in ways if w) or NO_CONTACT


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
    for line_no, raw in files.read_lines(path, errors):
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

    def unknown(self, attributes: dict[str, str | list[str]], what: str = "") -> list[str]:
        """The attribute names and values here that the ontology does not know, each said in one phrase."""
        problems = []
        for name, value in attributes.items():
            if name not in self.attributes:
                problems.append(f"{what}attribute {name!r} is not in the ontology")
                continue
            for v in [value] if isinstance(value, str) else value:
                if v not in self.attributes[name].values:
                    problems.append(f"{what}{name} value {v!r} is not in the ontology")
        return problems

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


class _UniqueKeys(yaml.SafeLoader):
    """PyYAML keeps the last of two equal keys without a word (a second `blue:` silently replaced the first's
    synonyms); this loader notes every repeat with its line."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self.repeats: list[tuple[int, str, int]] = []  # (line, key, line of the first)

    def construct_mapping(self, node, deep=False):
        first: dict = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)):
                continue  # an unhashable key: the base class reports it
            line = key_node.start_mark.line + 1
            if key in first:
                self.repeats.append((line, str(key), first[key]))
            else:
                first[key] = line
        return super().construct_mapping(node, deep)


def _line_of(node: yaml.Node | None, loc: tuple) -> int | None:
    """The line of the YAML entry at `loc` (mapping keys and list indices), or of its nearest parent found."""
    line = None if node is None else node.start_mark.line + 1
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if k.value == str(part)), None)
            if match is None:
                return line
            line, node = match[0].start_mark.line + 1, match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def _parse_yaml(path: Path, errors: list[DataError]) -> tuple[object, yaml.Node | None] | None:
    """(data, node tree) of a YAML file, or None with every problem (syntax, repeated keys) in `errors`."""
    text = files.read_text(path, errors)
    if text is None:
        return None
    loader = _UniqueKeys(text)
    try:
        node = loader.get_single_node()
        raw = loader.construct_document(node) if node is not None else {}
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        errors.append(DataError(path, None if line is None else line + 1, "yaml", str(exc).splitlines()[0]))
        return None
    finally:
        loader.dispose()
    for line, key, first in loader.repeats:
        errors.append(DataError(path, line, key, f"duplicate key (first on line {first}): YAML would keep only "
                                                 "the last"))
    return None if loader.repeats else (raw or {}, node)


def load_ontology(path: Path, errors: list[DataError]) -> Ontology:
    parsed_yaml = _parse_yaml(path, errors)
    if parsed_yaml is None:
        return Ontology({}, {})
    raw, node = parsed_yaml
    try:
        parsed = OntologyFile.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            errors.append(DataError(path, _line_of(node, err["loc"]), ".".join(str(p) for p in err["loc"]),
                                    err["msg"]))
        return Ontology({}, {})
    attributes = {
        name: Attribute(name=name, label=spec.label or name.title(), multi=spec.multi, applies_to=spec.applies_to,
                        values={str(v): [str(s).lower() for s in (syns or [])] for v, syns in spec.values.items()})
        for name, spec in parsed.attributes.items()
    }
    before = len(errors)
    _check_one_meaning(path, node, attributes, errors)
    if len(errors) > before:
        return Ontology({}, {})
    return Ontology(departments=parsed.departments, attributes=attributes)


def _check_one_meaning(path: Path, node: yaml.Node, attributes: dict[str, Attribute],
                       errors: list[DataError]) -> None:
    """Every word (a canonical value or a synonym) names one value of one attribute across the file, as
    ontology.yaml says: with "navy" under both blue and black, "navy dress" searched for black."""
    owner: dict[str, tuple[str, str, int | None]] = {}  # form -> (attribute, value, line)
    for attr in attributes.values():
        for value, synonyms in attr.values.items():
            forms = [(value, ("attributes", attr.name, "values", value))]
            forms += [(syn, ("attributes", attr.name, "values", value, i)) for i, syn in enumerate(synonyms)]
            for form, loc in forms:
                key, line = form.lower(), _line_of(node, loc)
                first = owner.get(key)
                if first is None:
                    owner[key] = (attr.name, value, line)
                elif first[:2] != (attr.name, value):
                    kind = "value" if form == value else "synonym"
                    errors.append(DataError(path, line, ".".join(map(str, loc[:4])),
                                            f"{kind} '{form}' already names {first[0]} '{first[1]}' (line {first[2]}):"
                                            " a word must name one value of one attribute"))


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


def load_knowledge(root: Path, with_reviews: bool = True, limits: files.Limits = files.Limits()) -> Knowledge:
    """Load the whole folder, or raise DataErrors listing every problem found."""
    root = Path(root)
    errors: list[DataError] = []
    for required in ("policies", "taxonomy.txt", "ontology.yaml", "catalog/products.jsonl"):
        if not (root / required).exists():
            errors.append(DataError(root / required, None, None, "missing"))
    for name in ("taxonomy.txt", "ontology.yaml", "catalog/products.jsonl", "catalog/reviews.jsonl"):
        if (root / name).exists():
            try:
                files.check_file(root / name, limits.max_file_bytes)
            except DataError as exc:
                errors.append(exc)
    if errors:
        raise DataErrors(errors)
    taxonomy = load_taxonomy(root / "taxonomy.txt", errors)
    taxonomy_ok = not errors
    ontology = load_ontology(root / "ontology.yaml", errors)
    ontology_ok = len(errors) == 0
    chunks = _load_policies(root / "policies", limits, errors)
    # Rows are checked against a taxonomy or ontology that loaded: against a broken one every row is "wrong",
    # and the one real problem drowns in thousands.
    products = _check_products(root / "catalog/products.jsonl", taxonomy if taxonomy_ok else None,
                               ontology if ontology_ok else None, errors)
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


def policy_pages(folder: Path) -> list[Path]:
    """A policies folder's pages, in name order: its .md and .txt files (nothing when there is no folder)."""
    return sorted(p for p in folder.iterdir() if p.suffix in (".md", ".txt")) if folder.is_dir() else []


def _load_policies(folder: Path, limits: files.Limits, errors: list[DataError]) -> list[PolicyChunk]:
    """Every page's sections or passages, within the page-size and passage-count limits."""
    if not folder.is_dir():
        errors.append(DataError(folder, None, None, "not a folder"))
        return []
    pages = policy_pages(folder)
    if not pages:
        errors.append(DataError(folder, None, None, "no .md or .txt pages"))
    per_page = {page: chunk_policy(page, errors, limits.max_page_bytes) for page in pages}
    chunks = [c for page_chunks in per_page.values() for c in page_chunks]
    if len(chunks) > limits.max_passages:
        largest = sorted(per_page.items(), key=lambda kv: -len(kv[1]))[:3]
        errors.append(DataError(folder, None, "passages", f"{len(chunks):,} passages, over the limit of "
                                f"{limits.max_passages:,} (set ASSISTANT_MAX_PASSAGES to raise it); the largest "
                                "pages: " + ", ".join(f"{p.name} ({len(c):,})" for p, c in largest)))
    return chunks


def _check_products(path: Path, taxonomy: Taxonomy | None, ontology: Ontology | None,
                    errors: list[DataError]) -> list[Product]:
    """Parse the catalog; each row's category and attributes checked against the taxonomy and ontology given."""
    products: list[Product] = []
    seen: dict[str, int] = {}
    for line_no, product in read_jsonl(path, Product, errors):
        if product.id in seen:
            errors.append(DataError(path, line_no, "id", f"duplicate id '{product.id}' (first on line {seen[product.id]})"))
            continue
        seen[product.id] = line_no
        if taxonomy is not None and product.category_id not in taxonomy.leaves:
            errors.append(DataError(path, line_no, "category_id", f"{product.category_id} is not a leaf of taxonomy.txt"))
        for name, value in product.attributes.items() if ontology is not None else ():
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
