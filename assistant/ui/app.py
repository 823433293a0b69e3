"""Chainlit app: `chainlit run assistant/ui/app.py` from the repository root (where chainlit.md lives).

Thin on purpose: it turns chat events into agent turns and agent answers into Chainlit messages.
"""

from __future__ import annotations

import logging
from pathlib import Path

import chainlit as cl

from assistant.agent.context import Services
from assistant.agent.service import astream_turn, async_graph
from assistant.config import load_settings
from assistant.schemas import Answer

log = logging.getLogger(__name__)
_services: Services | None = None


def services() -> Services:
    """Models and index are loaded once per server process, on the first chat."""
    global _services
    if _services is None:
        _services = Services.build(load_settings())
    return _services


def role() -> str:
    return services().settings.role


@cl.set_starters
async def starters() -> list[cl.Starter]:
    return [
        cl.Starter(label="Returning shoes", message="How many days do I have to return a pair of shoes?"),
        cl.Starter(label="Free shipping", message="How much do I need to spend for free shipping?"),
        cl.Starter(label="A dress for a wedding", message="something red and flowy for a wedding under $150"),
        cl.Starter(label="Coupons", message="Can I use two coupon codes on one order?"),
    ]


@cl.on_chat_start
async def start() -> None:
    await cl.make_async(services)()


@cl.on_message
async def on_message(message: cl.Message) -> None:
    upload = next((el.path for el in message.elements or [] if el.path and el.path.lower().endswith(".csv")), "")
    await run_turn(message.content, upload=upload)


@cl.action_callback("remove_filter")
async def on_remove_filter(action: cl.Action) -> None:
    chip = action.payload["chip"]
    await cl.Message(content=f"Remove the filter “{chip}”", author="You", type="user_message").send()
    await run_turn(f"remove the filter {chip}", remove_filter=chip)


async def run_turn(text: str, **extra) -> None:
    s = await cl.make_async(services)()
    reply = cl.Message(content="")
    answer: Answer | None = None
    async with async_graph(s, s.settings) as graph:
        async for kind, payload in astream_turn(graph, text, cl.context.session.thread_id, role(), **extra):
            if kind == "token":
                await reply.stream_token(payload)
            elif kind == "step":
                await show_steps(payload)
            elif kind == "answer":
                answer = payload
    if answer is not None:
        reply.content = answer.answer
        reply.elements = elements_for(answer)
        reply.actions = [cl.Action(name="remove_filter", payload={"chip": chip}, label=f"✕ {chip}",
                                   tooltip="remove this filter") for chip in answer.filters]
    await reply.send()


async def show_steps(update: dict) -> None:
    """Show the routing decision and each tool call as a collapsible step."""
    for node, change in update.items():
        if node == "understand" and isinstance(change, dict):
            async with cl.Step(name=f"route: {change.get('route')}", type="run") as step:
                step.input = change.get("query", "")
                step.output = f"confidence {change.get('confidence', 0):.2f}"
        elif node == "tools" and isinstance(change, dict):
            for msg in change.get("messages", []):
                async with cl.Step(name=msg.name, type="tool") as step:
                    step.output = msg.content


def elements_for(answer: Answer) -> list:
    """Citations as side elements named like the `[id]` in the text, so the text links to the passage;
    a classified CSV as a file to download."""
    elements: list = [cl.Text(name=c.id, content=f"**{c.source} — {c.section}**\n\n{c.text}", display="side")
                      for c in answer.citations]
    for call in answer.tools:
        out = call.output if isinstance(call.output, dict) else {}
        if out.get("csv"):
            elements.append(cl.File(name=Path(out["csv"]).name, path=out["csv"], display="inline"))
    return elements
