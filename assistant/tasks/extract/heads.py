"""Training the extract heads: clause tags by multiple-instance assignment, sentiment, use cases, difficulty."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import cross_val_predict

from assistant.tasks.extract.features import (SUMMARY_SIZE, TAG_THRESHOLD, TFIDF_WEIGHT, USE_THRESHOLD, Encoded,
                                              featurize, keyword_hits, make_char_vectorizer, make_vectorizer,
                                              sentiment_summary)
from assistant.tasks.extract.lexicon import USE_CASE_KEYWORDS, lexicon_counts, words_for
from assistant.tasks.extract.schema import ExtractOutput
from assistant.tasks.extract.vocabulary import Vocabulary


def use_case_features(heads: ExtractHeads, enc: Encoded) -> sparse.csr_matrix:
    """Review embedding, word and character n-grams and keyword hits: use cases are named in a phrase or two
    ("for my sister's wedding", "on my daily commute"), so exact and typo-tolerant wording carries them."""
    return sparse.hstack([featurize(heads.vectorizer, enc.texts, enc.review_emb),
                          heads.char_vectorizer.transform(enc.texts) * TFIDF_WEIGHT,
                          sparse.csr_matrix(keyword_hits(enc.texts, heads.use_words))]).tocsr()


def tags_of(output: ExtractOutput) -> list[str]:
    return [f"aspect:{a}" for a in output.aspects] + [f"use:{u}" for u in output.use_cases]


def tag_matrix(enc: Encoded, outputs: list[ExtractOutput], names: list[str]) -> np.ndarray:
    """Clause x tag, 1 where the clause's review carries the tag: every clause inherits its review's tags."""
    col = {t: k for k, t in enumerate(names)}
    inherited = np.zeros((len(enc.clauses), len(names)), dtype=np.float32)
    for j, i in enumerate(enc.owners):
        for t in tags_of(outputs[i]):
            inherited[j, col[t]] = 1.0
    return inherited


def assign_tags(enc: Encoded, outputs: list[ExtractOutput], names: list[str]) -> np.ndarray:
    """Attribute each review's tags to its clauses (a clause x tag 0/1 matrix).

    Labels name tags per review, not per clause. A ridge regression from clause embeddings to the inherited tags
    learns which wording goes with which tag; each gold tag then goes to the clause of its review that scores
    highest. Twice: the second pass learns from the first pass's cleaner targets.
    """
    col = {t: k for k, t in enumerate(names)}
    targets = tag_matrix(enc, outputs, names)
    for _ in range(2):
        # alpha=10: a smooth first guess; it only has to rank a review's few clauses.
        scores = Ridge(alpha=10.0).fit(enc.clause_emb, targets).predict(enc.clause_emb)
        targets = np.zeros_like(targets)
        for i, out in enumerate(outputs):
            mine = np.flatnonzero(enc.owners == i)
            for t in tags_of(out):
                targets[mine[np.argmax(scores[mine, col[t]])], col[t]] = 1.0
    return targets


def full_labels(outputs: list[ExtractOutput]) -> bool:
    """False for a sentiment-only file (no aspect, use case or difficulty anywhere): only that head is trained."""
    return any(o.aspects or o.use_cases or o.mentions_difficulty for o in outputs)


@dataclass
class ExtractHeads:
    vectorizer: TfidfVectorizer
    overall: LogisticRegression
    tagger: Ridge | None = None
    tags: list[str] = field(default_factory=list)
    sentiment: LogisticRegression | None = None
    difficulty: LogisticRegression | None = None
    char_vectorizer: TfidfVectorizer | None = None
    uses: Ridge | None = None  # review-level use-case scores, one column per `use_cases` entry
    # The store's vocabulary the heads were trained with (review_aspects.yaml): its use cases in column order, the
    # words that name each, and the aspects whose negative remark is a difficulty.
    use_cases: list[str] = field(default_factory=list)
    use_words: list[list[str]] = field(default_factory=list)
    difficulty_aspects: list[str] = field(default_factory=list)
    info: dict = field(default_factory=dict)


def lexicon_features(texts: list[str]) -> np.ndarray:
    """Positive and negative word counts after negation (the baseline's lexicon), as two learned features."""
    scores = [lexicon_counts(t) for t in texts]
    return np.array(scores, dtype=np.float32).reshape(-1, 2) / 3.0  # /3: a clause rarely has more than 3 hits


def review_features(heads: ExtractHeads, enc: Encoded, summary: np.ndarray) -> sparse.csr_matrix:
    xr = featurize(heads.vectorizer, enc.texts, enc.review_emb)
    return sparse.hstack([xr, sparse.csr_matrix(summary), sparse.csr_matrix(lexicon_features(enc.texts))]).tocsr()


def clause_features(heads: ExtractHeads, enc: Encoded) -> sparse.csr_matrix:
    xc = featurize(heads.vectorizer, enc.clauses, enc.clause_emb)
    return sparse.hstack([xc, sparse.csr_matrix(lexicon_features(enc.clauses))]).tocsr()


def sentiment_rows(enc: Encoded, outputs: list[ExtractOutput], names: list[str],
                   targets: np.ndarray) -> tuple[list[int], list[str]]:
    """(clause, sentiment) rows: a clause carrying an aspect has that aspect's sentiment; a clause carrying no tag
    (a verdict such as "Would buy again") has its review's sentiment when every remark of the review agrees."""
    rows, tagged = [], targets.any(axis=1)
    for j, k in zip(*np.nonzero(targets)):
        if names[k].startswith("aspect:"):
            rows.append((int(j), outputs[enc.owners[j]].aspects[names[k][7:]]))
    for j in np.flatnonzero(~tagged):
        out = outputs[enc.owners[j]]
        if out.overall_sentiment != "mixed" and set(out.aspects.values()) <= {out.overall_sentiment, "neutral"}:
            rows.append((int(j), out.overall_sentiment))
    return [j for j, _ in rows], [y for _, y in rows]


def train_heads(enc: Encoded, outputs: list[ExtractOutput], vocab: Vocabulary, bar) -> ExtractHeads:
    heads = ExtractHeads(make_vectorizer().fit(enc.texts + enc.clauses), overall=None,  # type: ignore[arg-type]
                         use_cases=list(vocab.use_cases), difficulty_aspects=list(vocab.difficulty),
                         use_words=[words_for(u, vocab.words, USE_CASE_KEYWORDS) for u in vocab.use_cases])
    bar.update()
    summary = np.zeros((len(enc.texts), SUMMARY_SIZE), dtype=np.float32)
    if full_labels(outputs):
        heads.tags = sorted({t for o in outputs for t in tags_of(o)})
        targets = assign_tags(enc, outputs, heads.tags)
        # A multi-output ridge tagger: one closed-form solve for every tag, seconds on CPU. alpha=1: the assigned
        # targets are clean enough that a light penalty keeps rare tags (a few dozen clauses) visible.
        heads.tagger = Ridge(alpha=1.0).fit(enc.clause_emb, targets)
        train_use_cases(heads, enc, outputs)
        bar.update()
        xc = clause_features(heads, enc)
        sj, sy = sentiment_rows(enc, outputs, heads.tags, targets)
        # C=1: a stronger penalty keeps the head from memorising the training wording of praise and complaint.
        sentiment = LogisticRegression(C=1.0, max_iter=300)
        heads.sentiment = sentiment.fit(xc[sj], sy)
        # Out-of-fold clause sentiment for the overall head, so it does not learn to trust overfit scores.
        clause_probs = heads.sentiment.predict_proba(xc)
        clause_probs[sj] = cross_val_predict(sentiment, xc[sj], sy, cv=3, method="predict_proba")
        summary = sentiment_summary(clause_probs, enc.owners, len(enc.texts), list(heads.sentiment.classes_))
        bar.update()
    xr = review_features(heads, enc, summary)
    difficulty = [o.mentions_difficulty for o in outputs]
    if len(set(difficulty)) > 1:
        heads.difficulty = LogisticRegression(C=4.0, max_iter=300, class_weight="balanced").fit(xr, difficulty)
    bar.update()
    heads.overall = LogisticRegression(C=1.0, max_iter=500).fit(
        xr, [o.overall_sentiment for o in outputs])
    bar.update()
    return heads


def train_use_cases(heads: ExtractHeads, enc: Encoded, outputs: list[ExtractOutput]) -> None:
    """A review-level multi-output ridge for use cases. A review names a use case once, often in a clause that also
    praises something, so the whole review is a better unit than the clause for them."""
    if not heads.use_cases:  # the store lists none
        return
    heads.char_vectorizer = make_char_vectorizer().fit(enc.texts)
    targets = np.array([[u in o.use_cases for u in heads.use_cases] for o in outputs], dtype=np.float32)
    # alpha=0.3: chosen over 1.0 by 5-fold cross-validation on the training split.
    heads.uses = Ridge(alpha=0.3).fit(use_case_features(heads, enc), targets)


def predict_heads(heads: ExtractHeads, enc: Encoded, allowed: list[list[str]]) -> list[ExtractOutput]:
    """Apply the heads to an encoded batch; `allowed[i]` lists the aspect names review i may carry."""
    n = len(enc.texts)
    summary = np.zeros((n, SUMMARY_SIZE), dtype=np.float32)
    tag_probs = sent_probs = use_scores = None
    if heads.uses is not None:
        use_scores = heads.uses.predict(use_case_features(heads, enc))
    if heads.tagger is not None and heads.sentiment is not None:
        tag_probs = heads.tagger.predict(enc.clause_emb)
        sent_probs = heads.sentiment.predict_proba(clause_features(heads, enc))
        summary = sentiment_summary(sent_probs, enc.owners, n, list(heads.sentiment.classes_))
    xr = review_features(heads, enc, summary)
    overall = heads.overall.predict(xr)
    difficulty = (heads.difficulty.predict_proba(xr)[:, list(heads.difficulty.classes_).index(True)]
                  if heads.difficulty is not None and True in heads.difficulty.classes_ else np.zeros(n))
    outputs = []
    for i in range(n):
        aspects, uses = {}, []
        if tag_probs is not None:
            aspects, uses = _read_tags(heads, tag_probs, sent_probs, np.flatnonzero(enc.owners == i), allowed[i])
        if use_scores is not None:
            uses = [u for u, v in zip(heads.use_cases, use_scores[i]) if v >= USE_THRESHOLD]
        hard = any(aspects.get(a) == "negative" for a in heads.difficulty_aspects)
        outputs.append(ExtractOutput(overall_sentiment=str(overall[i]), aspects=aspects, use_cases=uses,
                                     mentions_difficulty=bool(difficulty[i] >= 0.5 or hard)))
    return outputs


def _read_tags(heads: ExtractHeads, tag_scores: np.ndarray, sent_probs: np.ndarray, clauses: np.ndarray,
               allowed: list[str]) -> tuple[dict[str, str], list[str]]:
    """Tags whose best clause reaches TAG_THRESHOLD, among those this review's department allows; an aspect's
    sentiment is its best clause's. (Use cases read here only for models saved before the review-level head.)"""
    sent_classes = list(heads.sentiment.classes_)
    aspects, uses = {}, []
    for k, tag in enumerate(heads.tags):
        if tag.startswith("aspect:") and tag[7:] not in allowed:
            continue
        best = int(np.argmax(tag_scores[clauses, k]))
        if tag_scores[clauses[best], k] < TAG_THRESHOLD:
            continue
        if tag.startswith("use:"):
            uses.append(tag[4:])
        else:
            aspects[tag[7:]] = sent_classes[int(np.argmax(sent_probs[clauses[best]]))]
    return aspects, sorted(uses)
