"""The curation report: is a labelled file fit to train on? Format, duplicates, contradictions, balance,
suspected label errors, tokens and cost. Errors make a file unfit; warnings say where it is weak."""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path

import numpy as np
from pydantic import BaseModel, Field
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from assistant.errors import DataErrors
from assistant.models.openai_pricing import PRICES_READ, count_messages
from assistant.tasks.base import TaskContext
from assistant.tasks.rows import MIN_PER_LABEL, read_rows
from assistant.tasks.specs import spec
from assistant.training import export, taskdata
from assistant.training.taskdata import NEAR_DUP_COSINE, TaskData, normalized

log = logging.getLogger(__name__)

MIN_EXAMPLES = 200  # under 200 examples a fine-tuned model is likely to overfit (and OpenAI's guide agrees)
FOLDS = 5  # 5-fold cross-validated predictions: every row is predicted by a model that never saw it
# A row is a suspected label error when the cross-validated model gives another label >= 0.8 probability: a person
# reads every flagged row, so only confident disagreements are flagged, not the coin-flips of ambiguous rows.
SUSPECT_CONFIDENCE = 0.8
MAX_LISTED = 500  # pairs kept in the JSON report per finding; the counts always cover every row


class Pair(BaseModel):
    a: str  # file:line
    b: str
    cosine: float
    a_text: str
    b_text: str
    a_label: str | None = None
    b_label: str | None = None


class Suspect(BaseModel):
    where: str
    text: str
    label: str
    predicted: str
    confidence: float


class CurationReport(BaseModel):
    task: str
    source: str
    n: int
    errors: list[str] = Field(default_factory=list)
    exact_duplicates: int = 0  # rows involved
    near_duplicates: int = 0
    contradictions: int = 0
    warnings: list[str] = Field(default_factory=list)
    threshold: float = NEAR_DUP_COSINE
    class_counts: dict[str, int] = Field(default_factory=dict)
    exact_pairs: list[Pair] = Field(default_factory=list)
    near_pairs: list[Pair] = Field(default_factory=list)
    contradiction_pairs: list[Pair] = Field(default_factory=list)
    label_suspects: list[Suspect] = Field(default_factory=list)
    tokens: dict[str, float] = Field(default_factory=dict)
    cost: dict[str, object] = Field(default_factory=dict)

    def summary(self) -> dict:
        """What `data check --json` prints."""
        return self.model_dump(include={"n", "errors", "exact_duplicates", "near_duplicates", "contradictions",
                                        "warnings"})


def curate(task: str, ctx: TaskContext, path: Path, text_field: str | None = None, label_field: str | None = None,
           base: str = export.DEFAULT_BASE, epochs: int = 2, threshold: float = NEAR_DUP_COSINE) -> CurationReport:
    """Every check on one file; rows that do not parse are reported and stop the rest (nothing to compare)."""
    try:
        data = taskdata.load_task_data(task, path, text_field, label_field)
    except DataErrors as exc:
        return CurationReport(task=task, source=str(path), n=_count_rows(path), errors=[str(e) for e in exc.errors])
    report = CurationReport(task=task, source=str(path), n=len(data), threshold=threshold)
    texts, labels = data.texts, data.labels()
    emb = taskdata.embed(ctx, texts)
    _duplicates(report, data, texts, labels, emb, threshold)
    _balance(report, data)
    _suspects(report, data, texts, labels, emb)
    _tokens(report, data, base, epochs)
    return report


def _count_rows(path: Path) -> int:
    try:
        return sum(1 for _ in read_rows(path))
    except DataErrors:
        return 0


def _pair(data: TaskData, texts: list[str], labels: list, i: int, j: int, cos: float) -> Pair:
    return Pair(a=data.where(i), b=data.where(j), cosine=cos, a_text=texts[i], b_text=texts[j],
                a_label=labels[i], b_label=labels[j])


def _duplicates(report: CurationReport, data: TaskData, texts: list[str], labels: list, emb: np.ndarray,
                threshold: float) -> None:
    """Exact duplicates (normalized text), near-duplicates (cosine >= threshold) and contradictions among both."""
    by_text: dict[str, list[int]] = {}
    for i, t in enumerate(texts):
        by_text.setdefault(normalized(t), []).append(i)
    exact = [(g[0], j, 1.0) for g in by_text.values() if len(g) > 1 for j in g[1:]]
    near = [(i, j, c) for i, j, c in taskdata.similar_pairs(emb, threshold=threshold)
            if normalized(texts[i]) != normalized(texts[j])]
    clash = [(i, j, c) for i, j, c in exact + near if labels[i] is not None and labels[i] != labels[j]]
    for name, pairs in (("exact", exact), ("near", near), ("contradiction", clash)):
        setattr(report, {"exact": "exact_duplicates", "near": "near_duplicates",
                         "contradiction": "contradictions"}[name], len({k for i, j, _ in pairs for k in (i, j)}))
        listed = [_pair(data, texts, labels, i, j, c) for i, j, c in pairs[:MAX_LISTED]]
        setattr(report, f"{name}_pairs", listed)
    if report.exact_duplicates:
        report.warnings.append(f"{report.exact_duplicates} rows are exact duplicates ({len(exact)} pairs): "
                               f"they weigh double in training and can leak across a split")
    if report.near_duplicates:
        report.warnings.append(f"{report.near_duplicates} rows are near-duplicates (cosine >= {threshold}, "
                               f"{len(near)} pairs): the split keeps each group on one side")
    if report.contradictions:
        report.warnings.append(f"{report.contradictions} rows contradict each other: the same or near-same input "
                               f"with different labels ({len(clash)} pairs)")


def _balance(report: CurationReport, data: TaskData) -> None:
    counts = Counter(c for e in data.examples for c in spec(data.task).class_labels(e, data.label_field))
    report.class_counts = dict(counts.most_common())
    rare = sorted((c for c, k in counts.items() if k < MIN_PER_LABEL), key=lambda c: (counts[c], c))
    if rare:
        shown = ", ".join(f"'{c}' ({counts[c]})" for c in rare[:8])
        shown += f", ... {len(rare) - 8} more" if len(rare) > 8 else ""
        report.warnings.append(f"{len(rare)} of {len(counts)} classes have fewer than {MIN_PER_LABEL} examples: "
                               f"{shown}")
    if len(data) < MIN_EXAMPLES:
        report.warnings.append(f"only {len(data)} examples (under {MIN_EXAMPLES}): you're likely to overfit")


def _suspects(report: CurationReport, data: TaskData, texts: list[str], labels: list, emb: np.ndarray) -> None:
    """Cross-validated predictions (logistic regression on the embeddings) that confidently disagree with the label.

    Only for single-label tasks (classify's category, extract's sentiment); classes with fewer rows than folds
    cannot be cross-validated and are left out."""
    if data.task not in ("classify", "extract") or len(data) < 2 * FOLDS:
        return

    counts = Counter(labels)
    idx = np.array([i for i, lab in enumerate(labels) if counts[lab] >= FOLDS])
    ys = np.array([labels[i] for i in idx])
    if len(set(ys)) < 2:
        return
    clf = LogisticRegression(max_iter=300, C=4.0)  # C=4: MiniLM features are few (384) and need little shrinkage
    folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=0)
    proba = cross_val_predict(clf, emb[idx], ys, cv=folds, method="predict_proba")
    classes = np.array(sorted(set(ys)))
    best = proba.argmax(axis=1)
    for k, i in enumerate(idx):
        if classes[best[k]] != ys[k] and proba[k, best[k]] >= SUSPECT_CONFIDENCE:
            report.label_suspects.append(Suspect(where=data.where(int(i)), text=texts[i], label=str(ys[k]),
                                                 predicted=str(classes[best[k]]),
                                                 confidence=round(float(proba[k, best[k]]), 3)))
    report.label_suspects.sort(key=lambda s: -s.confidence)
    if report.label_suspects:
        report.warnings.append(f"{len(report.label_suspects)} suspected label errors: a cross-validated model "
                               f"predicts another label with >= {SUSPECT_CONFIDENCE} confidence")


def _tokens(report: CurationReport, data: TaskData, base: str, epochs: int) -> None:
    """OpenAI format checks on the exported chat examples, their token counts and the training cost."""
    counts = []
    for i, e in enumerate(data.examples):
        chat = export.chat_example(data.task, e)
        report.errors += [f"{data.where(i)}: {p}" for p in export.format_problems(chat, base)]
        counts.append(count_messages(chat["messages"], base))
    total = int(sum(counts))
    report.tokens = {"total": total, "mean": round(total / max(1, len(counts)), 1), "max": max(counts, default=0)}
    usd = export.training_cost(total, epochs, base)
    report.cost = {"base": base, "epochs": epochs, "billed_tokens": total * epochs, "usd": usd,
                   "prices_read_on": PRICES_READ}
    if usd is None:
        report.warnings.append(f"no training price listed for {base}: cost not estimated")
