"""Product descriptions: attributes in, a description in Harbor & Pine's brand voice out.

The local model is a data-to-text generator learned from examples. Training delexicalizes every example
description: the title, brand, features, size list, head noun and every ontology surface form of an input value
become typed slots (`{title}`, `{color}`, `{sizes}`, ...). Each sentence becomes a template with its role (hook,
body, closing), its signature (which attributes it mentions) and its typicality (mean edit distance to the other
sentences the store wrote with that signature). To describe a product the model
  1. finds the nearest training products (MiniLM embedding of category, title and attribute values, with a bonus
     for the same category and the same set of attributes to mention);
  2. takes their sentence plans (role:signature sequences) and keeps the one closest to the others (MBR);
  3. realizes each step with the template the neighbors used most for it, else the department's most usual one,
     that the input can fill, adapting a step to the attributes the input has;
  4. adds the usual one-attribute sentence for anything still unmentioned, and trims to the neighbors' length.
Every filled sentence is checked against the ontology first: one that names a value the input lacks is never used,
so the generator does not state an attribute it was not given.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml
from pydantic import BaseModel, Field
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from tqdm import tqdm

from assistant.errors import DataError, ModelError
from assistant.knowledge import Ontology, Taxonomy
from assistant.models.registry import TaskSpec, register_task
from assistant.tasks.base import Example, TaskContext
from assistant.training.rows import parse_rows, require, warn_rare_labels

log = logging.getLogger(__name__)

VOICE_FILE = "brand_voice.md"
# Every attribute a description should mention when the input has it (the coverage metric counts these).
KEY_ATTRIBUTES = ("color", "material", "pattern", "silhouette", "occasion", "season", "style", "gender", "size")
# Names that read well in running text where the canonical value does not (US spelling; adjectives).
DISPLAY = {("material", "aluminium"): "aluminum", ("season", "all season"): "year-round",
           ("silhouette", "a-line"): "A-line", ("gender", "women"): "women's", ("gender", "men"): "men's",
           ("gender", "kids"): "kids'"}
SIZE_CODE = re.compile(r"^(?:XXS|XS|S|M|L|XL|XXL|\d+)$")
SLOT = re.compile(r"\{([a-z0-9_]+)\}")
SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z0-9\"'])")
WORD = re.compile(r"[\w'’-]+")
K_NEIGHBORS = 20  # 20: enough votes per sentence kind; further away the products stop being alike


# ---------------------------------------------------------------------------------------------- schemas

class DescribeInput(BaseModel):
    """What a merchant knows about a product."""

    title: str = Field(min_length=1)
    category: str = ""  # a taxonomy leaf name or id
    brand: str = ""
    attributes: dict[str, str | list[str]] = Field(default_factory=dict)
    features: list[str] = Field(default_factory=list)


class DescribeOutput(BaseModel):
    description: str


SYSTEM_PROMPT = """You write product descriptions for Harbor & Pine, a US online store.
Voice: warm, plain-spoken, specific, lightly witty. Structure: one hook sentence naming the product, two or three
sentences of concrete benefits tied to the given attributes, one closing line about care, fit or use. 45-90 words,
US spelling, no exclamation marks, never "elevate", "must-have", "game-changer", "luxurious", "unleash" or
"perfect for any occasion". Mention every given attribute (color, material and the others present) and state
nothing that is not in the attributes or features.
Answer with JSON: {"description": "<the description>"}"""


def render_input(item: DescribeInput) -> str:
    """The user message: the product as labelled lines."""
    attrs = "; ".join(f"{k}: {', '.join(v) if isinstance(v, list) else v}" for k, v in item.attributes.items())
    lines = [f"Title: {item.title}", f"Category: {item.category}"]
    if item.brand:
        lines.append(f"Brand: {item.brand}")
    lines.append(f"Attributes: {attrs or '(none)'}")
    if item.features:
        lines.append(f"Features: {'; '.join(item.features)}")
    return "\n".join(lines)


def label_of(output: DescribeOutput, field: str | None = None) -> str:
    return output.description


# ---------------------------------------------------------------------------------------------- brand voice

@dataclass
class Voice:
    min_words: int = 45
    max_words: int = 90
    avoid: list[str] = field(default_factory=list)
    us_spelling: dict[str, str] = field(default_factory=dict)


def load_voice(path: Path) -> Voice:
    """The machine-checkable rules: the first fenced yaml block of brand_voice.md."""
    text = Path(path).read_text(encoding="utf-8")
    m = re.search(r"```yaml\n(.*?)```", text, re.S)
    if not m:
        raise DataError(path, None, "yaml", "no ```yaml block with min_words/max_words/avoid")
    raw = yaml.safe_load(m.group(1)) or {}
    return Voice(int(raw.get("min_words", 45)), int(raw.get("max_words", 90)),
                 [str(a).lower() for a in raw.get("avoid") or []],
                 {str(k).lower(): str(v) for k, v in (raw.get("us_spelling") or {}).items()})


def _contains(text: str, phrase: str) -> bool:
    if not re.search(r"\w", phrase):
        return phrase in text
    return re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text, re.I) is not None


def voice_problems(text: str, voice: Voice) -> list[str]:
    """What breaks the brand voice's checkable rules: length, avoided words, UK spelling."""
    problems = []
    n = len(text.split())
    if n < voice.min_words:
        problems.append(f"too short: {n} words (at least {voice.min_words})")
    if n > voice.max_words:
        problems.append(f"too long: {n} words (at most {voice.max_words})")
    problems += [f"avoided word: '{a}'" for a in voice.avoid if _contains(text, a)]
    problems += [f"UK spelling: '{uk}' (write '{us}')" for uk, us in voice.us_spelling.items() if _contains(text, uk)]
    return problems


# ---------------------------------------------------------------------------------------------- ontology mentions

@dataclass
class Mention:
    start: int
    end: int
    form: str
    attribute: str
    value: str


TOKEN = re.compile(r"[A-Za-z0-9%/]+(?:['’-][A-Za-z0-9%/]*)*")


@dataclass
class _Lexicon:
    forms: dict[str, tuple[str, str]]  # lower-case form, tokens joined by one space -> (attribute, value)
    codes: dict[str, tuple[str, str]]  # size codes as printed: "XS", "M", "9"
    longest: int


def _lexicon(ontology: Ontology) -> _Lexicon:
    """Surface forms keyed by their tokens; built once per ontology and kept on it."""
    cached = ontology.__dict__.get("_describe_lexicon")
    if cached:
        return cached
    forms, codes = {}, {}
    for form, av in ontology.lexicon.items():
        if av[0] == "size" and SIZE_CODE.match(form.upper()):
            codes[form.upper()] = av
        else:
            forms[" ".join(TOKEN.findall(form.lower().replace("’", "'")))] = av
    lex = _Lexicon(forms, codes, max(len(f.split()) for f in forms) if forms else 1)
    ontology.__dict__["_describe_lexicon"] = lex
    return lex


def find_mentions(text: str, ontology: Ontology) -> list[Mention]:
    """Every ontology surface form in `text`, longest first, with the value it names.

    Words are whole tokens: "multi-purpose" is not "multi", "it's" holds no size S. Size codes count only as
    printed on labels (upper case: "M", not "m"), and numeric sizes only in a sentence that says "size":
    "12 cups" is not a shoe size.
    """
    lex = _lexicon(ontology)
    out: list[Mention] = []
    for sent_start, sentence in _sentences_with_offsets(text):
        tokens = [(m.start() + sent_start, m.end() + sent_start, m.group(0)) for m in TOKEN.finditer(sentence)]
        low = [t[2].lower().replace("’", "'") for t in tokens]
        has_size_word = any(w in ("size", "sizes") for w in low)
        k = 0
        while k < len(tokens):
            for n in range(min(lex.longest, len(tokens) - k), 0, -1):
                hit = lex.forms.get(" ".join(low[k:k + n]))
                if hit:
                    start, end = tokens[k][0], tokens[k + n - 1][1]
                    out.append(Mention(start, end, text[start:end], *hit))
                    k += n
                    break
            else:
                word = tokens[k][2]
                if word in lex.codes and (not word.isdigit() or has_size_word):
                    out.append(Mention(tokens[k][0], tokens[k][1], word, *lex.codes[word]))
                k += 1
    return out


def _sentences_with_offsets(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for part in SENTENCE_END.split(text):
        start = text.index(part, pos)
        out.append((start, part))
        pos = start + len(part)
    return out


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text.strip()) if s.strip()]


def input_values(item: DescribeInput, ontology: Ontology) -> dict[str, list[str]]:
    """The input's attributes as canonical values (a synonym given as a value is mapped to its canonical form)."""
    out: dict[str, list[str]] = {}
    for attr, raw in item.attributes.items():
        values = raw if isinstance(raw, list) else [raw]
        canon = []
        for v in values:
            v = str(v).strip()
            hit = ontology.lexicon.get(v.lower())
            canon.append(hit[1] if hit and hit[0] == attr else v)
        if canon:
            out[attr] = canon
    return out


def _allowed(item: DescribeInput, ontology: Ontology) -> set[tuple[str, str]]:
    """(attribute, value) pairs the input states: its attributes, and any value its own words name."""
    pairs = {(a, v) for a, vs in input_values(item, ontology).items() for v in vs}
    own_text = " . ".join([item.title, item.brand, *item.features])
    return pairs | {(m.attribute, m.value) for m in find_mentions(own_text, ontology)}


def hallucinated_values(text: str, item: DescribeInput, ontology: Ontology,
                        allowed: set[tuple[str, str]] | None = None) -> list[str]:
    """Surface forms in `text` that name an attribute value the input does not have, as 'form (attr: value)'."""
    allowed = _allowed(item, ontology) if allowed is None else allowed
    return [f"{m.form} ({m.attribute}: {m.value})" for m in find_mentions(text, ontology)
            if (m.attribute, m.value) not in allowed]


def key_values(item: DescribeInput, ontology: Ontology) -> list[tuple[str, str]]:
    """The (attribute, value) pairs a description must mention."""
    values = input_values(item, ontology)
    return [(a, v) for a in KEY_ATTRIBUTES for v in values.get(a, [])]


def coverage_of(text: str, item: DescribeInput, ontology: Ontology) -> float:
    keys = key_values(item, ontology)
    if not keys:
        return 1.0
    said = {(m.attribute, m.value) for m in find_mentions(text, ontology)}
    return sum(k in said for k in keys) / len(keys)


# ---------------------------------------------------------------------------------------------- slot values

def join_and(items: list[str]) -> str:
    """US list style with the serial comma: 'a', 'a and b', 'a, b, and c'."""
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]


def display(attr: str, value: str) -> str:
    return DISPLAY.get((attr, value), value)


def render_sizes(sizes: list[str], ontology: Ontology) -> str:
    order = list(ontology.attributes["size"].values) if "size" in ontology.attributes else []
    ranked = sorted(sizes, key=lambda s: order.index(s) if s in order else len(order))
    if ranked == ["one size"]:
        return "one size"
    return "sizes " + join_and(ranked)


def head_noun(title: str, category_name: str) -> str:
    """What the product is called in running text: the title's last word, else the category's."""
    last = title.strip().split()[-1].lower() if title.strip() else ""
    if re.fullmatch(r"[a-z][a-z-]{2,}", last):
        return last
    word = re.split(r"\s*(?:&|,| and )\s*", category_name.lower())[0].split()[-1:] or ["piece"]
    return word[0][:-1] if word[0].endswith("s") and not word[0].endswith("ss") else word[0]


def is_plural(noun: str) -> bool:
    return noun.endswith("s") and not noun.endswith(("ss", "us", "is"))


@dataclass
class Product:
    """An input resolved against the taxonomy and ontology: what slots it can fill."""

    item: DescribeInput
    category_id: int | None
    department: str | None
    noun: str
    plural: bool
    slots: dict[str, str]  # slot name -> text
    keys: list[tuple[str, str]]
    allowed: set[tuple[str, str]]  # values a sentence may name


def resolve_category(category: str, taxonomy: Taxonomy) -> int | None:
    """A leaf id from an id, a leaf name or a full path (case-insensitive); None when unknown."""
    text = str(category).strip()
    if text.isdigit():
        return int(text) if int(text) in taxonomy.paths else None
    low = text.lower()
    for cid, path in taxonomy.paths.items():
        if path.lower() == low or taxonomy.name(cid).lower() == low:
            return cid
    return None


def resolve(item: DescribeInput, ctx: TaskContext) -> Product:
    cid = resolve_category(item.category, ctx.taxonomy)
    cat_name = ctx.taxonomy.name(cid) if cid is not None else item.category
    dept = ctx.ontology.department_of(ctx.taxonomy.paths[cid]) if cid is not None else None
    noun = head_noun(item.title, cat_name or "piece")
    values = input_values(item, ctx.ontology)
    slots = {"title": item.title.strip(), "noun": noun}
    if item.brand.strip():
        slots["brand"] = item.brand.strip()
    feats = [f.strip().rstrip(".") for f in item.features if f.strip()]
    if feats:
        slots["features"] = join_and(feats)
        slots.update({f"feature{i + 1}": f for i, f in enumerate(feats)})
    for attr, vs in values.items():
        if attr == "size":
            slots["sizes"] = render_sizes(vs, ctx.ontology)
        elif attr in ctx.ontology.attributes:
            slots[attr] = join_and([display(attr, v) for v in vs])
    return Product(item, cid, dept, noun, is_plural(noun), slots, key_values(item, ctx.ontology),
                   _allowed(item, ctx.ontology))


def slot_attributes(slots: frozenset[str] | set[str]) -> set[str]:
    """The key attributes a template's slots mention."""
    return {"size" if s == "sizes" else s for s in slots} & set(KEY_ATTRIBUTES)


# ---------------------------------------------------------------------------------------------- templates

@dataclass
class Template:
    text: str  # with {slot} placeholders
    role: str  # hook | body | close
    slots: list[str]
    example: int  # the training example it came from
    position: float  # 0 = first sentence, 1 = last
    typicality: float = 0.0  # mean edit distance to the other ways the store says the same thing; lower = more usual

    @property
    def signature(self) -> str:
        """What the sentence says: the attributes (and features) it mentions."""
        return signature(self.slots)


def signature(slots) -> str:
    slots = set(slots)
    return "+".join(sorted(slot_attributes(slots) | ({"features"} if "features" in slots else set())))


def delexicalize(text: str, p: Product, ontology: Ontology) -> str:
    """Replace what came from the input (title, brand, features, sizes, values, noun) with typed slots.

    A size named outside the rendered size list becomes `{?size}`: that sentence cannot be reused.
    """
    spans: list[tuple[int, int, str]] = []

    def claim(start: int, end: int, slot: str) -> None:
        if all(end <= s or start >= e for s, e, _ in spans):
            spans.append((start, end, slot))

    for slot in sorted(("title", "brand", "features", "sizes", *[s for s in p.slots if s.startswith("feature")]),
                       key=lambda s: -len(p.slots.get(s, ""))):
        if p.slots.get(slot):
            for m in re.finditer(re.escape(p.slots[slot]), text, re.I):
                claim(m.start(), m.end(), slot)
    # The head noun before values: a "Night Cream" is a cream, whatever its color.
    for m in re.finditer(rf"(?<![\w-]){re.escape(p.noun)}(?![\w-])", text, re.I):
        claim(m.start(), m.end(), "noun")
    values = input_values(p.item, ontology)
    for m in find_mentions(text, ontology):
        if m.attribute == "size":
            claim(m.start, m.end, "?size")
        elif m.value in values.get(m.attribute, []):
            claim(m.start, m.end, m.attribute)
    out, pos = [], 0
    for start, end, slot in sorted(spans):
        out += [text[pos:start].replace("{", "(").replace("}", ")"), "{" + slot + "}"]
        pos = end
    out.append(text[pos:].replace("{", "(").replace("}", ")"))
    return "".join(out)


def _article(word: str) -> str:
    w = word.lower()
    if re.match(r"(?:[xmlsfhnr](?:[^a-z]|$)|x[sl])", w):  # letters said with a vowel: "an XL", "an M"
        return "an"
    if re.match(r"(?:uni|use|usu|one|eu|ye)", w):
        return "a"
    return "an" if w[:1] in "aeiou" else "a"


def fill(template: str, slots: dict[str, str]) -> str:
    """Fill every slot, fix 'a'/'an' before a filled value, capitalize the sentence."""
    def sub(m: re.Match) -> str:
        value = slots[m.group(2)]
        if not m.group(1):
            return value
        art = _article(value)
        return (art.capitalize() if m.group(1)[0].isupper() else art) + " " + value

    text = re.sub(r"(?:(?<![\w'’-])([Aa]n?) )?\{([a-z0-9_]+)\}", sub, template)
    return text[:1].upper() + text[1:]


def fillable(t: Template, p: Product) -> bool:
    return all(s in p.slots for s in t.slots)


# A last resort when no learned sentence mentions an attribute: plain, and free of ontology words of its own.
FALLBACK = {
    "color": "The color is {color}.", "material": "It is made of {material}.",
    "pattern": "The pattern is {pattern}.", "silhouette": "The cut is {silhouette}.",
    "occasion": "It was made with {occasion} plans in mind.", "season": "Think of it as a {season} pick.",
    "style": "The look is {style}.", "gender": "It is cut as a {gender} style.",
    "size": "Available in {sizes}.", "features": "The details: {features}.",
}


# ---------------------------------------------------------------------------------------------- the learned model

def embed_text(p: Product, taxonomy: Taxonomy) -> str:
    """What neighbors are found by: category, title, and the attribute values."""
    cat = taxonomy.name(p.category_id) if p.category_id is not None else p.item.category
    attrs = ", ".join(v for k, v in p.slots.items() if k not in ("title", "noun", "brand") and
                      not k.startswith("feature"))
    return f"{cat}: {p.item.title}. {attrs}"


def says(p: Product) -> set[str]:
    """What a description of `p` must mention: its key attributes, and its features if it has any."""
    return {a for a, _ in p.keys} | ({"features"} if "features" in p.slots else set())


@dataclass
class ExampleMeta:
    category_id: int | None
    department: str | None
    plural: bool
    says: list[str] = field(default_factory=list)
    words: int = 0


def typicality(templates: list[Template], metas: list[ExampleMeta]) -> list[float]:
    """Per template, the mean word edit distance to the others that say the same thing in the same department."""
    groups: dict[tuple, list[int]] = {}
    for i, t in enumerate(templates):
        groups.setdefault((metas[t.example].department, t.role, t.signature), []).append(i)
    out = [1.0] * len(templates)
    for ids in groups.values():
        words = [templates[i].text.lower().split() for i in ids]
        dist = process.cdist(words, words, scorer=Levenshtein.normalized_distance, processor=None)
        for k, i in enumerate(ids):
            out[i] = float(dist[k].sum() / max(1, len(ids) - 1))
    return out


class TemplateDescriber:
    """Data-to-text by learned templates: the neighbors decide the plan, the store's usual sentences fill it."""

    task = "describe"
    kind = "finetuned"
    name = "describe-templates"

    def __init__(self, ctx: TaskContext, templates: list[Template], metas: list[ExampleMeta],
                 embeddings: np.ndarray, voice: Voice):
        self.ctx, self.templates, self.metas, self.embeddings, self.voice = ctx, templates, metas, embeddings, voice
        self.by_example: dict[int, list[int]] = {}
        self.groups: dict[tuple, list[int]] = {}  # (department or None, role, signature) -> most usual first
        for i, t in enumerate(templates):
            self.by_example.setdefault(t.example, []).append(i)
            for dept in (metas[t.example].department, None):
                self.groups.setdefault((dept, t.role, t.signature), []).append(i)
        for ids in self.groups.values():
            ids.sort(key=lambda i: templates[i].typicality)

    # -- training and artifacts

    @classmethod
    def train(cls, examples: list[Example], ctx: TaskContext, progress: bool = True) -> "TemplateDescriber":
        if not examples:
            raise ModelError("no describe examples to learn from")
        voice = load_voice(ctx.knowledge_dir / VOICE_FILE)
        products = [resolve(e.input, ctx) for e in examples]
        templates: list[Template] = []
        for i, (ex, p) in enumerate(tqdm(list(zip(examples, products)), desc="delexicalize", disable=not progress)):
            sentences = split_sentences(delexicalize(ex.output.description, p, ctx.ontology))
            for j, s in enumerate(sentences):
                if "{?" in s:
                    continue
                role = "hook" if j == 0 else "close" if j == len(sentences) - 1 else "body"
                templates.append(Template(s, role, sorted(set(SLOT.findall(s))), i, j / max(1, len(sentences) - 1)))
        metas = [ExampleMeta(p.category_id, p.department, p.plural, sorted(says(p)), len(e.output.description.split()))
                 for p, e in zip(products, examples)]
        for t, score in zip(templates, typicality(templates, metas)):
            t.typicality = score
        embeddings = ctx.embedder.encode([embed_text(p, ctx.taxonomy) for p in products])
        log.info("learned %d sentence templates from %d descriptions", len(templates), len(examples))
        return cls(ctx, templates, metas, embeddings, voice)

    def save(self, folder: Path) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "templates.json").write_text(json.dumps([asdict(t) for t in self.templates]))
        (folder / "examples.json").write_text(json.dumps([asdict(m) for m in self.metas]))
        (folder / "voice.json").write_text(json.dumps(asdict(self.voice)))
        np.save(folder / "embeddings.npy", self.embeddings)

    @classmethod
    def load(cls, folder: Path, ctx: TaskContext) -> "TemplateDescriber":
        folder = Path(folder)
        templates = [Template(**t) for t in json.loads((folder / "templates.json").read_text())]
        metas = [ExampleMeta(**m) for m in json.loads((folder / "examples.json").read_text())]
        voice = Voice(**json.loads((folder / "voice.json").read_text()))
        return cls(ctx, templates, metas, np.load(folder / "embeddings.npy"), voice)

    # -- generation

    def predict(self, inputs: list[DescribeInput]) -> list[DescribeOutput]:
        products = [resolve(i, self.ctx) for i in inputs]
        queries = self.ctx.embedder.encode([embed_text(p, self.ctx.taxonomy) for p in products])
        sims = queries @ self.embeddings.T if len(products) else np.zeros((0, 0))
        return [DescribeOutput(description=self.compose(p, sims[i])) for i, p in enumerate(products)]

    def neighbors(self, p: Product, sims: np.ndarray) -> list[int]:
        """Training examples, nearest first: same category, then same things to say, then the embedding."""
        want = sorted(says(p))
        bonus = np.array([0.3 * (m.category_id == p.category_id and p.category_id is not None)
                          + 0.1 * (m.department == p.department and p.department is not None)
                          + 0.2 * (m.says == want) + 0.05 * (m.plural == p.plural) for m in self.metas])
        # 0.3/0.2/0.1: the category decides first, then whether the example had the same attributes to mention.
        return [int(e) for e in np.argsort(-(sims + bonus), kind="stable")]

    def _clean(self, i: int, p: Product) -> str | None:
        """The filled sentence, or None when a slot is missing, the number differs or it names a foreign value."""
        t = self.templates[i]
        if not fillable(t, p) or self.metas[t.example].plural != p.plural:
            return None
        text = fill(t.text, p.slots)
        return None if hallucinated_values(text, p.item, self.ctx.ontology, p.allowed) else text

    def compose(self, p: Product, sims: np.ndarray) -> str:
        """Plan from the neighbors, realize each step with the store's most usual sentence that fits, check."""
        ranked = self.neighbors(p, sims)
        near = ranked[:K_NEIGHBORS]
        cache: dict[int, str | None] = {}

        def clean(i: int) -> str | None:
            if i not in cache:
                cache[i] = self._clean(i, p)
            return cache[i]

        votes = Counter((self.templates[i].role, self.templates[i].signature, self.templates[i].text)
                        for e in near for i in self.by_example.get(e, []))
        need, covered, used = says(p), set(), set()
        steps: list[tuple[str, list[str], int]] = []  # (role, candidate sentences most usual first, chosen)
        for role, sig in self._plan(near):
            for alt in self._signatures(role, sig, need, covered):
                options = [clean(i) for i in self._usual(p, role, alt, clean, used, votes)]
                if options:
                    steps.append((role, options, 0))
                    covered |= set(alt.split("+")) - {""}
                    used.add(options[0])
                    break
        fills = self._fill_missing(p, need - covered, clean, used)
        # The neighbors' median length: the store's usual length for products like this one.
        target = min(self.voice.max_words, int(np.median([self.metas[e].words for e in near])) if near else 60)
        steps = self._shorten(steps, target - sum(len(f.split()) for f in fills), used)
        lines = [opts[k] for role, opts, k in steps if role != "close"] + fills
        lines += [opts[k] for role, opts, k in steps if role == "close"]
        pool = [i for e in near for i in self.by_example.get(e, [])]
        text = self._fit_length(lines, pool, clean, p)
        # A last guard for the hard rule: the fallback sentences were never checked one by one.
        return " ".join(s for s in split_sentences(text)
                        if not hallucinated_values(s, p.item, self.ctx.ontology, p.allowed))

    def _signatures(self, role: str, sig: str, need: set[str], covered: set[str]) -> list[str]:
        """What this plan step can say for this product: the step as planned, else the part of it the product
        has; a hook falls back to the store's other hooks that say only what the product has."""
        wanted = set(sig.split("+")) - {""}
        if wanted and not (wanted & need) - covered:
            return []  # said already, or only about things this product does not have
        out = [sig] if wanted <= need else []
        part = "+".join(sorted(wanted & need))
        if part and part != sig:
            out.append(part)
        if role == "hook":
            known = {k[2] for k in self.groups if k[0] is None and k[1] == "hook"}
            fits = [k for k in known if set(k.split("+")) - {""} <= need and k not in out]
            out += sorted(fits, key=lambda k: (-len(set(k.split("+")) & wanted), -len(k.split("+")), k))
        return out

    @staticmethod
    def _shorten(steps: list, budget: int, used: set[str]) -> list:
        """Swap sentences for shorter usual ones, biggest saving first, until the plan fits `budget` words."""
        steps = list(steps)
        while sum(len(opts[k].split()) for _, opts, k in steps) > budget:
            best = None
            for n, (role, opts, k) in enumerate(steps):
                now = len(opts[k].split())
                alt = next((j for j, o in enumerate(opts) if len(o.split()) < now and o not in used), None)
                if alt is not None and (best is None or now - len(opts[alt].split()) > best[0]):
                    best = (now - len(opts[alt].split()), n, alt)
            if best is None:
                break
            _, n, alt = best
            role, opts, k = steps[n]
            used.discard(opts[k])
            used.add(opts[alt])
            steps[n] = (role, opts, alt)
        return steps

    def _plan(self, near: list[int]) -> list[tuple[str, str]]:
        """The neighbors' sentence plans; the one closest to all the others (minimum Bayes risk)."""
        plans = [[f"{self.templates[i].role}:{self.templates[i].signature}" for i in self.by_example.get(e, [])]
                 for e in near]
        plans = [pl for pl in plans if pl] or [["hook:"]]
        risk = [sum(Levenshtein.normalized_distance(a, b) for b in plans) for a in plans]
        return [tuple(step.split(":", 1)) for step in plans[int(np.argmin(risk))]]

    def _usual(self, p: Product, role: str, sig: str, clean, used: set[str], votes: Counter | None = None,
               limit: int = 12) -> list[int]:
        """Templates saying `sig` in `role` that fill cleanly: the neighbors' choices by how many made them,
        then the most usual in the department, then anywhere."""
        out: list[int] = []
        seen = set(used)
        group = self.groups.get((p.department, role, sig), [])
        voted = sorted((i for i in group if votes and votes[(role, sig, self.templates[i].text)]),
                       key=lambda i: -votes[(role, sig, self.templates[i].text)])
        for ids in (voted, group, self.groups.get((None, role, sig), [])):
            for i in ids:
                if len(out) >= limit:
                    return out
                if clean(i) and clean(i) not in seen:
                    out.append(i)
                    seen.add(clean(i))
        return out

    def _fill_missing(self, p: Product, missing: set[str], clean, used: set[str]) -> list[str]:
        """One short sentence per thing still unsaid: the usual one for it alone, a plain fallback if none fits."""
        out: list[str] = []
        for attr in [a for a in (*KEY_ATTRIBUTES, "features") if a in missing]:
            if any(attr in _attributes_named(s, self.ctx.ontology) for s in out):
                continue
            found = self._usual(p, "body", attr, clean, used, limit=1)
            hit = clean(found[0]) if found else fill(FALLBACK[attr], p.slots)
            if not found and p.plural:
                hit = re.sub(r"^It is\b", "They are", re.sub(r"^It was\b", "They were", hit))
            out.append(hit)
            used.add(hit)
        return out

    def _fit_length(self, lines: list[str], pool: list[int], clean, p: Product) -> str:
        """Trim redundant middle sentences above max_words; add neighbors' sentences below min_words."""
        def words(ls): return sum(len(s.split()) for s in ls)

        while words(lines) > self.voice.max_words and len(lines) > 2:
            middle = range(1, len(lines) - 1)
            redundant = [k for k in middle if self._said(lines[:k] + lines[k + 1:], p) >= self._said(lines, p)]
            if not redundant:
                break
            lines.pop(max(redundant, key=lambda k: len(lines[k].split())))
        extras = sorted((i for i in pool if self.templates[i].role == "body"),
                        key=lambda i: len(self.templates[i].slots))
        for i in extras:
            if words(lines) >= self.voice.min_words:
                break
            text = clean(i)
            if text and text not in lines and words(lines) + len(text.split()) <= self.voice.max_words:
                lines.insert(max(1, len(lines) - 1), text)
        return " ".join(lines)

    def _said(self, lines: list[str], p: Product) -> int:
        text = " ".join(lines)
        said = {(m.attribute, m.value) for m in find_mentions(text, self.ctx.ontology)}
        feats = "features" in p.slots and all(f.lower() in text.lower() for f in p.item.features)
        return sum(k in said for k in p.keys) + feats


def _attributes_named(text: str, ontology: Ontology) -> set[str]:
    return {m.attribute for m in find_mentions(text, ontology)}


# ---------------------------------------------------------------------------------------------- the baseline

class GenericTemplateBaseline:
    """One fixed, untrained template that states each given attribute plainly: honest, but not in the voice."""

    task = "describe"
    kind = "baseline"
    name = "generic-template"

    def __init__(self, ctx: TaskContext):
        self.ctx = ctx

    def predict(self, inputs: list[DescribeInput]) -> list[DescribeOutput]:
        return [DescribeOutput(description=self._one(resolve(i, self.ctx))) for i in inputs]

    def _one(self, p: Product) -> str:
        s, be = p.slots, ("are" if p.plural else "is")
        by = f" by {s['brand']}" if "brand" in s else ""
        what = " ".join(x for x in (s.get("color"), s.get("material"), p.noun) if x)
        # No category name in the text: "Camping Lights" would state an occasion the input may not have.
        lines = [f"The {s['title']}{by} {be} {'' if p.plural else _article(what) + ' '}{what}."]
        looks = [f"{_article(s[k])} {s[k]} {k}" for k in ("pattern", "silhouette") if k in s]
        if looks:
            lines.append(f"{'They have' if p.plural else 'It has'} {join_and(looks)}.")
        if "occasion" in s or "season" in s:
            uses = [x for x in (f"{s['occasion']} occasions" if "occasion" in s else "",
                                f"{s['season']} wear" if "season" in s else "") if x]
            lines.append(f"{'They are' if p.plural else 'It is'} suitable for {join_and(uses)}.")
        if "style" in s or "gender" in s:
            style = f"{_article(s['style'])} {s['style']} design" if "style" in s else "a design"
            who = f" made for {s['gender'].rstrip(chr(39) + 's').rstrip(chr(39))}" if "gender" in s else ""
            lines.append(f"{'They have' if p.plural else 'It has'} {style}{who}.")
        if "sizes" in s:
            lines.append(f"Available in {s['sizes']}.")
        if "features" in s:
            lines.append(f"Features include {s['features']}.")
        lines.append("See the product details for more information.")
        return " ".join(lines)


# ---------------------------------------------------------------------------------------------- scoring

@lru_cache(maxsize=1)
def default_ontology() -> Ontology:
    from assistant.config import REPO_ROOT
    from assistant.knowledge import load_ontology

    return load_ontology(REPO_ROOT / "knowledge" / "ontology.yaml", [])


@lru_cache(maxsize=1)
def default_voice() -> Voice:
    from assistant.config import REPO_ROOT

    return load_voice(REPO_ROOT / "knowledge" / VOICE_FILE)


def _words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def score(predictions: list[DescribeOutput], golds: list[DescribeOutput], inputs: list[DescribeInput] | None = None,
          ontology: Ontology | None = None, voice: Voice | None = None) -> dict:
    """rouge_l (headline), edit_effort, coverage, hallucination_rate, voice_ok.

    Coverage and hallucinations are judged against `inputs` when given; without them (the generic
    `score(pred, gold)` call) the values the reference description states stand in for the input.
    """
    from rouge_score import rouge_scorer

    ontology, voice = ontology or default_ontology(), voice or default_voice()
    scorer = rouge_scorer.RougeScorer(["rougeL"], use_stemmer=True)
    rouge, edits, cover, halluc, voice_ok = [], [], [], [], []
    for k, (pred, gold) in enumerate(zip(predictions, golds)):
        rouge.append(scorer.score(gold.description, pred.description)["rougeL"].fmeasure)
        gw, pw = _words(gold.description), _words(pred.description)
        edits.append(Levenshtein.distance(pw, gw) / max(1, len(gw)))
        if inputs is not None:
            cover.append(coverage_of(pred.description, inputs[k], ontology))
            halluc.append(bool(hallucinated_values(pred.description, inputs[k], ontology)))
        else:
            stated = {(m.attribute, m.value) for m in find_mentions(gold.description, ontology)}
            said = {(m.attribute, m.value) for m in find_mentions(pred.description, ontology)}
            cover.append(len(stated & said) / len(stated) if stated else 1.0)
            halluc.append(bool(said - stated))
        voice_ok.append(not voice_problems(pred.description, voice))
    n = max(1, len(golds))
    return {"n": len(golds), "rouge_l": round(sum(rouge) / n, 4), "edit_effort": round(sum(edits) / n, 4),
            "coverage": round(sum(cover) / n, 4), "hallucination_rate": round(sum(halluc) / n, 4),
            "voice_ok": round(sum(voice_ok) / n, 4)}


# ---------------------------------------------------------------------------------------------- loading

def _split_list(raw) -> list[str]:
    if isinstance(raw, list):
        return [str(x) for x in raw]
    text = str(raw or "").strip()
    if text.startswith("["):
        return [str(x) for x in json.loads(text)]
    return [x.strip() for x in re.split(r"[|;]", text) if x.strip()]


def _parse_attributes(raw, path: Path, line: int) -> dict[str, str | list[str]]:
    """A dict, a JSON object, or `color=blue; size=S|M|L`."""
    if isinstance(raw, dict):
        return raw
    text = str(raw or "").strip()
    if not text:
        return {}
    if text.startswith("{"):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise DataError(path, line, "attributes", f"not valid JSON ({exc.msg})") from exc
    out: dict[str, str | list[str]] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        if "=" not in part:
            raise DataError(path, line, "attributes", f"'{part}' is not name=value")
        name, value = (x.strip() for x in part.split("=", 1))
        out[name] = value.split("|") if "|" in value else value
    return out


def _flat_input(row: dict, path: Path, line: int) -> dict:
    """An input from flat columns: title, category, brand, attributes, features, or one column per attribute."""
    attrs = _parse_attributes(row.get("attributes"), path, line)
    for name in KEY_ATTRIBUTES:
        if row.get(name) not in (None, ""):
            attrs[name] = _split_list(row[name]) if name == "size" else str(row[name]).strip()
    return {"title": require(row, "title", path, line), "category": str(row.get("category") or ""),
            "brand": str(row.get("brand") or ""), "attributes": attrs, "features": _split_list(row.get("features"))}


def load_examples(path: Path, text_field: str | None = None, label_field: str | None = None) -> list[Example]:
    """Rows of {"input": {...}, "description": ...} (JSONL), or flat CSV/JSONL columns (title, category, ...).

    `text_field` names the column holding the input object (default "input"; flat columns when absent),
    `label_field` the column holding the description (default "description").
    """
    path = Path(path)
    label = label_field or "description"

    def build(line: int, row: dict) -> Example:
        description = require(row, label, path, line)
        raw = row.get(text_field or "input")
        if isinstance(raw, str) and raw.strip().startswith("{"):
            raw = json.loads(raw)
        data = raw if isinstance(raw, dict) else _flat_input(row, path, line)
        if isinstance(data.get("attributes"), str):
            data = {**data, "attributes": _parse_attributes(data["attributes"], path, line)}
        return Example[DescribeInput, DescribeOutput](input=DescribeInput.model_validate(data),
                                                      output=DescribeOutput(description=str(description).strip()))

    examples = parse_rows(path, build)
    warn_rare_labels([e.input.category or "(no category)" for e in examples], path)
    return examples


register_task(TaskSpec(
    name="describe", input_model=DescribeInput, output_model=DescribeOutput, local=TemplateDescriber,
    baseline=GenericTemplateBaseline, train_file="training/describe.jsonl",
    eval_file="evals/datasets/describe_heldout.jsonl", system_prompt=SYSTEM_PROMPT, render_input=render_input,
    load_examples=load_examples, score=score, headline="rouge_l",
    extra={"label_of": label_of, "hallucinated_values": hallucinated_values, "voice_problems": voice_problems,
           "load_voice": load_voice},
))
