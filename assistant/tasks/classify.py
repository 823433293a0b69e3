"""Supplier title classification: a raw feed title in, a taxonomy leaf (or store label) and attributes out.

The fine-tuned model reads a title two ways: its MiniLM embedding (what the product is, even when worded in a way
training never saw) and character n-gram TF-IDF of the raw title (SKUs, abbreviations, typos: "Blk", "Wmns",
"Snuscreen"). One logistic regression over both picks the category; its top probability is the confidence.
Attributes come from the ontology's synonyms plus what the training rows teach about them, per department:
abbreviations ("Blk" -> black, "SS" -> stainless steel in the kitchen but nothing on a tee) are adopted, and
ontology words that rows show are not attributes there ("cream" in a face cream) are ignored. Sizes are read by
rules that need context (a lone "M" is a size, the "L" of "1.7 L" is not) and expand ranges ("S-XL").

The baseline is zero-shot: cosine between the title's embedding and each label's name, attributes by the
ontology's synonyms alone.

`flipkart_examples` and `split_near_duplicates` build the real-data sanity check (Flipkart titles labelled with
second-level category paths); the eval harness reuses them.
"""

from __future__ import annotations

import csv
import json
import logging
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import joblib
import numpy as np
from pydantic import BaseModel, Field
from scipy import sparse
from scipy.special import softmax
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix
from tqdm import tqdm

from assistant.config import REPO_ROOT
from assistant.errors import DataError, ModelError
from assistant.knowledge import Ontology, Taxonomy
from assistant.models.registry import TaskSpec, register_task
from assistant.retrieval.embeddings import DIM as EMBED_DIM
from assistant.tasks.base import Example, TaskContext
from assistant.training.metrics import classification_metrics
from assistant.training.rows import parse_rows, require, warn_rare_labels

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


# ---------------------------------------------------------------------------------------------- schemas

class ClassifyInput(BaseModel):
    """A supplier's product title, as the feed sends it."""

    text: str = Field(min_length=1)


class ClassifyOutput(BaseModel):
    """A category label (a taxonomy leaf id, or a store's own label) and attribute values from the ontology."""

    category: str
    path: str | None = None  # the taxonomy path when the label is a taxonomy id
    attributes: dict[str, str | list[str]] = Field(default_factory=dict)
    confidence: float = 0.0


# ---------------------------------------------------------------------------------------------- attributes

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


# ---------------------------------------------------------------------------------------------- fine-tuned

def char_vectorizer() -> TfidfVectorizer:
    # char_wb 2-5: abbreviations ("wmns"), SKU fragments and typos share 2-5 letter pieces with the words they
    # stand for; sublinear tf keeps a repeated word from dominating a short title.
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True, lowercase=True,
                           dtype=np.float32)


class TitleClassifier:
    """MiniLM + character n-gram TF-IDF -> logistic regression; attributes by a tagger learned from the rows."""

    task = "classify"
    kind = "finetuned"
    name = "minilm-chartfidf-logreg"

    def __init__(self, ctx: TaskContext, vectorizer: TfidfVectorizer, head: LogisticRegression,
                 tagger: AttributeTagger):
        self.ctx, self.vectorizer, self.head, self.tagger = ctx, vectorizer, head, tagger
        self.labels = [str(c) for c in head.classes_]
        # The head's weights split into the embedding block (dense) and the TF-IDF block (sparse): scoring the
        # two blocks apart skips stacking them into one sparse matrix, the costliest step beside the encode.
        self._w_emb = np.ascontiguousarray(head.coef_[:, :EMBED_DIM].T)
        self._w_tfidf = np.ascontiguousarray(head.coef_[:, EMBED_DIM:].T)

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """The head's predict_proba, computed block by block."""
        logits = self.ctx.embedder.encode(texts) @ self._w_emb + self.vectorizer.transform(texts) @ self._w_tfidf
        logits += self.head.intercept_
        if logits.shape[1] == 1:  # two labels: the binary head scores the second against the first
            logits = np.hstack([np.zeros_like(logits), logits])
        return softmax(logits, axis=1)

    def predict(self, inputs: list[ClassifyInput]) -> list[ClassifyOutput]:
        if not inputs:
            return []
        texts = [i.text for i in inputs]
        probs = self.probabilities(texts)
        best = probs.argmax(axis=1)
        out = []
        for text, k, p in zip(texts, best, probs):
            label = self.labels[k]
            out.append(ClassifyOutput(category=label, path=taxonomy_path(label, self.ctx.taxonomy),
                                      attributes=self.tagger.tag(text, label), confidence=round(float(p[k]), 4)))
        return out

    @classmethod
    def train(cls, examples: list[Example], ctx: TaskContext, progress: bool = True) -> "TitleClassifier":
        if len({e.output.category for e in examples}) < 2:
            raise ModelError("classify needs at least two categories to learn from")
        texts = [e.input.text for e in examples]
        labels = [e.output.category for e in examples]
        with tqdm(total=3, desc="classify", disable=not progress) as bar:
            bar.set_postfix_str("embedding")
            emb = ctx.embedder.encode(texts)
            bar.update()
            bar.set_postfix_str("category head")
            vectorizer = char_vectorizer().fit(texts)
            x = sparse.hstack([sparse.csr_matrix(emb), vectorizer.transform(texts)], format="csr")
            # C=20: titles are short and the classes many; a weak penalty lets a rare abbreviation count.
            head = LogisticRegression(C=20.0, max_iter=3000)
            head.fit(x, labels)
            bar.update()
            bar.set_postfix_str("attributes")
            tagger = AttributeTagger.from_ontology(ctx.ontology, ctx.taxonomy, sorted(set(labels)))
            tagger.learn(examples)
            bar.update()
        return cls(ctx, vectorizer, head, tagger)

    def save(self, folder: Path) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        joblib.dump({"vectorizer": self.vectorizer, "head": self.head}, folder / "model.joblib")
        (folder / "tagger.json").write_text(json.dumps(self.tagger.to_json(), indent=1, sort_keys=True))
        (folder / "meta.json").write_text(json.dumps({"name": self.name, "labels": self.labels}, indent=1))

    @classmethod
    def load(cls, folder: Path, ctx: TaskContext) -> "TitleClassifier":
        folder = Path(folder)
        parts = joblib.load(folder / "model.joblib")
        tagger = AttributeTagger.from_ontology(ctx.ontology, ctx.taxonomy, [])
        tagger.load_json(json.loads((folder / "tagger.json").read_text()))
        return cls(ctx, parts["vectorizer"], parts["head"], tagger)


# ---------------------------------------------------------------------------------------------- baseline

def label_texts(label: str, taxonomy: Taxonomy) -> list[str]:
    """What a label is called: a leaf's name, alone and with its parent ("Mugs (Drinkware)"); a store label as is."""
    path = taxonomy_path(label, taxonomy)
    if not path:
        return [label.replace(">>", ">")]
    parts = path.split(" > ")
    return [parts[-1]] if len(parts) < 2 else [parts[-1], f"{parts[-1]} ({parts[-2]})"]


def label_vectors(labels: list[str], ctx: TaskContext) -> np.ndarray:
    """One unit vector per label: the mean of its names' embeddings (better zero-shot than either name alone)."""
    texts = [label_texts(lab, ctx.taxonomy) for lab in labels]
    flat = ctx.embedder.encode([t for ts in texts for t in ts])
    owner = np.repeat(np.arange(len(labels)), [len(ts) for ts in texts])
    vecs = np.zeros((len(labels), flat.shape[1]), dtype=np.float32)
    np.add.at(vecs, owner, flat)
    return vecs / np.linalg.norm(vecs, axis=1, keepdims=True)


class ZeroShotClassifier:
    """Untrained: the label whose name embeds closest to the title; attributes by ontology synonyms alone."""

    task = "classify"
    kind = "baseline"
    name = "zero-shot-label-similarity"

    def __init__(self, ctx: TaskContext, labels: list[str] | None = None):
        self.ctx = ctx
        self.labels = labels or sorted(str(c) for c in ctx.taxonomy.leaves)
        self.label_vecs = label_vectors(self.labels, ctx)
        self.tagger = AttributeTagger.from_ontology(ctx.ontology, ctx.taxonomy, self.labels)

    def predict(self, inputs: list[ClassifyInput]) -> list[ClassifyOutput]:
        if not inputs:
            return []
        texts = [i.text for i in inputs]
        sims = self.ctx.embedder.encode(texts) @ self.label_vecs.T
        # softmax at temperature 0.05: cosines sit in a narrow band, so unscaled they would all look alike
        z = np.exp((sims - sims.max(axis=1, keepdims=True)) / 0.05)
        probs = z / z.sum(axis=1, keepdims=True)
        out = []
        for text, p in zip(texts, probs):
            k = int(p.argmax())
            label = self.labels[k]
            out.append(ClassifyOutput(category=label, path=taxonomy_path(label, self.ctx.taxonomy),
                                      attributes=self.tagger.tag(text, label), confidence=round(float(p[k]), 4)))
        return out


# ---------------------------------------------------------------------------------------------- data

def load_examples(path: Path, text_field: str | None = None, label_field: str | None = None) -> list[Example]:
    """Labelled titles from JSONL or CSV; a file without an attributes column trains the category alone."""
    path = Path(path)
    text_field, label_field = text_field or "text", label_field or "category"

    def build(line: int, row: dict) -> Example:
        text = str(require(row, text_field, path, line)).strip()
        label = str(require(row, label_field, path, line)).strip()
        attrs = row.get("attributes") or {}
        if isinstance(attrs, str):  # a CSV cell holding JSON
            try:
                attrs = json.loads(attrs)
            except json.JSONDecodeError as exc:
                raise DataError(path, line, "attributes", f"not valid JSON ({exc.msg})") from exc
        if not isinstance(attrs, dict):
            raise DataError(path, line, "attributes", "must be an object of attribute -> value")
        return Example[ClassifyInput, ClassifyOutput](input=ClassifyInput(text=text),
                                                      output=ClassifyOutput(category=label, attributes=attrs))

    examples = parse_rows(path, build)
    warn_rare_labels([e.output.category for e in examples], path)
    return examples


def score(predictions: list[ClassifyOutput], golds: list[ClassifyOutput]) -> dict:
    """Category accuracy, macro-F1, per-class table and confusion matrix; exact-match share of gold attributes."""
    pred = [p.category for p in predictions]
    gold = [g.category for g in golds]
    metrics = classification_metrics(pred, gold)
    slots = hit = 0
    for p, g in zip(predictions, golds):
        for attr, value in g.attributes.items():
            slots += 1
            got = p.attributes.get(attr)
            hit += (sorted(got) == sorted(value)) if isinstance(value, list) and isinstance(got, list) else got == value
    metrics["attribute_accuracy"] = round(hit / slots, 4) if slots else 0.0
    labels = sorted(set(gold) | set(pred))
    metrics["confusion"] = {"labels": labels,
                            "matrix": confusion_matrix(gold, pred, labels=labels).tolist()}
    return metrics


def label_of(output: ClassifyOutput, field: str | None = None) -> str:
    """The scalar an evaluation scores: the category by default, or "path", or one attribute's value."""
    if field in (None, "", "category"):
        return output.category
    if field == "path":
        return output.path or ""
    value = output.attributes.get(field, "")
    return "|".join(sorted(value)) if isinstance(value, list) else str(value)


# ---------------------------------------------------------------------------------------------- real data

FLIPKART_CSV = Path("/work/shared/realdata/flipkart_sample/flipkart_titles_categories.csv")


def flipkart_examples(path: Path = FLIPKART_CSV, depth: int = 2, min_per_label: int = 20) -> list[Example]:
    """Flipkart titles labelled with their category path cut to `depth` levels ("Clothing >> Women's Clothing").

    Rows whose tree is shallower than `depth` categories are dropped (the last tree element is the product itself
    when it repeats the title), titles are deduplicated (first label wins), and labels with fewer than
    `min_per_label` titles are dropped: a sanity check, not a benchmark of rare classes.
    """
    seen: dict[str, str] = {}
    with Path(path).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            title = " ".join(row["product_name"].split())
            try:
                tree = json.loads(row["product_category_tree"])[0]
            except (json.JSONDecodeError, IndexError):
                continue
            parts = [p.strip() for p in tree.split(">>") if p.strip()]
            if parts and parts[-1].lower().startswith(title.lower()[:20]):
                parts = parts[:-1]  # the tree ends with the product's own name
            if len(parts) >= depth and title and title.lower() not in seen:
                seen[title.lower()] = " >> ".join(parts[:depth])
    counts = Counter(seen.values())
    return [Example[ClassifyInput, ClassifyOutput](input=ClassifyInput(text=t), output=ClassifyOutput(category=lab))
            for t, lab in seen.items() if counts[lab] >= min_per_label]


def near_duplicate_groups(texts: list[str], threshold: float = 90.0, chunk: int = 2000) -> list[int]:
    """A group id per text: titles within rapidfuzz ratio `threshold` of each other (case and bracketed
    variants such as "(Black)" aside) share a group, transitively."""
    from rapidfuzz import fuzz, process

    names = [" ".join(re.sub(r"\(.*?\)", " ", t.lower()).split()) for t in texts]
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for lo in range(0, len(names), chunk):  # chunks bound memory: 2,000 x n one-byte scores at a time
        scores = process.cdist(names[lo:lo + chunk], names, scorer=fuzz.ratio, score_cutoff=threshold,
                               dtype=np.uint8, workers=-1)
        for a, b in zip(*np.nonzero(scores)):
            parent[find(lo + int(a))] = find(int(b))
    return [find(i) for i in range(len(texts))]


def split_near_duplicates(examples: list[Example], test_size: float = 0.2, seed: int = 0):
    """(train, test): an 80/20 split that keeps each group of near-duplicate titles on one side."""
    from sklearn.model_selection import GroupShuffleSplit

    groups = near_duplicate_groups([e.input.text for e in examples])
    splitter = GroupShuffleSplit(n_splits=1, test_size=test_size, random_state=seed)
    train_idx, test_idx = next(splitter.split(examples, groups=groups))
    return [examples[i] for i in train_idx], [examples[i] for i in test_idx]


# ---------------------------------------------------------------------------------------------- prompt

def _leaf_lines() -> str:
    path = REPO_ROOT / "knowledge/taxonomy.txt"
    if not path.exists():
        return ""
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    paths = [ln.split(" - ", 1)[1] for ln in lines]
    return "\n".join(ln for ln, p in zip(lines, paths) if not any(q.startswith(p + " > ") for q in paths))


SYSTEM_PROMPT = f"""You classify supplier product titles for an online store's catalog.
Titles come straight from supplier feeds: brand first or last, SKUs, sizes, pack counts, abbreviations
("Blk" = black, "Wmns" = women, "SS" = stainless steel on cookware), all capitals and typos.
Answer with JSON only: {{"category": "<leaf id as a string>", "path": "<its taxonomy path>",
"attributes": {{"<attribute>": "<canonical value>", "size": ["<size>", ...]}}, "confidence": <0..1>}}.
Use only attributes the title states (color, material, pattern, gender, size, occasion, season, style,
silhouette), with the store's canonical values (navy -> "blue", Lthr -> "leather"); size is a list.
The category is one of these leaves (id - path):
{_leaf_lines()}"""


def render_input(item: ClassifyInput) -> str:
    return f"Title: {item.text}"


register_task(TaskSpec(
    name="classify",
    input_model=ClassifyInput,
    output_model=ClassifyOutput,
    local=TitleClassifier,
    baseline=ZeroShotClassifier,
    train_file="training/classify.jsonl",
    eval_file="evals/datasets/classify_heldout.jsonl",
    system_prompt=SYSTEM_PROMPT,
    render_input=render_input,
    load_examples=load_examples,
    score=score,
    headline="accuracy",
    extra={"label_of": label_of},
))
