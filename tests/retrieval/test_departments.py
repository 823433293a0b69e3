"""A policy question naming a product is searched with that product's department too; ordinary words are no product."""

from __future__ import annotations

import pytest

from assistant.retrieval.departments import type_names
from assistant.retrieval.search import PolicyRetriever
from assistant.retrieval.store import Store, connect


@pytest.fixture(scope="module")
def retriever(demo_settings):
    r = PolicyRetriever(Store(connect(demo_settings.index_dir)))
    r.correct("hello")  # loads the sections: `query_texts` reads the ones a search loaded
    return r


def _department_texts(retriever: PolicyRetriever, question: str) -> set[str]:
    """The departments the search adds to the question ("... a yoga mat? (sports outdoors)")."""
    return {t.rsplit(" (", 1)[1].rstrip(")") for t in retriever.query_texts(question) if t.endswith(")")}


@pytest.mark.parametrize("question", [
    pytest.param("I opened it and don't like it. Can I get my money back?", id="money-back"),
    pytest.param("Can I combine a free shipping code with a 15% off code?", id="free-shipping"),
    pytest.param("What level do I need to reach to get expedited delivery for free?", id="for-free"),
    pytest.param("is your whole range cruelty-free?", id="cruelty-free"),
    pytest.param("In that case can I pay with PayPal?", id="in-that-case"),  # "case" of phone cases
    pytest.param("do you sell coffee subscriptions?", id="coffee"),  # only the modifier of "drip coffee makers"
    pytest.param("I hate it, can I just send it back?", id="hate-is-no-hat"),
    pytest.param("do the weights on your site include packaging?", id="weights"),  # "measurements, weights"
])
def test_ordinary_words_of_a_category_name_add_no_department(retriever, question):
    assert _department_texts(retriever, question) == set()


@pytest.mark.parametrize("question, department", [
    pytest.param("can I return money clips?", "bags accessories", id="money-clips"),
    pytest.param("What's the return window for a yoga mat?", "sports outdoors", id="yoga-mat"),
    pytest.param("do free weights have a warranty", "sports outdoors", id="free-weights"),
    pytest.param("my phone case cracked, is that covered?", "electronics", id="phone-case"),
    pytest.param("can I send back a t-shirt I wore once", "apparel", id="t-shirt"),
    pytest.param("wat is the retrn window for shoes", "footwear", id="misspelt-question"),
    # a head noun the policies use only where they speak of its department: "such as kettles" in Home & kitchen's row
    pytest.param("can kettles be returned after a month", "home kitchen", id="kettles"),
    pytest.param("are washed towels returnable", "home kitchen", id="towels"),
    pytest.param("how long can i send back a chef knife", "home kitchen", id="knife"),
])
def test_a_product_the_catalog_names_adds_its_department(retriever, question, department):
    assert _department_texts(retriever, question) == {department}


def test_a_question_naming_two_products_adds_both_departments(retriever):
    texts = _department_texts(retriever, "return window for a phone charger vs a frying pan")
    assert {d for t in texts for d in t.split(", ")} == {"electronics", "home kitchen"}


def test_a_category_name_names_each_type_it_lists():
    assert type_names("Wallets & Money Clips") == [("wallet",), ("money", "clip")]
    # a first name that is no plural shares the next one's noun: yoga mats, not "yoga"
    assert type_names("Yoga & Pilates Mats") == [("yoga", "mat"), ("pilate", "mat")]
