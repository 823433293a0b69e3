"""Which row of a table the hand-set rules quote (`tasks/quote/rows.py`): the row the question names by its first
cell, its department or an amount in its range, else the row nearest in meaning; two rows when it names two."""

from __future__ import annotations

import pytest

from assistant.agent.answer import ExtractiveWriter, department_terms
from assistant.knowledge import load_knowledge
from assistant.policy_pages import units
from assistant.retrieval.search import SectionHit
from assistant.tasks.quote.words import asked_of, doer
from tests.offline import KNOWLEDGE

K = load_knowledge(KNOWLEDGE, with_reviews=False)
SECTIONS = {c.id: c for c in K.chunks}
WRITER = ExtractiveWriter(0.4, department_terms(K.taxonomy, K.ontology))


def hit(sid: str, nearest: str = "", score: float = 0.6) -> SectionHit:
    """A retrieved section whose units MiniLM puts at 0.3, the one starting with `nearest` at 0.5."""
    c = SECTIONS[sid]
    cosines = [[i, 0.5 if nearest and u.text.startswith(nearest) else 0.3] for i, u in enumerate(units(c.text))]
    return SectionHit(c.id, c.source, c.section, c.page_title, c.text, score, [], cosines)


def answer(question: str, *hits: SectionHit) -> str:
    return WRITER.write(question, list(hits), lambda _: None)[0]


def test_an_amount_names_the_row_whose_range_holds_it():
    text = answer("spent about $700 with you this year, what level does that put me at",
                  hit("loyalty.md#membership-tiers"))
    assert "Navigator: $500-$1,199" in text and "Deckhand" not in text and "Captain:" not in text


def test_a_product_no_taxonomy_lists_gets_the_row_nearest_in_meaning_not_the_one_sharing_a_number():
    text = answer("handle on my rolling suitcase snapped after 6 weeks",
                  hit("warranty.md#coverage-by-department", nearest="Bags"))
    assert "Bags & accessories: 1 year" in text and "Footwear" not in text


def test_a_row_holding_more_of_the_question_keeps_its_place():
    text = answer("which rewards level gets the 30 day price adjustment window",
                  hit("loyalty.md#membership-tiers", nearest="Deckhand"))
    assert "Captain:" in text and "Deckhand" not in text


def test_a_header_word_makes_a_row_quotable():
    text = answer("warranty on boots?", hit("warranty.md#coverage-by-department", nearest="Footwear"))
    assert text.startswith("Footwear: 6 months")


def test_a_named_department_row_is_quoted_though_it_shares_no_word():
    text = answer("the leather wallet split at the seam after 10 months", hit("warranty.md#coverage-by-department"))
    assert "Bags & accessories: 1 year" in text


def test_two_rows_named_are_both_quoted_one_word_of_both_names_neither():
    text = answer("what do navigators get that deckhands dont", hit("loyalty.md#membership-tiers"))
    assert "Navigator:" in text and "Deckhand:" in text
    text = answer("how long till a store credit refund shows up", hit("returns.md#refund-timing"))
    assert "Store credit: within 24 hours" in text and "Credit or debit card" not in text


def test_a_span_the_question_says_names_the_row_saying_it():
    text = answer("how much to get it in 2-3 days instead of a week",
                  hit("shipping.md#methods-and-costs", nearest="Standard"))
    assert text.startswith("Expedited: $12.95")


def test_the_catalog_titles_name_types_the_taxonomy_does_not():
    with_titles = ExtractiveWriter(0.4, department_terms(K.taxonomy, K.ontology, KNOWLEDGE))
    question = "How many days do I have to send back a wireless mouse I ordered?"
    text = with_titles.write(question, [hit("returns.md#return-windows")], lambda _: None)[0]
    assert text.startswith("Electronics accessories"), "the titles say 'Gaming Mouse' where the taxonomy says 'Mice'"
    assert with_titles.related.departments.named("can i pack it in a box", {}) == [], "'Socks Pack': not a type"


def test_a_table_s_lead_in_brings_the_row_the_question_names_or_the_whole_table():
    text = answer("I've spent roughly $700 with you this year, mostly sheets and towels. what rewards tier does that "
                  "put me in?", hit("loyalty.md#membership-tiers", nearest="Your tier depends"))
    assert "Navigator: $500-$1,199" in text and "Deckhand" not in text  # was the lead-in alone, ending on a colon
    every = answer("what are the rewards tiers and what do they depend on",
                   hit("loyalty.md#membership-tiers", nearest="Your tier depends"))
    assert all(tier in every for tier in ("Deckhand:", "Navigator:", "Captain:"))


def test_an_imperative_after_a_semicolon_is_an_instruction_and_a_noun_meets_its_verb():
    from assistant.tasks.quote.words import INSTRUCTION, stem

    assert INSTRUCTION.search("Texts are sent only if you have opted in; reply STOP to any text to stop them.")
    assert not INSTRUCTION.search("Texts are sent only if you have opted in.")
    assert stem("replacement") == stem("replace") and stem("adjustment") == stem("adjust")
    assert stem("payment") == "payment" and stem("comment") == "comment"  # short ones keep their ending
    text = answer("u guys text me like every other day lol how do i make the marketing texts stop",
                  hit("privacy.md#emails-and-texts"))
    assert "reply STOP" in text


def test_what_a_shopper_did_meets_the_condition_the_policy_states():
    from assistant.tasks.quote.words import terms

    # "i wore them outside" is about the rule on unworn items; "used it once" about unused ones
    assert "wear" in terms("can i return shoes i wore outside") & terms("items must be unworn and unwashed")
    assert terms("i used it one time") & terms("Home & kitchen items must be unused")
    assert terms("we opened it") & terms("returned unopened, with the factory seal intact")


def test_the_next_sentence_naming_what_the_answer_named_is_its_catch():
    text = answer("bought my mom one of ur H&P lipsticks and she hates it, its been opened tho. can i still return it",
                  hit("returns.md#beauty-products", nearest="Our own label"))
    assert "even if it has been opened or used" in text and "store credit only" in text


@pytest.mark.parametrize("question", ["how long does shipping take", "when will my order arrive",
                                      "how much does shipping cost"])
def test_a_question_naming_no_row_of_a_table_that_answers_it_in_general_gets_every_row(question):
    text = answer(question, hit("shipping.md#cut-off-times", nearest="For Overnight"),
                  hit("shipping.md#methods-and-costs"))
    assert text.startswith("Standard: $5.95") and "Expedited: $12.95, 2-3 business days" in text \
        and "Overnight: $24.95, next business day" in text and "cut-off" not in text
    text = answer("how long is the warranty", hit("warranty.md#coverage-by-department", nearest="Electronics"))
    assert text.startswith("Apparel: 90 days") and "Footwear: 6 months" in text and "Electronics" in text


@pytest.mark.parametrize("question, sections, row, others", [
    ("how long does standard shipping take", ["shipping.md#methods-and-costs"], "Standard:",
     ["Expedited:", "Overnight:"]),  # a row named
    ("how long does shipping take to alaska",
     ["shipping.md#methods-and-costs", "shipping.md#alaska-hawaii-and-territories"], "$9.95 (7-12 business days)",
     ["Expedited: $12.95", "Overnight:"]),  # a case only a later paragraph says
    ("how many points is the birthday bonus", ["loyalty.md#membership-tiers", "loyalty.md#birthday-bonus"],
     "100 bonus points", ["Navigator:", "Captain:"])])  # a word of a row's body
def test_a_question_about_a_case_keeps_its_own_answer(question, sections, row, others):
    text = answer(question, *(hit(s) for s in sections))
    assert row in text and not any(o in text for o in others)


def test_a_question_for_the_policy_itself_gets_the_whole_table():
    text = answer("what's your return policy", hit("returns.md#return-windows", nearest="Sports"))
    assert text.startswith("Apparel (women's and men's clothing): 30 days") and "Home & kitchen: 45 days" in text \
        and "Electronics accessories (phone cases, chargers, headphones, cables): 15 days" in text


def test_a_rule_for_places_shipped_to_apart_is_no_answer_to_a_question_naming_none():
    sections = ("shipping.md#alaska-hawaii-and-territories", "shipping.md#free-shipping")
    text = answer("do you offer free shipping", *(hit(s) for s in sections))
    assert text.startswith("Standard shipping is free when your merchandise subtotal is $75 or more")
    text = answer("do you offer free shipping to hawaii", *(hit(s) for s in sections))
    assert "does not apply to Alaska and Hawaii" in text


def test_a_row_no_word_of_the_question_names_is_no_answer_alone():
    text = answer("what does the warranty cover", hit("warranty.md#coverage-by-department", nearest="Sports"))
    assert text.startswith("Apparel: 90 days") and "Footwear: 6 months" in text and "Sports & outdoors" in text


def test_a_list_the_answer_leans_on_comes_whole():
    text = answer("can i return something i bought on sale", hit("returns.md#final-sale", nearest="Some items"))
    assert text.startswith("Some items cannot be returned or exchanged. These are marked Final Sale") \
        and "Last Call" in text and "pierced earrings" in text and "gift cards" in text


def test_who_does_the_verb_is_read_from_the_question_and_the_rule():
    """One reader of who acts, for the quote's ranking and the yes/no verdict."""
    assert asked_of("can i cancel my order") == ("shopper", "cancel")
    assert asked_of("if i cancel when do i get my money back") == ("shopper", "cancel")
    assert asked_of("do you ship to canada") == ("store", "ship")
    assert asked_of("what is the return window") is None
    rule = "We may not be able to cancel it, but you can still return it."
    assert doer(rule, rule.index("cancel")) == "store"
    assert doer(rule, rule.index("return")) == "shopper"
    assert doer("Items can be exchanged.", 15) is None


def test_asked_how_a_policy_works_the_answer_is_its_steps():
    """"how do returns work here" quoted the second step alone ("Choose the items ..."); asked how something works,
    a shopper wants the short numbered list it is in, as for "how do i return something"."""
    text = answer("how do returns work here", hit("returns.md#starting-a-return", nearest="Choose the items"))
    assert "My Orders" in text and "within 10 days of creating the label" in text
