"""The prompted model's instructions: the routes and what each means."""

from __future__ import annotations

from assistant.tasks.base import TaskContext
from assistant.tasks.route.baseline import DESCRIPTIONS
from assistant.tasks.route.schema import RouteInput

INSTRUCTION = "You route one message to an online store's assistant to the kind of request it is."


def system_prompt(ctx: TaskContext) -> str:
    routes = "\n".join(f"  {route}: {meaning}" for route, meaning in DESCRIPTIONS.items())
    return (f"You route one message to {ctx.store_name}'s assistant to the kind of request it is.\n"
            f"Answer with JSON only: {{\"route\": \"<route>\", \"confidence\": <0..1>}}. The routes:\n{routes}")


def render_input(x: RouteInput) -> str:
    return f"Message: {x.text}"
