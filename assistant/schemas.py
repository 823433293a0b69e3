"""Pydantic models at the boundaries: knowledge rows, search filters, answers."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Route = Literal["policy", "search", "reviews", "describe", "classify", "insights", "handoff", "tickets", "other"]
ROUTES: tuple[str, ...] = Route.__args__  # type: ignore[attr-defined]
Role = Literal["shopper", "merchant"]
# Why the assistant declined to answer: nothing in the store's policies, not a shopping question, or a merchant's
# tool asked for in a shopper's chat. Evaluations and tests read this, never the wording of the reply.
Refusal = Literal["dont_know", "out_of_scope", "merchant_only"]


class Product(BaseModel):
    """One catalog row."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    brand: str = Field(min_length=1)
    category_id: int
    attributes: dict[str, str | list[str]] = Field(default_factory=dict)
    price: float = Field(ge=0)
    stock: int = Field(ge=0)
    rating: float = Field(ge=0, le=5)
    description: str = Field(min_length=1)


class Review(BaseModel):
    """One customer review."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    product_id: str = Field(min_length=1)
    rating: int = Field(ge=1, le=5)
    date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    author: str = ""
    title: str = ""
    text: str = Field(min_length=1)


class PolicyChunk(BaseModel):
    """One retrievable piece of a policy page: a `##` section, or a passage of a page without headings."""

    id: str  # "returns.md#final-sale"
    source: str  # "returns.md"
    page_title: str
    section: str  # the heading, or "Passage 3"
    text: str
    line: int  # where the section starts, for error messages and editors


class Utterance(BaseModel):
    """A labelled example message for the router."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1)
    route: Route


class PriceRange(BaseModel):
    min: float | None = None
    max: float | None = None


class SearchFilters(BaseModel):
    """A shopper query mapped onto the catalog: what must match, what must not, and what is left as text."""

    category_ids: list[int] = Field(default_factory=list)
    attributes: dict[str, list[str]] = Field(default_factory=dict)
    excluded: dict[str, list[str]] = Field(default_factory=dict)
    price: PriceRange = Field(default_factory=PriceRange)
    in_stock: bool = False
    text: str = ""

    def is_empty(self) -> bool:
        return not (self.category_ids or self.attributes or self.excluded or self.price.min is not None
                    or self.price.max is not None or self.in_stock)

    def describe(self, category_names: dict[int, str] | None = None) -> list[str]:
        """Human-readable chips, one per applied filter, in the order a shopper reads them."""
        names = category_names or {}
        chips = [f"category: {names.get(c, c)}" for c in self.category_ids]
        chips += [f"{k}: {v}" for k, vs in self.attributes.items() for v in vs]
        chips += [f"not {k}: {v}" for k, vs in self.excluded.items() for v in vs]
        if self.price.min is not None:
            chips.append(f"price ≥ ${self.price.min:g}")
        if self.price.max is not None:
            chips.append(f"price ≤ ${self.price.max:g}")
        if self.in_stock:
            chips.append("in stock")
        return chips


class Citation(BaseModel):
    source: str
    section: str
    text: str
    id: str = ""


class ProductHit(BaseModel):
    id: str
    title: str
    brand: str
    price: float
    category: str
    rating: float
    in_stock: bool
    matched: dict[str, str] = Field(default_factory=dict)
    score: float = 0.0
    description: str = ""


class ToolCall(BaseModel):
    name: str
    input: dict
    output: dict | list | str | None = None


class Answer(BaseModel):
    """What one turn of the assistant produces; `storefront ask --json` prints it."""

    answer: str
    citations: list[Citation] = Field(default_factory=list)
    products: list[ProductHit] = Field(default_factory=list)
    route: str
    filters: list[str] = Field(default_factory=list)
    tools: list[ToolCall] = Field(default_factory=list)
    refusal: Refusal | None = None  # set when the assistant declined; None for an answer (or a greeting)

    @field_validator("answer")
    @classmethod
    def _strip(cls, v: str) -> str:
        return v.strip()
