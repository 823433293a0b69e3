"""Words every retrieved passage holds say nothing about which answers: not as shared words, nor as phrases, nor
in the heading over a passage's first sentence (a long terms page heads many passages with its own subject)."""

from __future__ import annotations

from assistant.retrieval.search import SectionHit
from assistant.tasks.quote.select import answer_clause

QUESTION = "do i get the return postage back under acme buyer protection"


def passage(n: int, heading: str, text: str, score: float) -> SectionHit:
    return SectionHit(f"terms.txt#p{n}", "terms.txt", heading, "Acme terms", text, score, [QUESTION])


def test_a_heading_that_repeats_the_pages_subject_does_not_pick_the_intro_under_it():
    hits = [
        passage(1, "Acme Buyer Protection", "Acme decides whether your claim qualifies for Acme Buyer Protection. "
                "Acme Buyer Protection does not entitle you to reimbursement for the return shipping costs that you "
                "may incur.", 0.73),
        passage(2, "Impact of Acme Buyer Protection on sellers", "If you lose a claim under Acme Buyer Protection in "
                "any country:\n\n- you must refund the buyer in full and you may not receive the item back.", 0.69),
    ]
    quotes = answer_clause(QUESTION, hits, None)
    assert quotes and quotes[0][1].id == "terms.txt#p1"
    assert any("return shipping costs" in t for t in quotes[0][0])
