"""The department of the product a question names decides which row of a department table is quoted.

Policies state rules per department ("| Sports & outdoors | 30 days |"), shoppers name products ("sleeping
bags"); a row sharing a word with the product ("Bags & accessories") is no answer, nor is a section about another
department ("Beauty products"). Questions here are worded apart from the ones the bug reports used."""

from __future__ import annotations

import pytest

from assistant.agent.answer import ExtractiveWriter, department_terms
from assistant.knowledge import load_knowledge
from assistant.retrieval.departments import Departments
from assistant.retrieval.search import SectionHit
from tests.offline import KNOWLEDGE

K = load_knowledge(KNOWLEDGE, with_reviews=False)
SECTIONS = {c.id: c for c in K.chunks}
WRITER = ExtractiveWriter(0.4, department_terms(K.taxonomy, K.ontology))
WINDOWS, WARRANTY = "returns.md#return-windows", "warranty.md#coverage-by-department"


def hit(sid: str, score: float = 0.6) -> SectionHit:
    c = SECTIONS[sid]
    return SectionHit(c.id, c.source, c.section, c.page_title, c.text, score, [])


def write(question: str, *sids: str) -> str:
    return WRITER.write(question, [hit(s, 0.6 - 0.01 * i) for i, s in enumerate(sids)], lambda _: None)[0]


@pytest.mark.parametrize("question, sids, row, not_row", [
    pytest.param("are sleeping bags returnable and for how long", [WINDOWS], "Sports & outdoors: 30 days",
                 "Bags & accessories", id="sleeping-bag-return"),
    pytest.param("what warranty comes with a sleeping bag", [WARRANTY, "warranty.md#what-is-covered"],
                 "Sports & outdoors: 1 year", "Bags & accessories", id="sleeping-bag-warranty"),
    pytest.param("how many days do I get to send back a duffel bag", [WINDOWS], "Bags & accessories: 30 days",
                 "Sports & outdoors", id="duffel-bag-is-a-bag"),
    pytest.param("bought an electric kettle, how long can I return it", [WINDOWS], "Home & kitchen: 45 days",
                 "Electronics accessories", id="kettle"),
    pytest.param("is a keyboard under warranty", [WARRANTY], "Electronics accessories: 1 year", "Apparel",
                 id="keyboard"),
])
def test_the_named_products_department_row_is_quoted(question, sids, row, not_row):
    text = write(question, *sids)
    assert row in text and not_row not in text


def test_a_section_about_another_department_is_not_quoted_for_a_product():
    text = write("the dress I got doesn't fit, can I send it back?", "returns.md#beauty-products", WINDOWS)
    assert "Apparel (women's and men's clothing): 30 days" in text and "[returns.md#beauty-products]" not in text


def test_a_sentence_about_another_department_is_not_quoted_for_a_product():
    text = write("how long do i have to send back a scarf", "returns.md#item-condition",
                 "exchanges.md#what-you-can-exchange")
    assert "Electronics accessories must come back" not in text and "bags & accessories" in text


def test_the_department_row_answers_without_a_second_section():
    text = write("what is the warranty on a yoga mat", WARRANTY, "warranty.md#what-is-covered")
    assert "Sports & outdoors: 1 year" in text and "[warranty.md#what-is-covered]" not in text


def test_a_question_naming_no_product_keeps_every_row():
    # no product, no department: the shared words pick the row as before
    assert "Beauty (unopened only): 30 days" in write("how long is the return window for beauty", WINDOWS)


def test_a_head_noun_names_its_department_unless_the_policies_use_it_otherwise():
    depts = Departments.from_taxonomy(K.taxonomy, K.ontology)
    policy = {"warranty": frozenset("home kitchen 1 year small appliances such as kettles".split()),
              "exchanges": frozenset("in that case we refund it".split())}
    assert depts.named("do kettles have a longer warranty", policy) == ["home kitchen"]
    assert depts.named("in that case can I return it", policy) == []
    assert depts.named("my phone cases cracked", policy) == ["electronics"]  # the full name always names it


@pytest.mark.parametrize("question", ["I hate it, can I return it?", "my mate bought it for me", "is the pane broken"])
def test_a_word_ending_in_e_is_no_product_without_it(question):
    # "hate" is not "hat", "mate" not "mat", "pane" not "pan"
    assert Departments.from_taxonomy(K.taxonomy, K.ontology).named(question, {}) == []



def test_a_coverage_question_about_a_product_gets_its_departments_row_beside_the_example():
    # answered by the example naming the product alone ("a kettle or toaster that stops heating"), the shopper
    # did not learn for how long it is covered; the catalog's product types name the department
    writer = ExtractiveWriter(0.4, department_terms(K.taxonomy, K.ontology, KNOWLEDGE))
    hits = [hit("warranty.md#what-is-covered", 0.62), hit(WARRANTY, 0.6)]
    text = writer.write("the electric kettle I got in spring wont heat anymore, is it covered?", hits, lambda _: None)[0]
    assert "a kettle or toaster that stops heating" in text and "kettles, toasters and blenders 2 years" in text
    plain = writer.write("what does the quality promise cover?", hits, lambda _: None)[0]
    assert "Home & kitchen" not in plain  # no product named: no department's row beside the answer
