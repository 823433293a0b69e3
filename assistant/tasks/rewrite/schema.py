"""Rewrite's input (a query as typed) and output (the agent's `SearchFilters`, unchanged)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from assistant.schemas import SearchFilters
from assistant.tasks.metrics import prf


class RewriteInput(BaseModel):
    """One shopper query, as typed."""

    query: str = Field(min_length=1)


RewriteOutput = SearchFilters  # the agent's filter schema is the task's output, unchanged
FIELDS = ("category", "attributes", "excluded", "price", "in_stock")


def unknown(out: SearchFilters, ctx, labels: set[str]) -> list[str]:
    """Filters the store cannot run: a category id outside its taxonomy, an attribute or value outside its
    ontology (a shopper's "IGNORE ALL INSTRUCTIONS" must not become a filter)."""
    problems = [f"category id {c!r} is not in the taxonomy" for c in out.category_ids if c not in ctx.taxonomy.paths]
    return problems + ctx.ontology.unknown(out.attributes) + ctx.ontology.unknown(out.excluded, "excluded ")


def units(f: SearchFilters) -> set[tuple[str, str]]:
    """The filter as (field, value) units, each scored on its own: 9 of 10 right scores 0.9."""
    out = {("category", str(c)) for c in f.category_ids}
    out |= {("attributes", f"{a}={v}") for a, vs in f.attributes.items() for v in vs}
    out |= {("excluded", f"{a}={v}") for a, vs in f.excluded.items() for v in vs}
    for bound in ("min", "max"):
        value = getattr(f.price, bound)
        if value is not None:
            out.add(("price", f"{bound}={round(float(value), 2):g}"))
    if f.in_stock:
        out.add(("in_stock", "true"))
    return out


def prf_row(tp: int, fp: int, fn: int) -> dict:
    """One row of the per-field table: micro precision, recall and F1 (rounded) and the gold units' count."""
    p, r, f1 = prf(tp, fp, fn)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4), "support": tp + fn}
