"""A passage that repeats a better-ranked one (a page's summary and its full text, one clause per country) is left
out of the top of a policy ranking; a passage that only looks alike stays."""

from __future__ import annotations

from types import SimpleNamespace

from assistant.retrieval.search import DISTINCT_SCAN, SectionHit, _distinct, _Sections


def _sections(texts: dict[str, str]) -> SimpleNamespace:
    words = {k: frozenset(t.lower().split()) for k, t in texts.items()}
    sections = SimpleNamespace(words=words, _repeats={})
    sections.repeats = lambda sid: _Sections.repeats(sections, sid)
    return sections


def _hit(sid: str) -> SectionHit:
    return SectionHit(sid, "terms.txt", sid, "Terms", "", 0.5)


RULE = "you may cancel your order within thirty days of delivery for a full refund of the price paid"
TEXTS = {
    "uk": f"{RULE} in the united kingdom",
    "de": f"{RULE} in germany",  # the same clause for another country: a repeat
    "short": "you may cancel your order",  # all its words are the rule's, but a quarter of them: not a repeat
    "other": "gift cards never expire and cannot be exchanged for cash",
    "empty": "",
}


def test_a_repeated_passage_is_left_out_and_a_merely_similar_one_kept():
    sections = _sections(TEXTS)
    kept = _distinct([_hit(s) for s in ("uk", "de", "short", "other", "empty")], sections)
    assert [h.id for h in kept] == ["uk", "short", "other", "empty"]
    assert sections.repeats("de") == {"uk"} and sections.repeats("empty") == frozenset()


def test_repeats_are_looked_for_only_near_the_top():
    texts = {**{f"x{n}": f"unrelated passage number {n} " + "filler " * n for n in range(DISTINCT_SCAN)}, **TEXTS}
    ranked = [_hit(f"x{n}") for n in range(DISTINCT_SCAN - 1)] + [_hit("uk"), _hit("de")]
    assert [h.id for h in _distinct(ranked, _sections(texts))][-2:] == ["uk", "de"]  # "de" past the scan: kept
