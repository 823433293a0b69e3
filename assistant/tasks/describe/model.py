"""The learned model: the nearest training products' sentence plans, realized with templates the input fills."""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from tqdm import tqdm

from assistant.errors import ModelError
from assistant.knowledge import Ontology, Taxonomy
from assistant.tasks.base import Example, TaskContext
from assistant.tasks.describe.mentions import find_mentions, hallucinated_values, split_sentences
from assistant.tasks.describe.schema import (DescribeInput, DescribeOutput, KEY_ATTRIBUTES, K_NEIGHBORS, SLOT,
                                             VOICE_FILE)
from assistant.tasks.describe.slots import Product, resolve
from assistant.tasks.describe.templates import FALLBACK, Template, delexicalize, fill, fillable
from assistant.tasks.describe.tones import SHORTER_SHARE, informality, order, spell_out
from assistant.tasks.describe.voice import Voice, load_voice

log = logging.getLogger(__name__)
# An attribute slot used as an adjective before the product's noun ("a {color} {material} {noun}"): a hook can
# leave it out for a product that lacks the attribute.
ADJECTIVE_SLOT = re.compile(r"\{([a-z]+)\} (?=(?:\{[a-z]+\} )*\{noun\})")

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
                options = self._toned(p, self._usual(p, role, alt, clean, used, votes), clean)
                if options:
                    steps.append((role, options, 0))
                    covered |= set(alt.split("+")) - {""}
                    used.add(options[0])
                    break
        fills = self._fill_missing(p, need - covered, clean, used)
        # The neighbors' median length: the store's usual length for products like this one.
        target = min(self.voice.max_words, int(np.median([self.metas[e].words for e in near])) if near else 60)
        shorter = p.item.tone == "shorter"
        if shorter or p.item.tone == "formal":  # a closing flourish that states nothing, and talks, goes
            steps = [st for st in steps if st[0] != "close" or self._said([st[1][st[2]]], p)
                     or (not shorter and not informality(st[1][st[2]]))]
        if shorter:
            target = int(target * SHORTER_SHARE)
        steps = self._shorten(steps, target - sum(len(f.split()) for f in fills), used)
        lines = [opts[k] for role, opts, k in steps if role != "close"] + fills
        if not any(p.slots["title"] in line for line in lines):  # every description names its product first
            lines = order(self._title_hooks(p, used), p.item.tone)[:1] + lines
        if p.item.tone == "playful":  # one more of the store's chattier asides, stating nothing new
            lines += self._toned(p, self._usual(p, "body", "", clean, used | set(lines)), clean)[:1]
        lines += [opts[k] for role, opts, k in steps if role == "close"]
        pool = [i for e in near for i in self.by_example.get(e, [])]
        text = self._fit_length(lines, pool, clean, p, min_words=0 if shorter else self.voice.min_words)
        # A last guard for the hard rule: the fallback sentences were never checked one by one.
        text = " ".join(s for s in split_sentences(text)
                        if not hallucinated_values(s, p.item, self.ctx.ontology, p.allowed))
        return spell_out(text) if p.item.tone == "formal" else text

    def _toned(self, p: Product, ids: list[int], clean) -> list[str]:
        """The filled sentences of `ids`, best for the product's tone first; a tone chooses among the product's
        department's own sentences when it has any (an electronics closing is no skin tint's)."""
        texts = [clean(i) for i in ids]
        if not p.item.tone:
            return texts
        own = [t for i, t in zip(ids, texts) if self.metas[self.templates[i].example].department == p.department]
        return order(own, p.item.tone) + [t for t in texts if t not in own] if own else order(texts, p.item.tone)

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

    def _title_hooks(self, p: Product, used: set[str], limit: int = 8) -> list[str]:
        """The store's usual hooks naming the product, most usual first, adjectives the product lacks left out:
        "Meet the {title}, a {color} {noun} that ..." becomes "Meet the Quarry Night Cream, a cream that ..." without a
        color. The store's hooks all name a color, so a product without one would otherwise start unnamed."""
        out: list[str] = []
        for i in sorted(
                (i for i, t in enumerate(self.templates)
                 if t.role == "hook" and "title" in t.slots and self.metas[t.example].plural == p.plural),
                key=lambda i: self.templates[i].typicality):
            text = ADJECTIVE_SLOT.sub(lambda m: m.group(0) if m.group(1) in p.slots else "", self.templates[i].text)
            if all(slot in p.slots for slot in SLOT.findall(text)):
                line = fill(text, p.slots)
                fresh = line not in used and line not in out
                if fresh and not hallucinated_values(line, p.item, self.ctx.ontology, p.allowed):
                    out.append(line)
                    if len(out) == limit:
                        break
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

    def _fit_length(self, lines: list[str], pool: list[int], clean, p: Product, min_words: int) -> str:
        """Trim redundant middle sentences above max_words; add neighbors' sentences below `min_words`."""
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
            if words(lines) >= min_words:
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
