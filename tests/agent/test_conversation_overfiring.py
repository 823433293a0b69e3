"""Where session 11's conversation rules must NOT fire: a number that is no budget, an age that is a thing's, a
pronoun for someone else, a policy's cost that is no sort, a shopper's type word inside another thing's name, a
question asked before its own clauses, a shipping question after a stock question: offline, on the demo store."""

from __future__ import annotations

import pytest

from assistant.agent.understand import split_parts
from assistant.agent.wording import asked_clause, for_them
from assistant.schemas import PriceRange, SearchFilters
from assistant.tasks.rewrite.said import budget, for_whom, let_go, measured


def _calls(answer, name):
    return [t.input for t in answer.tools if t.name == name]


@pytest.mark.parametrize("query, read, price", [
    ("a tent that sleeps no more than 2 people", (None, None), (None, None)),
    ("a backpack, no more than 30 liters, under 80 dollars", (None, 80.0), (None, 80.0)),  # the unit follows
    ("nothing over 60 bucks for a gift", (60.0, None), (None, 60.0)),
    ("dresses, nothing over 100", (100.0, None), (None, 100.0)),
])
def test_a_negated_number_is_a_ceiling_only_when_it_is_a_price(query, read, price):
    found = budget(SearchFilters(price=PriceRange(min=read[0], max=read[1])), query)
    assert (found.price.min, found.price.max) == price


@pytest.mark.parametrize("query, read, ceiling", [
    ("need a phone case for iphone 15", 15.0, None), ("a 20 oz water bottle", 20.0, None),
    ("a 30 liter backpack", 30.0, None), ("sleeping bag rated to 20 degrees", 20.0, None),
    ("a 20 oz water bottle under 20", 20.0, 20.0), ("iphone 15 case under $15", 15.0, 15.0),
    ("backpack, 30 dollars max", 30.0, 30.0),
])
def test_a_number_that_measures_or_names_the_thing_is_no_price(query, read, ceiling):
    assert measured(SearchFilters(price=PriceRange(max=read)), query).price.max == ceiling


@pytest.mark.parametrize("query, read, kids", [
    ("my 10 year old kettle finally died, need a new one", {}, False),
    ("replacing my 5 yr old running shoes", {}, False),
    ("gloves for my 8 year old son", {"gender": ["men"]}, True),  # the model reads "son" as men's
    ("something for my 9 year old's birthday", {"gender": ["men"]}, True),
    ("a hat for my 4-year-old who hates the sun", {}, True),
    ("a backpack for my 16 year old", {}, False),
    ("a unisex cap for my 7 yr old", {"gender": ["unisex"]}, False),  # named: left as asked
])
def test_a_childs_age_is_a_childs_not_a_things(query, read, kids):
    found = for_whom(SearchFilters(attributes=dict(read)), query)
    assert (found.attributes.get("gender") == ["kids"]) is kids


@pytest.mark.parametrize("query, gender, said", [
    ("what about a scarf for her", "men", "what about a scarf for her"),  # someone else
    ("what about a scarf for her", "women", "what about a scarf for women"),
    ("and boots for him", "kids", "and boots for kids"),
    ("any hats for them", "men", "any hats for men"),
])
def test_for_them_keeps_who_the_search_was_for_only_when_the_pronoun_fits(query, gender, said):
    assert for_them(query, gender) == said


@pytest.mark.parametrize("query, category", [("do you sell trash cans?", None), ("cotton buds", None),
                                             ("noise cancelling cans", "Headphones")])
def test_a_shoppers_type_word_inside_another_things_name_is_not_that_type(services, query, category):
    _, leaves = services.types.backed(query, services.embedder)
    assert [services.taxonomy.name(c) for c in leaves] == ([category] if category else [])


@pytest.mark.parametrize("text, clause", [
    ("does the 2nd one, the black one, run small?", "does the 2nd one, the black one, run small?"),
    ("ooh the 3rd one looks nice, what is it made of", "what is it made of"),
    ("all good, what about the 2nd one, is it wool?", "what about the 2nd one, is it wool?"),
])
def test_the_asked_clause_keeps_the_clauses_after_it(text, clause):
    assert asked_clause(text) == clause


def test_a_shipping_question_after_a_stock_question_is_asked_on_its_own():
    assert split_parts("is the 2nd one in stock? how long will it take?") == [
        "is the 2nd one in stock", "how long will it take"]
    assert len(split_parts("can i return the 1st one? how long do i have?")) == 1  # the return's window


def test_a_policys_cost_is_no_sort_of_the_products_shown(bot):
    t = "cost-more-to-ship"
    bot.ask("show me electric kettles", thread_id=t)
    a = bot.ask("does it cost more to ship to alaska?", thread_id=t)
    assert _calls(a, "search_policies") and not _calls(a, "product_details") and not _calls(a, "search_products")
    shown = bot.ask("show me electric kettles", thread_id=t).products
    pick = _calls(bot.ask("which costs more, the 1st or 2nd?", thread_id=t), "product_details")
    assert [c["product_id"] for c in pick] == [max(shown[:2], key=lambda p: p.price).id]


def test_the_nearest_match_keeps_the_season_just_asked_for(bot):
    t = "winter-under-80"
    bot.ask("mens jackets under 80", thread_id=t)
    a = bot.ask("anything for winter?", thread_id=t)
    assert "(without price" in a.answer  # the budget goes before the winter just asked for


# Leaving a type for another the store sells searches the other; a contraction before the new type ("i'd rather",
# "i'll take a look at") is no product word.
@pytest.mark.parametrize("first, say, category", [
    ("show me mugs", "ok im done with mugs. show me kettles", "Electric Kettles"),
    ("show me mugs", "forget the mugs, got any throw pillows?", "Throw Pillows"),
    ("show me lipsticks", "actually i'd rather look at mascara", "Mascara"),
    ("show me lipsticks", "i'll take a look at candles then", "Candles")])
def test_a_new_type_the_store_sells_after_a_search_searches_that_type(bot, first, say, category):
    t = f"new-type-{category}"
    bot.ask(first, thread_id=t)
    a = bot.ask(say, thread_id=t)
    assert a.products and all(p.category == category for p in a.products)


def test_what_about_the_last_one_after_a_stock_question_asks_its_stock(bot):
    t = "last-stock"
    shown = bot.ask("show me yoga mats", thread_id=t).products
    bot.ask("is the 2nd one in stock?", thread_id=t)
    a = bot.ask("what about the last one", thread_id=t)
    assert [c["product_id"] for c in _calls(a, "product_details")] == [shown[-1].id]
    assert not _calls(a, "search_products")


def test_too_pricey_with_a_price_is_that_ceiling_not_the_search_sorted(bot):
    t = "too-pricey-60"
    bot.ask("show me some dresses for a beach wedding", thread_id=t)
    a = bot.ask("hmm too pricey, anything below 60?", thread_id=t)
    assert "price ≤ $60" in a.filters and a.products and all(p.price <= 60 for p in a.products)


@pytest.mark.parametrize("say, page", [("do you price match if i find it cheaper", "price-adjustments.md"),
                                       ("how do i claim it", "warranty.md")])
def test_how_the_store_does_a_thing_is_asked_as_is_not_about_the_product_shown(bot, say, page):
    t = f"process-{page}"
    bot.ask("show me tents", thread_id=t)
    a = bot.ask(say, thread_id=t)
    assert [c["query"] for c in _calls(a, "search_policies")] == [say]
    assert page in {c.source for c in a.citations} and not _calls(a, "product_details")


def test_small_talk_before_a_question_is_no_search(bot):
    t = "nice-and"
    shown = bot.ask("what skillets do you have", thread_id=t).products
    bot.ask("is the 3rd one oven safe", thread_id=t)
    a = bot.ask("nice. and can i put it in the dishwasher", thread_id=t)
    assert not _calls(a, "search_products")
    assert [c["product_id"] for c in _calls(a, "product_details")] == [shown[2].id]


def test_how_long_would_that_take_after_a_policy_answer_asks_about_that(bot):
    t = "that-after-policy"
    bot.ask("whats your shipping cost to alaska?", thread_id=t)
    a = bot.ask("how long would that take", thread_id=t)
    assert any("alaska" in c["query"].lower() for c in _calls(a, "search_policies"))


def test_which_is_the_lightest_asks_each_shown_listing_not_out_of_scope(bot):
    t = "which-lightest"
    shown = bot.ask("show me backpacks for school", thread_id=t).products
    a = bot.ask("which is the lightest", thread_id=t)
    assert a.refusal is None
    assert [c["product_id"] for c in _calls(a, "product_details")] == [p.id for p in shown]


def test_a_policy_part_after_a_stock_part_names_the_product(bot):
    t = "stock-then-warranty"
    bot.ask("need hiking poles", thread_id=t)
    a = bot.ask("is the 2nd one in stock? and whats the warranty", thread_id=t)
    assert any("hiking poles" in c["query"] for c in _calls(a, "search_policies"))


def test_a_unit_asked_about_a_shown_product_is_a_listing_question(bot):
    t = "how-many-oz"
    shown = bot.ask("show me shampoo", thread_id=t).products
    bot.ask("is the 2nd sulfate free", thread_id=t)
    a = bot.ask("how many oz is it", thread_id=t)
    assert [c["product_id"] for c in _calls(a, "product_details")] == [shown[1].id]
    assert not _calls(a, "search_products")


def test_which_would_you_pick_after_two_compared_is_the_better_rated_of_those(bot):
    t = "would-you-pick"
    shown = bot.ask("can you show me insoles", thread_id=t).products
    bot.ask("the 1st and 3rd, whats the difference", thread_id=t)
    pick = _calls(bot.ask("which one would you pick", thread_id=t), "product_details")
    assert [c["product_id"] for c in pick] == [max([shown[0], shown[2]], key=lambda p: p.rating).id]


def test_when_will_it_arrive_is_a_shipping_question_not_the_listings(bot):
    t = "arrive"
    bot.ask("show me mascara", thread_id=t)
    a = bot.ask("ok ill take the first one. when will it arrive if i order today", thread_id=t)
    assert _calls(a, "search_policies") and not any(c.get("question") for c in _calls(a, "product_details"))


def test_what_a_refinement_is_for_is_no_new_type(services, bot):
    assert services.types.backed("for flat feet", services.embedder)[1] == []  # flats are shoes; these are feet
    t = "flat-feet"
    bot.ask("can you show me insoles", thread_id=t)
    a = bot.ask("for flat feet", thread_id=t)
    assert a.products and all(p.category == "Insoles & Inserts" for p in a.products)


def test_whats_its_warranty_names_the_kind_talked_about(bot):
    t = "its-warranty"
    bot.ask("do you carry dutch ovens", thread_id=t)
    bot.ask("whats the cheapest one - is it enameled?", thread_id=t)
    a = bot.ask("whats its warranty", thread_id=t)
    assert any("dutch ovens" in c["query"] for c in _calls(a, "search_policies"))


def test_a_pick_by_rating_with_a_listing_question_asks_the_listing_of_that_one(bot):
    t = "best-rated-strap"
    shown = bot.ask("show me hats", thread_id=t).products
    asked = _calls(bot.ask("whats the best rated one, does it have a chin strap", thread_id=t), "product_details")
    assert [c["product_id"] for c in asked] == [max(shown, key=lambda p: p.rating).id] and asked[0].get("question")


def test_small_talk_then_what_about_the_last_asks_the_last_question_again(bot):
    t = "cool-last-pair"
    shown = bot.ask("got any cheap earbuds", thread_id=t).products
    bot.ask("the 2nd pair, do they have noise cancelling", thread_id=t)
    asked = _calls(bot.ask("cool. what about the last pair", thread_id=t), "product_details")
    assert [(c["product_id"], c["question"]) for c in asked] == [(shown[-1].id, "do they have noise cancelling")]


def test_a_sort_with_a_price_adds_that_price_and_a_filter_that_no_longer_matters_goes(bot):
    t = "cheaper-any-size"
    bot.ask("womens sandals in black", thread_id=t)
    a = bot.ask("got cheaper ones under 50? the colour doesnt matter", thread_id=t)
    assert "price ≤ $50" in a.filters and not any(f.startswith("color") for f in a.filters)
    assert all(p.price <= 50 for p in a.products)


@pytest.mark.parametrize("query, left", [("colour doesnt matter", {"size"}), ("any size is fine", {"color"}),
                                         ("i dont care about the color", {"size"}),
                                         ("in red please", {"color", "size"})])
def test_let_go_drops_only_what_the_shopper_says_no_longer_matters(query, left):
    found = let_go(SearchFilters(attributes={"color": ["red"], "size": ["M"]}), query)
    assert set(found.attributes) == left


def test_another_type_instead_starts_its_search_after_a_search_or_a_policy_answer(bot):
    t = "instead"
    bot.ask("show me tents", thread_id=t)
    a = bot.ask("hmm, maybe a sleeping bag instead", thread_id=t)
    assert a.products and all(p.category == "Sleeping Bags" for p in a.products)
    bot.ask("can i return the 2nd one if i used it once", thread_id=t)
    b = bot.ask("ok what about mugs instead", thread_id=t)
    assert b.products and all(p.category == "Mugs" for p in b.products) and not _calls(b, "search_policies")


def test_how_long_to_do_that_after_a_policy_part_in_the_same_message_asks_that_act(bot):
    t = "that-act-same-message"
    bot.ask("show me womens sandals", thread_id=t)
    a = bot.ask("can i swap the 1st for a larger size, and how long do i have to do that", thread_id=t)
    queries = [c["query"] for c in _calls(a, "search_policies")]
    assert len(queries) == 2 and "exchange" in queries[1]


def test_reviews_of_the_pick_among_two_are_its_reviews(bot):
    t = "reviews-of-pick"
    shown = bot.ask("show me throw pillows", thread_id=t).products
    a = bot.ask("what are people saying about the pricier of the first two", thread_id=t)
    assert [c["product"] for c in _calls(a, "review_summary")] == [max(shown[:2], key=lambda p: p.price).id]


@pytest.mark.parametrize("say, words", [
    ("if the handle snaps after 6 months is that covered", ["how long", "warranty"]),
    ("how many days do i have to return it if it doesnt fit", ["can i return", "if"]),
])
def test_a_story_asking_how_long_or_how_late_asks_both(bot, say, words):
    t = f"story-{words[0]}"
    bot.ask("show me duffel bags", thread_id=t)
    query = " ".join(c["query"] for c in _calls(bot.ask(say, thread_id=t), "search_policies")).lower()
    assert all(w in query for w in words)


def test_is_it_after_a_part_about_one_product_is_that_product_not_a_title_word(bot):
    t = "is-it-after-part"
    shown = bot.ask("bluetooth speaker under 80", thread_id=t).products
    a = bot.ask("how heavy is the first one and is it waterproof", thread_id=t)
    assert {c.input.get("product_id") or c.input.get("product") for c in a.tools} == {shown[0].id}


def test_a_policy_follow_up_with_its_own_question_is_asked_alone(bot):
    t = "own-question"
    bot.ask("whats your shipping cost to alaska?", thread_id=t)
    bot.ask("how long would that take", thread_id=t)
    a = bot.ask("ok and do you ship internationally", thread_id=t)
    assert [c["query"] for c in _calls(a, "search_policies")] == ["do you ship internationally"]


@pytest.mark.parametrize("query, read, kids, sizes", [
    ("my son is 9 and needs a winter hat", {"size": ["9"]}, True, None),  # an age, not a size
    ("my son is 9, size 9 sneakers", {"size": ["9"]}, True, ["9"]),
])
def test_a_childs_age_said_as_is_names_the_kids_range_and_is_no_size(query, read, kids, sizes):
    found = for_whom(SearchFilters(attributes=dict(read)), query)
    assert (found.attributes.get("gender") == ["kids"]) is kids and found.attributes.get("size") == sizes


def test_which_has_the_most_reviews_sorts_the_shown_by_reviews(bot):
    t = "most-reviews"
    bot.ask("show me womens jackets", thread_id=t)
    a = bot.ask("which of these has the most reviews", thread_id=t)
    assert [c.get("sort") for c in _calls(a, "search_products")] == ["popular"]
