"""Golden outputs of the page cutter (`assistant.policy_pages`): what each page and edge case is cut into.

The store pages' and the edge cases' chunks, errors and quotable units are kept as JSON under
tests/data/policy_pages/; the real terms documents (public text the project may not store) only as SHA-256 hashes
of their cut, next to the hash of the document it was made from.

A change to the cutter that changes a cut is deliberate: regenerate with `python -m tests.policy_pages_golden`
(with ASSISTANT_REALDATA_DIR set, or the real terms' hashes are kept as they were), then read the diff."""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

from assistant import policy_pages
from assistant.knowledge import policy_pages as pages_of
from tests.offline import KNOWLEDGE, REPO

GOLDEN = REPO / "tests" / "data" / "policy_pages"
STORE_PAGES = [*pages_of(KNOWLEDGE / "policies"), *pages_of(REPO / "tests/data/second_store/policies")]

# Sections whose quotable units are tricky: hard wraps, lists, tables, markup, sentence ends.
UNIT_CASES = {
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

# Whole pages: bad input, odd outlines and plain-text terms with their headings and clauses.
PAGE_CASES = {
    "blob.md": "# Blob\n\n## All of it\n" + " ".join(f"word{i}" for i in range(50_000)) + "\n",
    "blob.txt": " ".join(f"word{i}" for i in range(50_000)) + "\n",
    "title-mid.md": "## A\nText.\n# Another title\nMore text.\n",
    "repeats.md": "# FAQ\n\n## Hours\nNine to five.\n\n## Hours\nAgain.\n\n## Empty\n\n",
    "blank.md": "   \n\n",
    "title-only.md": "# Title\n",
    "too-big.md": "# Big\n\n## A\n" + "x" * 600_000 + "\n",
    "terms.txt": "# Terms\n\n1. GENERAL\n\n1.1 These terms apply.\nThey are long.\n\n2. PAYMENT\n\n2.1 You pay.\n",
    # What real terms pages do: one line per paragraph, a heading on the line above its text, clause lists after
    # an intro (indented, lettered or bare), two documents on one page.
    "clauses.txt": "ACME TERMS OF SALE\n\n1. ORDERS\n\nYour order is an offer to buy.\n\nSTATUTORY RIGHT\n"
                   "You can cancel within 14 days.\nThe right of cancellation does not apply to:\n\n"
                   "    the delivery of sealed software if unsealed by you;\n    newspapers or magazines.\n\n"
                   "2. VOUCHERS\n\n2.1 Unless stated otherwise:\n\n(a) the Voucher can only be redeemed once;\n\n"
                   "(b) the Voucher is valid for one person only.\n\nInactive Accounts\nIf your Account is inactive "
                   "for twelve (12) months, your Points expire.\nFeatures:\nView your purchases\nManage your payments"
                   "\n\n*****\n\nACME VOUCHER TERMS – UK\n\n1. General Information\n\n1.1 These terms apply to "
                   "vouchers.\n",
    # A hard-wrapped page: its line breaks are the editor's, so lines are joined into paragraphs.
    "wrapped.txt": "1. RETURNS\n\nYou can return most items within 30 days of delivery for a full\nrefund to "
                   "the original payment method, provided that they are unused\nand in their original packaging "
                   "with all tags still attached to\nthem. Final sale items cannot be returned.\n",
}
COMPACT_CHARS = 5_000
BLOB_WORDS = 550_000  # a 5.3 MB section without a full stop: units() is also given text that no page limit saw


def unit_rows(text: str) -> list[list]:
    return [[u.text, u.kind, u.group] for u in policy_pages.units(text)]


def cut(page: Path) -> dict:
    """A page's chunks, errors (with the page's folder left out) and each chunk's units."""
    errors: list = []
    chunks = policy_pages.chunk_policy(page, errors)
    return {"chunks": [{**c.model_dump(), "units": unit_rows(c.text)} for c in chunks],
            "errors": [str(e).replace(str(page.parent) + os.sep, "") for e in errors]}


def cut_text(name: str, text: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / name
        page.write_text(text, encoding="utf-8")
        return cut(page)


def sha256(data) -> str:
    raw = data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False, sort_keys=True).encode()
    return hashlib.sha256(raw).hexdigest()


def store_outputs() -> dict:
    return {str(p.relative_to(REPO)): cut(p) for p in STORE_PAGES}


def compact(data):
    """The output as it is, or only its hash when it is large (a 50,000-word blob has nothing to read)."""
    return data if len(json.dumps(data, ensure_ascii=False)) <= COMPACT_CHARS else {"sha256": sha256(data)}


def edge_outputs() -> dict:
    return {"units": {name: compact(unit_rows(text)) for name, text in UNIT_CASES.items()},
            "sections": {name: compact(cut_text("page.md", f"# Page\n\n## Section\n{text}\n"))
                         for name, text in UNIT_CASES.items()},
            "pages": {name: compact(cut_text(name, text)) for name, text in PAGE_CASES.items()},
            "blob_units": compact(unit_rows(" ".join(f"word{i}" for i in range(BLOB_WORDS))))}


def real_terms(folder: Path) -> dict:
    """Per real terms document: the hash of its text and of its cut (never the text itself)."""
    return {p.name: {"source_sha256": sha256(p.read_bytes()), "cut_sha256": sha256(cut(p))}
            for p in sorted(folder.glob("*.txt"))}


def load(name: str) -> dict:
    return json.loads((GOLDEN / name).read_text(encoding="utf-8"))


def write(name: str, data: dict) -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    (GOLDEN / name).write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def main() -> None:
    write("store.json", store_outputs())
    write("edges.json", edge_outputs())
    realdata = os.environ.get("ASSISTANT_REALDATA_DIR")
    if realdata and (Path(realdata) / "tos_policies").is_dir():
        write("real_terms_sha256.json", real_terms(Path(realdata) / "tos_policies"))
    else:
        print("ASSISTANT_REALDATA_DIR is not set: real_terms_sha256.json kept as it was", file=sys.stderr)


if __name__ == "__main__":
    main()
