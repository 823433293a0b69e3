"""One object the CLI, the UI and the tests talk to: ask a question in a thread, get an Answer."""

from __future__ import annotations

from contextlib import ExitStack
from typing import AsyncIterator

from langchain_core.messages import HumanMessage
from langgraph.types import Command

from assistant.agent import prompts
from assistant.agent.context import Services
from assistant.agent.graph import SERDE, build_graph
from assistant.agent.merchant import Decision, parse_decision
from assistant.config import Settings
from assistant.schemas import Answer
from assistant.store.checkpoints import open_saver


def _input(question: str, role: str, **extra) -> dict:
    """One turn's input; `extra` carries UI events such as a removed filter chip or an uploaded CSV, and the
    signed-in `user`."""
    return {"messages": [HumanMessage(content=question)], "role": role, "remove_filter": "", "upload": "", **extra}


def _config(thread_id: str) -> dict:
    return {"configurable": {"thread_id": thread_id}}


def pending_of(snapshot) -> dict | None:
    """The proposal a thread is waiting on (the value of its open interrupt), if any."""
    for task in getattr(snapshot, "tasks", ()) or ():
        for intr in task.interrupts or ():
            if isinstance(intr.value, dict) and intr.value.get("type") == "description_proposal":
                return intr.value
    return None


def _resume(decision: Decision, role: str, user: str | None, text: str | None) -> Command:
    # The role is set again from the caller (the signed-in account) on every resume, never kept from before.
    update: dict = {"role": role}
    if user:
        update["user"] = user
    if text:
        update["messages"] = [HumanMessage(content=text)]
    return Command(resume=decision.model_dump(), update=update)


class Assistant:
    """The agent with the app's checkpointer (SQLite, or PostgreSQL when configured): one thread per
    conversation, surviving restarts."""

    def __init__(self, settings: Settings, services: Services | None = None):
        self.settings = settings
        self.services = services or Services.build(settings)
        self._open = ExitStack()
        self.graph = build_graph(self.services, self._open.enter_context(open_saver(settings, SERDE)))

    def ask(self, question: str, thread_id: str = "cli", role: str | None = None, **extra) -> Answer:
        """One turn. While a description proposal is pending, a reply such as "approve" or "shorter" answers it."""
        role = role or self.settings.role
        # The cheap check first: reading the thread's state costs more than parsing the message.
        if (decision := parse_decision(question)) is not None and self.pending(thread_id) is not None:
            return self.decide(thread_id, decision, role=role, user=extra.get("user"), text=question)
        state = self.graph.invoke(_input(question, role, **extra), _config(thread_id), durability="exit")
        return Answer.model_validate(state["answer"])

    def pending(self, thread_id: str) -> dict | None:
        return pending_of(self.graph.get_state(_config(thread_id)))

    def decide(self, thread_id: str, decision: Decision | dict, role: str | None = None, user: str | None = None,
               text: str | None = None) -> Answer:
        """Answer a pending proposal: approve, edit (with the text), regenerate (with guidance) or discard."""
        decision = Decision.model_validate(decision)
        if self.pending(thread_id) is None:
            return Answer(answer=prompts.NO_PENDING, route="describe")
        command = _resume(decision, role or self.settings.role, user, text)
        state = self.graph.invoke(command, _config(thread_id), durability="exit")
        return Answer.model_validate(state["answer"])

    def close(self) -> None:
        self._open.close()


async def apending(graph, thread_id: str) -> dict | None:
    return pending_of(await graph.aget_state(_config(thread_id)))


async def astream_turn(graph, question: str, thread_id: str, role: str,
                       **extra) -> AsyncIterator[tuple[str, object]]:
    """Yield ("step", {node: update}) as nodes finish, ("token", text) as the answer is written,
    ("progress", {"done", "total"}) during long tools, ("answer", Answer) and, when the turn ends waiting for the
    merchant, ("proposal", dict). A typed reply to a pending proposal resumes it."""
    if (decision := parse_decision(question)) is not None and await apending(graph, thread_id) is not None:
        async for item in astream_decision(graph, thread_id, decision, role, extra.get("user"), question):
            yield item
        return
    async for item in _astream(graph, _input(question, role, **extra), thread_id):
        yield item


async def astream_decision(graph, thread_id: str, decision: Decision | dict, role: str, user: str | None = None,
                           text: str | None = None) -> AsyncIterator[tuple[str, object]]:
    """Resume a pending proposal with the merchant's decision; yields like `astream_turn`."""
    if await apending(graph, thread_id) is None:  # a second click on a button already answered
        yield "answer", Answer(answer=prompts.NO_PENDING, route="describe")
        return
    command = _resume(Decision.model_validate(decision), role, user, text)
    async for item in _astream(graph, command, thread_id):
        yield item


async def _astream(graph, graph_input, thread_id: str) -> AsyncIterator[tuple[str, object]]:
    async for mode, chunk in graph.astream(graph_input, _config(thread_id), stream_mode=["updates", "custom"]):
        if mode == "custom" and isinstance(chunk, dict) and "token" in chunk:
            yield "token", chunk["token"]
        elif mode == "custom" and isinstance(chunk, dict) and "progress" in chunk:
            yield "progress", chunk["progress"]
        elif mode == "updates":
            if "__interrupt__" in chunk:
                for intr in chunk["__interrupt__"]:
                    yield "proposal", intr.value
                continue
            yield "step", chunk
            for update in chunk.values():
                if isinstance(update, dict) and "answer" in update:
                    yield "answer", Answer.model_validate(update["answer"])
