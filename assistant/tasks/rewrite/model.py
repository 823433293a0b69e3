"""The fine-tuned slot rewriter: the tagger and its heads, trained, saved and loaded as one artifact."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import joblib
import numpy as np
import sklearn
from rapidfuzz import fuzz, process
from sklearn.feature_extraction import DictVectorizer
from tqdm import tqdm

from assistant.models import fastload
from assistant.schemas import SearchFilters
from assistant.tasks.base import Example, TaskContext
from assistant.tasks.rewrite.align import align
from assistant.tasks.rewrite.decoding import _decode_price, _keep_applicable, _runs, _segments
from assistant.tasks.rewrite.encoding import Encoded, SlotHeads, TAGGER_C, _linear, _span_matrix
from assistant.tasks.rewrite.features import _hstack, _mean_vec, negation_matrix, span_text
from assistant.tasks.rewrite.heads import (NO_CATEGORY, STOCK_VEC_WEIGHT, _category_votes, _cv_category_margin, _fit,
                                           _form_texts, _known_words, _pick_leaf, _prototypes, _train_category,
                                           _train_negation, _train_stock, _train_values)
from assistant.tasks.rewrite.index import Marks, OntologyIndex
from assistant.tasks.rewrite.schema import RewriteInput
from assistant.tasks.rewrite.tokens import FUZZY_VALUE_MIN, TAGS_PRICE, Tokens, WINDOW, _is_content

log = logging.getLogger(__name__)

class SlotRewriter:
    """A trained slot model with ontology normalization (see the module docstring)."""

    task = "rewrite"
    kind = "finetuned"
    name = "slot-tagger-logreg"

    def __init__(self, heads: SlotHeads, ctx: TaskContext):
        self.heads, self.ctx = heads, ctx
        self.index = OntologyIndex.build(ctx.taxonomy, ctx.ontology)

    # ---------------------------------------------------------------------------------------- training
    @classmethod
    def train(cls, examples: list[Example], ctx: TaskContext, progress: bool = True) -> "SlotRewriter":
        index = OntologyIndex.build(ctx.taxonomy, ctx.ontology)
        golds = [e.output for e in examples]
        with tqdm(total=6, desc="rewrite: train", disable=not progress) as bar:
            forms, cat_forms = _form_texts(index)
            enc = Encoded.build([e.input.query for e in examples], index, ctx.embedder,
                                [t for t, _ in forms] + [t for t, _ in cat_forms])
            proto_vecs = _prototypes(forms, cat_forms, enc.extra)
            aligned = [align(t, m, g, index, enc.wv, proto_vecs) for t, m, g in zip(enc.toks, enc.marks, golds)]
            bar.update()
            tag_vec = DictVectorizer()
            tagger = _fit(_linear(TAGGER_C), enc.token_matrix(tag_vec, fit=True), [t for a in aligned for t in a.tags])
            bar.update()
            chars, values, memory = _train_values(enc, aligned, forms, cat_forms)
            bar.update()
            neg_vec, negation = _train_negation(enc, aligned)
            bar.update()
            queries, cat_vecs = [e.input.query for e in examples], enc.extra[len(forms):]
            cat_chars, category = _train_category(queries, enc.qv, golds, cat_forms, cat_vecs)
            cat_margin = _cv_category_margin(queries, enc, golds, aligned, cat_forms, cat_vecs)
            bar.update()
            stock_words, stock = _train_stock([e.input.query for e in examples], enc.qv, golds)
            bar.update()
        how = {k: sum(a.how[k] for a in aligned) for k in aligned[0].how} if aligned else {}
        log.info("rewrite: aligned gold units %s", how)
        heads = SlotHeads(tag_vec, tagger, neg_vec, negation, chars, values, category, cat_chars, stock_words, stock,
                          memory, info={"examples": len(examples), "alignment": how, "cat_margin": cat_margin},
                          words=_known_words(enc, [t for t, _ in forms] + [t for t, _ in cat_forms], ctx))
        return cls(heads, ctx)

    # ---------------------------------------------------------------------------------------- prediction
    def predict(self, inputs: list[RewriteInput]) -> list[SearchFilters]:
        if not inputs:
            return []
        # Our matrices are built here and finite: sklearn's per-call checks were an eighth of a chat turn's rewrite.
        with sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
            return self._predict(inputs)

    def _predict(self, inputs: list[RewriteInput]) -> list[SearchFilters]:
        h = self.heads
        enc = Encoded.build([x.query for x in inputs], self.index, self.ctx.embedder, known=h.words)
        tags = [str(t) for t in h.tagger.predict(enc.token_matrix(h.tag_vec))] if any(
            t.words for t in enc.toks) else []
        votes = _category_votes(h.cat_chars, h.category, [x.query for x in inputs], enc.qv)
        stock = h.stock.predict(_hstack([h.stock_words.transform([x.query for x in inputs]),
                                         enc.qv * STOCK_VEC_WEIGHT]))
        drafts, k = [], 0
        for q, (tok, marks) in enumerate(zip(enc.toks, enc.marks)):
            n = len(tok.words)
            drafts.append(self._draft(tok, marks, tags[k:k + n], enc, bool(stock[q])))
            # the leaf comes from the whole query; a word tagged or known as a product type vouches for it
            leaf = _pick_leaf(votes[q], "CAT" in tags[k:k + n] or any(marks.cat), h.info.get("cat_margin", 0.0))
            if leaf != NO_CATEGORY:
                drafts[-1][0].category_ids.append(int(leaf))
            k += n
        found = [(q, v) for q, (_, values) in enumerate(drafts) for v in values]
        if found:  # one negation call for the whole batch
            x = negation_matrix(h.neg_vec, [(enc.toks[q], s, e, attr) for q, (s, e, attr, _) in found], enc.wv)
            for (q, (_, _, attr, value)), excluded in zip(found, h.negation.predict(x)):
                target = drafts[q][0].excluded if excluded == 1 else drafts[q][0].attributes
                if value not in target.setdefault(attr, []):
                    target[attr].append(value)
        return [_keep_applicable(f, self.ctx) for f, _ in drafts]

    def _draft(self, tok: Tokens, marks: Marks, tags: list[str], enc: Encoded, stock: bool):
        """The filters but for attribute values, and those values with their spans (negation decides later)."""
        f = SearchFilters(in_stock=stock, price=_decode_price(tok.words, tags))
        values = []
        for start, end, tag in _runs(tags):
            if tag == "CAT":
                continue
            elif tag not in TAGS_PRICE:
                segments = _segments(marks, tok.words, start, end)
                for s, e in segments:
                    # beside an exact form, a leftover word ("blue" + "ish") must be a known form, not a guess
                    strict = len(segments) > 1 and marks.pos[s] != "B"
                    value = self._value(tag, tok.words[s:e], enc, strict)
                    if value is not None:
                        values.append((s, e, str(tag), str(value)))
        f.text = " ".join(w for w, t in zip(tok.words, tags) if t == "O" and _is_content(w))
        return f, values

    def _value(self, attr: str, words: list[str], enc: Encoded, strict: bool = False) -> str | None:
        """Ontology normalization: exact form, a span seen in training, a rapidfuzz match, else the classifier."""
        hit = self.index.lookup(tuple(words))
        if hit and hit[0] == attr:
            return hit[1]
        text = span_text(words)
        seen = self.heads.memory.get(text)
        if seen and seen[0] == attr:
            return seen[1]
        forms = self.index.by_attr.get(attr, [])
        best = process.extractOne(text, [f for f, _ in forms], scorer=fuzz.ratio, score_cutoff=FUZZY_VALUE_MIN)
        if best:
            return forms[best[2]][1]
        if strict:
            return None
        clf = self.heads.values.get(attr)
        if strict or clf is None or isinstance(clf, str):
            return clf
        x = _span_matrix(self.heads.span_chars, [text], _mean_vec(words, enc.wv)[None, :])
        return str(clf.predict(x)[0])

    # ---------------------------------------------------------------------------------------- artifacts
    def save(self, folder: Path) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        h = self.heads
        joblib.dump({"tag_vec": h.tag_vec, "tagger": h.tagger, "neg_vec": h.neg_vec, "negation": h.negation,
                     "span_chars": h.span_chars, "values": h.values, "category": h.category, "cat_chars": h.cat_chars,
                     "stock_words": h.stock_words, "stock": h.stock}, folder / "heads.joblib")
        (folder / "memory.json").write_text(json.dumps({"memory": h.memory}, indent=1, sort_keys=True))
        words = sorted(h.words)
        vectors = (np.stack([h.words[w] for w in words]) if words
                   else np.zeros((0, self.ctx.embedder.dim), np.float32))
        np.savez(folder / "words.npz", words=np.array(words, dtype=str), vectors=vectors)
        (folder / "config.json").write_text(json.dumps({"name": self.name, "window": WINDOW, **h.info}, indent=2))

    @classmethod
    def load(cls, folder: Path, ctx: TaskContext) -> "SlotRewriter":
        folder = Path(folder)
        parts = fastload.load(folder / "heads.joblib")
        mem = json.loads((folder / "memory.json").read_text())
        info = json.loads((folder / "config.json").read_text())
        with np.load(folder / "words.npz") as npz:
            words = dict(zip(npz["words"].tolist(), npz["vectors"]))
        return cls(SlotHeads(**parts, memory=mem["memory"], info=info, words=words), ctx)
