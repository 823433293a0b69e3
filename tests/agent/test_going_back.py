"""A shopper goes back to a list shown earlier: its ordinals, sorts and policy follow-ups point at that list."""

from __future__ import annotations

import pytest

from assistant.agent.going_back import GO_BACK


def _ask(bot, thread: str, text: str):
    return bot.ask(text, thread_id=thread, role="shopper")


def test_ordinals_sorts_and_policy_questions_go_back_to_the_list_named(bot):
    sunglasses = [p.id for p in _ask(bot, "gb-1", "i need sunglasses").products]
    earbuds = [p.id for p in _ask(bot, "gb-1", "show me some wireless earbuds").products]
    assert sunglasses and earbuds and not set(sunglasses) & set(earbuds)

    a = _ask(bot, "gb-1", "ok back to the sunglasses, 3rd one any good? reviews")
    assert [(t.name, t.input.get("product")) for t in a.tools] == [("review_summary", sunglasses[2])]

    a = _ask(bot, "gb-1", "k back to the earbuds, how long do i have to send them back if i dont like em")
    query = next(t.input["query"] for t in a.tools if t.name == "search_policies")
    assert "headphones" in query and "sunglasses" not in query

    a = _ask(bot, "gb-1", "nvm go back to the first list whats the cheapest one there")
    assert a.products and {p.id for p in a.products} <= set(sunglasses)
    assert a.products[0].price == min(p.price for p in a.products)


def test_the_very_first_one_shown_is_of_the_list_before_it_was_refined(bot):
    first = _ask(bot, "gb-2", "do you have mens sneakers").products
    _ask(bot, "gb-2", "any in white?")
    a = _ask(bot, "gb-2", "Returning to the very first sneakers you showed me: what is its price?")
    assert [t.input.get("product_id") for t in a.tools if t.name == "product_details"] == [first[0].id]


@pytest.mark.parametrize("text", ["can he return it without the money coming back to me",
                                  "do i have to send it back to you"])
def test_sending_or_paying_back_is_no_going_back(text):
    assert not GO_BACK.search(text)
