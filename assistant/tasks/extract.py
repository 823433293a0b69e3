"""Review extraction: a customer review -> overall sentiment, aspects with their sentiment, use cases, difficulty.

The local model reads a review at two levels. The whole review gives the overall sentiment, the use cases and
whether it mentions a difficulty; use cases come from a review-level ridge regression on the embedding, word and
character n-grams and use-case keyword hits, so misspelt occasions ("weding") still count. Its clauses (split at
sentence ends, ";" and contrast words such as "but") give the aspects: a clause-level tagger (multi-output ridge
regression on embeddings) says which aspect or use case a clause talks about and a clause-level sentiment head
(logistic regression) says how; the tagger still learns use cases, which helps place the aspects beside them.
Training labels name aspects per review, not per clause, so each gold tag is first attributed to the clause a
first-pass regression finds most likely to carry it (a multiple-instance assignment). Sentiment features are MiniLM embeddings joined with word
n-gram TF-IDF, which keeps negations ("not comfortable") visible, and the counts of a small sentiment lexicon.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import joblib
import numpy as np
from pydantic import BaseModel, Field
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import cross_val_predict
from tqdm import tqdm

from assistant.errors import DataError, DataErrors
from assistant.models.registry import TaskSpec, register_task
from assistant.tasks.base import Example, TaskContext
from assistant.training.metrics import classification_metrics
from assistant.training.rows import parse_rows, require, warn_rare_labels

log = logging.getLogger(__name__)

# ------------------------------------------------------------------------------------------------ vocabulary
# Review aspects, fixed per department; scripts/make_catalog.py labels its reviews with these names.
ASPECTS: dict[str, list[str]] = {
    "apparel": ["fit", "fabric", "length", "color_accuracy", "comfort", "durability", "ease_of_care", "value"],
    "footwear": ["fit", "comfort", "support", "durability", "grip", "break_in", "ease_of_care", "value"],
    "bags_accessories": ["capacity", "build_quality", "comfort", "design", "color_accuracy", "durability", "fit",
                         "ease_of_use", "value"],
    "home_kitchen": ["performance", "build_quality", "ease_of_cleaning", "ease_of_use", "design", "size", "noise",
                     "comfort", "value"],
    "sports_outdoors": ["performance", "durability", "comfort", "grip", "weight", "size", "assembly",
                        "ease_of_cleaning", "value"],
    "beauty": ["scent", "texture", "longevity", "shade_match", "skin_reaction", "results", "packaging",
               "ease_of_use", "value"],
    "electronics": ["sound_quality", "battery_life", "comfort", "connectivity", "noise_cancelling",
                    "charging_speed", "build_quality", "fit", "ease_of_use", "value"],
}
ALL_ASPECTS: list[str] = sorted({a for names in ASPECTS.values() for a in names})
# A negative remark on one of these aspects is a difficulty (care, cleaning, setup, assembly).
DIFFICULTY_ASPECTS = ("ease_of_care", "ease_of_cleaning", "ease_of_use", "assembly")
USE_CASES: list[str] = ["wedding", "work", "travel", "party", "everyday", "beach", "gift", "lounging", "gym",
                        "hiking", "running", "commute", "camping", "family_meals", "entertaining", "sleep",
                        "work_from_home", "gaming", "yoga"]

Sentiment = Literal["positive", "negative", "mixed"]
AspectSentiment = Literal["positive", "negative", "neutral"]
CLAUSE_SPLIT = re.compile(r"(?<=[.!?;])\s+|\s*;\s*|\s+-\s+|\.{3}\s*|,?\s+\b(?:but|though|although|however|yet|"
                          r"whereas|except|on the other hand)\b,?\s+", re.IGNORECASE)
MIN_SENTIMENT_COUNT = 5


class ExtractInput(BaseModel):
    """One customer review, with its department or category when known."""

    text: str = Field(min_length=1)
    category: str | None = None


class ExtractOutput(BaseModel):
    """What the review says."""

    overall_sentiment: Sentiment
    aspects: dict[str, AspectSentiment] = Field(default_factory=dict)
    use_cases: list[str] = Field(default_factory=list)
    mentions_difficulty: bool = False


def split_clauses(text: str) -> list[str]:
    """Sentences, cut again at ";" and contrast words, so "love the colour but the zip broke" is two clauses."""
    parts = [p.strip(" ,.!?") for p in CLAUSE_SPLIT.split(text) if p]
    parts = [p for p in parts if len(p) > 1]
    return parts or [text]


def clause_around(sentence: str, start: int) -> str:
    """The clause of `sentence` that contains the character at `start` (an aspect term's position)."""
    pos = 0
    for m in CLAUSE_SPLIT.finditer(sentence):
        if m.start() > start:
            break
        pos = m.end()
    end = next((m.start() for m in CLAUSE_SPLIT.finditer(sentence) if m.start() > start), len(sentence))
    return sentence[pos:end].strip(" ,.!?") or sentence


def department_of(category: str | None, ctx: TaskContext | None) -> str | None:
    """A department key from a department name, a taxonomy leaf name, a taxonomy path or a category id."""
    if not category:
        return None
    key = category.strip().lower().replace(" & ", "_").replace(" ", "_")
    if key in ASPECTS:
        return key
    if ctx is None:
        return None
    name = category.strip()
    paths = ctx.taxonomy.paths
    if name.isdigit() and int(name) in paths:
        return ctx.ontology.department_of(paths[int(name)])
    for path in paths.values():
        if path == name or path.rsplit(" > ", 1)[-1].lower() == name.lower():
            return ctx.ontology.department_of(path)
    return None


def allowed_aspects(category: str | None, ctx: TaskContext | None) -> list[str]:
    dept = department_of(category, ctx)
    return ASPECTS[dept] if dept else ALL_ASPECTS


# ------------------------------------------------------------------------------------------------ features

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


def keyword_hits(texts: list[str]) -> np.ndarray:
    """Review x use case, 1 where the review has one of the use case's plain keywords (the baseline's list)."""
    lowered = [t.lower() for t in texts]
    return np.array([[any(_has(t, k) for k in USE_CASE_KEYWORDS[u]) for u in USE_CASES] for t in lowered],
                    dtype=np.float32)


def use_case_features(heads: "ExtractHeads", enc: "Encoded") -> sparse.csr_matrix:
    """Review embedding, word and character n-grams and keyword hits: use cases are named in a phrase or two
    ("for my sister's wedding", "on my daily commute"), so exact and typo-tolerant wording carries them."""
    return sparse.hstack([featurize(heads.vectorizer, enc.texts, enc.review_emb),
                          heads.char_vectorizer.transform(enc.texts) * TFIDF_WEIGHT,
                          sparse.csr_matrix(keyword_hits(enc.texts))]).tocsr()


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


# ------------------------------------------------------------------------------------------------ training


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
    uses: Ridge | None = None  # review-level use-case scores, one column per USE_CASES entry
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


def train_heads(enc: Encoded, outputs: list[ExtractOutput], bar) -> ExtractHeads:
    heads = ExtractHeads(make_vectorizer().fit(enc.texts + enc.clauses), overall=None)  # type: ignore[arg-type]
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
    heads.char_vectorizer = make_char_vectorizer().fit(enc.texts)
    targets = np.array([[u in o.use_cases for u in USE_CASES] for o in outputs], dtype=np.float32)
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
            uses = [u for u, v in zip(USE_CASES, use_scores[i]) if v >= USE_THRESHOLD]
        hard = any(aspects.get(a) == "negative" for a in DIFFICULTY_ASPECTS)
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


class ExtractModel:
    """MiniLM + TF-IDF features with logistic-regression heads at review and clause level."""

    task = "extract"
    kind = "finetuned"
    name = "minilm-clause-logreg"

    def __init__(self, heads: ExtractHeads, ctx: TaskContext):
        self.heads, self.ctx = heads, ctx

    def predict(self, inputs: list[ExtractInput]) -> list[ExtractOutput]:
        if not inputs:
            return []
        enc = Encoded.build([x.text for x in inputs], self.ctx.embedder)
        return predict_heads(self.heads, enc, [allowed_aspects(x.category, self.ctx) for x in inputs])

    def clause_sentiments(self, clauses: list[str]) -> list[str]:
        """The sentiment of each clause on its own (positive/negative/neutral), e.g. the clause around an aspect term."""
        if self.heads.sentiment is None:
            raise ValueError("this model was trained on sentiment labels only: it has no clause sentiment head")
        enc = Encoded(clauses, clauses, np.arange(len(clauses)), np.zeros((0, 1)), self.ctx.embedder.encode(clauses))
        return [str(c) for c in self.heads.sentiment.predict(clause_features(self.heads, enc))]

    @classmethod
    def train(cls, examples: list[Example], ctx: TaskContext, progress: bool = True) -> "ExtractModel":
        outputs = [e.output for e in examples]
        with tqdm(total=6, desc="extract: train", disable=not progress) as bar:
            enc = Encoded.build([e.input.text for e in examples], ctx.embedder)
            bar.update()
            heads = train_heads(enc, outputs, bar)
        heads.info = {"examples": len(examples), "full_labels": full_labels(outputs)}
        return cls(heads, ctx)

    def save(self, folder: Path) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        joblib.dump({"vectorizer": self.heads.vectorizer, "overall": self.heads.overall,
                     "tagger": self.heads.tagger, "tags": self.heads.tags, "sentiment": self.heads.sentiment,
                     "difficulty": self.heads.difficulty, "char_vectorizer": self.heads.char_vectorizer,
                     "uses": self.heads.uses}, folder / "heads.joblib")
        (folder / "config.json").write_text(json.dumps(
            {"name": self.name, "tfidf_weight": TFIDF_WEIGHT, "tag_threshold": TAG_THRESHOLD,
             "use_threshold": USE_THRESHOLD, **self.heads.info},
            indent=2))

    @classmethod
    def load(cls, folder: Path, ctx: TaskContext) -> "ExtractModel":
        parts = joblib.load(Path(folder) / "heads.joblib")
        info = json.loads((Path(folder) / "config.json").read_text())
        return cls(ExtractHeads(info=info, **parts), ctx)


# ------------------------------------------------------------------------------------------------ baseline

POSITIVE_WORDS = set("""good great excellent amazing awesome love loved loves lovely perfect perfectly fantastic
wonderful nice comfortable comfy soft sturdy solid happy pleased impressed impressive recommend best beautiful
gorgeous easy quick fast quiet light lightweight durable reliable worth superb brilliant outstanding favorite
favourite fine smooth clear crisp bright well sleek cute stylish pretty glad satisfied top keeper bargain terrific
flawless fabulous exceptional incredible elegant delighted plenty true exactly spot right""".split())
NEGATIVE_WORDS = set("""bad poor terrible awful horrible hate hated worst disappointing disappointed disappointment
cheap flimsy broke broken break breaks cracked ripped tear torn uncomfortable hurts hurt hurting painful pain
itchy scratchy tight loose small short long heavy loud noisy slow difficult hard confusing useless waste return
returned returning refund leaked leaking leaks faded fades shrank shrunk defective rubbish junk unhappy annoying
problem problems issue issues fail failed fails stopped dies died dead overpriced mediocre meh lacking weak thin
ugly tacky wrong stiff sticky greasy rash irritation regret avoid sadly unfortunately nightmare hassle mess
flaky subpar shoddy slippery fell""".split())
NEGATORS = {"not", "no", "never", "don't", "doesn't", "didn't", "isn't", "wasn't", "aren't", "won't", "can't",
            "cannot", "hardly", "without", "nothing", "zero", "nor"}
# Aspect keywords: the words of each aspect's name and the plain synonyms any shopper would use for it.
ASPECT_KEYWORDS: dict[str, list[str]] = {
    "fit": ["fit", "fits", "sizing", "size up", "size down", "true to size"], "fabric": ["fabric", "material", "cloth"],
    "length": ["length", "long", "short", "hem"], "color_accuracy": ["color", "colour", "shade", "pictured"],
    "comfort": ["comfort", "comfortable", "comfy", "uncomfortable"],
    "durability": ["durable", "durability", "lasted", "fell apart", "broke", "ripped", "held up"],
    "ease_of_care": ["wash", "washing", "dryer", "iron", "dry clean", "care"], "value": ["value", "price", "worth", "money"],
    "support": ["support", "arch"], "grip": ["grip", "traction", "slip", "slippery"], "break_in": ["break in", "break-in"],
    "capacity": ["capacity", "room", "space", "holds", "fits my"], "build_quality": ["build", "quality", "made", "construction", "flimsy"],
    "design": ["design", "look", "looks", "style"], "ease_of_use": ["easy to use", "setup", "set up", "use", "controls"],
    "performance": ["performance", "works", "performs", "power"], "ease_of_cleaning": ["clean", "cleaning", "dishwasher"],
    "size": ["size", "big", "small", "compact"], "noise": ["noise", "noisy", "loud", "quiet"],
    "weight": ["weight", "heavy", "light", "lightweight"], "assembly": ["assembly", "assemble", "put together", "instructions"],
    "scent": ["scent", "smell", "smells", "fragrance"], "texture": ["texture", "consistency", "greasy", "sticky"],
    "longevity": ["lasts", "last", "wear time", "all day", "fades"], "shade_match": ["shade", "match", "undertone"],
    "skin_reaction": ["skin", "irritation", "rash", "break out", "broke me out"], "results": ["results", "result", "difference"],
    "packaging": ["packaging", "bottle", "pump", "tube", "cap"], "sound_quality": ["sound", "audio", "bass"],
    "battery_life": ["battery"], "connectivity": ["bluetooth", "pair", "pairing", "connection", "connects", "disconnect"],
    "noise_cancelling": ["noise cancelling", "noise canceling", "anc", "noise cancellation"],
    "charging_speed": ["charging", "charges", "charge"],
}
USE_CASE_KEYWORDS: dict[str, list[str]] = {
    "wedding": ["wedding", "bride", "bridesmaid"], "work": ["work", "office", "job", "meetings"],
    "travel": ["travel", "trip", "vacation", "flight", "holiday"], "party": ["party", "night out", "nights out"],
    "everyday": ["every day", "everyday", "daily"], "beach": ["beach", "pool", "seaside"],
    "gift": ["gift", "present", "birthday"], "lounging": ["lounge", "lounging", "couch"],
    "gym": ["gym", "workout", "workouts", "lifting"], "hiking": ["hike", "hiking", "trail", "trek"],
    "running": ["run", "running", "jog", "marathon"], "commute": ["commute", "commuting", "train", "bus", "subway"],
    "camping": ["camping", "campsite", "tent"], "family_meals": ["family", "dinner", "dinners"],
    "entertaining": ["hosting", "host", "guests", "entertaining"], "sleep": ["sleep", "sleeping", "bedtime"],
    "work_from_home": ["work from home", "working from home", "home office", "remote", "zoom"],
    "gaming": ["gaming", "games", "game"], "yoga": ["yoga", "pilates"],
}
DIFFICULTY_KEYWORDS = ["hard to", "difficult", "struggle", "struggled", "confusing", "nightmare", "pain to", "hassle",
                       "took forever", "complicated", "tricky", "impossible to", "frustrating"]
WORD = re.compile(r"[a-z']+")


def _has(text: str, phrase: str) -> bool:
    return re.search(rf"\b{re.escape(phrase)}\b", text) is not None


def lexicon_counts(text: str) -> tuple[int, int]:
    """(positive, negative) sentiment words; a negator up to three words before a sentiment word flips it."""
    words = WORD.findall(text.lower().replace("’", "'"))
    pos = neg = 0
    for k, w in enumerate(words):
        sign = 1 if w in POSITIVE_WORDS else -1 if w in NEGATIVE_WORDS else 0
        if sign and any(n in NEGATORS or n.endswith("n't") for n in words[max(0, k - 3):k]):
            sign = -sign
        pos, neg = pos + (sign > 0), neg + (sign < 0)
    return pos, neg


def lexicon_polarity(text: str) -> int:
    """Positive minus negative words, after negation."""
    pos, neg = lexicon_counts(text)
    return pos - neg


class LexiconBaseline:
    """Word lists only: sentiment words with simple negation, aspect and use-case keywords. No training."""

    task = "extract"
    kind = "baseline"
    name = "lexicon"

    def __init__(self, ctx: TaskContext | None = None):
        self.ctx = ctx

    def predict(self, inputs: list[ExtractInput]) -> list[ExtractOutput]:
        return [self._one(x) for x in inputs]

    def _one(self, x: ExtractInput) -> ExtractOutput:
        clauses = [c.lower() for c in split_clauses(x.text)]
        scores = [lexicon_polarity(c) for c in clauses]
        aspects: dict[str, str] = {}
        for name in allowed_aspects(x.category, self.ctx):
            for c, s in zip(clauses, scores):
                if any(_has(c, k) for k in ASPECT_KEYWORDS.get(name, [name.replace("_", " ")])):
                    aspects[name] = "positive" if s > 0 else "negative" if s < 0 else "neutral"
                    break
        text = x.text.lower()
        uses = sorted(u for u, kws in USE_CASE_KEYWORDS.items() if any(_has(text, k) for k in kws))
        if any(s > 0 for s in scores) and any(s < 0 for s in scores):
            overall = "mixed"
        else:
            overall = "negative" if sum(scores) < 0 else "positive"
        hard = any(_has(text, k) for k in DIFFICULTY_KEYWORDS) or any(
            aspects.get(a) == "negative" for a in DIFFICULTY_ASPECTS)
        return ExtractOutput(overall_sentiment=overall, aspects=aspects, use_cases=uses, mentions_difficulty=hard)


# ------------------------------------------------------------------------------------------------ scoring


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Micro precision, recall, F1; an empty gold and empty prediction everywhere is a perfect 1.0."""
    if tp + fp + fn == 0:
        return 1.0, 1.0, 1.0
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _set_prf(pred: list[set], gold: list[set]) -> tuple[float, float, float]:
    tp = sum(len(p & g) for p, g in zip(pred, gold))
    return _prf(tp, sum(len(p) for p in pred) - tp, sum(len(g) for g in gold) - tp)


def score(predictions: list[ExtractOutput], golds: list[ExtractOutput]) -> dict:
    """Per-field metrics. `macro_f1` is the mean of overall_macro_f1, aspect_f1, use_case_f1 and difficulty_f1:
    one number for "extraction macro-F1" that weighs the four fields equally."""
    overall = classification_metrics([p.overall_sentiment for p in predictions], [g.overall_sentiment for g in golds])
    ap, ar, af = _set_prf([set(p.aspects.items()) for p in predictions], [set(g.aspects.items()) for g in golds])
    _, _, mf = _set_prf([set(p.aspects) for p in predictions], [set(g.aspects) for g in golds])
    up, ur, uf = _set_prf([set(p.use_cases) for p in predictions], [set(g.use_cases) for g in golds])
    diff = classification_metrics([str(p.mentions_difficulty) for p in predictions],
                                  [str(g.mentions_difficulty) for g in golds])
    diff_f1 = _prf(*_binary_counts(predictions, golds))[2]
    out = {"n": len(golds), "overall_accuracy": overall["accuracy"], "overall_macro_f1": overall["macro_f1"],
           "overall_per_class": overall["per_class"], "aspect_precision": ap, "aspect_recall": ar, "aspect_f1": af,
           "aspect_mention_f1": mf, "use_case_precision": up, "use_case_recall": ur, "use_case_f1": uf,
           "difficulty_accuracy": diff["accuracy"], "difficulty_f1": diff_f1}
    out["macro_f1"] = float(np.mean([out["overall_macro_f1"], af, uf, diff_f1]))
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in out.items()}


def _binary_counts(predictions: list[ExtractOutput], golds: list[ExtractOutput]) -> tuple[int, int, int]:
    pairs = [(p.mentions_difficulty, g.mentions_difficulty) for p, g in zip(predictions, golds)]
    return (sum(p and g for p, g in pairs), sum(p and not g for p, g in pairs), sum(g and not p for p, g in pairs))


def label_of(output: ExtractOutput, field: str | None = None) -> str:
    """The scalar label `storefront evaluate --label-field F` scores: the overall sentiment by default;
    `mentions_difficulty`, `aspects`, `use_cases`, or `aspect:<name>` (that aspect's sentiment, or "none")."""
    if field in (None, "overall_sentiment", "sentiment", "rating", "stars", "label"):
        return output.overall_sentiment
    if field == "mentions_difficulty":
        return str(output.mentions_difficulty).lower()
    if field == "aspects":
        return ",".join(f"{a}:{s}" for a, s in sorted(output.aspects.items())) or "none"
    if field == "use_cases":
        return ",".join(sorted(output.use_cases)) or "none"
    if field.startswith("aspect:"):
        return output.aspects.get(field[7:], "none")
    return output.overall_sentiment


# ------------------------------------------------------------------------------------------------ loading

SENTIMENT_WORDS = {"positive": "positive", "pos": "positive", "negative": "negative", "neg": "negative",
                   "mixed": "mixed", "neutral": "mixed"}


def normalize_sentiment(value, binary: bool) -> str:
    """positive/negative/mixed from words (pos, neg), 1/0 (when the column is binary) or 1-5 star ratings."""
    raw = str(value).strip().lower()
    if raw in SENTIMENT_WORDS:
        return SENTIMENT_WORDS[raw]
    try:
        number = float(raw)
    except ValueError:
        raise ValueError(f"'{value}' is not a sentiment (positive/negative/mixed, pos/neg, 1/0 or 1-5 stars)") from None
    if binary:
        return "positive" if number == 1 else "negative"
    if not 1 <= number <= 5:
        raise ValueError(f"rating {value} is outside 1-5")
    return "negative" if number <= 2 else "mixed" if number < 4 else "positive"


def _full_row(path: Path, line: int, row: dict, text_field: str) -> Example:
    text = require(row, text_field, path, line)
    sentiment = require(row, "overall_sentiment", path, line)
    aspects = row.get("aspects") or {}
    uses = row.get("use_cases") or []
    if isinstance(aspects, str):
        aspects = json.loads(aspects)
    if isinstance(uses, str):
        uses = [u.strip() for u in re.split(r"[;,|]", uses) if u.strip()]
    for name in aspects:
        if name not in ALL_ASPECTS:
            raise DataError(path, line, f"aspects.{name}", f"unknown aspect (known: {', '.join(ALL_ASPECTS)})")
    for u in uses:
        if u not in USE_CASES:
            raise DataError(path, line, "use_cases", f"unknown use case '{u}' (known: {', '.join(USE_CASES)})")
    difficulty = row.get("mentions_difficulty", False)
    if isinstance(difficulty, str):
        difficulty = difficulty.strip().lower() in ("true", "1", "yes")
    try:
        sentiment = normalize_sentiment(sentiment, binary=False)
    except ValueError as exc:
        raise DataError(path, line, "overall_sentiment", str(exc)) from None
    return Example[ExtractInput, ExtractOutput](
        input=ExtractInput(text=text, category=row.get("category") or None),
        output=ExtractOutput(overall_sentiment=sentiment, aspects=aspects, use_cases=uses,
                             mentions_difficulty=bool(difficulty)))


def load_examples(path: Path, text_field: str | None = None, label_field: str | None = None) -> list[Example]:
    """Labelled reviews from JSONL or CSV. With `label_field` (a sentiment column: positive/negative, pos/neg, 1/0
    or 1-5 stars), only the overall sentiment is labelled and only that head is trained."""
    path, text_field = Path(path), text_field or "text"
    if label_field is None:
        examples = parse_rows(path, lambda line, row: _full_row(path, line, row, text_field))
    else:
        raw = parse_rows(path, lambda line, row: (line, require(row, text_field, path, line),
                                                  require(row, label_field, path, line), row.get("category")))
        numbers = {str(v).strip() for _, _, v, _ in raw} - set(SENTIMENT_WORDS)
        binary = bool(numbers) and numbers <= {"0", "1", "0.0", "1.0"}  # 0/1 labels, not 1-5 stars
        examples, errors = [], []
        for line, text, value, category in raw:
            try:
                examples.append(Example[ExtractInput, ExtractOutput](
                    input=ExtractInput(text=text, category=category or None),
                    output=ExtractOutput(overall_sentiment=normalize_sentiment(value, binary))))
            except ValueError as exc:
                errors.append(DataError(path, line, label_field, str(exc)))
        if errors:
            raise DataErrors(errors)
    warn_rare_labels([e.output.overall_sentiment for e in examples], path)
    return examples


# ------------------------------------------------------------------------------------------------ prompting

SYSTEM_PROMPT = (
    "You read one customer review of a product sold by Harbor & Pine, an online store, and extract what it says.\n"
    "Answer with JSON only: {\"overall_sentiment\": \"positive\"|\"negative\"|\"mixed\", \"aspects\": {name: "
    "\"positive\"|\"negative\"|\"neutral\"}, \"use_cases\": [name, ...], \"mentions_difficulty\": true|false}.\n"
    "overall_sentiment is mixed when the review praises something and complains about something else.\n"
    "aspects: only the aspects the review talks about, named from the list for the product's department:\n"
    + "\n".join(f"  {dept}: {', '.join(names)}" for dept, names in ASPECTS.items())
    + "\nuse_cases: what the reviewer used the product for or bought it for, from: " + ", ".join(USE_CASES) + ".\n"
    "mentions_difficulty: true when the review complains that the product is hard to care for, clean, set up, use "
    "or assemble.\nWatch for negation (\"not comfortable at all\"), contrast (\"love the colour but the zip broke\") "
    "and sarcasm."
)


def render_input(x: ExtractInput) -> str:
    """The user message: the department or category when known, then the review."""
    return (f"Category: {x.category}\n" if x.category else "") + f"Review: {x.text}"


register_task(TaskSpec(
    name="extract", input_model=ExtractInput, output_model=ExtractOutput, local=ExtractModel,
    baseline=LexiconBaseline, train_file="training/extract.jsonl", eval_file="evals/datasets/extract_heldout.jsonl",
    system_prompt=SYSTEM_PROMPT, render_input=render_input, load_examples=load_examples, score=score,
    headline="overall_macro_f1", extra={"label_of": label_of, "aspects": ASPECTS, "use_cases": USE_CASES},
))
