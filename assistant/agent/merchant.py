"""Merchant work the agent does: parse a description request, parse pasted titles, classify a CSV."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Literal, get_args

from pydantic import BaseModel

from assistant.errors import DataError, ToolError
from assistant.files import check_file, raise_if, read_csv
from assistant.schemas import Product, Route, SearchFilters

PRODUCT_ID = re.compile(r"\bHP-\d{5}\b", re.I)
BY_BRAND = re.compile(r"\bby ([A-Z][\w&'.-]*(?: [A-Z&][\w&'.-]*){0,3})")
REQUEST_PREFIX = re.compile(
    r"^.*?\b(?:description|copy|blurb|write-?up|text)\b\s*(?:for|of|about)?\s*(?:our|my|a|an|the|this|new)?\s*", re.I)
TITLE_LIST_PREFIX = re.compile(r"^.*?(?:titles?|these|following|products?|classify)\s*[:\-]\s*", re.I | re.S)
FILE_WORDS = re.compile(r"\b(?:file|csv|upload(?:ed)?|attached|attachment|spreadsheet)\b", re.I)
LOW_CONFIDENCE = 0.5  # below this, the merchant reviews the row first
SHOPPER_NEVER = {"describe", "classify", "tickets"}  # routes a shopper is only told are the merchant's
# A merchant's request in a shopper's message, refused as one; without these words "lip gloss" (classify 0.37)
# is a thing to search for
MERCHANT_ASK = re.compile(r"\b(?:write|describ\w*|description|classif\w*|tickets?|insights?|blurb|copy|titles?|"
                          r"categori[sz]\w*|taxonom\w*|supplier|vendor|sku|draft\w*|listings?|merchants?|admin)\b",
                          re.I)
MERCHANT_ROUTES = {"describe", "classify", "insights", "tickets"}  # the merchant's tools
SHOPPER_ROUTES = tuple(r for r in get_args(Route) if r not in MERCHANT_ROUTES)


def shoppers_route(part: str, role: str, route: str, scores: dict[str, float]) -> str:
    """A shopper's message the router gave a tool only merchants have, with no merchant's words in it, is a
    shopper's question read wrong: "what brands do you carry" (classify 0.49, search 0.46), "whats the difference
    between the tiers" (classify 0.73, then insights, then policy). The best route a shopper has instead."""
    if role == "merchant" or route not in SHOPPER_NEVER or MERCHANT_ASK.search(part):
        return route
    return max(SHOPPER_ROUTES, key=lambda r: scores.get(r, 0.0))


@dataclass
class DescribeRequest:
    title: str
    category: str
    brand: str
    attributes: dict
    product_id: str | None = None


def describe_request(message: str, filters: SearchFilters, category_name: Callable[[int], str],
                     product: Product | None) -> DescribeRequest:
    """From a product id when the message names one, else from the attributes found in the message."""
    if product is not None:
        return DescribeRequest(product.title, category_name(product.category_id), product.brand,
                               dict(product.attributes), product.id)
    brand_match = BY_BRAND.search(message)
    title = REQUEST_PREFIX.sub("", message.strip(), count=1).strip(" .!?")
    if brand_match:
        title = title.replace(brand_match.group(0), "").strip(" ,.")
    if not title:
        raise ToolError("tell me the product: a product id like HP-00017, or its type and attributes")
    attributes = {k: (v if len(v) > 1 else v[0]) for k, v in filters.attributes.items()}
    category = category_name(filters.category_ids[0]) if filters.category_ids else ""
    return DescribeRequest(title[:1].upper() + title[1:], category, brand_match.group(1) if brand_match else "",
                           attributes)


def pasted_titles(message: str) -> list[str]:
    """Titles pasted after 'classify these titles:', one per line (or separated by ';')."""
    if not TITLE_LIST_PREFIX.match(message) and FILE_WORDS.search(message):
        return []  # "classify this file" with no file attached: ask for it rather than classify the request
    body = TITLE_LIST_PREFIX.sub("", message, count=1)
    parts = re.split(r"[\n;]+", body)
    return [re.sub(r"^\s*(?:[-*•]|\d+[.)])\s*", "", p).strip() for p in parts if p.strip()]


def read_titles_csv(path: Path, column: str | None = None, max_bytes: int | None = None) -> list[str]:
    """Supplier titles from a CSV: the named column, or 'title'/'name'/'product_name', or the first column.

    Read through the project's one streamed reader, so a latin-1 or binary upload, an over-long field or a ragged
    row is named by line (up to 100 of them at once) instead of failing the turn with a traceback."""
    path = check_file(path, max_bytes)
    errors: list[DataError] = []
    titles, col = [], None
    for line, row in read_csv(path, errors):
        if col is None:
            fields = list(row)
            col = column or next((f for f in fields if f.lower() in ("title", "name", "product_name",
                                                                      "product title")), fields[0])
            if col not in fields:
                raise DataError(path, 1, col, f"no such column (columns: {', '.join(fields)})")
        value = (row.get(col) or "").strip()
        if not value:
            errors.append(DataError(path, line, col, "empty title"))
        titles.append(value)
    raise_if(errors)
    return titles


def write_results_csv(path: Path, titles: list[str], results: list, taxonomy) -> Path:
    """One row per title, least confident first so the merchant reviews those before the rest."""
    rows = sorted(zip(titles, results), key=lambda tr: tr[1].confidence)
    with Path(path).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["title", "category_id", "category_path", "attributes", "confidence", "needs_review"])
        for title, r in rows:
            path_text = r.path or (taxonomy.paths.get(int(r.category)) if str(r.category).isdigit() else "") or ""
            attrs = "; ".join(f"{k}={'|'.join(v) if isinstance(v, list) else v}" for k, v in r.attributes.items())
            writer.writerow([title, r.category, path_text, attrs, f"{r.confidence:.3f}",
                             "yes" if r.confidence < LOW_CONFIDENCE else "no"])
    return Path(path)


# ---------------------------------------------------------------------------------------------- proposals

class Decision(BaseModel):
    """The merchant's answer to a proposed description (a Chainlit action, or a typed reply)."""

    action: Literal["approve", "edit", "regenerate", "discard"]
    text: str = ""  # the edited text, for "edit"
    guidance: str = ""  # "shorter", "more playful", ... for "regenerate"


APPROVE_WORDS = re.compile(r"^\s*(approve[d]?|yes|ok(ay)?|looks good|lgtm|publish( it)?|ship it|save( it)?)\b[\s.!]*$",
                           re.I)
DISCARD_WORDS = re.compile(r"^\s*(discard|cancel|reject|no thanks|drop it)\b[\s.!]*$", re.I)
EDIT_PREFIX = re.compile(r"^\s*edit(ed)?\s*[:\-]\s*", re.I)
GUIDANCE = re.compile(r"^\s*(?:regenerate|redo|try again|rewrite|make it|more|less|shorter|longer|punchier|"
                      r"simpler|warmer|friendlier|(?:a bit|a little|much) )", re.I)


def parse_decision(text: str) -> Decision | None:
    """A typed reply to a pending proposal, or None when the message is a new request."""
    if APPROVE_WORDS.match(text):
        return Decision(action="approve")
    if DISCARD_WORDS.match(text):
        return Decision(action="discard")
    if EDIT_PREFIX.match(text):
        return Decision(action="edit", text=EDIT_PREFIX.sub("", text, count=1).strip())
    if GUIDANCE.match(text) and len(text.split()) <= 12:
        return Decision(action="regenerate", guidance=text.strip())
    return None


SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'“])")
CONTRACTIONS = [("it is", "it's"), ("you are", "you're"), ("do not", "don't"), ("does not", "doesn't"),
                ("you will", "you'll"), ("that is", "that's"), ("is not", "isn't"), ("we have", "we've")]
SHORTER_SHARE = 0.6  # "shorter" keeps at most 60% of the words: short enough to notice, the hook and close kept


def revise(text: str, guidance: str, title: str = "") -> tuple[str, list[str]]:
    """Apply a merchant's guidance to a proposal without inventing facts; returns the text and what was done.

    The local describe model is a deterministic data-to-text model, so asking it again gives the same text; the
    guidance is carried out on its output instead: only rewording and cutting, never a new claim."""
    g = guidance.lower()
    done = []
    if re.search(r"short|concise|brief|trim|tighter|less", g):
        text = _shorter(text)
        done.append("shorter")
    if re.search(r"playful|fun|casual|friendl|warm|lighter|punch", g):
        text = _contract(text, title)
        done.append("more playful")
    if re.search(r"formal|professional|serious", g):
        for long, short in CONTRACTIONS:
            text = re.sub(rf"\b{re.escape(short)}\b", long, text)
            text = re.sub(rf"\b{re.escape(short.capitalize())}\b", long.capitalize(), text)
        done.append("more formal")
    return text, done


def _shorter(text: str) -> str:
    sents = SENTENCE.split(text.strip())
    budget = max(1, int(len(text.split()) * SHORTER_SHARE))
    if len(sents) <= 2:
        return text if len(sents) < 2 else sents[0]
    kept, words = [sents[0]], len(sents[0].split())
    closing = sents[-1]
    for s in sents[1:-1]:
        if words + len(s.split()) + len(closing.split()) > budget:
            break
        kept.append(s)
        words += len(s.split())
    if words + len(closing.split()) <= budget or len(kept) == 1:
        kept.append(closing)
    return " ".join(kept)


def _contract(text: str, title: str) -> str:
    for long, short in CONTRACTIONS:
        text = re.sub(rf"\b{long}\b", short, text)
        text = re.sub(rf"\b{long.capitalize()}\b", short.capitalize(), text)
    # "Meet the ...": one small smile up front, the most knowledge/brand_voice.md allows per description.
    if title and not text.startswith("Meet "):
        text = f"Meet the {title}. {text}"
    return text


def transcript(messages: list) -> str:
    """The conversation as plain lines, for a support ticket."""
    lines = []
    for m in messages:
        if m.type == "human":
            lines.append(f"customer: {m.content}")
        elif m.type == "ai" and m.content:
            lines.append(f"assistant: {m.content}")
    return "\n".join(lines)
