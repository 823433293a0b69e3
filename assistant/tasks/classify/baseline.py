"""The zero-shot baseline: the label whose name embeds closest to the title."""

from __future__ import annotations

import numpy as np

from assistant.knowledge import Taxonomy
from assistant.tasks.base import TaskContext
from assistant.tasks.classify.attributes import AttributeTagger, taxonomy_path
from assistant.tasks.classify.schema import ClassifyInput, ClassifyOutput


def label_texts(label: str, taxonomy: Taxonomy) -> list[str]:
    """What a label is called: a leaf's name, alone and with its parent ("Mugs (Drinkware)"); a store label as is."""
    path = taxonomy_path(label, taxonomy)
    if not path:
        return [label.replace(">>", ">")]
    parts = path.split(" > ")
    return [parts[-1]] if len(parts) < 2 else [parts[-1], f"{parts[-1]} ({parts[-2]})"]


def label_vectors(labels: list[str], ctx: TaskContext) -> np.ndarray:
    """One unit vector per label: the mean of its names' embeddings (better zero-shot than either name alone)."""
    texts = [label_texts(lab, ctx.taxonomy) for lab in labels]
    flat = ctx.embedder.encode([t for ts in texts for t in ts])
    owner = np.repeat(np.arange(len(labels)), [len(ts) for ts in texts])
    vecs = np.zeros((len(labels), flat.shape[1]), dtype=np.float32)
    np.add.at(vecs, owner, flat)
    return vecs / np.linalg.norm(vecs, axis=1, keepdims=True)


class ZeroShotClassifier:
    """Untrained: the label whose name embeds closest to the title; attributes by ontology synonyms alone."""

    task = "classify"
    kind = "baseline"
    name = "zero-shot-label-similarity"

    def __init__(self, ctx: TaskContext, labels: list[str] | None = None):
        self.ctx = ctx
        self.labels = labels or sorted(str(c) for c in ctx.taxonomy.leaves)
        self.label_vecs = label_vectors(self.labels, ctx)
        self.tagger = AttributeTagger.from_ontology(ctx.ontology, ctx.taxonomy, self.labels)

    def predict(self, inputs: list[ClassifyInput]) -> list[ClassifyOutput]:
        if not inputs:
            return []
        texts = [i.text for i in inputs]
        sims = self.ctx.embedder.encode(texts) @ self.label_vecs.T
        # softmax at temperature 0.05: cosines sit in a narrow band, so unscaled they would all look alike
        z = np.exp((sims - sims.max(axis=1, keepdims=True)) / 0.05)
        probs = z / z.sum(axis=1, keepdims=True)
        out = []
        for text, p in zip(texts, probs):
            k = int(p.argmax())
            label = self.labels[k]
            out.append(ClassifyOutput(category=label, path=taxonomy_path(label, self.ctx.taxonomy),
                                      attributes=self.tagger.tag(text, label), confidence=round(float(p[k]), 4)))
        return out
