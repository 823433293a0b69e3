"""The fine-tuned extractor: the trained heads behind the task interface, saved and loaded as an artifact."""

from __future__ import annotations

import json
from pathlib import Path

import joblib
import numpy as np
from tqdm import tqdm

from assistant.errors import DataError, DataErrors
from assistant.models import fastload
from assistant.tasks.base import Example, TaskContext
from assistant.tasks.extract.features import Encoded, TAG_THRESHOLD, TFIDF_WEIGHT, USE_THRESHOLD
from assistant.tasks.extract.heads import ExtractHeads, clause_features, full_labels, predict_heads, train_heads
from assistant.tasks.extract.schema import ExtractInput, ExtractOutput, allowed_aspects
from assistant.tasks.extract.vocabulary import VOCABULARY_FILE, Vocabulary, vocabulary


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
            heads = train_heads(enc, outputs, checked_vocabulary(examples, ctx), bar)
        heads.info = {"examples": len(examples), "full_labels": full_labels(outputs)}
        return cls(heads, ctx)

    def save(self, folder: Path) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        joblib.dump({"vectorizer": self.heads.vectorizer, "overall": self.heads.overall,
                     "tagger": self.heads.tagger, "tags": self.heads.tags, "sentiment": self.heads.sentiment,
                     "difficulty": self.heads.difficulty, "char_vectorizer": self.heads.char_vectorizer,
                     "uses": self.heads.uses, "use_cases": self.heads.use_cases, "use_words": self.heads.use_words,
                     "difficulty_aspects": self.heads.difficulty_aspects}, folder / "heads.joblib")
        (folder / "config.json").write_text(json.dumps(
            {"name": self.name, "tfidf_weight": TFIDF_WEIGHT, "tag_threshold": TAG_THRESHOLD,
             "use_threshold": USE_THRESHOLD, **self.heads.info},
            indent=2))

    @classmethod
    def load(cls, folder: Path, ctx: TaskContext) -> "ExtractModel":
        parts = fastload.load(Path(folder) / "heads.joblib")
        info = json.loads((Path(folder) / "config.json").read_text())
        heads = ExtractHeads(info=info, **parts)
        vocab = vocabulary(ctx)
        if (heads.use_cases, heads.difficulty_aspects) != (list(vocab.use_cases), list(vocab.difficulty)):
            # The heads score the use cases they were trained with: the registry reports this as a model to retrain.
            raise ValueError(f"trained for other use cases or difficulty aspects than {VOCABULARY_FILE} lists now")
        return cls(heads, ctx)


def checked_vocabulary(examples: list[Example], ctx: TaskContext) -> Vocabulary:
    """The store's vocabulary, once every aspect and use case the examples name is in it: a label the store does
    not list would train a tag its reviews are never read for."""
    vocab = vocabulary(ctx)
    aspects, uses = set(vocab.all_aspects), set(vocab.use_cases)
    named: dict[tuple[str, str], str] = {}  # (field, name) -> the text of the first example naming it
    for e in examples:
        for a in e.output.aspects:
            named.setdefault(("aspects", a), e.input.text)
        for u in e.output.use_cases:
            named.setdefault(("use_cases", u), e.input.text)
    missing = [(f, n, text) for (f, n), text in named.items() if n not in (aspects if f == "aspects" else uses)]
    if missing:
        path = ctx.knowledge_dir / VOCABULARY_FILE
        raise DataErrors([DataError(path, None, f, f"'{n}' is not listed, yet a training example names it "
                                                    f"({text[:60]!r}): add it here or fix the example")
                          for f, n, text in missing])
    return vocab
