"""Shoppers' everyday words bring the formal words policies and legal terms use, for the lexical search."""

from __future__ import annotations

import pytest

from assistant.retrieval.paraphrase import formal_words


@pytest.mark.parametrize("asked, formal", [
    ("can i just quit klarna whenever i want", "terminate"),
    ("my voucher ran out before i used it", "expire"),
    ("can i resell my vouchers", "commercial trade"),
    ("do i get my money back if i cancel", "refund"),
    ("who pays to send it back", "cost"),
    ("i havent touched my account in a year", "inactive"),
    ("can we put our points together", "pooled"),
    ("will they sell me that many", "quantities"),
    ("do i get the return postage back", "shipping"),
    ("if I cook with it once can I still send it back", "heated"),  # "Cookware that has been heated"
    ("can i return shoes i wore outside", "unworn"),
    ("how many points per dollar", "every $1"),  # "1 point for every $1"
    ("forgot to use my deal before the date, is it gone", "expire"),
    ("can i use the rest another time", "remaining"),  # "redeemed ... for less than the original value"
    ("it looks like the pics, i just dont like it", "expectations"),  # "did not meet your expectations"
    ("my 16 yr old wants to shop here", "under 18"),
    ("how long after you process it until I see the money", "refund"),
    ("its $40 cheaper on ur site now, can i get that back", "price drops"),  # "If the price ... drops"
    ("is there a discount for new customers", "first order"),  # "15% off your first order"
    ("any newbie discount?", "first order"),
    ("if my stuff is defective do u fix it or just send a new one", "replacement"),
])
def test_everyday_words_bring_the_formal_ones(asked, formal):
    assert formal in formal_words(asked)


def test_a_question_in_the_policies_own_words_gets_nothing_added():
    assert formal_words("What is the return window for footwear?") == ""
    assert formal_words("cutting board") == ""  # whole words only: "cut" is not in "cutting"


def test_a_shoppers_word_for_a_formal_one_is_bridged():
    from assistant.retrieval.paraphrase import bridged

    assert bridged("my mug showed up smashed") == {"showed", "up", "smashed"}
    assert bridged("do you offer layaway") == set()
