"""The extractive answer writer quotes what answers: the department's row, a whole list, each question's part."""

from __future__ import annotations

import pytest

from assistant.agent.answer import ExtractiveWriter, first_rule, department_terms, merged, own_sections, verdict
from assistant.knowledge import load_knowledge
from assistant.retrieval.search import SectionHit
from tests.offline import KNOWLEDGE

K = load_knowledge(KNOWLEDGE, with_reviews=False)
SECTIONS = {c.id: c for c in K.chunks}
WRITER = ExtractiveWriter(0.4, department_terms(K.taxonomy, K.ontology))


def hit(sid: str, score: float = 0.6, clauses: list[str] | None = None) -> SectionHit:
    c = SECTIONS[sid]
    return SectionHit(c.id, c.source, c.section, c.page_title, c.text, score, clauses or [])


def write(question: str, hits: list[SectionHit]) -> tuple[str, list[str]]:
    text, citations = WRITER.write(question, hits, lambda _: None)
    return text, [c.id for c in citations]


def test_the_row_for_the_products_department_not_the_header():
    text, cited = write("How long is the warranty on shoes?", [hit("warranty.md#coverage-by-department")])
    assert text.startswith("Footwear: 6 months.") and "Warranty period" not in text
    assert cited == ["warranty.md#coverage-by-department"]


def test_a_list_comes_whole_after_its_intro():
    text, _ = write("Which countries do you ship to?", [hit("international-shipping.md#where-we-ship")])
    for country in ("Canada", "United Kingdom", "Norway", "Japan", "Singapore"):
        assert country in text
    assert "ship to:. " not in text


def test_each_part_of_a_compound_question_is_answered_and_cited():
    q = ["return window for a phone charger", "return window for a frying pan"]
    text, cited = write(" vs ".join(q), [hit("returns.md#return-windows", 0.55, q)])
    assert "15 days" in text and "45 days" in text and cited == ["returns.md#return-windows"]


def test_two_questions_one_passage_answers_make_one_paragraph():
    q = ["how long does shipping take to alaska", "how much shipping take to alaska"]
    text, cited = write("how long does shipping take to alaska and how much",
                        [hit("shipping.md#alaska-hawaii-and-territories", 0.6, q)])
    assert text.count("[shipping.md#alaska-hawaii-and-territories]") == 1 and text.count("$9.95") == 1
    assert "7-12 business days" in text and cited == ["shipping.md#alaska-hawaii-and-territories"]


def test_among_rows_that_all_hold_a_number_the_products_department_answers():
    # the hit's sentence cosines were measured for the first question (shoes): the kettle's row must still win
    q = ["return window for shoes", "return window for a kettle"]
    h = hit("returns.md#return-windows", 0.64, q)
    h.units = [[4, 0.64], [3, 0.52], [8, 0.42]]  # Footwear's row nearest, as for "shoes"
    text, _ = write("return window for shoes, and for a kettle?", [h])
    assert "Footwear: 30 days" in text and "Home & kitchen: 45 days" in text


def test_a_refusal_comes_with_what_to_do_instead():
    h = hit("exchanges.md#sold-out-sizes", 0.7)
    h.units = [[0, 0.72], [1, 0.71], [2, 0.70]]
    text, _ = write("the size i want is sold out, can i still do an exchange", [h])
    assert "will not show it" in text and "back-in-stock email" in text and "convert" not in text


def test_a_part_nothing_answers_is_said_not_padded():
    q = ["how long does standard shipping take", "is there a senior discount on tuesdays"]
    hits = [hit("shipping.md#methods-and-costs", 0.6, q[:1]), hit("promotions.md#welcome-offers", 0.41, q[1:])]
    text, cited = write(" and ".join(q), hits)
    assert "5-7 business days" in text and "senior discount" in text and cited == ["shipping.md#methods-and-costs"]


def test_nothing_retrieved_is_declined():
    text, cited = write("Do you offer layaway?", [])
    assert cited == [] and "couldn't find" in text


def test_a_bold_lead_in_travels_with_its_sentence():
    q = "do I pay duties when my order gets to Canada?"
    text, _ = write(q, [hit("international-shipping.md#duties-and-taxes")])
    assert "Delivered Duty Paid" in text and "Canada" in text


def test_a_sentence_that_continues_the_quoted_one_comes_with_it():
    text, _ = write("My package says delivered but it's not at my door, what do I do?",
                    [hit("shipping.md#lost-or-damaged-packages")])
    assert "48 hours" in text and "14 days" in text


def test_the_event_that_answers_a_when_question():
    text, _ = write("when do you charge me for a pre-order?", [hit("order-changes.md#backorders-and-pre-orders")])
    assert "Pre-orders are charged when they ship" in text


def test_a_plain_rule_answers_a_yes_no_question_first():
    text, _ = write("Does my gift card expire?", [hit("payments-and-gift-cards.md#using-gift-cards")])
    assert text.startswith("No. ") and "never expire" in text
    assert verdict("Can I add something to my order?", "You cannot add items to an existing order.") == "No."
    assert verdict("can i exchange shoes for another size?", "Shoes can be exchanged for another size.") == "Yes."
    assert verdict("can i use afterpay to buy a gift card?", "It cannot be used to buy gift cards.") == "No."
    assert verdict("can you cancel my order if the price was wrong?", "We may cancel an order.") == "Yes."
    # who does the verb: the shopper asks, the store may (`tasks/quote/words.asked_of`, `doer`)
    assert verdict("can i cancel my order?", "We may cancel an order.") == ""
    assert verdict("can i cancel my order?", "You can cancel the whole order.") == "Yes."


def test_a_rule_with_a_condition_gets_no_yes_or_no():
    text, _ = write("Can I send back makeup I already opened?", [hit("returns.md#beauty-products")])
    assert not text.startswith(("Yes.", "No."))
    # a limit is a condition: the shopper asked for five, the rule allows three
    assert verdict("can i use 5 gift cards on one order?", "You can use up to 3 gift cards per order.") == ""


@pytest.mark.parametrize("question, rule", [
    # a count the rule does not state: "Yes." would say two codes are fine
    ("Can I use two promo codes on the same order?", "You can use one promo code per order."),
    # a choice is no yes/no question
    ("does free shipping count before or after my 20% off code", "Gift card purchases do not count toward the $75."),
    # asked in the negative, "No." reads both ways
    ("is it true that I can't add another item to my order?", "You cannot add items to an existing order."),
    # the rule's verb is the question's noun: the rule is about something else
    ("Is it true that your shipping is carbon neutral?", "Oversized items cannot be shipped outside the United States."),
    # refused for one purpose the shopper did not ask about: Afterpay is accepted, just not for gift cards
    ("can i use afterpay", "It cannot be used to buy gift cards."),
    # a rule about some items: most sale items can be returned, Final Sale ones cannot
    ("can i return something i bought on sale", "Some items cannot be returned or exchanged."),
    # the rule says what the store may do, the shopper asked what they can do
    ("can i cancel my order", "We may cancel an order, or part of an order, in these situations:"),
])
def test_no_yes_or_no_where_the_question_is_not_plainly_the_rule_s(question, rule):
    assert verdict(question, rule) == ""


def test_a_list_s_lead_in_is_judged_with_its_first_item():
    texts = ["Your one promo code can be used together with:", "up to 3 Harbor Rewards certificates;"]
    assert verdict("can i use like 5 reward certificates on one order", first_rule(texts)) == ""
    assert verdict("can i use my 15% welcome code on a $40 order to canada",
                   "A welcome code cannot be used on an order shipped outside the United States.") == "No."


def test_the_sentence_minilm_puts_nearest_comes_with_the_one_sharing_most_words():
    # "join" and "Harbor Rewards" are in the lead sentence; what the shopper asked ("how much") is in the one
    # MiniLM puts nearest (the unit cosines the search measured for this question)
    h = hit("loyalty.md#joining", 0.77)
    h.units = [[2, 0.7653], [0, 0.7162], [4, 0.7109], [3, 0.6896], [1, 0.6539]]
    text, cited = write("how much does it cost to join harbor rewards", [h])
    assert "There is no fee and no purchase needed to join." in text and cited == ["loyalty.md#joining"]


def test_each_question_of_a_message_reads_its_own_sentence_cosines_of_a_section_both_found():
    # the search measured the section's sentences for each question; the first one's must not rank the second's
    q = ["can my points be transferred to my sister", "how much does it cost to join harbor rewards"]
    h = hit("loyalty.md#joining", 0.77, q)
    h.units = [[3, 0.71], [1, 0.55], [0, 0.50], [2, 0.40]]  # the first question's: "Membership is personal ..."
    h.clause_units = {q[0]: h.units, q[1]: [[2, 0.7653], [0, 0.7162], [4, 0.7109], [3, 0.6896], [1, 0.6539]]}
    text, _ = write(" and ".join(q), [h])
    assert "cannot be transferred" in text and "There is no fee and no purchase needed to join." in text


def test_a_question_of_a_message_is_not_offered_a_section_its_own_words_hardly_match():
    # the whole message found points-expiry for both questions (0.84); by the second question's own cosines its best
    # sentence is 0.255 against joining's 0.343, so "can I give my points to my sister" is answered from joining only
    q = ["do my points ever expire", "can I give my points to my sister"]
    expiry, joining = hit("loyalty.md#points-expiry", 0.84, q), hit("loyalty.md#joining", 0.59, q)
    expiry.clause_units = {q[0]: [[1, 0.70]], q[1]: [[1, 0.255]]}
    joining.clause_units = {q[0]: [[3, 0.41]], q[1]: [[3, 0.34]]}
    assert own_sections(q[1], [expiry, joining]) == [joining]
    assert own_sections(q[0], [expiry, joining]) == [expiry]
    assert own_sections(q[0], [hit("loyalty.md#joining", 0.59, q)]) != []  # no own cosines: all kept
    text, cited = write(", ".join(q), [expiry, joining])
    assert "cannot be transferred" in text and cited == ["loyalty.md#points-expiry", "loyalty.md#joining"]


def test_two_parts_quoting_one_passage_say_each_sentence_once():
    first = "Alaska and Hawaii: 7-12 business days, $9.95. [shipping.md#alaska]"
    second = ("No. Alaska and Hawaii: 7-12 business days, $9.95. The $75 offer does not apply. [shipping.md#alaska]"
              "\n\nWe ship by UPS. [shipping.md#carriers]")
    text = merged(first, second)
    assert text.count("$9.95") == 1 and "No." not in text and "does not apply" in text
    assert text.count("[shipping.md#alaska]") == 1 and text.endswith("We ship by UPS. [shipping.md#carriers]")
    assert merged(first, first) == first


def test_the_row_its_first_cell_names_not_a_row_matching_a_columns_header():
    # "standard" is the domestic table's row key and only a column header ("Free Standard shipping") abroad
    text, _ = write("how long does standard shipping take",
                    [hit("international-shipping.md#international-rates", 0.62),
                     hit("shipping.md#methods-and-costs", 0.62)])
    assert text.startswith("Standard: $5.95")


def test_a_sentence_leaning_on_the_one_before_comes_with_it():
    text, _ = write("will my aerosol dry shampoo go expedited with everything else",
                    [hit("shipping.md#restricted-items")])
    assert "dry shampoo" in text and "ground only" in text


def test_a_word_every_section_holds_does_not_pick_the_section():
    # "klarna", "points" and "account" are in both passages of a long terms page: the rarer "shipping" decides,
    # though the other passage shares as many words and ranked higher
    def passage(sid: str, text: str, score: float) -> SectionHit:
        return SectionHit(f"terms.txt#{sid}", "terms.txt", "Klarna Reward", "Terms", text, score)

    text, _ = write("do i get klarna points on shipping with my account", [
        passage("p1", "Klarna Points are lost if someone else uses your account.", 0.65),
        passage("p2", "Klarna Points exclude shipping. Your account shows your balance.", 0.6)])
    assert text.startswith("Klarna Points exclude shipping.")
def test_a_question_of_a_split_message_is_not_answered_by_the_others_unit():
    # "how do i claim it" shares "tent" with the first question's row only by its department, "claim" with the claim
    # section; the row holds the first question's word ("warranty") and none of the second's own
    q = ["whats the warranty on a tent", "how do i claim a tent"]
    text, cited = write(" and ".join(q), [hit("warranty.md#coverage-by-department", 0.86, q),
                                         hit("warranty.md#making-a-claim", 0.62, q)])
    assert "Sports & outdoors: 1 year" in text and "Warranty Claim" in text
    assert cited == ["warranty.md#coverage-by-department", "warranty.md#making-a-claim"]


def test_a_how_do_i_question_gets_the_instruction():
    text, _ = write("how do i get my account deleted", [hit("privacy.md#your-privacy-rights", 0.56)])
    assert "Privacy Requests" in text


def _answer(services, question: str) -> tuple[str, list[str]]:
    """Through the real search and the services' writer, as the policy tool answers."""
    hits = services.policies.search(services.embedder.encode_query(question), k=services.settings.policy_top_k,
                                    query=question)
    text, citations = services.writer.write(question, hits, lambda _: None)
    return text, [c.id for c in citations]


def test_what_the_shopper_did_to_the_item_is_answered_by_the_condition_rule_not_the_window(services):
    text, cited = _answer(services, "can i return shoes if i wore them on a hike once")
    assert cited[0] == "returns.md#item-condition" and "indoors" in text  # was "Footwear: 30 days." alone
    # asked how long, the department's row answers as before
    text, _ = _answer(services, "how long do i have to return shoes")
    assert "Footwear: 30 days" in text


def test_how_the_item_got_damaged_is_answered_by_what_the_warranty_leaves_out(services):
    text, cited = _answer(services, "my dog chewed thru the strap on my backpack does ur warranty cover that")
    assert cited[0] == "warranty.md#what-is-not-covered" and "pets" in text  # was "Bags & accessories: 1 year." alone
    # a defect with no accident told is answered by the period as before
    _, cited = _answer(services, "how long is the warranty on backpacks")
    assert cited[0] == "warranty.md#coverage-by-department"
