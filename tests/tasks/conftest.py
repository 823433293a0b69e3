"""The task tests share one context: the demo store's taxonomy and ontology, and the session's embedder."""

from __future__ import annotations

import pytest

from assistant.knowledge import load_ontology, load_taxonomy
from assistant.tasks.base import TaskContext
from tests.conftest import KNOWLEDGE


@pytest.fixture(scope="session")
def ctx(embedder) -> TaskContext:
    errors: list = []
    taxonomy = load_taxonomy(KNOWLEDGE / "taxonomy.txt", errors)
    ontology = load_ontology(KNOWLEDGE / "ontology.yaml", errors)
    assert not errors
    return TaskContext(embedder=embedder, taxonomy=taxonomy, ontology=ontology, knowledge_dir=KNOWLEDGE)
