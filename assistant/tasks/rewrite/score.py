"""How rewrite is scored: micro field-level precision, recall and F1 over (field, value) units."""

from __future__ import annotations

import json

from assistant.schemas import SearchFilters
from assistant.tasks.base import Example
from assistant.tasks.rewrite.schema import FIELDS, prf_row, units
from assistant.tasks.spec import Outcome


def score(predictions: list[SearchFilters], golds: list[SearchFilters]) -> dict:
    """Micro field-level precision, recall and F1 over all units, per field, and the exact-match share."""
    counts = {k: [0, 0, 0] for k in FIELDS}
    exact = 0
    for pred, gold in zip(predictions, golds):
        p, g = units(pred), units(gold)
        exact += p == g
        for fld, _ in p & g:
            counts[fld][0] += 1
        for fld, _ in p - g:
            counts[fld][1] += 1
        for fld, _ in g - p:
            counts[fld][2] += 1
    total = prf_row(*(sum(c[i] for c in counts.values()) for i in range(3)))
    return {"n": len(golds), "field_f1": total["f1"], "field_precision": total["precision"],
            "field_recall": total["recall"], "exact_match": round(exact / len(golds), 4) if golds else 0.0,
            "per_field": {k: prf_row(*c) for k, c in counts.items()}}


def label_of(output: SearchFilters, field: str | None = None) -> str:
    """A canonical string of one field (or of the whole filter) for `storefront evaluate --label-field`."""
    if field is None:
        return json.dumps(sorted(f"{a}:{b}" for a, b in units(output)))
    if field in ("category", "category_ids"):
        return json.dumps(sorted(output.category_ids))
    if field in ("attributes", "excluded"):
        return json.dumps({k: sorted(v) for k, v in getattr(output, field).items() if v}, sort_keys=True)
    if field == "price":
        return json.dumps({"min": output.price.min, "max": output.price.max})
    if field == "in_stock":
        return "true" if output.in_stock else "false"
    if field == "text":
        return output.text
    raise ValueError(f"unknown field '{field}': choose one of {', '.join(FIELDS)}, text")


def outcome(pred: SearchFilters, gold: SearchFilters, _input=None) -> Outcome:
    """One query: F1 over its units, naming each unit added (+) or missed (-)."""
    pu, gu = units(pred), units(gold)
    tp = len(pu & gu)
    f1 = 2 * tp / (len(pu) + len(gu)) if pu or gu else 1.0
    wrong = sorted(f"+{a}:{b}" for a, b in pu - gu) + sorted(f"-{a}:{b}" for a, b in gu - pu)
    return Outcome(round(f1, 4), "ok" if not wrong else " ".join(wrong))


def class_labels(example: Example, label_field: str | None = None) -> list[str]:
    """A query counts towards its category and each value it filters on (or the scored field's value)."""
    out = example.output
    if label_field is not None:
        return [label_of(out, label_field)]
    return ([f"category={c}" for c in out.category_ids]
            + [f"{a}={v}" for a, vs in out.attributes.items() for v in vs]) or ["(no filter)"]
