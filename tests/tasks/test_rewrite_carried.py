"""The rewrite task's product-type check: the categories a query's own words back, and "we don't carry that" when
none do.

Queries written here in shoppers' style (not taken from the real-query logs the eval reads)."""

from __future__ import annotations

import pytest

from assistant.schemas import SearchFilters
from assistant.tasks.rewrite import ground


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


@pytest.mark.parametrize("query, category", [
    ("red dress made of silk", "Dresses"),  # "made of" is what it is made of, not a product we lack
    ("blue shirt available now", "Shirts & Tops"),
    ("hiking boots asap pls", "Shoes"),
    ("a tent lighter than my old one", "Tents"),
    ("lantern it shouldn't be black", "Camping Lights & Lanterns"),
    ("The last moisturizer I bought broke me out", "Lotion & Moisturizer"),  # was "bought broke", a thing we lack
    ("boots i can wear in the snow", "Shoes"),
])
def test_what_follows_the_product_is_not_read_as_the_product(services, query, category):
    """A shopper's tail ("made of silk", "available now", "asap", "lighter than ...") ends the product phrase: it
    was read as the product and answered "We don't carry made of"."""
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


@pytest.mark.parametrize("query", ["got any clogs", "mules in tan pls", "clogs i can wear in the garden"])
def test_a_type_the_store_labels_is_searched_where_the_model_puts_it(services, query):
    """"clogs" and "mules" are in no title or category name and MiniLM places them near none, but the store's
    labelled queries teach the model they are shoes: the check must not refuse what the model finds."""
    categories, missing = _ground(services, query)
    assert categories == {"Shoes"} and not missing


def test_a_labelled_type_keeps_the_models_category_and_overrides_none(services):
    shoes = next(c for c in services.taxonomy.leaves if services.taxonomy.name(c) == "Shoes")
    mugs = next(c for c in services.taxonomy.leaves if services.taxonomy.name(c) == "Mugs")
    kept, missing = ground(SearchFilters(category_ids=[shoes]), "clogs", services.types, services.embedder)
    assert kept.category_ids == [shoes] and not missing
    other, missing = ground(SearchFilters(category_ids=[mugs]), "clogs", services.types, services.embedder)
    assert not other.category_ids and missing == "clog"  # neither the model's odd guess nor a forced "Shoes"


def test_a_value_is_excluded_only_when_the_query_says_no():
    from assistant.tasks.rewrite.said import wanted_unless_negated

    misread = SearchFilters(category_ids=[1], excluded={"color": ["white"]})
    assert wanted_unless_negated(misread, "sheets for a queen bed, white").attributes == {"color": ["white"]}
    assert not wanted_unless_negated(misread, "sheets for a queen bed, white").excluded
    for said_no in ("queen sheets, not white", "sheets without white", "anything but white", "dont want white"):
        assert wanted_unless_negated(misread, said_no).excluded == {"color": ["white"]}


def test_a_comma_before_a_colour_asks_for_that_colour(services):
    found, _ = ground(services.rewrite("sheets for a queen bed, white"), "sheets for a queen bed, white",
                      services.types, services.embedder)
    assert found.attributes.get("color") == ["white"] and not found.excluded



@pytest.mark.parametrize("query, kept", [
    ("do you have one of those things you brew coffee in where you push a plunger down?", False),
    ("my coat went down in price, anything similar", False),
    ("warm down blanket for winter", True),
    ("a down-filled parka", True),
    ("goose down duvet", True),
    ("want feather sleeping bag thx", True),  # the ontology's synonym, no "down" said
])
def test_down_is_a_filling_only_where_it_names_one(query, kept):
    from assistant.tasks.rewrite.said import not_a_filling

    found = not_a_filling(SearchFilters(attributes={"material": ["down"], "color": ["red"]}), query)
    assert ("down" in found.attributes.get("material", [])) is kept and found.attributes["color"] == ["red"]
