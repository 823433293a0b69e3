"""The fine-tuned classifier: MiniLM + character n-gram TF-IDF -> logistic regression."""

from __future__ import annotations

import json
from pathlib import Path

import joblib
import numpy as np
from scipy import sparse
from scipy.special import softmax
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from tqdm import tqdm

from assistant.errors import ModelError
from assistant.models import fastload
from assistant.retrieval.embeddings import DIM as EMBED_DIM
from assistant.tasks.base import Example, TaskContext
from assistant.tasks.classify.attributes import AttributeTagger, taxonomy_path
from assistant.tasks.classify.schema import ClassifyInput, ClassifyOutput


def char_vectorizer() -> TfidfVectorizer:
    # char_wb 2-5: abbreviations ("wmns"), SKU fragments and typos share 2-5 letter pieces with the words they
    # stand for; sublinear tf keeps a repeated word from dominating a short title.
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True, lowercase=True,
                           dtype=np.float32)


class TitleClassifier:
    """MiniLM + character n-gram TF-IDF -> logistic regression; attributes by a tagger learned from the rows."""

    task = "classify"
    kind = "finetuned"
    name = "minilm-chartfidf-logreg"

    def __init__(self, ctx: TaskContext, vectorizer: TfidfVectorizer, head: LogisticRegression,
                 tagger: AttributeTagger):
        self.ctx, self.vectorizer, self.head, self.tagger = ctx, vectorizer, head, tagger
        self.labels = [str(c) for c in head.classes_]
        # The head's weights split into the embedding block (dense) and the TF-IDF block (sparse): scoring the
        # two blocks apart skips stacking them into one sparse matrix, the costliest step beside the encode.
        self._w_emb = np.ascontiguousarray(head.coef_[:, :EMBED_DIM].T)
        self._w_tfidf = np.ascontiguousarray(head.coef_[:, EMBED_DIM:].T)

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """The head's predict_proba, computed block by block."""
        logits = self.ctx.embedder.encode(texts) @ self._w_emb + self.vectorizer.transform(texts) @ self._w_tfidf
        logits += self.head.intercept_
        if logits.shape[1] == 1:  # two labels: the binary head scores the second against the first
            logits = np.hstack([np.zeros_like(logits), logits])
        return softmax(logits, axis=1)

    def predict(self, inputs: list[ClassifyInput]) -> list[ClassifyOutput]:
        if not inputs:
            return []
        texts = [i.text for i in inputs]
        probs = self.probabilities(texts)
        best = probs.argmax(axis=1)
        out = []
        for text, k, p in zip(texts, best, probs):
            label = self.labels[k]
            out.append(ClassifyOutput(category=label, path=taxonomy_path(label, self.ctx.taxonomy),
                                      attributes=self.tagger.tag(text, label), confidence=round(float(p[k]), 4)))
        return out

    @classmethod
    def train(cls, examples: list[Example], ctx: TaskContext, progress: bool = True) -> "TitleClassifier":
        if len({e.output.category for e in examples}) < 2:
            raise ModelError("classify needs at least two categories to learn from")
        texts = [e.input.text for e in examples]
        labels = [e.output.category for e in examples]
        with tqdm(total=3, desc="classify", disable=not progress) as bar:
            bar.set_postfix_str("embedding")
            emb = ctx.embedder.encode(texts)
            bar.update()
            bar.set_postfix_str("category head")
            vectorizer = char_vectorizer().fit(texts)
            x = sparse.hstack([sparse.csr_matrix(emb), vectorizer.transform(texts)], format="csr")
            # C=20: titles are short and the classes many; a weak penalty lets a rare abbreviation count.
            head = LogisticRegression(C=20.0, max_iter=3000)
            head.fit(x, labels)
            bar.update()
            bar.set_postfix_str("attributes")
            tagger = AttributeTagger.from_ontology(ctx.ontology, ctx.taxonomy, sorted(set(labels)))
            tagger.learn(examples)
            bar.update()
        return cls(ctx, vectorizer, head, tagger)

    def save(self, folder: Path) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        joblib.dump({"vectorizer": self.vectorizer, "head": self.head}, folder / "model.joblib")
        (folder / "tagger.json").write_text(json.dumps(self.tagger.to_json(), indent=1, sort_keys=True))
        (folder / "meta.json").write_text(json.dumps({"name": self.name, "labels": self.labels}, indent=1))

    @classmethod
    def load(cls, folder: Path, ctx: TaskContext) -> "TitleClassifier":
        folder = Path(folder)
        parts = fastload.load(folder / "model.joblib")
        tagger = AttributeTagger.from_ontology(ctx.ontology, ctx.taxonomy, [])
        tagger.load_json(json.loads((folder / "tagger.json").read_text()))
        return cls(ctx, parts["vectorizer"], parts["head"], tagger)
