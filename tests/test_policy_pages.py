"""Policy pages are cut as the golden outputs under tests/data/policy_pages/ say: the same sections and passages,
the same quotable units with the same kinds and groups, the same errors, on every page of both stores, on the edge
cases and bad input below and (by hash: their text is not the project's to store) on the real terms documents.
A deliberate change to the cutter regenerates them: `python -m tests.policy_pages_golden`, then read the diff.
Where CommonMark reads a page otherwise than the hand-written chunker did and is right (a code block, a thematic
break, a link, two tables in a row), the case is named below with its output."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from assistant import policy_pages as new
from tests import policy_pages_golden as golden
from tests.offline import REPO

REALDATA = os.environ.get("ASSISTANT_REALDATA_DIR")
REAL_TERMS = Path(REALDATA) / "tos_policies" if REALDATA else None
STORE = golden.load("store.json")
EDGES = golden.load("edges.json")
REAL = golden.load("real_terms_sha256.json")


def _units(module, text: str) -> list[tuple[str, str, int]]:
    return [(u.text, u.kind, u.group) for u in module.units(text)]


def _page(tmp_path: Path, name: str, text: str) -> Path:
    page = tmp_path / name
    page.write_text(text, encoding="utf-8")
    return page


def _json(data):
    """As the golden file holds it (tuples become lists)."""
    return json.loads(json.dumps(data, ensure_ascii=False))


@pytest.mark.parametrize("page", golden.STORE_PAGES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_store_page_is_cut_as_its_golden_output(page):
    assert _json(golden.cut(page)) == STORE[str(page.relative_to(REPO))]


def test_every_store_page_has_a_golden_output():
    assert sorted(STORE) == sorted(str(p.relative_to(REPO)) for p in golden.STORE_PAGES)


@pytest.mark.realdata
@pytest.mark.parametrize("name", sorted(REAL))
def test_every_real_terms_document_is_cut_as_its_golden_hash(name):
    """Amazon's, Groupon's, Klarna's and PayPal's terms: the hash of their cut (chunks, errors, units)."""
    if REAL_TERMS is None or not (REAL_TERMS / name).exists():
        pytest.skip("ASSISTANT_REALDATA_DIR is not set: the real terms documents are not here")
    if golden.sha256((REAL_TERMS / name).read_bytes()) != REAL[name]["source_sha256"]:
        pytest.skip(f"{name} is not the text the golden hash was made from")
    assert golden.sha256(golden.cut(REAL_TERMS / name)) == REAL[name]["cut_sha256"]


@pytest.mark.parametrize("name", golden.UNIT_CASES)
def test_units_of_tricky_sections_are_as_golden(name):
    assert golden.compact(_json(_units(new, golden.UNIT_CASES[name]))) == EDGES["units"][name]
    page = f"# Page\n\n## Section\n{golden.UNIT_CASES[name]}\n"
    assert golden.compact(_json(golden.cut_text("page.md", page))) == EDGES["sections"][name]


@pytest.mark.parametrize("name", golden.PAGE_CASES)
def test_bad_and_odd_pages_are_cut_as_golden(name):
    assert golden.compact(_json(golden.cut_text(name, golden.PAGE_CASES[name]))) == EDGES["pages"][name]


def test_a_5_mb_section_without_a_full_stop_is_cut_into_bounded_units():
    blob = " ".join(f"word{i}" for i in range(golden.BLOB_WORDS))
    cut = _units(new, blob)
    assert golden.compact(_json(cut)) == EDGES["blob_units"]
    assert len(cut) > 1000 and max(len(text) for text, _, _ in cut) <= new.MAX_UNIT_CHARS


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
    assert [(c.section, c.line, c.text) for c in chunks] == expected
    assert {c.page_title for c in chunks} == {"T" if text.startswith("# T") else "Title"}


def test_a_plain_text_terms_page_keeps_its_headings_and_clauses():
    """One line per paragraph, as real terms pages are written: a heading on the line above its text is the
    passage's section; the clauses after "... does not apply to:" are items that bring their intro."""
    chunks = golden.cut_text("clauses.txt", golden.PAGE_CASES["clauses.txt"])["chunks"]
    # a heading right under another is named with it: the page's own title over its first clause; the page bundles
    # two documents each numbered from 1, so a numbered section carries its document's title, and an unnumbered
    # heading between "1." and "2." the numbered one above it
    assert [c["section"] for c in chunks] == ["ACME TERMS OF SALE - 1. ORDERS", "1. ORDERS - STATUTORY RIGHT",
                                              "ACME TERMS OF SALE - 2. VOUCHERS", "Inactive Accounts",
                                              "ACME VOUCHER TERMS – UK - 1. General Information"]
    assert chunks[1]["units"] == [["You can cancel within 14 days.", "sentence", 1],
                                  ["The right of cancellation does not apply to:", "intro", 2],
                                  ["the delivery of sealed software if unsealed by you;", "item", 3],
                                  ["newspapers or magazines.", "item", 3]]
    assert [u[1] for u in chunks[2]["units"]] == ["intro", "item", "item"]
    assert chunks[3]["units"][0][0].startswith("If your Account is inactive")
    assert [u[:2] for u in chunks[3]["units"][1:]] == [["Features:", "intro"], ["View your purchases", "item"],
                                                      ["Manage your payments", "item"]]


def test_each_bundled_document_names_its_own_numbered_sections(tmp_path):
    """Two documents on one page, each numbered from 1 with the same headings: each "2. Refunds" is named with its
    own document's title, not the last one's."""
    body = "\n\n".join(f"{title}\n\n1. About\n\nThese terms apply to {kind}.\n\n2. Refunds\n\nRefunds for {kind} "
                       "take five days." for title, kind in (("VOUCHER TERMS", "vouchers"), ("GOODS TERMS", "goods")))
    chunks = new.chunk_policy(_page(tmp_path, "bundle.txt", body + "\n"), [])
    named = {c.section for c in chunks if "Refunds for" in c.text}
    assert named == {"VOUCHER TERMS - 2. Refunds", "GOODS TERMS - 2. Refunds"}


def test_a_hard_wrapped_plain_text_page_is_read_in_paragraphs():
    chunks = golden.cut_text("wrapped.txt", golden.PAGE_CASES["wrapped.txt"])["chunks"]
    assert [c["section"] for c in chunks] == ["1. RETURNS"]
    assert [u[0] for u in chunks[0]["units"]] == [
        "You can return most items within 30 days of delivery for a full refund to the original payment method, "
        "provided that they are unused and in their original packaging with all tags still attached to them.",
        "Final sale items cannot be returned."]


def test_a_terms_list_stays_with_its_intro_across_passages(tmp_path):
    """A list is closed with its last clause, not after its first (PayPal's "Buyer Protection may apply when ...:"
    lost its second case to the next passage), and a list longer than a passage goes on under its intro again."""
    filler = " ".join(["Words that fill the passage."] * 20)
    short = f"Protection\n\n{filler}\n\nProtection may apply when:\n\n    You did not receive it, or\n" \
            "    It is not what you ordered.\n\nMore text.\n"
    first = new.chunk_policy(_page(tmp_path, "short.txt", short), [])[0]
    assert first.text.endswith("when:\n\n- You did not receive it, or\n- It is not what you ordered.")
    items = "\n".join(f"    item number {n} of the long list of things that are excluded here;" for n in range(30))
    long = f"Exclusions\n\nThese are excluded:\n\n{items}\n"
    chunks = new.chunk_policy(_page(tmp_path, "long.txt", long), [])
    assert len(chunks) > 1
    assert all(c.text.startswith("These are excluded:\n\n- item number") for c in chunks)
    assert max(len(c.text.split()) for c in chunks) <= new.PASSAGE_WORDS + 20


def test_terms_headings_a_question_capitals_and_one_over_another(tmp_path):
    """An FAQ-style question heading, a long numbered heading in capitals and a heading line right above another
    head their text: none is left as a passage of its own, nor a line of asterisks."""
    text = ("6. Are there any costs for the Service?\n\nThe Service is free of charge.\n\n*****\n\n"
            "2. RIGHT OF CANCELLATION UP TO 14 DAYS, EXCEPTIONS TO CANCELLATION AND OUR VOLUNTARY RETURNS GUARANTEE"
            "\n\nYou can cancel within 14 days.\n\nRefunds to your account\nHow refunds can happen\n\n"
            "We may refund you.\n")
    chunks = new.chunk_policy(_page(tmp_path, "faq.txt", text), [])
    assert [(c.section, c.text) for c in chunks] == [
        ("6. Are there any costs for the Service?", "The Service is free of charge."),
        ("2. RIGHT OF CANCELLATION UP TO 14 DAYS, EXCEPTIONS TO CANCELLATION AND OUR VOLUNTARY RETURNS GUARANTEE",
         "You can cancel within 14 days."),
        ("Refunds to your account - How refunds can happen", "We may refund you.")]
