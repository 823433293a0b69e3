"""Spelling correction against the store's own words, before routing and retrieval."""

from __future__ import annotations

import pytest

from assistant.retrieval.spelling import correct
from tests.offline import KNOWLEDGE


@pytest.mark.parametrize("typed, meant", [
    ("hw lng dose shiping tak to alsaka?? and hw much", "how long does shipping take to alaska?? and how much"),
    ("witch one is cheaper to ship", "which one is cheaper to ship"),
    ("can i retrun my earbuds if i opend them", "can i return my earbuds if i opened them"),
    ("wat is the retrn window for shoes", "what is the return window for shoes"),
    ("someone stole my giftcard, can u replace it", "someone stole my gift card, can you replace it"),
    ("do you take amex", "do you take American Express"),
    ("is there a bday bonus", "is there a birthday bonus"),
    # spoken forms are no words the policies lack ("gonna" counted as one, a signal the policy gate declines by)
    ("am i gonna get hit with duties", "am i going to get hit with duties"),
    ("i wanna know if i gotta pay for the label", "i want to know if i have to pay for the label"),
], ids=["alaska", "witch", "earbuds", "window", "giftcard", "amex", "bday", "gonna", "wanna-gotta"])
def test_shoppers_typos_become_the_stores_words(typed, meant):
    assert correct(typed, KNOWLEDGE) == meant


@pytest.mark.parametrize("text", [
    "my mug got smashed and someone stole my wallet",     # real words the store never uses stay as typed
    "Do you install TV wall mounts?",                     # a plural of a known word is not "amounts"
    "do you rent out paddle boards",                      # a rare real word is not "candle"
    "What do reviews say about HP-00017?",                # ids, case and punctuation untouched
    "do you guys sell lawn mowers",                       # an English word the store lacks is not "makers"
    "is the dose on the vitamin bottle per day",          # "dose" is "does" only where an auxiliary belongs
    "a witch costume for halloween",
    "how long do i have to exchange a rug",               # the singular of a word the store only uses in plural
    "Would you kindly advise whether I may return it",    # a real word is not a dropped letter of its own "advised"
], ids=["real-words", "plural", "rare-word", "ids", "not-carried", "dose", "witch", "singular", "inflection"])
def test_words_that_are_not_misspelled_are_left_alone(text):
    assert correct(text, KNOWLEDGE) == text
