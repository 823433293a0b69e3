"""Attributes of a title: ontology synonyms, sizes read by rule, abbreviations learned from rows."""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from assistant.knowledge import Ontology, Taxonomy
from assistant.tasks.base import Example

log = logging.getLogger(__name__)

ALPHA_SIZES = ["XXS", "XS", "S", "M", "L", "XL", "XXL"]
ALPHA_ALIASES = {"2XL": "XXL", "XXXL": "XXL", "3XL": "XXL"}
SIZE_WORDS = {"size", "sizes", "sz", "us", "uk", "eu"}
RAW_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[-/'’.][A-Za-z0-9]+)*")
WORD_TOKEN = re.compile(r"[a-z0-9]+(?:['/.][a-z0-9]+)*")
ALPHA_RANGE = re.compile(r"^(XXS|XS|S|M|L|XL|XXL|2XL|3XL|XXXL)(?:([-/])(XXS|XS|S|M|L|XL|XXL|2XL|3XL|XXXL))?$")
NUM_RANGE = re.compile(r"^(\d{1,2})(?:-(\d{1,2}))?$")
MAX_NGRAM = 4
GLOBAL = "*"  # the scope of a label outside the taxonomy (a store's own category names)
# Learning from rows: a word is adopted as an abbreviation when >= 80% of its (>= 3) rows, under >= 2 categories,
# carry one value, twice with nothing else in the title naming it; an ontology word is ignored in a department when
# < 30% of its (>= 3) rows carry its value.
MIN_ROWS, ADOPT_SHARE, SUPPRESS_SHARE = 3, 0.8, 0.3


def words(text: str) -> list[str]:
    """Lower-case word tokens; hyphens split ("off-white" -> off white), slashes are kept for now ("s/s")."""
    return WORD_TOKEN.findall(text.lower().replace("’", "'").replace("-", " "))


def size_order(value: str) -> tuple[int, str]:
    if value in ALPHA_SIZES:
        return (0, f"{ALPHA_SIZES.index(value):02d}")
    return (1, f"{int(value):03d}") if value.isdigit() else (2, value)


def read_sizes(text: str, allowed: set[str]) -> list[str]:
    """Sizes printed as codes: "Sz M", "M", "S-XL", "XS/S", "Size 9", "US 9-12"; never the L of "1.7 L"."""
    raw = RAW_TOKEN.findall(text)
    found: list[str] = []
    for i, tok in enumerate(raw):
        prev = raw[i - 1].lower() if i else ""
        after_word = prev in SIZE_WORDS
        m = ALPHA_RANGE.match(tok.upper())
        if m and (after_word or tok.isupper()) and not prev.replace(".", "").isdigit():
            a, sep, b = m.groups()
            a, b = ALPHA_ALIASES.get(a, a), ALPHA_ALIASES.get(b, b) if b else None
            if b is None:
                found.append(a)
            elif a != b and sep == "/":
                found += [a, b]
            elif a != b:
                lo, hi = sorted((ALPHA_SIZES.index(a), ALPHA_SIZES.index(b)))
                found += ALPHA_SIZES[lo:hi + 1]
            continue
        n = NUM_RANGE.match(tok)
        if n and after_word:
            lo = int(n.group(1))
            hi = int(n.group(2) or lo)
            found += [str(v) for v in range(lo, hi + 1)]
    return [s for s in found if s in allowed]


@dataclass
class AttributeTagger:
    """Ontology synonyms, plus abbreviations adopted and words ignored per department, learned from rows."""

    lexicon: dict[str, tuple[str, str]]  # normalized surface form -> (attribute, canonical value)
    applies: dict[str, list[str]]  # department -> attributes that apply there ("*": all)
    multi: list[str]  # attributes whose value is a list
    sizes: list[str]  # canonical size values
    label_scope: dict[str, str] = field(default_factory=dict)  # label -> department (else GLOBAL)
    learned: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)  # scope -> word -> value
    ignored: dict[str, list[str]] = field(default_factory=dict)  # scope -> ontology forms that are no attribute

    @classmethod
    def from_ontology(cls, ontology: Ontology, taxonomy: Taxonomy, labels: list[str] | None = None):
        lexicon: dict[str, tuple[str, str]] = {}
        for form, (attr, value) in ontology.lexicon.items():
            key = " ".join(words(form))
            # "m", "9": a lone letter or number is a size only in context, which read_sizes checks
            if key and not (attr == "size" and (len(key) <= 2 or key.isdigit())):
                lexicon.setdefault(key, (attr, value))
        depts = list(ontology.departments)
        applies = {d: [a.name for a in ontology.attributes.values() if a.applies_to is None or d in a.applies_to]
                   for d in depts}
        applies[GLOBAL] = list(ontology.attributes)
        scope = {}
        for label in labels if labels is not None else [str(c) for c in taxonomy.leaves]:
            path = taxonomy.paths.get(int(label)) if label.isdigit() else None
            scope[label] = (ontology.department_of(path) if path else None) or GLOBAL
        size_attr = ontology.attributes.get("size")
        return cls(lexicon, applies, [a.name for a in ontology.attributes.values() if a.multi],
                   list(size_attr.values) if size_attr else [], scope)

    def hits(self, text: str, scope: str) -> list[tuple[str, str, str]]:
        """(form, attribute, value) for each longest match, left to right, before department filtering."""
        learned = {**self.learned.get(GLOBAL, {}), **self.learned.get(scope, {})}
        toks: list[str] = []
        for tok in words(text):
            split = "/" in tok and tok not in self.lexicon and tok not in learned
            toks += tok.split("/") if split else [tok]
        out, i = [], 0
        while i < len(toks):
            for n in range(min(MAX_NGRAM, len(toks) - i), 0, -1):
                form = " ".join(toks[i:i + n])
                value = self.lexicon.get(form) or (learned.get(form) if n == 1 else None)
                if value:
                    out.append((form, *value))
                    i += n
                    break
            else:
                i += 1
        return out

    def tag(self, text: str, label: str) -> dict[str, str | list[str]]:
        """The attributes a title states, restricted to those that apply to the label's department."""
        scope = self.label_scope.get(label, GLOBAL)
        allowed = set(self.applies.get(scope, self.applies[GLOBAL]))
        ignored = set(self.ignored.get(scope, []))
        out: dict[str, str | list[str]] = {}
        sizes: list[str] = []
        for form, attr, value in self.hits(text, scope):
            if attr not in allowed or form in ignored:
                continue
            if attr == "size":
                sizes.append(value)
            elif attr in self.multi:
                out.setdefault(attr, [])
                if value not in out[attr]:
                    out[attr].append(value)
            else:
                out.setdefault(attr, value)
        if "size" in allowed and self.sizes:
            sizes += read_sizes(text, set(self.sizes))
            if sizes:
                out["size"] = sorted(set(sizes), key=size_order)
        return out

    def learn(self, examples: list[Example]) -> None:
        """Adopt abbreviations and ignore misleading ontology words, per department and store-wide, from rows."""
        stats = _RowStats()
        for e in examples:
            if e.output.attributes:
                scope = self.label_scope.get(e.output.category, GLOBAL)
                for s in {scope, GLOBAL}:
                    stats.add(self, s, e.input.text, e.output.category, e.output.attributes)
        self.learned, self.ignored = {}, {}
        for (scope, tok, attr, value), alone in stats.word_alone.items():
            rows = stats.word_rows[scope, tok]
            # a word seen under one category only is that product's name ("tote"), not a way to write a value;
            # alone >= 2: at least twice nothing else in the title named the value
            if attr != "size" and attr in self.applies.get(scope, self.applies[GLOBAL]) and rows >= MIN_ROWS \
                    and alone >= 2 and stats.word_values[scope, tok, attr, value] / rows >= ADOPT_SHARE \
                    and len(stats.word_labels[scope, tok]) >= 2:
                self.learned.setdefault(scope, {})[tok] = (attr, value)
        for (scope, form), n in stats.form_rows.items():
            if n >= MIN_ROWS and stats.form_gold[scope, form] / n < SUPPRESS_SHARE \
                    and self.lexicon[form][0] in stats.labelled[scope]:
                self.ignored.setdefault(scope, []).append(form)
        log.info("attributes: %d abbreviations adopted, %d ontology words ignored",
                 sum(map(len, self.learned.values())), sum(map(len, self.ignored.values())))

    def to_json(self) -> dict:
        return {"label_scope": self.label_scope, "ignored": self.ignored,
                "learned": {s: {w: list(v) for w, v in d.items()} for s, d in self.learned.items()}}

    def load_json(self, data: dict) -> None:
        self.label_scope = data["label_scope"]
        self.ignored = data["ignored"]
        self.learned = {s: {w: tuple(v) for w, v in d.items()} for s, d in data["learned"].items()}


@dataclass
class _RowStats:
    """Counts behind AttributeTagger.learn, keyed by (scope, word or form)."""

    word_rows: Counter = field(default_factory=Counter)
    word_values: Counter = field(default_factory=Counter)  # (scope, word, attr, value): rows with both
    word_alone: Counter = field(default_factory=Counter)  # ... and no ontology word in the title names the value
    word_labels: dict = field(default_factory=lambda: defaultdict(set))
    form_rows: Counter = field(default_factory=Counter)
    form_gold: Counter = field(default_factory=Counter)
    labelled: dict = field(default_factory=lambda: defaultdict(set))  # scope -> attributes its rows label

    def add(self, tagger: AttributeTagger, scope: str, text: str, label: str, gold: dict) -> None:
        pairs = {(a, v) for a, vs in gold.items() for v in (vs if isinstance(vs, list) else [vs])}
        self.labelled[scope] |= set(gold)
        found = [h for h in tagger.hits(text, scope) if h[0] in tagger.lexicon]
        for form, attr, value in found:
            self.form_rows[scope, form] += 1
            self.form_gold[scope, form] += (attr, value) in pairs
        unexplained = pairs - {(a, v) for _, a, v in found}
        for tok in set(words(text)):
            if len(tok) < 2 or tok.replace(".", "").isdigit() or tok in tagger.lexicon:
                continue
            self.word_rows[scope, tok] += 1
            self.word_labels[scope, tok].add(label)
            for attr, value in pairs:
                self.word_values[scope, tok, attr, value] += 1
                self.word_alone[scope, tok, attr, value] += (attr, value) in unexplained


def taxonomy_path(label: str, taxonomy: Taxonomy) -> str | None:
    return taxonomy.paths.get(int(label)) if label.isdigit() else None
