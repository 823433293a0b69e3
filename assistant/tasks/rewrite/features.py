"""Per-token features of the slot tagger, and the negation-scope features of a span."""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.feature_extraction import DictVectorizer

from assistant.knowledge import singular
from assistant.tasks.rewrite.index import Marks
from assistant.tasks.rewrite.tokens import FUZZY_FEATURE, NUMBER, Tokens, WINDOW, _is_content


def _shape(word: str) -> str:
    if NUMBER.match(word):
        return "num" if float(word) < 1000 else "bignum"
    return "$" if word == "$" else "alpha" if word.isalpha() else "mix"


def token_features(tok: Tokens, marks: Marks, i: int) -> dict[str, float]:
    """Sparse features of word i: itself, its affixes, its neighbours and what the ontology says about them."""
    words, n = tok.words, len(tok.words)
    w = words[i]
    f = {"b": 1.0, f"w={w}": 1.0, f"s={singular(w)}": 1.0, f"p3={w[:3]}": 1.0, f"x3={w[-3:]}": 1.0,
         f"shape={_shape(w)}": 1.0, f"sep={tok.seps[i]}": 1.0, f"sepn={tok.seps[i + 1] if i + 1 < n else '$'}": 1.0}
    for d in range(-WINDOW, WINDOW + 1):
        j = i + d
        if d == 0:
            continue
        ctx = words[j] if 0 <= j < n else ("<s>" if j < 0 else "</s>")
        f[f"w{d:+d}={ctx}"] = 1.0
        if 0 <= j < n and marks.attr[j]:
            f[f"lex{d:+d}={marks.attr[j]}"] = 1.0
        if 0 <= j < n and marks.cat[j] and abs(d) == 1:
            f[f"cat{d:+d}"] = 1.0
    f[f"bi-={words[i - 1] if i else '<s>'}|{w}"] = 1.0
    f[f"bi+={w}|{words[i + 1] if i + 1 < n else '</s>'}"] = 1.0
    if tok.prices and tok.prices[i]:
        f[f"rx={tok.prices[i]}"] = 1.0
    if marks.attr[i]:
        f[f"lex={marks.attr[i]}"] = 1.0
        f[f"lexpos={marks.pos[i]}"] = 1.0
    if marks.fuzzy[i]:
        f[f"fz={marks.fuzzy[i][0]}"] = FUZZY_FEATURE
    if marks.cat[i]:
        f["cat"] = 1.0
    return f


def negation_features(tok: Tokens, start: int, end: int, attr: str) -> dict[str, float]:
    """The context of a value's words that tells 'black' from 'anything but black'."""
    words, seps, n = tok.words, tok.seps, len(tok.words)
    f = {"b": 1.0, f"attr={attr}": 1.0, f"sepL={seps[start]}": 1.0, f"sepR={seps[end] if end < n else '$'}": 1.0}
    for k in range(1, 5):  # the start of the query counts once, so three "<s>" cannot outvote one "no"
        f[f"L{k}={words[start - k] if start - k >= 0 else '<s>'}"] = 1.0
        if start - k < 0:
            break
    for j in range(max(0, start - 6), start):
        f[f"LB={words[j]}"] = 1.0
        # a comma or "but" between a negator and the value usually ends the negation's scope
        if any(seps[q] == "," for q in range(j + 1, start + 1)):
            f[f"LBc={words[j]}"] = 1.0
    f[f"L2g={' '.join(words[max(0, start - 2):start])}"] = 1.0
    for k in range(2):
        f[f"R{k + 1}={words[end + k] if end + k < n else '</s>'}"] = 1.0
    return f


NEG_VEC_WEIGHT = 0.5  # MiniLM vectors of the content words before a value: "skip" and "hate" sit near "avoid"


def negation_matrix(vec: DictVectorizer, spans: list[tuple[Tokens, int, int, str]], wv: dict[str, np.ndarray],
                    fit: bool = False):
    """Sparse context features plus the vectors of the nearest content word before each value and of the rest of the
    four words before it."""
    feats = [negation_features(tok, s, e, attr) for tok, s, e, attr in spans]
    dense = np.stack([np.concatenate([_mean_vec(near, wv), _mean_vec(rest, wv)])
                      for near, rest in (_left_context(tok.words, s) for tok, s, _, _ in spans)]) * NEG_VEC_WEIGHT
    return _hstack([vec.fit_transform(feats) if fit else vec.transform(feats), dense])


def _left_context(words: list[str], start: int) -> tuple[list[str], list[str]]:
    """The nearest content word within four before a value, and the other content words there: in "skip the onyx"
    the cue is "skip", not "the", and in "nothing made of bamboo" the "of" says nothing."""
    window = [w for w in words[max(0, start - 4):start] if _is_content(w)]
    return window[-1:], window[:-1]


def span_text(words: list[str]) -> str:
    return " ".join(words)


def _mean_vec(words: list[str], wv: dict[str, np.ndarray]) -> np.ndarray:
    v = np.mean([wv[w] for w in words], axis=0) if words else np.zeros(384, dtype=np.float32)
    norm = float(np.linalg.norm(v))
    return (v / norm if norm else v).astype(np.float32)


def _hstack(parts) -> sparse.csr_matrix:
    """Join sparse and dense blocks; liblinear wants 32-bit indices, which scipy's hstack does not keep."""
    m = sparse.hstack([p if sparse.issparse(p) else sparse.csr_matrix(p) for p in parts]).tocsr()
    m.indices, m.indptr = m.indices.astype(np.int32), m.indptr.astype(np.int32)
    return m
