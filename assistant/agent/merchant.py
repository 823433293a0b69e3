"""Merchant work the agent does: parse a description request, parse pasted titles, classify a CSV."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from assistant.errors import DataError, ToolError
from assistant.schemas import Product, SearchFilters

PRODUCT_ID = re.compile(r"\bHP-\d{5}\b", re.I)
BY_BRAND = re.compile(r"\bby ([A-Z][\w&'.-]*(?: [A-Z&][\w&'.-]*){0,3})")
REQUEST_PREFIX = re.compile(
    r"^.*?\b(?:description|copy|blurb|write-?up|text)\b\s*(?:for|of|about)?\s*(?:our|my|a|an|the|this|new)?\s*", re.I)
TITLE_LIST_PREFIX = re.compile(r"^.*?(?:titles?|these|following|products?)\s*[:\-]\s*", re.I | re.S)
LOW_CONFIDENCE = 0.5  # below this, the merchant reviews the row first


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
    body = TITLE_LIST_PREFIX.sub("", message, count=1)
    parts = re.split(r"[\n;]+", body)
    return [re.sub(r"^\s*(?:[-*•]|\d+[.)])\s*", "", p).strip() for p in parts if p.strip()]


def read_titles_csv(path: Path, column: str | None = None) -> list[str]:
    """Supplier titles from a CSV: the named column, or 'title'/'name'/'product_name', or the first column."""
    with Path(path).open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = reader.fieldnames or []
        if not fields:
            raise DataError(path, 1, "header", "the CSV has no header row")
        col = column or next((f for f in fields if f.lower() in ("title", "name", "product_name", "product title")),
                             fields[0])
        if col not in fields:
            raise DataError(path, 1, col, f"no such column (columns: {', '.join(fields)})")
        titles = []
        for row in reader:
            value = (row.get(col) or "").strip()
            if not value:
                raise DataError(path, reader.line_num, col, "empty title")
            titles.append(value)
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
