"""Policy pages become sections or passages with stable ids; bad pages and rows are named precisely."""

from __future__ import annotations

import pytest

from assistant.errors import DataError
from assistant.knowledge import PASSAGE_WORDS, chunk_policy, load_knowledge, sentences
from tests.conftest import KNOWLEDGE


def test_markdown_sections_get_slug_ids(tmp_path):
    page = tmp_path / "returns.md"
    page.write_text("# Returns\n\nIntro text.\n\n## Final sale\nNo returns.\n\n## Refunds by payment method\nCards: 5 days.\n")
    chunks = chunk_policy(page, [])
    assert [c.id for c in chunks] == ["returns.md#overview", "returns.md#final-sale",
                                      "returns.md#refunds-by-payment-method"]
    assert chunks[1].section == "Final sale" and chunks[1].line == 5


def test_text_page_without_headings_is_split_into_passages_with_stable_ids(tmp_path):
    paragraphs = [" ".join(f"Clause {i} word{j}." for j in range(40)) for i in range(12)]
    page = tmp_path / "terms.txt"
    page.write_text("\n\n".join(paragraphs))
    first = chunk_policy(page, [])
    assert len(first) > 3
    assert [c.id for c in first] == [f"terms.txt#p{i}" for i in range(1, len(first) + 1)]
    assert all(len(c.text.split()) <= PASSAGE_WORDS * 2 for c in first)
    assert [c.id for c in chunk_policy(page, [])] == [c.id for c in first]


def test_repeated_heading_and_empty_section_are_errors(tmp_path):
    page = tmp_path / "faq.md"
    page.write_text("# FAQ\n\n## Hours\nNine to five.\n\n## Hours\nAgain.\n\n## Empty\n\n")
    errors: list[DataError] = []
    chunk_policy(page, errors)
    assert [str(e) for e in errors] == [f"{page}:6: section: heading 'Hours' repeats line 3",
                                        f"{page}:9: section: section 'Empty' has no text"]


def test_demo_store_loads_and_has_what_the_issue_asks():
    k = load_knowledge(KNOWLEDGE)
    assert len({c.source for c in k.chunks if c.source.endswith(".md")}) >= 10
    assert any(c.source.endswith(".txt") and c.id.endswith("#p1") for c in k.chunks)
    assert len(k.products) >= 600 and len(k.reviews) >= 1500
    assert len(k.taxonomy.leaves) >= 40
    assert len({k.department(p.category_id) for p in k.products}) >= 6
    ids = [c.id for c in k.chunks]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("word, attr, value", [("navy", "color", "blue"), ("flowy", "silhouette", "flowy")])
def test_ontology_synonyms(word, attr, value):
    k = load_knowledge(KNOWLEDGE, with_reviews=False)
    assert k.ontology.lexicon[word] == (attr, value)


def test_sentences_join_hard_wrapped_lines_and_drop_markup():
    """Policy pages are hard-wrapped: a sentence that runs over two lines is one sentence (it is embedded, and
    quoted in answers, on its own)."""
    text = ("**Holiday returns.** Items delivered between November 1 and December 24 can be returned until January 31\n"
            "of the following year.\n\n| Department | Window |\n| --- | --- |\n| Footwear | 30 days |\n\n"
            "- Bags need the dust bag\n  and the strap.\n- Keep the *original* box.")
    assert sentences(text) == [
        "Holiday returns.",
        "Items delivered between November 1 and December 24 can be returned until January 31 of the following year.",
        "Department: Window", "Footwear: 30 days", "Bags need the dust bag and the strap.", "Keep the original box."]


def test_the_store_contact_is_read_and_a_bad_one_is_named(tmp_path):
    from assistant.errors import DataErrors
    from assistant.knowledge import NO_CONTACT, store_contact

    assert store_contact(KNOWLEDGE) == \
        "by phone at 1-800-555-0142 or by email at support@harborandpine.com"
    assert store_contact(tmp_path) == NO_CONTACT  # no store.yaml: the help center
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "store.yaml").write_text("name: X\ncontact:\n  phone: call us\n  email: help@x.com\n")
    with pytest.raises(DataErrors, match=r"store/store.yaml: contact.phone: String should match"):
        store_contact(tmp_path)
