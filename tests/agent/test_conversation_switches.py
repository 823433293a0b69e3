"""What a shopper means when a follow-up narrows the list ("show me only the men's ones"), replaces a value ("black
instead of red"), switches to another product type with its linking words ("ok how about a candle instead then"),
tells a policy story condition first ("if i wash them ... can i still send them back") or about what the product is
for ("if it doesn't fit my phone"), asks how long a thing is covered, or says thanks in shorthand: offline, on the demo store, in other words than the dev conversations use."""

from __future__ import annotations

import pytest

from assistant.agent.policy_asks import question_first
from assistant.agent.references import topic_query
from assistant.agent.state import Topic


def _tools(answer) -> list[str]:
    return [t.name for t in answer.tools]


def _sections(answer) -> set[str]:
    return {c.id for c in answer.citations}


def test_a_thank_you_in_shorthand_calls_no_tool(bot):
    t = "thanks-u"
    bot.ask("candles", thread_id=t)
    a = bot.ask("ok perfect thank u!", thread_id=t)
    assert not a.tools and not a.products


def test_show_me_only_the_described_ones_narrows_the_search(bot):
    t = "show-only"
    bot.ask("running shoes", thread_id=t)
    a = bot.ask("could you show me only the men's ones", thread_id=t)
    assert _tools(a) == ["search_products"] and a.products
    assert "gender: men" in a.filters and "category: Shoes" in a.filters


def test_a_question_about_the_described_ones_still_asks_their_listings(bot):
    t = "ask-ones"
    bot.ask("running shoes", thread_id=t)
    a = bot.ask("do the men's ones run small?", thread_id=t)
    assert a.tools and set(_tools(a)) == {"product_details"}


def test_a_value_instead_of_another_replaces_it(bot):
    t = "instead-of"
    bot.ask("rain jacket", thread_id=t)
    bot.ask("in red?", thread_id=t)
    a = bot.ask("actually black instead of red", thread_id=t)
    assert "color: black" in a.filters and "color: red" not in a.filters
    assert "category: Coats & Jackets" in a.filters


def test_a_policy_follow_up_keeps_what_it_would_rather_not_have(bot):
    t = "credit-instead"
    bot.ask("headphones", thread_id=t)
    bot.ask("can i return them", thread_id=t)
    a = bot.ask("ok and can i get store credit instead of a refund?", thread_id=t)
    assert a.route == "policy" and "instead of a refund" in a.tools[0].input["query"]


def test_a_new_type_with_its_linking_words_is_searched_for_the_type(bot):
    t = "new-type-then"
    bot.ask("throw pillows", thread_id=t)
    a = bot.ask("ok how about a candle instead then", thread_id=t)  # "how" was searched as a thing we lack
    assert a.products and all(p.category == "Candles" for p in a.products)


@pytest.mark.parametrize("text, asked", [
    ("if i wash them and hate them can i still return them", "can i still return them if i wash them and hate them?"),
    ("ok if i open the box, can i send them back?", "can i send them back if i open the box?"),
    # only the first sentence: the second question stays after it
    ("if it doesnt fit can i send it back? how long do i have", "can i send it back if it doesnt fit? how long do i have"),
    ("ok and if it doesnt fit how do i send it back", "how do i send it back if it doesnt fit?"),  # its "how" kept
    ("can i return it if it breaks", "can i return it if it breaks"),  # already question first
    ("and if the zipper breaks in a few months?", "and if the zipper breaks in a few months?"),  # no question of its own
])
def test_a_story_s_question_goes_before_its_condition(text, asked):
    assert question_first(text) == asked


def test_a_story_told_condition_first_is_answered_by_its_rule(bot):
    t = "condition-first"
    bot.ask("bath towels", thread_id=t)
    a = bot.ask("if i wash them and don't like them can i still send them back", thread_id=t)
    assert a.route == "policy" and "returns.md#item-condition" in _sections(a)


@pytest.mark.parametrize("search, asked", [
    ("bath towels", "how long are they covered if the hems come apart"),  # was the return window
    ("wireless headphones", "how long is the 2nd one covered if one side cuts out"),  # was the examples only
])
def test_how_long_it_is_covered_is_the_warranty_period(bot, search, asked):
    t = f"covered-{search}"
    bot.ask(search, thread_id=t)
    a = bot.ask(asked, thread_id=t)
    assert a.route == "policy" and a.citations[0].id == "warranty.md#coverage-by-department"


@pytest.mark.parametrize("part, asked", [
    # "my phone" is no phone case: the case is put in the question
    ("can i return it if it doesnt fit my phone", "can i return phone cases if it doesnt fit my phone"),
    ("can i return the case if it doesnt fit", "can i return the case if it doesnt fit"),  # named by its noun
])
def test_a_policy_story_names_the_product_unless_it_names_its_kind(part, asked):
    assert topic_query(part, Topic(label="phone cases")) == asked


def test_a_story_mentioning_what_the_product_is_for_is_asked_about_the_product(bot):
    t = "fits-my-phone"
    bot.ask("iphone case", thread_id=t)
    a = bot.ask("if it doesn't fit my phone can i return it", thread_id=t)
    assert a.route == "policy" and "returns.md#return-windows" in _sections(a) and "15 days" in a.answer


def test_the_same_thing_but_another_type_keeps_the_searchs_filters(bot):
    t = "same-but"
    bot.ask("cast iron skillets under $80", thread_id=t)
    a = bot.ask("ok same thing but for dutch ovens", thread_id=t)  # was: every Dutch oven, $87 ones and enamel too
    assert a.products and {p.category for p in a.products} == {"Dutch Ovens"}
    assert max(p.price for p in a.products) <= 80 and "material: cast iron" in a.answer


def test_what_other_owners_think_asks_for_the_reviews(bot):
    t = "other-owners"
    shown = bot.ask("pajamas for kids", thread_id=t).products
    a = bot.ask("what do other parents think of the second pair", thread_id=t)
    assert _tools(a) == ["review_summary"] and shown[1].title in a.answer
