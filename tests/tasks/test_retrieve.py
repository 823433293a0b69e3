"""The trained policy search (`assistant/tasks/retrieve/`): a query adapter over MiniLM and an answerability gate,
trained on the store's policy questions, served only for the store's own policies and only when the setting asks."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from assistant.config import Settings
from assistant.errors import ModelError
from assistant.retrieval.ingest import ingest
from assistant.retrieval.search import PolicyRetriever
from assistant.retrieval.store import Store, connect
from assistant.tasks.base import TaskContext
from assistant.tasks.retrieve.model import QueryAdapter
from assistant.tasks.retrieve.train import artifact_dir, load_adapter, prepare_adapter, stale_reason
from tests.conftest import KNOWLEDGE


@pytest.fixture(scope="module")
def trained(tmp_path_factory, ctx: TaskContext, embedder):
    """The adapter trained once on a copy of the demo store (the copy is edited below), and its index."""
    root = tmp_path_factory.mktemp("retrieve")
    shutil.copytree(KNOWLEDGE, root / "knowledge")
    settings = Settings(knowledge_dir=root / "knowledge", index_dir=root / "index", data_dir=root / "data",
                        artifacts_dir=root / "models", retrieve_model="local")
    trained, why, _ = prepare_adapter(ctx, settings)
    assert trained and why == "no artifact"
    store = Store(connect(settings.index_dir))
    ingest(settings.knowledge_dir, store, embedder, progress=False)
    return settings, store


def search(retriever: PolicyRetriever, embedder, question: str):
    hits = retriever.search(embedder.encode_query(question), k=4, query=question)
    return hits, retriever.answerable(question, hits, 0.40)


def test_a_shoppers_casual_question_lands_on_its_section_and_a_topic_no_policy_covers_is_declined(trained, embedder):
    settings, store = trained
    retriever = PolicyRetriever(store, embedder, adapter=load_adapter(settings))
    hits, ok = search(retriever, embedder, "got a phone charger last week, dont really want it anymore. how many "
                                           "days do i get to send it back")
    assert hits[0].id == "returns.md#return-windows" and ok
    assert hits[0].score >= settings.answer_min_score, "the writer's floor lets the adapted section through"
    _, ok = search(retriever, embedder, "do you guys do gift wrapping for birthdays?")
    assert not ok


def test_the_manifest_records_the_cross_validated_numbers_it_was_chosen_by(trained):
    settings, _ = trained
    manifest = json.loads((artifact_dir(settings) / "manifest.json").read_text())
    cv = manifest["cv"]
    assert cv["questions"] > 500 and cv["hit_at_1"] > 0.7
    assert cv["unanswerable_declined"] >= 0.75, "the gate declines at least what the hand rules decline (0.70)"


def test_the_artifact_is_current_until_the_questions_or_policies_change(trained):
    settings, _ = trained
    assert stale_reason(settings) is None
    assert prepare_adapter(None, settings) == (False, "current", 0.0)
    questions = settings.knowledge_dir / "training" / "policy_qa.jsonl"
    original = questions.read_text()
    try:
        questions.write_text(original + json.dumps({"id": "pq-new", "kind": "unanswerable",
                                                    "question": "do you sell gift cards in euros?"}) + "\n")
        assert stale_reason(settings) == "the training questions or the policies changed"
        with pytest.raises(ModelError, match="storefront prepare"):
            load_adapter(settings)
    finally:
        questions.write_text(original)


def test_a_missing_adapter_stops_start_up_unless_the_store_has_no_policy_questions(trained, tmp_path):
    """As every task model does (`registry.load_local`): never the raw search in silence, which declines and
    answers otherwise than what was measured; a store with nothing to train it on serves the raw search."""
    settings, _ = trained
    empty = settings.model_copy(update={"artifacts_dir": tmp_path / "none"})
    with pytest.raises(ModelError, match="storefront prepare"):
        load_adapter(empty)
    assert load_adapter(empty.model_copy(update={"retrieve_model": "baseline"})) is None
    bare = tmp_path / "knowledge"
    shutil.copytree(settings.knowledge_dir / "policies", bare / "policies")
    assert load_adapter(empty.model_copy(update={"knowledge_dir": bare})) is None


def test_the_baseline_setting_and_other_policies_give_the_raw_search(trained, embedder):
    settings, store = trained
    assert load_adapter(settings.model_copy(update={"retrieve_model": "baseline"})) is None
    adapter = load_adapter(settings)
    question = "can i pay for my order in installments?"
    raw = search(PolicyRetriever(store, embedder), embedder, question)
    # the same adapter, trained on other sections (another store, the real terms pages), adapts nothing
    other = QueryAdapter(adapter.matrix, adapter.shift, adapter.gate, adapter.gate_at, "other-sections")
    assert search(PolicyRetriever(store, embedder, adapter=other), embedder, question) == raw


def test_the_adapter_saves_and_loads_as_trained(trained, tmp_path):
    settings, _ = trained
    adapter = load_adapter(settings)
    adapter.save(tmp_path / "copy")
    again = QueryAdapter.load(tmp_path / "copy")
    assert np.array_equal(again.matrix, adapter.matrix) and again.gate_at == adapter.gate_at
    assert again.shift == adapter.shift and again.sections == adapter.sections
