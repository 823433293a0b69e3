"""What the graph remembers, per conversation thread (persisted by the SQLite checkpointer).

Objects that cross nodes are pydantic models (`Shown`, `Topic`, `Step`, `Understanding`); the checkpointer is
told they may be stored (`STATE_TYPES`), so a restart reads them back as the same types.
"""

from __future__ import annotations

from typing import Annotated, Literal, TypedDict

from langchain_core.messages import AnyMessage
from langgraph.graph.message import add_messages
from pydantic import BaseModel, Field

from assistant.schemas import ProductHit, Role, Route

ToolName = Literal["search_policies", "search_products", "product_details", "review_summary", "review_insights",
                   "write_description", "classify_titles", "list_tickets"]
Sort = Literal["relevance", "price_asc", "price_desc", "rating_desc", "popular"]


class Shown(BaseModel):
    """A product the assistant showed, in the order shown: what "the second one" and "them" point at."""

    id: str
    title: str
    price: float
    rating: float
    in_stock: bool
    category: str  # the taxonomy leaf's name ("Headphones")
    department: str | None = None  # the ontology's department ("electronics"), for policy follow-ups

    @classmethod
    def of(cls, hit: ProductHit, department: str | None) -> "Shown":
        return cls(id=hit.id, title=hit.title, price=hit.price, rating=hit.rating, in_stock=hit.in_stock,
                   category=hit.category, department=department)


class Topic(BaseModel):
    """What the conversation is about: the products or the kind of product a policy follow-up means by "them"."""

    label: str  # "headphones"
    department: str | None = None
    product_ids: list[str] = Field(default_factory=list)


class Step(BaseModel):
    """One tool call the understanding step chose for one part of the message."""

    tool: ToolName
    args: dict = Field(default_factory=dict)
    part: str = ""  # the words of the message this call answers
    lead: str = ""  # a line the answer starts this part with ("The cheapest of those is ...")


class Understanding(BaseModel):
    """A message understood against the conversation: its route and the tool calls that answer it."""

    route: Route
    confidence: float = 1.0
    query: str = ""  # the message with its references resolved ("them" -> "headphones")
    steps: list[Step] = Field(default_factory=list)
    # a reply that needs no tool: "ok thx" (small talk, never an unanswered question), "what do you sell?" (the
    # store's departments), "what brands do you carry?" (the catalog's), "add it to my cart" (what the chat cannot
    # do, said so; not the rule on changing orders), "whats your phone number" (how to reach a person)
    reply: Literal["", "small_talk", "store_range", "brands", "cart", "help", "contact"] = ""
    refine: bool = False
    focus: list[str] = Field(default_factory=list)  # product ids this message is about
    among: list[str] = Field(default_factory=list)  # the products a choice was made among ("the other one" next)
    by: Literal["local", "llm"] = "local"


STATE_TYPES = [(__name__, "Shown"), (__name__, "Topic"), (__name__, "Step"), (__name__, "Understanding")]


class State(TypedDict, total=False):
    messages: Annotated[list[AnyMessage], add_messages]
    role: Role  # set by the caller from the signed-in account, never from the message
    user: str  # the signed-in account's identifier (tickets, approvals); set by the caller like `role`
    route: Route
    confidence: float
    query: str  # this turn's question, with a follow-up resolved against the previous turn
    last_policy_query: str
    refine: bool  # this turn refines the previous product search
    search_text: str  # what the current product search is about, kept across refinements
    filters: dict | None  # the search filters applied last, as SearchFilters.model_dump()
    remove_filter: str  # a filter chip the shopper clicked away (set by the UI for one turn)
    upload: str  # path of a CSV the merchant uploaded with this message
    answer: dict  # this turn's Answer.model_dump()
    proposal: dict | None  # a generated description awaiting the merchant's approval (see nodes.approval)
    unanswered: int  # questions in a row the assistant could not answer; two open a support ticket
    understanding: Understanding | None  # this turn's
    shown: list[Shown]  # the products last shown, in order
    focus: list[str]  # the product(s) the last turn was about ("that one" next)
    choices: list[str]  # the products the last comparison or choice was among ("the other one" next)
    about: list[str]  # the product(s) the last product question was about, no list shown since ("how much r they")
    searches: list[dict]  # the conversation's searches, one per category ("go back to the backpacks")
    topic: Topic | None
