"""Messages with several requests: where a message is cut, which cuts are left to the policy search (a condition
that leans on the question before it), and a part the router cannot place alone asked as the store question its
sibling is. Offline, on the demo store, in other words than the training rows use."""

from __future__ import annotations

import pytest

from assistant.agent.parts import self_contained, split_parts, store_questions
from assistant.agent.state import Step, Understanding


def _policy_queries(answer) -> list[str]:
    return [t.input["query"] for t in answer.tools if t.name == "search_policies"]


@pytest.mark.parametrize("text, parts", [
    # a second question offered as the other way
    ("is this a defect the warranty handles, or should i ask for a replacement instead",
     ["is this a defect the warranty handles", "should i ask for a replacement instead"]),
    ("can i return or exchange it", ["can i return or exchange it"]),  # two acts of one question
    # with no comma too, where a verb and its subject start the other way (d18 dev)
    ("if it cracks in 6 months, is that covered or am I past the return window?",
     ["if it cracks in 6 months, is that covered", "am I past the return window"]),
    ("does it come in red, or blue", ["does it come in red, or blue"]),  # no question after "or"
    # the shopper's worry after "or" asks the store nothing
    ("my blender stopped working after 3 months, is that covered or am i out of luck",
     ["my blender stopped working after 3 months, is that covered or am i out of luck"]),
    # a reported question joined by "and whether"
    ("tell me the shipping cost to Ohio, and whether a signature is needed",
     ["tell me the shipping cost to Ohio", "whether a signature is needed"]),
    # how soon something happens is another fact of the same subject, searched once
    ("where does my refund go, and how quickly", ["where does my refund go? and how quickly"]),
    # what the shopper tells first leads its question, as the policy search reads it; a request stays one
    ("i live ten minutes from your Portland office and would rather fetch the box myself, is that allowed",
     ["i live ten minutes from your Portland office and would rather fetch the box myself, is that allowed"]),
    ("I need a tent, and do you ship to Hawaii", ["I need a tent", "do you ship to Hawaii"]),
    # a formal letter's numbered questions and a request said as a wish to know (d18 dev)
    ("Firstly, is there a membership fee? Secondly, how many points must I collect? And thirdly, do I get a "
     "birthday gift?", ["is there a membership fee", "how many points must I collect",
                        "do I get a birthday gift"]),
    ("How long will my request take? I should also like to know how long you keep my past orders.",
     ["How long will my request take", "I should also like to know how long you keep my past orders"]),
    # a question led by its own condition is a request, not context for the one before (d18 dev)
    ("How long are certificates good for? And if I return something I paid for with one, do I get that part back?",
     ["How long are certificates good for", "if I return something I paid for with one, do I get that part back"]),
])
def test_a_message_is_cut_where_a_new_question_starts(text, parts):
    assert split_parts(text) == parts


@pytest.mark.parametrize("text", [
    "can i use two codes, and if one has expired can i swap it",  # "one": a code, said in the first part
    "will a sale item go back? if not can i swap the colour",  # "if not": of the first part's answer
])
def test_a_condition_leaning_on_the_question_before_stays_with_it(text):
    # the policy search cuts it and lends it the first part's subject; cut here it would search "if one has expired"
    assert len(split_parts(text)) == 1


def _u(route: str, query: str, tool: str = "", conf: float = 0.9, **args) -> Understanding:
    steps = [Step(tool=tool, args={"query": query, **args}, part=query)] if tool else []
    return Understanding(route=route, confidence=conf, query=query, steps=steps)


def test_a_part_routed_nowhere_beside_a_policy_part_is_asked_as_a_policy_question():
    parts = ["how do i opt out of the newsletter", "how do i stop the sms"]
    found = [_u("policy", parts[0], "search_policies"), _u("other", parts[1], conf=0.3)]
    out = store_questions(parts, found, "shopper")
    assert [st.args["query"] for u in out for st in u.steps] == parts
    assert out[1].route == "policy"


@pytest.mark.parametrize("parts, conf", [
    (["can a kayak go to juneau", "what does shipping to alaska cost"], 0.4),
    # the router said search at 0.6 ("suit"), but the shopper asks about the return, not for a swimsuit
    (["is the return label free if i'm a navigator member", "what shape does the suit need to be in"], 0.6),
])
def test_an_unsure_product_search_asking_the_store_becomes_a_policy_question(parts, conf):
    n = next(i for i, p in enumerate(parts) if not p.startswith(("is the return", "what does shipping")))
    found = [_u("search", p, "search_products", conf=conf, refine=False) if i == n
             else _u("policy", p, "search_policies") for i, p in enumerate(parts)]
    assert [st.tool for u in store_questions(parts, found, "shopper") for st in u.steps] == ["search_policies"] * 2


@pytest.mark.parametrize("part, conf", [
    ("do you sell kayaks", 0.4),  # asks for a thing: shown by finding it
    ("what kayaks are good for beginners", 0.9),  # the router is sure: a product search
])
def test_a_product_search_beside_a_policy_part_stays_a_search(part, conf):
    parts = [part, "how long is the return window for them"]
    found = [_u("search", part, "search_products", conf=conf, refine=False),
             _u("policy", parts[1], "search_policies")]
    assert store_questions(parts, found, "shopper")[0].steps[0].tool == "search_products"


def test_without_a_policy_part_or_for_a_merchant_nothing_is_asked_again():
    parts = ["hi there", "who wrote this"]
    alone = [_u("other", parts[0]), _u("other", parts[1])]
    assert store_questions(parts, alone, "shopper") == alone
    with_policy = [_u("policy", "what is the return window", "search_policies"), _u("insights", "top complaints")]
    assert store_questions(["what is the return window", "top complaints"], with_policy, "merchant") == with_policy


def test_each_part_of_a_compound_message_gets_its_own_search_and_citation(bot):
    a = bot.ask("how can i stop getting your newsletter, and how do i stop the sms", thread_id="cp-1",
                role="shopper")
    assert _policy_queries(a) == ["how can i stop getting your newsletter", "how do i stop the sms"]
    assert "privacy.md#emails-and-texts" in [c.id for c in a.citations]


def test_an_either_or_message_searches_both_ways(bot):
    a = bot.ask("is this a defect the warranty handles, or should i ask for a replacement instead",
                thread_id="cp-2", role="shopper")
    assert len(_policy_queries(a)) == 2
    assert {c.source for c in a.citations} >= {"warranty.md"}


def _policy(parts: list[str]) -> list[Understanding]:
    return [_u("policy", p, "search_policies") for p in parts]


def test_a_later_policy_question_searches_the_thing_the_earlier_one_named():
    text = "can i cancel a backorder, and when do you bill me for it"
    parts = split_parts(text)
    queries = [u.steps[0].args["query"] for u in self_contained(text, parts, _policy(parts))]
    assert queries[0] == "can i cancel a backorder"
    assert "backorder" in queries[1] and " it" not in f" {queries[1]}"


def test_what_the_shopper_tells_first_goes_with_every_question():
    text = "i live in juneau. is shipping free over $75 here, and can i get next day delivery"
    parts = split_parts(text)
    queries = [u.steps[0].args["query"] for u in self_contained(text, parts, _policy(parts))]
    assert len(queries) == 2 and all(q.startswith("i live in juneau.") for q in queries)


def test_a_wish_told_first_is_a_request_not_the_context_of_the_next_one():
    text = ("I wish to unsubscribe from your marketing emails. How long will my request take to come into effect? "
            "I should also like to know for how long you retain the records of my past orders.")
    parts = split_parts(text)
    queries = [u.steps[0].args["query"] for u in self_contained(text, parts, _policy(parts))]
    assert len(queries) == 2 and "unsubscribe" not in queries[1] and "retain the records" in queries[1]


def test_a_query_the_understanding_step_wrote_itself_is_kept():
    text = "can i return it, and what is the warranty"
    parts = split_parts(text)
    found = [_u("policy", "can i return it for earbuds", "search_policies"), *_policy(parts[1:])]
    assert self_contained(text, parts, found) == found  # the product from the conversation stays in the search


def test_a_message_with_a_product_part_keeps_its_parts_as_cut():
    text = "is the 2nd one in stock and can i return it"
    parts = split_parts(text)
    found = [_u("search", parts[0], "product_details"), _u("policy", parts[1], "search_policies")]
    assert self_contained(text, parts, found) == found


def test_a_letter_is_read_without_its_greeting_and_sign_off(bot):
    """"Madam, ... With respect, Dr. Heinrich Baumann": the sign-off was searched as a question of its own, and the
    second question searched without the country the letter gave (d18 dev)."""
    letter = ("Madam,\n\nI reside in Zurich and am minded to order a wool coat. Would you kindly advise whether I "
              "shall pay import duties upon its arrival, and whether I may return the coat should it not fit?\n\n"
              "With respect,\nDr. Heinrich Baumann")
    answer = bot.ask(letter, thread_id="letter", role="shopper")
    queries = _policy_queries(answer)
    assert len(queries) == 2 and not any("Baumann" in q or "Madam" in q for q in queries), queries
    assert all("Zurich" in q for q in queries), queries
    assert any(c.id.startswith("international-shipping.md#duties") for c in answer.citations), answer.citations
