"""Policy pages are cut by markdown-it-py exactly as the hand-written chunker cut them (tests/policy_pages_before.py):
the same sections and passages, the same quotable units with the same kinds and groups, the same errors, on every
page of both stores, on the real terms documents and on bad input. Where CommonMark reads a page otherwise and is
right (a code block, a thematic break, a link, two tables in a row), the case is named below with its new output."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assistant import policy_pages as new
from assistant.knowledge import policy_pages
from tests import policy_pages_before as before
from tests.offline import KNOWLEDGE, REPO

STORE_PAGES = [*policy_pages(KNOWLEDGE / "policies"), *policy_pages(REPO / "tests/data/second_store/policies")]
REALDATA = os.environ.get("ASSISTANT_REALDATA_DIR")
REAL_TERMS = Path(REALDATA) / "tos_policies" if REALDATA else None


def _units(module, text: str) -> list[tuple[str, str, int]]:
    return [(u.text, u.kind, u.group) for u in module.units(text)]


def _cut(module, page: Path) -> tuple[list[dict], list[str]]:
    errors: list = []
    chunks = module.chunk_policy(page, errors)
    return [c.model_dump() for c in chunks], [str(e) for e in errors]


def _page(tmp_path: Path, name: str, text: str) -> Path:
    page = tmp_path / name
    page.write_text(text, encoding="utf-8")
    return page


@pytest.mark.parametrize("page", STORE_PAGES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_store_page_is_cut_as_before(page):
    chunks, errors = _cut(new, page)
    assert (chunks, errors) == _cut(before, page)
    for chunk in chunks:
        assert _units(new, chunk["text"]) == _units(before, chunk["text"]), chunk["id"]


def _without_rules(units: list[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
    """Units without the ones that have no word in them, groups numbered again from 1 in order.

    A line of asterisks between two documents ("*****", a thematic break) was a paragraph before: its units were
    "*" (an odd number of stars, the pairs taken for bold) or nothing, and it took a group number."""
    kept = [u for u in units if any(ch.isalnum() for ch in u[0])]
    renumber = {g: n for n, g in enumerate(dict.fromkeys(g for _, _, g in kept), start=1)}
    return [(text, kind, renumber[g]) for text, kind, g in kept]


@pytest.mark.realdata
@pytest.mark.parametrize("name", sorted(p.name for p in REAL_TERMS.glob("*.txt")) if REAL_TERMS else ["absent"])
def test_every_real_terms_document_is_cut_as_before_but_its_rules(name):
    """Amazon's, Groupon's, Klarna's and PayPal's terms: the same passages; the same units but Groupon's "*"."""
    if name == "absent":
        pytest.skip("ASSISTANT_REALDATA_DIR is not set: the real terms documents are not here")
    chunks, errors = _cut(new, REAL_TERMS / name)
    assert (chunks, errors) == _cut(before, REAL_TERMS / name)
    for chunk in chunks:
        assert _units(new, chunk["text"]) == _without_rules(_units(before, chunk["text"])), chunk["id"]


SAME = {
    "no full stop": "We ship everywhere within the country and abroad without exception",
    "hard-wrapped, bold": "**Holiday returns.** Items delivered between November 1 and December 24 can be returned"
                          " until January 31\nof the following year.",
    "intro and list": "We accept:\n- Visa\n- PayPal and Apple Pay;\n- gift cards.",
    "numbered list, wrapped item": "When a claim is approved we will:\n\n1. send a **replacement**;\n2. if none exists,"
                                   " **refund**, or as store\n   credit if you prefer.",
    "nested list": "Items:\n- Bags\n  - with the dust bag\n  - and the strap\n- Shoes\n\nAfter the list.",
    "numbered inside bullets": "- Step one\n  1. sign in\n  2. open orders\n- Step two",
    "lists one after another": "- a\n- b\n\n- c\n\n1. d",
    "pasted bullets": "• one\n• two",
    "table": "Windows:\n\n| Department | Window |\n| --- | :---: |\n| Footwear | 30 days |\n| **Bags** | 14 days |\n"
             "\nAfter.",
    "table right after its intro": "Windows:\n| Department | Window |\n| --- | --- |\n| Footwear | 30 days |",
    "table row of blanks": "| A | B |\n|---|---|\n| x | y |\n|  |  |",
    "italic": "Keep the *original* box and _all_ tags.",
    "underscore in a word": "Email customer_care@example.com today.",
    "raw html": "Text with <b>bold</b> tag.",
    "indented": "    Indented clause one. Two.",
    "reference-like line": "[1]: http://example.com\nText.",
    "abbreviation": "Orders to the U.S. Virgin Islands ship by USPS. Cut-off is 12:00 p.m. (noon) ET.",
    "question, quote, parenthesis": 'Is it free? "Yes," we say. (Mostly.) 5 days.',
    "one long sentence": "word " * 2000 + ".",
    "hard line break": "Line one  \nline two.",
    "numbered clauses": "5.1 You have a right. 5.2 We refund.",
    "numbers with parenthesis": "1) first\n2) second",
    "colon inside": "Note: this is all.",
    "windows line ends": "Line one\r\nline two.",
    "tab": "A\tB. C.",
}


@pytest.mark.parametrize("text", SAME.values(), ids=SAME.keys())
def test_units_of_tricky_sections_are_as_before(text, tmp_path):
    assert _units(new, text) == _units(before, text)
    page = _page(tmp_path, "page.md", f"# Page\n\n## Section\n{text}\n")
    assert _cut(new, page) == _cut(before, page)


CHANGED = {  # what CommonMark reads, where the hand-written parser read the page wrongly
    "a '+' bullet": ("- a\n* b\n+ c", [("a", "item", 1), ("b", "item", 1), ("c", "item", 1)]),
    "a line right after a table is its last row (GFM)": (
        "| A | B |\n|---|---|\n| 1 | 2 |\nNot a row.",
        [("A: B", "header", 1), ("1: 2", "row", 1), ("Not a row.", "row", 1)]),
    "blank last cells say nothing": ("| A | B |\n|---|---|\n| x |  |", [("A: B", "header", 1), ("x", "row", 1)]),
    "a row is as wide as its header": ("| A | B |\n|---|---|\n| y | z | w |",
                                       [("A: B", "header", 1), ("y: z", "row", 1)]),
    "an escaped pipe is in its cell": ("| A | B |\n|---|---|\n| a \\| b | c |",
                                       [("A: B", "header", 1), ("a | b: c", "row", 1)]),
    "two tables, two headers": ("| A | B |\n|---|---|\n| 1 | 2 |\n\n| C | D |\n|---|---|\n| 3 | 4 |",
                                [("A: B", "header", 1), ("1: 2", "row", 1), ("C: D", "header", 2), ("3: 4", "row", 2)]),
    "pipes without a delimiter row are text": ("| A | B |\n| 1 | 2 |", [("| A | B | | 1 | 2 |", "sentence", 1)]),
    "a literal asterisk stays": ("Free shipping on orders over $50* only.",
                                 [("Free shipping on orders over $50* only.", "sentence", 1)]),
    "a link reads as its words": ("See [our returns page](https://example.com/returns) for more.",
                                  [("See our returns page for more.", "sentence", 1)]),
    "code reads as its text": ("Use code `SAVE10` at checkout.", [("Use code SAVE10 at checkout.", "sentence", 1)]),
    "a thematic break is no unit": ("Intro.\n\n*****\n\nAfter.",
                                    [("Intro.", "sentence", 1), ("After.", "sentence", 2)]),
    "an underlined line is a heading": ("Title line\n---\nBody.",
                                        [("Title line", "sentence", 1), ("Body.", "sentence", 2)]),
    "a quote reads as its words": ("> Quoted text. Second.",
                                   [("Quoted text.", "sentence", 1), ("Second.", "sentence", 1)]),
    "an entity reads as its character": ("Harbor &amp; Pine.", [("Harbor & Pine.", "sentence", 1)]),
    "a sub-heading is its own unit": (
        "### Details\nText here. More.",
        [("Details", "sentence", 1), ("Text here.", "sentence", 2), ("More.", "sentence", 2)]),
    "a code block reads as its text": ("```\ncode line\n```", [("code line", "sentence", 1)]),
    "an item's second paragraph is the item's": (
        "- First item.\n\n  Still the first item.\n- Second.",
        [("First item.", "item", 1), ("Still the first item.", "item", 1), ("Second.", "item", 1)]),
    "an empty item is nothing": ("-\n- b", [("b", "item", 1)]),
}


@pytest.mark.parametrize("text, expected", CHANGED.values(), ids=CHANGED.keys())
def test_units_where_commonmark_reads_the_section_otherwise(text, expected):
    assert _units(new, text) != _units(before, text)
    assert _units(new, text) == expected


@pytest.mark.parametrize("text, expected", [
    pytest.param("# T\n\n## A\n```\n## not a heading\n```\n\n## B\nText.\n",
                 [("A", 3, "```\n## not a heading\n```"), ("B", 8, "Text.")], id="a heading inside a code block"),
    pytest.param("# T\n\n ## A\nText.\n", [("A", 3, "Text.")], id="a heading indented by a space"),
    pytest.param("# T #\n\n## A ##\nText.\n", [("A", 3, "Text.")], id="closing hashes"),
    pytest.param("Title\n=====\n\nSection\n-------\nText.\n", [("Section", 4, "Text.")], id="underlined headings"),
])
def test_sections_where_commonmark_reads_the_page_otherwise(text, expected, tmp_path):
    page = _page(tmp_path, "page.md", text)
    chunks = new.chunk_policy(page, [])
    assert _cut(new, page) != _cut(before, page)
    assert [(c.section, c.line, c.text) for c in chunks] == expected
    assert {c.page_title for c in chunks} == {"T" if text.startswith("# T") else "Title"}


@pytest.mark.parametrize("name, text", [
    ("blob.md", "# Blob\n\n## All of it\n" + " ".join(f"word{i}" for i in range(50_000)) + "\n"),
    ("blob.txt", " ".join(f"word{i}" for i in range(50_000)) + "\n"),
    ("title-mid.md", "## A\nText.\n# Another title\nMore text.\n"),
    ("repeats.md", "# FAQ\n\n## Hours\nNine to five.\n\n## Hours\nAgain.\n\n## Empty\n\n"),
    ("blank.md", "   \n\n"),
    ("title-only.md", "# Title\n"),
    ("terms.txt", "# Terms\n\n1. GENERAL\n\n1.1 These terms apply.\nThey are long.\n\n2. PAYMENT\n\n2.1 You pay.\n"),
    ("too-big.md", "# Big\n\n## A\n" + "x" * 600_000 + "\n"),
])
def test_bad_and_odd_pages_are_cut_as_before(name, text, tmp_path):
    page = _page(tmp_path, name, text)
    assert _cut(new, page) == _cut(before, page)
    for chunk in _cut(new, page)[0]:
        assert _units(new, chunk["text"]) == _units(before, chunk["text"])


def test_a_5_mb_section_without_a_full_stop_is_cut_as_before():
    blob = " ".join(f"word{i}" for i in range(550_000))  # 5.3 MB: units() is also given text that no page limit saw
    cut = _units(new, blob)
    assert cut == _units(before, blob)
    assert len(cut) > 1000 and max(len(text) for text, _, _ in cut) <= new.MAX_UNIT_CHARS
