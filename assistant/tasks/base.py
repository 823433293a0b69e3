"""What every task model shares: one interface for the fine-tuned, baseline and OpenAI implementations."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Generic, Literal, Protocol, TypeVar

from pydantic import BaseModel

from assistant.config import Settings
from assistant.errors import DataError, DataErrors
from assistant.knowledge import Ontology, Taxonomy, load_ontology, load_taxonomy, store_name
from assistant.retrieval.embeddings import Embedder, get_embedder

I = TypeVar("I", bound=BaseModel)
O = TypeVar("O", bound=BaseModel)
Task = Literal["classify", "rewrite", "describe", "extract", "route"]
TASKS: tuple[str, ...] = Task.__args__  # type: ignore[attr-defined]
Kind = Literal["finetuned", "baseline", "openai-prompted", "openai-finetuned", "fake"]


@dataclass
class TaskContext:
    """What models read besides their input: the embedder and the store's taxonomy, ontology and name."""

    embedder: Embedder
    taxonomy: Taxonomy
    ontology: Ontology
    knowledge_dir: Path
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def store_name(self) -> str:
        return store_name(self.knowledge_dir)


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


def build_context(settings: Settings, embedder: Embedder | None = None) -> TaskContext:
    """The context every task model gets, from the settings' knowledge folder."""
    errors: list[DataError] = []
    taxonomy = load_taxonomy(settings.knowledge_dir / "taxonomy.txt", errors)
    ontology = load_ontology(settings.knowledge_dir / "ontology.yaml", errors)
    if errors:
        raise DataErrors(errors)
    return TaskContext(embedder or get_embedder(), taxonomy, ontology, settings.knowledge_dir)
