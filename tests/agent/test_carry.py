"""What the store carries: the categories a query's own words back, and "we don't carry that" when none do.

Queries written here in shoppers' style (not taken from the real-query logs the eval reads)."""

from __future__ import annotations

import pytest

from assistant.agent.carry import ground


def _ground(services, query: str):
    found, missing = ground(services.rewrite(query), query, services.types, services.embedder)
    return {services.taxonomy.name(c) for c in found.category_ids}, missing


@pytest.mark.parametrize("query, category", [
    ("a blue frying pan", "Skillets & Frying Pans"),
    ("running shoes under 100", "Shoes"),
    ("dress pants", "Pants"),  # a modifier that is another type, but the compound is still pants
    ("shirt dress", "Dresses"),
    ("travel mug", "Mugs"),
    ("sneakrs", "Shoes"),  # a misspelt type word still backs its category
])
def test_the_words_that_name_the_product_back_its_category(services, query, category):
    categories, missing = _ground(services, query)
    assert category in categories and not missing


def test_a_department_word_alone_backs_its_leaves(services):
    categories, missing = _ground(services, "makeup")
    assert categories == {"Mascara", "Foundations & Concealers", "Lipstick"} and not missing


@pytest.mark.parametrize("query", [
    "owl decor",  # "decor" says where it goes; the owl is the product
    "a novel about food and love",  # "food" is a department word, not a product here
    "pillow case",  # a case for a pillow is not a phone case
    "garmin charge 5",  # "charge" is a word the catalog uses, not a misspelt "charger"
    "green tuxedo for a boy",  # no category for the named product: its colour and gender alone search nothing
    "pink headboard",
])
def test_a_product_we_do_not_sell_gets_no_category_and_is_named(services, query):
    categories, missing = _ground(services, query)
    assert not categories and missing


def test_something_without_a_product_word_is_searched_not_refused(services):
    categories, missing = _ground(services, "something red and flowy for a wedding")
    assert not missing
