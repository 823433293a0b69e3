"""Shoppers name their city, the policies their region: "I live in Honolulu" is a question about Hawaii.

Worded apart from the eval sets' questions."""

from __future__ import annotations

import pytest

from assistant.retrieval.places import Places

NAMED = {"alaska", "hawaii", "canada", "united", "kingdom", "european", "union", "switzerland", "puerto", "rico"}


@pytest.fixture(scope="module")
def places() -> Places:
    return Places(NAMED, store_words={"cork", "derby"})


@pytest.mark.parametrize("text, written", [
    ("we just moved to Anchorage, how much is shipping", "we just moved to Anchorage (Alaska), how much is shipping"),
    ("sending a gift to my aunt in honolulu", "sending a gift to my aunt in honolulu (Hawaii)"),
    ("Ordering from Vancouver: do I pay duties?", "Ordering from Vancouver (Canada): do I pay duties?"),
    ("a coat to wear in Zürich", "a coat to wear in Zürich (Switzerland)"),
    ("my sister lives in Lyon", "my sister lives in Lyon (European Union)"),
    ("can you ship to san juan", "can you ship to san juan (Puerto Rico)"),
])
def test_a_city_gets_the_region_the_policies_name(places, text, written):
    assert places.written(text) == written


@pytest.mark.parametrize("text", [
    "in most cases how long is a refund",  # Most is a Czech city; here it is a word
    "is it nice to wear in summer",
    "do you have the yoga mat in cork",  # the store's own word: a material here
    "shipping to Denver",  # Colorado: no policy names it, nothing to add
    "I bought it in Honolulu (Hawaii)",  # already said
])
def test_words_and_unnamed_regions_are_left_alone(places, text):
    assert places.written(text) == text


def test_a_place_abroad_is_said_as_the_policies_say_abroad():
    abroad = Places(NAMED, set(), home="the United States")
    assert abroad.written("my mum lives in Manchester") == \
        "my mum lives in Manchester (United Kingdom, outside the United States)"
    assert abroad.written("do you ship to the UK") == "do you ship to the UK (United Kingdom, outside the United States)"
    assert abroad.written("we moved to Canada") == "we moved to Canada (outside the United States)"
    assert abroad.written("shipping to Honolulu") == "shipping to Honolulu (Hawaii)"  # at home
    assert abroad.written("can you ship to san juan") == "can you ship to san juan (Puerto Rico)"  # a territory
    # a city at home in a region no policy names is at home all the same: "We ship within the United States"
    assert abroad.written("do you ship to chicago") == "do you ship to chicago (within the United States)"


def test_the_region_stays_out_of_the_next_questions_it(services):
    question = "can you ship a scarf to me in Lisbon and how long would it take?"
    hits = services.policies.search(services.embedder.encode_query(question), k=4, query=question)
    asked = {c for h in hits for c in h.clauses}
    assert "can you ship a scarf to me in Lisbon (European Union, outside the United States)" in asked
    assert all(c.count("(") == c.count(")") for c in asked)  # no half of the region taken for "it"


def test_the_store_search_reads_the_city_as_its_region(services):
    question = "I live in Honolulu, what does expedited shipping cost me?"
    hits = services.policies.search(services.embedder.encode_query(question), k=4, query=question)
    assert hits[0].id == "shipping.md#alaska-hawaii-and-territories"
    assert "Honolulu (Hawaii)" in hits[0].clauses[0]


def test_an_exchange_from_a_city_abroad_finds_the_international_rule(services):
    question = "we live in Montreal, can I exchange my jeans for a smaller size?"
    hits = services.policies.search(services.embedder.encode_query(question), k=4, query=question)
    assert hits[0].id == "exchanges.md#international-orders"
