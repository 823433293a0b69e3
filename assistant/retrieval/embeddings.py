"""Chroma's view of the bundled all-MiniLM-L6-v2; the embedder itself lives with the models (`assistant.models`)."""

from __future__ import annotations

from typing import Any

from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

from assistant.models.embedder import DIM, MODEL_NAME, CachedEmbedder, Embedder, get_embedder

__all__ = ["DIM", "MODEL_NAME", "CachedEmbedder", "Embedder", "MiniLMEmbeddingFunction", "get_embedder"]


@register_embedding_function
class MiniLMEmbeddingFunction(EmbeddingFunction[Documents]):
    """Chroma's view of our embedder, registered so a reopened collection rebuilds it instead of downloading."""

    def __init__(self) -> None:
        pass

    def __call__(self, input: Documents) -> Embeddings:
        return list(get_embedder().encode(list(input)))

    @staticmethod
    def name() -> str:
        return "storefront-minilm"

    def get_config(self) -> dict[str, Any]:
        return {"model": MODEL_NAME}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "MiniLMEmbeddingFunction":
        return MiniLMEmbeddingFunction()

    def default_space(self) -> str:
        return "cosine"
