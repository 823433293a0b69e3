"""A question asking how to do something is answered with every step of a numbered list, not the first one only.

Worded apart from the eval sets' questions."""

from __future__ import annotations

from tests.retrieval.test_department_rows import write

CLAIM = "warranty.md#making-a-claim"


def test_how_to_claim_quotes_every_step():
    answer = write("my blender died, how can i start a warranty claim", CLAIM)
    assert "Help > Warranty Claim" in answer
    assert "photos" in answer and "3 business days" in answer


def test_a_question_about_one_thing_of_the_steps_is_not_given_them_all():
    answer = write("do i have to keep the original box to make a warranty claim", CLAIM)
    assert "original packaging" in answer
    assert "photos" not in answer
