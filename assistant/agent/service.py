"""One object the CLI, the UI and the tests talk to: ask a question in a thread, get an Answer."""

from __future__ import annotations

import sqlite3
from contextlib import asynccontextmanager
from typing import AsyncIterator

from langchain_core.messages import HumanMessage
from langgraph.checkpoint.sqlite import SqliteSaver

from assistant.agent.context import Services
from assistant.agent.graph import build_graph
from assistant.config import Settings
from assistant.schemas import Answer


def _input(question: str, role: str, **extra) -> dict:
    """One turn's input; `extra` carries UI events such as a removed filter chip or an uploaded CSV."""
    return {"messages": [HumanMessage(content=question)], "role": role, "remove_filter": "", "upload": "", **extra}


class Assistant:
    """The agent with a SQLite checkpointer: one thread per conversation, surviving restarts."""

    def __init__(self, settings: Settings, services: Services | None = None):
        self.settings = settings
        self.services = services or Services.build(settings)
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(settings.checkpoint_db, check_same_thread=False)
        self.graph = build_graph(self.services, SqliteSaver(self._conn))

    def ask(self, question: str, thread_id: str = "cli", role: str | None = None, **extra) -> Answer:
        config = {"configurable": {"thread_id": thread_id}}
        state = self.graph.invoke(_input(question, role or self.settings.role, **extra), config, durability="exit")
        return Answer.model_validate(state["answer"])

    def close(self) -> None:
        self._conn.close()


@asynccontextmanager
async def async_graph(services: Services, settings: Settings) -> AsyncIterator:
    """The same graph with the async SQLite saver, for Chainlit's event loop."""
    from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    async with AsyncSqliteSaver.from_conn_string(str(settings.checkpoint_db)) as saver:
        yield build_graph(services, saver)


async def astream_turn(graph, question: str, thread_id: str, role: str,
                       **extra) -> AsyncIterator[tuple[str, object]]:
    """Yield ("step", {node: update}) as nodes finish, ("token", text) as the answer is written,
    and finally ("answer", Answer)."""
    config = {"configurable": {"thread_id": thread_id}}
    async for mode, chunk in graph.astream(_input(question, role, **extra), config, stream_mode=["updates", "custom"]):
        if mode == "custom" and isinstance(chunk, dict) and "token" in chunk:
            yield "token", chunk["token"]
        elif mode == "updates":
            yield "step", chunk
            for update in chunk.values():
                if isinstance(update, dict) and "answer" in update:
                    yield "answer", Answer.model_validate(update["answer"])
