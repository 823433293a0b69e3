"""A short question whose every content word one sentence of the best section holds is answerable
(`retrieval/lexical.said_in_one`): the words must stand together in one sentence, row or item."""

from __future__ import annotations

from assistant.retrieval.lexical import said_in_one

SECTION = ("Harbor Rewards is our free loyalty program. There is no fee and no purchase needed to join.\n\n"
           "- Gift cards are Final Sale.\n- Wrapping paper is recycled.")


def test_every_content_word_in_one_sentence():
    assert said_in_one("do you have a loyalty program", SECTION)
    assert said_in_one("is there a fee to join", SECTION)


def test_words_in_different_sentences_or_a_long_question_are_not_enough():
    assert not said_in_one("do you do gift wrapping", SECTION)  # "gift" and "wrapping" are in two items
    assert not said_in_one("is the loyalty program free for students", SECTION)  # "students" is said nowhere
    assert not said_in_one("is there a fee to join the free loyalty program", SECTION)  # more than three words
    assert not said_in_one("ok", SECTION)  # no content word at all
