"""The answerability gate reads a letter's body, as the policy search does: a greeting and a sign-off ask nothing."""

from __future__ import annotations

from types import SimpleNamespace

from assistant.tasks.retrieve.model import signals

BODY = "Could you kindly advise whether a charity is exempt from sales tax on its orders?"
LETTER = f"Dear Sir or Madam,\n\n{BODY}\n\nRespectfully yours,\nGeoffrey Lyle"


class Words:
    """A retriever that reads every word of four letters or more as one no policy uses."""

    def correct(self, query):
        return query

    def unknown_terms(self, query):
        return [w for w in query.lower().split() if len(w) >= 4]

    def unknown_share(self, query):
        return 0.5


def test_a_letters_greeting_and_sign_off_are_no_words_of_its_question():
    hits = [SimpleNamespace(score=0.5), SimpleNamespace(score=0.4)]
    assert list(signals(Words(), LETTER, hits, 0.0)) == list(signals(Words(), BODY, hits, 0.0))
