"""A batch of queries encoded once for every head: tokens, marks, word and query vectors, sparse blocks."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from assistant.tasks.rewrite.features import _hstack, token_features
from assistant.tasks.rewrite.index import Marks, OntologyIndex
from assistant.tasks.rewrite.tokens import Tokens, tokenize


WORD_VEC_WEIGHT = 1.0  # MiniLM word vectors beside the sparse features: lets "hubby" lean on "husband"
TAGGER_C = 0.5  # C=0.5: ~8,000 tokens, ~25,000 sparse features; weaker penalties learn the templates by heart
HEAD_C = 1.0  # C=1: liblinear's default; the span and stock heads see short, clean texts


@dataclass
class SlotHeads:
    """Everything the slot model learned; sklearn objects go to joblib, the rest to JSON."""

    tag_vec: DictVectorizer
    tagger: LinearSVC
    neg_vec: DictVectorizer
    negation: LinearSVC
    span_chars: TfidfVectorizer
    values: dict[str, LinearSVC | str]  # attr -> classifier, or the only value seen
    category: LinearSVC
    cat_chars: TfidfVectorizer
    stock_words: TfidfVectorizer
    stock: LinearSVC
    memory: dict[str, list[str]] = field(default_factory=dict)  # span text -> [attr, value] seen in training
    info: dict = field(default_factory=dict)
    # Word vectors shipped with the model (see _known_words): a chat turn then embeds only the words it has never
    # seen, instead of paying a second MiniLM call the first time each common word comes up.
    words: dict[str, np.ndarray] = field(default_factory=dict)


_WORDS: dict[str, np.ndarray] = {}  # word -> MiniLM vector; shoppers' words repeat from turn to turn
_WORDS_MAX = 20_000  # ~30 MB


def _word_vectors(words: list[str], embedder, known: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    found = {w: known[w] for w in words if w in known}
    missing = [w for w in words if w not in found and w not in _WORDS]
    if missing:
        if len(_WORDS) + len(missing) > _WORDS_MAX:
            _WORDS.clear()
        _WORDS.update(zip(missing, embedder.encode(missing)))
    return {w: found[w] if w in found else _WORDS[w] for w in words}


@dataclass
class Encoded:
    """A batch of queries: tokens, ontology marks, and MiniLM vectors of the queries and of every word."""

    toks: list[Tokens]
    marks: list[Marks]
    qv: np.ndarray
    wv: dict[str, np.ndarray]
    extra: np.ndarray

    @classmethod
    def build(cls, queries: list[str], index: OntologyIndex, embedder, extra_texts: list[str] = (),
              known: dict[str, np.ndarray] | None = None) -> "Encoded":
        toks = [tokenize(q) for q in queries]
        vocab = sorted({w for t in toks for w in t.words})
        if len(queries) == 1 and not extra_texts:  # a chat turn: reuse what the turn and earlier turns embedded
            words = _word_vectors(vocab, embedder, known or {})
            return cls(toks, [index.mark(toks[0].words)], embedder.encode_query(queries[0])[None, :], words,
                       np.zeros((0, embedder.dim), dtype=np.float32))
        vecs = embedder.encode([*queries, *vocab, *extra_texts])  # one call for the whole batch
        nq, nv = len(queries), len(vocab)
        return cls(toks, [index.mark(t.words) for t in toks], vecs[:nq], dict(zip(vocab, vecs[nq:nq + nv])),
                   vecs[nq + nv:])

    def token_matrix(self, vec: DictVectorizer, fit: bool = False):
        feats = [token_features(t, m, i) for t, m in zip(self.toks, self.marks) for i in range(len(t.words))]
        dense = np.stack([self.wv[w] for t in self.toks for w in t.words]) * WORD_VEC_WEIGHT
        sp = vec.fit_transform(feats) if fit else vec.transform(feats)
        return _hstack([sp, dense])


def _span_matrix(heads_chars: TfidfVectorizer, texts: list[str], vecs: np.ndarray, qvecs: np.ndarray | None = None):
    return _hstack([heads_chars.transform(texts), vecs, *([] if qvecs is None else [qvecs])])


def _linear(c: float = HEAD_C, balanced: bool = False) -> LinearSVC:
    """A linear SVM (liblinear): as accurate as logistic regression here and ten times faster to fit."""
    return LinearSVC(C=c, class_weight="balanced" if balanced else None, random_state=0)
