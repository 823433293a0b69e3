"""A task's labelled rows as the pipeline sees them: raw rows, parsed examples, input texts, labels, near-duplicates.

Curation, splitting, leakage checks and export all read data through `load_task_data`, so they agree on what a
row's input text is, what its label is, and which rows are near-duplicates of each other.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from assistant.config import REPO_ROOT
from assistant.errors import DataError, DataErrors
from assistant.retrieval.embeddings import CachedEmbedder
from assistant.tasks.base import Example, TaskContext
from assistant.tasks.rows import read_rows
from assistant.tasks.specs import spec

# 0.92 MiniLM cosine on the input text. Measured: a size suffix ("Red Chiffon Midi Dress" / "... - M") 0.928, a
# volume ("Mug 12 oz" / "16 oz") 0.963: one item, grouped. A colour swap (Red / Blue Chiffon Midi Dress) 0.895,
# a pack count 0.895, "Juniper Wrap Dress" / "Juniper Wrap Skirt" 0.859: distinct items, kept apart. Queries that
# differ only in a price ("red dress under 50" / "under 60") score 0.938 and are grouped too: on one side of a
# split they cannot leak a price pattern into the eval set.
NEAR_DUP_COSINE = 0.92
BLOCK = 1024  # rows per block of the similarity matrix: 1024 x 20,000 float32 is 80 MB at most


@dataclass
class TaskData:
    """The rows of one labelled file, aligned: rows[i] is the raw row of examples[i], read from lines[i]."""

    task: str
    path: Path
    rows: list[dict]
    lines: list[int]
    examples: list
    text_field: str | None = None
    label_field: str | None = None

    def __len__(self) -> int:
        return len(self.examples)

    @property
    def texts(self) -> list[str]:
        return [input_text(self.task, e) for e in self.examples]

    def labels(self) -> list[str | None]:
        return [spec(self.task).scalar_label(e, self.label_field) for e in self.examples]

    def where(self, i: int) -> str:
        return f"{self.path}:{self.lines[i]}"


def load_task_data(task: str, path: Path, text_field: str | None = None, label_field: str | None = None) -> TaskData:
    """Parse `path` with the task's own loader (DataErrors name file:line: field) and keep the raw rows beside."""
    s = spec(task)
    path = Path(path)
    raw = list(read_rows(path))
    examples = s.load_examples(path, text_field=text_field, label_field=label_field)
    if len(raw) != len(examples):  # every task loader maps one row to one example; anything else is a bug here
        raise DataErrors([DataError(path, None, None, f"{len(raw)} rows but {len(examples)} examples")])
    return TaskData(task, path, [r for _, r in raw], [n for n, _ in raw], examples, text_field, label_field)


def subset(data: TaskData, idx: list[int]) -> TaskData:
    return TaskData(data.task, data.path, [data.rows[i] for i in idx], [data.lines[i] for i in idx],
                    [data.examples[i] for i in idx], data.text_field, data.label_field)


def input_text(task: str, example: Example) -> str:
    """The text near-duplicates are judged on: the title, query or review; describe's whole rendered product."""
    item = example.input
    for name in ("text", "query"):
        if isinstance(getattr(item, name, None), str):
            return getattr(item, name)
    return spec(task).render_input(item)


def normalized(text: str) -> str:
    """A text as rows and passages are compared: case, spacing and curly apostrophes ignored ("Don’t  Stop" and
    "don't stop" are one text typed twice)."""
    return " ".join(text.replace("’", "'").lower().split())


def strata(task: str, data: TaskData) -> list[str]:
    """One stratum per row for stratified splitting: its rarest class, so rare classes reach both sides."""
    class_labels = spec(task).class_labels
    counts = Counter(c for e in data.examples for c in class_labels(e, data.label_field))
    return [min(class_labels(e, data.label_field), key=lambda c: (counts[c], c)) for e in data.examples]


def embed(ctx: TaskContext, texts: list[str]) -> np.ndarray:
    """MiniLM embeddings (unit rows); cached per text on disk when `ctx.extra["embedding_cache"]` names a folder,
    because check, split and leakage embed the same rows and 20,000 titles take minutes on two busy cores."""
    folder = ctx.extra.get("embedding_cache")
    if not folder or not texts:
        return ctx.embedder.encode(texts)
    return CachedEmbedder(ctx.embedder, Path(folder)).encode(texts)


def similar_pairs(a: np.ndarray, b: np.ndarray | None = None,
                  threshold: float = NEAR_DUP_COSINE) -> list[tuple[int, int, float]]:
    """(i, j, cosine) for rows at or above `threshold`; within `a` (i < j) when `b` is None, else a x b."""
    same = b is None
    b = a if same else b
    out: list[tuple[int, int, float]] = []
    for start in range(0, len(a), BLOCK):
        sims = a[start:start + BLOCK] @ b.T
        ii, jj = np.nonzero(sims >= threshold - 1e-6)  # 1e-6: float32 rounding of a cosine of exactly 1
        for i, j in zip(ii, jj):
            gi = start + int(i)
            if not same or gi < int(j):
                out.append((gi, int(j), round(float(sims[i, j]), 4)))
    return out


def group_ids(n: int, pairs: list[tuple[int, int, float]]) -> np.ndarray:
    """Union-find over the pairs (connected components): a chain a~b~c is one group even when a !~ c."""
    if not pairs:
        return np.arange(n)
    i, j = np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])
    graph = coo_matrix((np.ones(len(pairs)), (i, j)), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def heldout_files(task: str) -> list[Path]:
    """Every eval set of the task in evals/datasets (`<task>_*.jsonl`, e.g. `classify_heldout.jsonl`)."""
    return sorted((REPO_ROOT / "evals" / "datasets").glob(f"{task}_*.jsonl"))


def write_jsonl(path: Path, rows: list[dict]) -> None:
    atomic_write(path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))


def atomic_write(path: Path, text: str) -> None:
    """Write to a temporary file in the same folder and rename: a crash leaves the old file or the new, never half."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; these are ordinary data files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
