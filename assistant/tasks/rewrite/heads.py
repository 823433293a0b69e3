"""Training the heads beside the tagger: values, negation, category (with a cross-validated bar) and stock."""

from __future__ import annotations

from collections import Counter
import re
import zlib

import numpy as np
from scipy import sparse
from sklearn.dummy import DummyClassifier
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer

from assistant.errors import DataError
from assistant.knowledge import read_jsonl
from assistant.schemas import Product, SearchFilters
from assistant.tasks.base import TaskContext
from assistant.tasks.rewrite.align import Aligned
from assistant.tasks.rewrite.encoding import Encoded, _linear, _span_matrix
from assistant.tasks.rewrite.features import _hstack, _mean_vec, negation_matrix, span_text
from assistant.tasks.rewrite.index import OntologyIndex
from assistant.tasks.rewrite.schema import prf_row
from assistant.tasks.rewrite.tokens import tokenize


def _fit(model, x, y):
    """Fit, or fall back to a constant when the data has one class only (a store with no in-stock asks)."""
    if sparse.issparse(x):
        x = _hstack([x])
    return (model if len(set(y)) > 1 else DummyClassifier(strategy="most_frequent")).fit(x, y)


def _form_texts(index: OntologyIndex) -> tuple[list[tuple[str, tuple[str, str]]], list[tuple[str, int]]]:
    """Every ontology form with its value, and every product word of the taxonomy with its leaf."""
    forms = [(text, (attr, value)) for attr, pairs in index.by_attr.items() for text, value in pairs]
    cats = [(" ".join(k), cid) for k, cids in index.categories.items() for cid in cids]
    return forms, cats


def _known_words(enc: "Encoded", form_texts: list[str], ctx: TaskContext) -> dict[str, np.ndarray]:
    """Word vectors to ship with the model: the training queries' words, every one-word ontology or taxonomy form
    ("flowy"), whose vector training computed anyway, and the words of the catalog's titles and descriptions
    ("wireless"): the words shoppers search with. For the demo store 2,746 words, 4.4 MB, under a second to embed."""
    words = dict(enc.wv)
    for text, vec in zip(form_texts, enc.extra):
        if re.fullmatch(r"[a-z]+", text):
            words.setdefault(text, vec)
    catalog = ctx.knowledge_dir / "catalog" / "products.jsonl"
    if catalog.exists():
        errors: list[DataError] = []  # a bad row is reported where the catalog is loaded; here it only has no words
        texts = [f"{p.title} {p.brand} {p.description}" for _, p in read_jsonl(catalog, Product, errors)]
        new = sorted({w for t in texts for w in tokenize(t).words if re.fullmatch(r"[a-z]+", w)} - set(words))
        words.update(zip(new, ctx.embedder.encode(new)))
    return words


def _prototypes(forms, cat_forms, vecs: np.ndarray) -> dict:
    """unit -> the normalized mean MiniLM vector of its surface forms: what alignment compares words with."""
    groups: dict = {}
    for (_, unit), v in zip([*forms, *cat_forms], vecs):
        groups.setdefault(unit, []).append(v)
    return {u: (m := np.mean(vs, axis=0)) / (np.linalg.norm(m) or 1.0) for u, vs in groups.items()}


def _majority(pairs) -> dict:
    counts: dict = {}
    for key, label in pairs:
        counts.setdefault(key, Counter())[label] += 1
    return {k: c.most_common(1)[0][0] for k, c in counts.items()}


def _train_values(enc: Encoded, aligned: list[Aligned], forms, cat_forms):
    """Per attribute, span -> canonical value: trained on the ontology's own forms plus the aligned spans."""
    form_vecs = enc.extra[:len(forms)]
    texts = [t for t, _ in forms]
    vecs = list(form_vecs)
    units = [u for _, u in forms]
    seen = []
    for tok, a in zip(enc.toks, aligned):
        for s, e, attr, value, _ in a.values:
            words = tok.words[s:e]
            texts.append(span_text(words))
            vecs.append(_mean_vec(words, enc.wv))
            units.append((attr, value))
            seen.append((span_text(words), (attr, value)))
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
    chars.fit(texts + [t for t, _ in cat_forms])
    x = _span_matrix(chars, texts, np.stack(vecs))
    values: dict = {}
    for attr in sorted({a for a, _ in units}):
        rows = [i for i, u in enumerate(units) if u[0] == attr]
        labels = [units[i][1] for i in rows]
        values[attr] = labels[0] if len(set(labels)) == 1 else _fit(_linear(), x[rows], labels)
    memory = {k: list(v) for k, v in _majority(seen).items()}
    return chars, values, memory


def _train_negation(enc: Encoded, aligned: list[Aligned]):
    spans, labels = [], []
    for tok, a in zip(enc.toks, aligned):
        for s, e, attr, _, excluded in a.values:
            spans.append((tok, s, e, attr))
            labels.append(int(excluded))
    vec = DictVectorizer()
    if not spans:
        return vec, _fit(_linear(), vec.fit_transform([{"b": 1.0}]), [0])
    # balanced: excluded values are one in ten; without it the head says "included" whenever unsure
    return vec, _fit(_linear(1.0, balanced=True), negation_matrix(vec, spans, enc.wv, fit=True), labels)


NO_CATEGORY = "none"
CAT_VEC_WEIGHT = 1.0
CATEGORY_C = 0.3  # C=0.3: about 15 queries per leaf; a stronger penalty keeps attribute words from voting


CAT_MARGINS = (0.0, -0.25, -0.5, -0.75, -1.0)  # candidate bars for a leaf that no product word in the query backs
CV_FOLDS = 4


def _train_category(queries: list[str], qv: np.ndarray, golds: list[SearchFilters], cat_forms, cat_vecs):
    """Query -> leaf or "none": the queries plus the taxonomy's own product words as extra rows."""
    texts = queries + [t for t, _ in cat_forms]
    vecs = np.vstack([qv, cat_vecs]) if len(cat_forms) else qv
    labels = [_leaf(g) for g in golds] + [str(c) for _, c in cat_forms]
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)
    x = _hstack([chars.fit_transform(texts), vecs * CAT_VEC_WEIGHT])
    return chars, _fit(_linear(CATEGORY_C), x, labels)


def _leaf(gold: SearchFilters) -> str:
    return str(gold.category_ids[0]) if gold.category_ids else NO_CATEGORY


def _category_votes(chars, model, queries: list[str], qv: np.ndarray) -> list[tuple[str, float, float]]:
    """Per query: the best leaf, its one-vs-rest margin, and the margin of "none" (no product named)."""
    x = _hstack([chars.transform(queries), qv * CAT_VEC_WEIGHT])
    classes = [str(c) for c in model.classes_]
    if not hasattr(model, "decision_function") or len(classes) < 3:  # a store's file with one or two classes
        return [(str(c), np.inf, -np.inf) for c in model.predict(x)]
    scores = model.decision_function(x)
    none = scores[:, classes.index(NO_CATEGORY)] if NO_CATEGORY in classes else np.full(len(queries), -np.inf)
    leaves = scores.copy()
    if NO_CATEGORY in classes:
        leaves[:, classes.index(NO_CATEGORY)] = -np.inf
    return [(classes[i], float(row[i]), float(n)) for row, i, n in zip(leaves, leaves.argmax(axis=1), none)]


def _pick_leaf(vote: tuple[str, float, float], backed: bool, bar: float) -> str:
    """The leaf to filter on, or "none". A product word in the query (backed) vouches for the best leaf unless the
    classifier is sure no product is named; without one the leaf must clear the bar: "kindle" is no category."""
    leaf, margin, none = vote
    if leaf == NO_CATEGORY:
        return NO_CATEGORY
    if margin > none and (backed or margin >= bar):
        return leaf
    # "tankini" is tagged as a product but unknown: "none" wins, unsure, and the runner-up leaf may clear the bar
    return leaf if backed and none < 0 and margin >= bar else NO_CATEGORY


def _cv_category_margin(queries: list[str], enc: Encoded, golds: list[SearchFilters], aligned: list[Aligned],
                        cat_forms, cat_vecs) -> float:
    """The margin a leaf needs when no known product word backs it, picked by cross-validation on the training rows.

    Folds are grouped by the words aligned to the product, so a fold's product words are unseen by its model, as a
    shopper's new word ("tankini") is at prediction time. The tagger's CAT tags are left out (that would mean a
    tagger per fold), so the bar is if anything set for the harder case."""
    groups = [zlib.crc32(" ".join(" ".join(t.words[s:e]) for s, e, _ in a.cats).encode()) if a.cats else i
              for i, (t, a) in enumerate(zip(enc.toks, aligned))]
    counts = {m: [0, 0, 0] for m in CAT_MARGINS}
    for k in range(CV_FOLDS):
        test = [i for i, g in enumerate(groups) if g % CV_FOLDS == k]
        fit = [i for i, g in enumerate(groups) if g % CV_FOLDS != k]
        if not test or len({_leaf(golds[i]) for i in fit}) < 2:
            return 0.0
        chars, model = _train_category([queries[i] for i in fit], enc.qv[fit], [golds[i] for i in fit], cat_forms,
                                       cat_vecs)
        votes = _category_votes(chars, model, [queries[i] for i in test], enc.qv[test])
        for m, c in counts.items():
            for i, vote in zip(test, votes):
                pred, gold = _pick_leaf(vote, any(enc.marks[i].cat), m), _leaf(golds[i])
                c[0] += pred == gold != NO_CATEGORY
                c[1] += pred not in (gold, NO_CATEGORY)
                c[2] += gold not in (pred, NO_CATEGORY)
    # ties go to the higher (stricter) bar, which CAT_MARGINS lists first
    return max(CAT_MARGINS, key=lambda m: (prf_row(*counts[m])["f1"], m))


STOCK_VEC_WEIGHT = 0.5  # the query vector only nudges: stock asks are a few words in a query about a product


def _train_stock(queries: list[str], qv: np.ndarray, golds: list[SearchFilters]):
    words = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    x = _hstack([words.fit_transform(queries), qv * STOCK_VEC_WEIGHT])
    return words, _fit(_linear(balanced=True), x, [int(g.in_stock) for g in golds])
