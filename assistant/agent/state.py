"""What the graph remembers, per conversation thread (persisted by the SQLite checkpointer)."""

from __future__ import annotations

from typing import Annotated, TypedDict

from langchain_core.messages import AnyMessage
from langgraph.graph.message import add_messages


class State(TypedDict, total=False):
    messages: Annotated[list[AnyMessage], add_messages]
    role: str  # "shopper" | "merchant": set by the caller from the signed-in account, never from the message
    user: str  # the signed-in account's identifier (tickets, approvals); set by the caller like `role`
    route: str
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
