"""Conversation-aware turns offline: references, sorting, refinements, compound messages, small talk, empty and
unsupported searches, and the typed state surviving a restart."""

from __future__ import annotations

import pytest

from assistant.agent.service import Assistant
from assistant.agent.state import Shown, Topic
from assistant.agent.understand import Context, is_small_talk, references, sort_of, split_parts


@pytest.fixture(scope="module")
def bot(services, demo_settings):
    a = Assistant(demo_settings, services)
    yield a
    a.close()


@pytest.mark.parametrize("text, parts", [
    ("is it in stock and can I return it if it doesn't fit?", ["is it in stock", "can I return it if it doesn't fit"]),
    ("return window for a phone charger vs a frying pan",
     ["return window for a phone charger", "return window for a frying pan"]),
    ("hw lng dose shiping tak to alsaka?? and hw much", ["hw lng dose shiping tak to alsaka? and hw much"]),
    ("whats the return window for earbuds, and for a frying pan?",
     ["whats the return window for earbuds", "whats the return window for a frying pan"]),
    ("warranty on headphones? what about a kettle", ["warranty on headphones", "warranty on a kettle"]),
    ("red or blue dress under $100", ["red or blue dress under $100"]),
    ("which is cheaper, the first or the second?", ["which is cheaper, the first or the second"]),
    ("can i send back a toaster delivered 6 weeks ago? never even opened it",
     ["can i send back a toaster delivered 6 weeks ago. never even opened it"]),
    ("do u ship to canada? also how much is overnight shipping",
     ["do u ship to canada", "how much is overnight shipping"]),
], ids=["stock+return", "vs", "typos+ellipsis", "and-for", "what-about", "or-is-not-two", "comparison",
        "story-is-one", "two-questions"])
def test_compound_messages_split_into_requests(text, parts):
    assert split_parts(text) == parts


@pytest.mark.parametrize("text, small", [("ok thx", True), ("thanks anyway", True), ("lol ok", True), ("bye!", True),
                                         ("ok what about a tent", False), ("thanks, is it in stock?", False)])
def test_small_talk(text, small):
    assert is_small_talk(text) is small


SHOWN = [Shown(id=f"HP-0000{i}", title=t, price=p, rating=r, in_stock=True, category="Headphones")
         for i, (t, p, r) in enumerate([("Eider Earbuds", 35.0, 3.7), ("Rowan Earbuds", 26.0, 3.8),
                                        ("Mistral Earbuds", 36.95, 3.0)], 1)]


@pytest.mark.parametrize("text, ids, how", [
    ("what do reviewers say about the second one?", ["HP-00002"], "ordinal"),
    ("and the third?", ["HP-00003"], "ordinal"),
    ("reviews for the last one", ["HP-00003"], "ordinal"),
    ("is the 2nd one in stock", ["HP-00002"], "ordinal"),
    ("tell me about the Mistral ones", ["HP-00003"], "name"),
    ("can I return them if opened?", ["HP-00001", "HP-00002", "HP-00003"], "all"),
    ("is that one in stock", ["HP-00001"], "one"),
    ("show the most expensive first", [], ""),
])
def test_references_resolve_to_shown_products(services, text, ids, how):
    refs, kind = references(text, Context(shown=SHOWN), set(services.catalog.products))
    assert [r.id for r in refs] == ids and kind == how


@pytest.mark.parametrize("text, sort", [("cheapest one?", "price_asc"), ("which of these has the best reviews",
                                        "rating_desc"), ("most popular?", "popular"),
                                        ("show the most expensive first", "price_desc"), ("red dress", None)])
def test_sort_words(text, sort):
    assert sort_of(text) == sort


def test_ordinals_cheapest_and_a_policy_follow_up_use_the_shown_products(bot):
    t = "earbuds-flow"
    first = bot.ask("wireless earbuds", thread_id=t)
    assert first.products and all(p.category == "Headphones" for p in first.products)
    reviews = bot.ask("what do reviewers say about the second one?", thread_id=t)
    assert reviews.route == "reviews" and reviews.tools[0].output["product_id"] == first.products[1].id
    cheapest = bot.ask("which of those is cheapest?", thread_id=t)
    assert cheapest.products[0].price == min(p.price for p in first.products)
    assert {p.id for p in cheapest.products} == {p.id for p in first.products}
    policy = bot.ask("if I open them can I return them?", thread_id=t)
    assert "headphones" in policy.tools[0].input["query"]
    assert any(c.source == "returns.md" for c in policy.citations)


def test_the_cheaper_one_is_the_cheapest_shown(bot):
    shown = bot.ask("french press", thread_id="cheaper").products
    answer = bot.ask("is the cheaper one in stock?", thread_id="cheaper")
    cheapest = min(shown, key=lambda p: p.price)
    assert answer.tools[0].name == "product_details" and answer.tools[0].output["product_id"] == cheapest.id
    assert answer.answer.startswith(f"The cheaper of those is {cheapest.title}")


def test_a_refinement_keeps_the_search_and_a_new_type_starts_one(bot):
    t = "refine-flow"
    bot.ask("looking for a dress for a fall wedding", thread_id=t)
    sleeves = bot.ask("long sleeves", thread_id=t)
    assert sleeves.products and all(p.category == "Dresses" for p in sleeves.products)
    bot.ask("blue jacket", thread_id=t)
    pan = bot.ask("what about a frying pan", thread_id=t)
    assert "color: blue" not in pan.filters and all("Frying Pans" in p.category for p in pan.products)


def test_an_elliptic_second_question_is_answered_once_with_the_first(bot):
    answer = bot.ask("hw lng dose shiping tak to alsaka?? and hw much", thread_id="alaska-once")
    assert "7-12 business days" in answer.answer and "$9.95" in answer.answer
    assert answer.answer.count("$9.95") == 1 and "How much how" not in answer.answer
    assert [c.id for c in answer.citations] == ["shipping.md#alaska-hawaii-and-territories"]


def test_two_parts_quoting_the_same_passage_share_one_heading(bot):
    answer = bot.ask("how long does shipping to alaska take? how much is shipping to alaska?", thread_id="same")
    assert answer.answer.count("$9.95") == 1 and answer.answer.count("**") == 2
    assert "How long does shipping to alaska take? How much is shipping to alaska?" in answer.answer


def test_small_talk_after_a_miss_opens_no_ticket(bot):
    t = "alaska"
    bot.ask("hw lng dose shiping tak to alsaka?? and hw much", thread_id=t)
    answer = bot.ask("ok thx", thread_id=t)
    assert answer.tools == [] and "welcome" in answer.answer.lower()


def test_an_empty_search_suggests_the_nearest_match_and_is_not_a_miss(bot):
    t = "nearest"
    first = bot.ask("leather dress under $20", thread_id=t)
    second = bot.ask("cotton pajamas under $15", thread_id=t)
    assert "closest" in first.answer and first.products
    assert "open_ticket" not in [x.name for x in first.tools + second.tools]


@pytest.mark.parametrize("query", ["do you have a red paddle board", "do you guys sell lawn mowers"])
def test_a_type_we_do_not_carry_is_said_so(bot, query):
    answer = bot.ask(query, thread_id=f"carry-{query}")
    assert "don't carry" in answer.answer and not answer.products


@pytest.mark.parametrize("query, category", [("dutch ovens stitched by the Quillfeather workshop", "Dutch Ovens"),
                                             ("trainers for running", "Shoes")])
def test_a_type_we_carry_is_searched_whatever_follows_it(bot, query, category):
    answer = bot.ask(query, thread_id=f"carried-{query}")
    assert answer.products and "don't carry" not in answer.answer
    assert any(p.category == category for p in answer.products)


def test_makeup_is_makeup_not_coffee_makers(bot):
    answer = bot.ask("makeup", thread_id="makeup")
    assert answer.products and all(p.category in {"Mascara", "Foundations & Concealers", "Lipstick"}
                                   for p in answer.products)


def test_review_quotes_talk_about_their_aspect(bot):
    from assistant.agent.reviews import talks_about

    answer = bot.ask("what do reviews say about HP-00017", thread_id="quotes", role="shopper")
    assert answer.route == "reviews"
    out = answer.tools[0].output
    for item in out["praised"] + out["criticised"]:
        assert not item["quote"] or talks_about(item["quote"], item["aspect"]), item


def across_a_restart(settings, services) -> tuple[list, dict, object]:
    """Products shown by one agent; the thread's state and the answer to "the first one" in a new agent (a restart)."""
    first = Assistant(settings, services)
    shown = first.ask("wireless earbuds", thread_id="typed-restart").products
    first.close()
    second = Assistant(settings, services)
    state = second.graph.get_state({"configurable": {"thread_id": "typed-restart"}}).values
    answer = second.ask("what do reviewers say about the first one?", thread_id="typed-restart")
    second.close()
    return shown, state, answer


def test_the_typed_state_survives_a_restart(services, demo_settings):
    shown, state, answer = across_a_restart(demo_settings, services)
    assert all(isinstance(s, Shown) for s in state["shown"]) and isinstance(state["topic"], Topic)
    assert answer.tools[0].output["product_id"] == shown[0].id


def test_the_graph_is_built_once_and_studio_opens_it_without_services():
    from assistant.agent import graph

    assert graph.build_graph.__module__ == "assistant.agent.graph"
    studio = graph.studio_graph()
    assert set(studio.get_graph().nodes) >= {"understand", "plan", "tools", "respond", "approval"}
    assert studio.builder is graph.GRAPH_BUILDER  # one builder per process; compiling only adds a checkpointer
