"""How replies read once Chainlit renders their Markdown (issue 13 item 5): review insights keep their headings out
of the bullet lists, and a quote is evidence for the aspect it stands under."""

from __future__ import annotations

from markdown_it import MarkdownIt

from types import SimpleNamespace

from assistant.agent.reviews import summarize

REVIEWS = ["I buy this dress for my niece. Sadly the care instructions are a pain, hand wash only.",
           "Love it! The fit is spot on and it is so comfortable.",
           "Great value for the price. Wrinkles after one wear, needs ironing every time."]


def _extract(sentiment: str, aspects: dict, uses: list[str]):
    """What the extract model returns for one review (its fields, not its class: the tasks move)."""
    return SimpleNamespace(overall_sentiment=sentiment, aspects=aspects, use_cases=uses, mentions_difficulty=False)


def test_review_insight_headings_are_not_glued_to_bullets_and_quotes_name_their_aspect():
    extractions = [_extract("negative", {"ease_of_care": "negative"}, ["gift"]),
                   _extract("positive", {"fit": "positive", "comfort": "positive"}, []),
                   _extract("mixed", {"value": "positive", "ease_of_care": "negative"}, ["everyday"])]
    text = summarize("Dresses", REVIEWS, extractions).text()
    html = MarkdownIt().render(text)
    items = [li.split("</li>")[0] for li in html.split("<li>")[1:]]
    assert not any("Criticised" in li or "Bought for" in li for li in items)
    assert "<strong>Criticised:</strong>" in html and "<strong>Bought for:</strong>" in html
    care = next(li for li in items if li.startswith("ease of care"))
    assert "niece" not in care and ("care instructions" in care or "ironing" in care)
