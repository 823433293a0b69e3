"""Route's input (one message) and output (the kind of request, with the router's confidence)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from assistant.schemas import Route


class RouteInput(BaseModel):
    """One message, as typed."""

    text: str = Field(min_length=1)


class RouteOutput(BaseModel):
    """Which kind of request the message is; `scores` holds every route's probability."""

    route: Route
    confidence: float = 0.0
    scores: dict[str, float] = Field(default_factory=dict)


RouteDecision = RouteOutput  # the name the agent reads it by
