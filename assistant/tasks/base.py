"""What every task model shares: one interface for the fine-tuned, baseline and OpenAI implementations."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Generic, Literal, Protocol, TypeVar

from pydantic import BaseModel

from assistant.knowledge import Ontology, Taxonomy
from assistant.retrieval.embeddings import Embedder

I = TypeVar("I", bound=BaseModel)
O = TypeVar("O", bound=BaseModel)
Task = Literal["classify", "rewrite", "describe", "extract"]
TASKS: tuple[str, ...] = Task.__args__  # type: ignore[attr-defined]
Kind = Literal["finetuned", "baseline", "openai-prompted", "openai-finetuned", "fake"]


@dataclass
class TaskContext:
    """What models read besides their input: the embedder and the store's taxonomy and ontology."""

    embedder: Embedder
    taxonomy: Taxonomy
    ontology: Ontology
    knowledge_dir: Path
    extra: dict[str, Any] = field(default_factory=dict)


class Example(BaseModel, Generic[I, O]):
    """One labelled row: the model's input and the ideal output."""

    input: I
    output: O


class TaskModel(Protocol[I, O]):
    """A model of one task. `predict` works on batches so embeddings are computed in batches."""

    task: ClassVar[str]
    kind: str
    name: str

    def predict(self, inputs: list[I]) -> list[O]: ...


class TrainableModel(TaskModel[I, O], Protocol):
    """A local model that trains on CPU and saves itself as an artifact folder."""

    @classmethod
    def train(cls, examples: list[Example], ctx: TaskContext, progress: bool = True) -> "TrainableModel": ...

    def save(self, folder: Path) -> None: ...

    @classmethod
    def load(cls, folder: Path, ctx: TaskContext) -> "TrainableModel": ...


def build_context(settings, embedder: Embedder | None = None) -> TaskContext:
    """The context every task model gets, from the settings' knowledge folder."""
    from assistant.errors import DataErrors
    from assistant.knowledge import load_ontology, load_taxonomy
    from assistant.retrieval.embeddings import get_embedder

    errors: list = []
    taxonomy = load_taxonomy(settings.knowledge_dir / "taxonomy.txt", errors)
    ontology = load_ontology(settings.knowledge_dir / "ontology.yaml", errors)
    if errors:
        raise DataErrors(errors)
    return TaskContext(embedder or get_embedder(), taxonomy, ontology, settings.knowledge_dir)
