"""A second store works end to end: ingest, ask, train and evaluate on Fennel & Flint (tests/data/second_store).

It has its own name and voice, two policy pages, a slice of the taxonomy (kitchen and candles) and a smaller
ontology. Nothing of the demo store may leak into its answers, its prompts or its models.
"""

from __future__ import annotations

import shutil

import pytest

from assistant.agent.context import Services
from assistant.agent.service import Assistant
from assistant.config import Settings
from assistant.errors import ModelError
from assistant.models.artifacts import artifact_dir, heldout_file
from assistant.models.registry import get_model
from assistant.retrieval.ingest import ingest
from assistant.retrieval.store import Store, connect
from assistant.tasks.base import build_context
from assistant.tasks.classify import ClassifyInput
from assistant.tasks.extract import ExtractInput
from assistant.tasks.specs import spec
from assistant.training.evaluate import evaluate_file
from assistant.training.local import prepare, train_task
from tests.offline import KNOWLEDGE, REPO

SECOND = REPO / "tests" / "data" / "second_store"
LEAVES = {"662", "665", "2169", "588"}  # skillets, knives, mugs, candles: all the second store sells


@pytest.fixture(scope="module")
def second(tmp_path_factory) -> Settings:
    """The second store in a folder of its own, served by its own models: the router and the title classifier
    trained on its data; the other tasks by their baselines (it has no labelled queries, products or reviews)."""
    base = tmp_path_factory.mktemp("second")
    root = base / "knowledge"
    shutil.copytree(SECOND, root)
    (root / "router").mkdir()
    shutil.copy(KNOWLEDGE / "router" / "utterances.jsonl", root / "router")  # the kinds of request are the same
    return Settings(knowledge_dir=root, index_dir=base / "index", data_dir=base / "data",
                    artifacts_dir=base / "artifacts", rewrite_model="baseline", describe_model="baseline",
                    extract_model="baseline")


@pytest.fixture(scope="module")
def bot(second, embedder):
    ingest(second.knowledge_dir, Store(connect(second.index_dir)), embedder, progress=False)
    prepare(build_context(second, embedder), second, progress=False)
    a = Assistant(second, Services.build(second, embedder=embedder))
    yield a
    a.close()


def test_ingest_indexes_its_own_policies_and_products(second, embedder, tmp_path):
    report = ingest(second.knowledge_dir, Store(connect(tmp_path / "index")), embedder, progress=False)
    docs = {k.kind: k.documents for k in report.kinds}
    assert docs["products"] == 8
    assert docs["policies"] >= 4  # two pages of two sections each (and their sentences)


def test_a_model_missing_from_its_cache_is_an_error_naming_the_command(second, embedder, tmp_path):
    empty = second.model_copy(update={"artifacts_dir": tmp_path / "none"})
    with pytest.raises(ModelError, match="storefront prepare"):
        get_model("classify", build_context(empty, embedder), empty)


def test_answers_cite_its_own_policy(bot):
    answer = bot.ask("What is your return window for unused items?", thread_id="returns")
    assert answer.route == "policy"
    assert answer.citations and all(c.id.startswith(("returns.md", "shipping.md")) for c in answer.citations)
    assert "60 days" in answer.answer
    assert "Harbor" not in answer.answer


def test_the_assistant_introduces_itself_as_this_store(bot):
    answer = bot.ask("hi", thread_id="hello")
    assert "Fennel & Flint" in answer.answer and "Harbor" not in answer.answer
    assert "(returns and shipping)" in answer.answer, answer.answer  # its own two policy pages
    assert answer.refusal is None


def test_a_store_without_contact_details_points_to_its_help_center(bot):
    answer = bot.ask("whats your phone number", thread_id="contact")
    assert "help center" in answer.answer and "1-800" not in answer.answer and not answer.tools


# The demo store's topics, which this store has no page for: offering them would promise answers it cannot give.
DEMO_TOPICS = ("warranty", "loyalty", "gift cards", "price adjustments", "exchanges", "privacy")


def test_what_it_does_not_know_it_says_with_its_own_topics(bot):
    answer = bot.ask("Do you offer a student discount?", thread_id="student")
    assert answer.refusal == "dont_know", answer.answer
    assert not answer.citations
    assert "returns and shipping" in answer.answer
    assert not [t for t in DEMO_TOPICS if t in answer.answer.lower()], answer.answer


def test_out_of_scope_offers_its_own_topics(bot):
    answer = bot.ask("Tell me a joke about penguins", thread_id="joke")
    assert answer.refusal == "out_of_scope"
    assert "Fennel & Flint" in answer.answer and '"What is your returns policy?"' in answer.answer
    assert not [t for t in DEMO_TOPICS if t in answer.answer.lower()], answer.answer


def test_search_finds_its_own_products(bot):
    answer = bot.ask("black cast iron skillet", thread_id="search")
    assert answer.route == "search"
    assert answer.products and answer.products[0].id == "FF-001"


def test_prompts_name_the_store_and_its_taxonomy(second, embedder):
    ctx = build_context(second, embedder)
    assert ctx.store_name == "Fennel & Flint"
    prompt = spec("classify").system_prompt(ctx)
    assert "662 - Home & Garden > Kitchen & Dining" in prompt and "Dresses" not in prompt
    assert "Fennel & Flint" in spec("rewrite").system_prompt(ctx) and "Harbor" not in spec("rewrite").system_prompt(ctx)


def test_train_and_evaluate_the_classifier_on_its_data(second, embedder):
    ctx = build_context(second, embedder)
    out = artifact_dir(second, "classify")
    manifest = train_task("classify", ctx, second, out=out, progress=False)
    assert manifest["examples"] == 28 and manifest["metrics"]["accuracy"] >= 0.75  # its own held-out titles
    model = get_model("classify", ctx, second)
    assert {p.category for p in model.predict([ClassifyInput(text="Stoneware mug, sage, 12 oz")])} <= LEAVES
    held = heldout_file(second, "classify", REPO)
    assert held.parent == second.knowledge_dir / "training"
    result = evaluate_file("classify", held, ctx, second)
    assert result["n"] == 8 and result["accuracy"] >= 0.75
    assert set(result["per_class"]) <= LEAVES


def test_reviews_are_read_for_its_own_aspects(second, embedder):
    ctx = build_context(second, embedder)
    prompt = spec("extract").system_prompt(ctx)
    assert "home_kitchen: heat_retention, sharpness" in prompt and "fabric" not in prompt
    assert "use_cases: what the reviewer used the product for or bought it for, from: gift, family_meals" in prompt
    out = spec("extract").baseline(ctx).predict([
        ExtractInput(text="The blade is great and stays sharp. Bought it as a gift.", category="home_kitchen"),
        ExtractInput(text="Lovely glaze and it keeps my tea warm.", category="662")])
    assert out[0].aspects == {"sharpness": "positive"} and out[0].use_cases == ["gift"]
    assert "heat_retention" in out[1].aspects

