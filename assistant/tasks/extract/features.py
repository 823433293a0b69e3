"""What the extract heads read: embeddings, word and character n-grams, keyword hits, sentence summaries."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from assistant.tasks.extract.lexicon import _has
from assistant.tasks.extract.schema import split_clauses


# 0.5: TF-IDF rows are unit length like the embeddings; half weight keeps MiniLM's meaning in charge and lets the
# n-grams add what embeddings blur (negations, "too", rare product words).
TFIDF_WEIGHT = 0.5
TAG_THRESHOLD = 0.25  # a clause names an aspect when its ridge score reaches this (1 = certain)
# A review names a use case when its use-case ridge score reaches this: the best of 0.10-0.85 in 5-fold
# cross-validation on the training split.
USE_THRESHOLD = 0.55


def make_vectorizer() -> TfidfVectorizer:
    # (1, 3)-grams: "not at all", "too small", "runs a size" are phrases, not words. min_df=2 drops one-off typos.
    return TfidfVectorizer(ngram_range=(1, 3), min_df=2, sublinear_tf=True, max_features=40000)


def featurize(vectorizer: TfidfVectorizer, texts: list[str], emb: np.ndarray) -> sparse.csr_matrix:
    return sparse.hstack([sparse.csr_matrix(emb), vectorizer.transform(texts) * TFIDF_WEIGHT]).tocsr()


def make_char_vectorizer() -> TfidfVectorizer:
    # Character 2-5-grams inside words: "weding", "evry day" and "hikeing" still share most grams with the real word.
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True, max_features=60000)


def keyword_hits(texts: list[str], words: list[list[str]]) -> np.ndarray:
    """Review x use case, 1 where the review has one of the use case's plain keywords (the baseline's, `words`)."""
    lowered = [t.lower() for t in texts]
    return np.array([[any(_has(t, k) for k in ws) for ws in words] for t in lowered],
                    dtype=np.float32).reshape(len(texts), len(words))



SUMMARY_SIZE = 8


def sentiment_summary(probs: np.ndarray, owners: np.ndarray, n: int, classes: list[str]) -> np.ndarray:
    """Per review: the strongest, mean and count of positive and negative clauses, and the last clause (where the
    verdict usually is), so "mixed" is easy to see."""
    out = np.zeros((n, SUMMARY_SIZE), dtype=np.float32)
    pos, neg = classes.index("positive"), classes.index("negative")
    for i in range(n):
        p = probs[owners == i]
        if len(p):
            # /3: counts on the scale of the probabilities; a review rarely has more than three remarks of a kind.
            out[i] = [p[:, pos].max(), p[:, neg].max(), p[:, pos].mean(), p[:, neg].mean(),
                      (p[:, pos] > 0.5).sum() / 3, (p[:, neg] > 0.5).sum() / 3, p[-1, pos], p[-1, neg]]
    return out


@dataclass
class Encoded:
    """A batch of reviews and their clauses, embedded in one call."""

    texts: list[str]
    clauses: list[str]
    owners: np.ndarray  # owners[j] = the review clause j belongs to
    review_emb: np.ndarray
    clause_emb: np.ndarray

    @classmethod
    def build(cls, texts: list[str], embedder) -> "Encoded":
        clauses, owners = [], []
        for i, t in enumerate(texts):
            for c in split_clauses(t):
                clauses.append(c)
                owners.append(i)
        unique = list(dict.fromkeys([*texts, *clauses]))
        vecs = embedder.encode(unique)
        index = {t: k for k, t in enumerate(unique)}
        return cls(texts, clauses, np.array(owners), vecs[[index[t] for t in texts]],
                   vecs[[index[c] for c in clauses]] if clauses else np.zeros((0, vecs.shape[1]), np.float32))
