"""The agent's checkpointer on SQLite and on PostgreSQL (`ASSISTANT_DATABASE_URL`): a thread's state survives
closing the saver and, on PostgreSQL, a restart of the database server; many conversations writing at once through
the one async saver all land; a server that cannot be reached is named at start-up. A small graph stands in for the
agent, except in the last test: the command line's agent on PostgreSQL."""

from __future__ import annotations

import asyncio
import operator
from typing import Annotated, TypedDict

import pytest
from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from langgraph.graph import StateGraph

from assistant.config import Settings
from assistant.errors import ConfigError
from assistant.store.checkpoints import open_async_saver, open_saver

SERDE = JsonPlusSerializer()


class Notes(TypedDict):
    notes: Annotated[list[str], operator.add]


def _graph(saver):
    builder = StateGraph(Notes)
    builder.add_node("keep", lambda state: {})
    builder.set_entry_point("keep")
    return builder.compile(checkpointer=saver)


def _config(thread: str) -> dict:
    return {"configurable": {"thread_id": thread}}


def test_a_thread_survives_closing_the_saver_and_a_database_restart(tmp_path, database, request):
    settings = Settings(data_dir=tmp_path, database_url=database)
    with open_saver(settings, SERDE) as saver:
        _graph(saver).invoke({"notes": ["order 55123"]}, _config("shopper@x/t1"))
    if database:  # the PostgreSQL server itself goes down and comes back
        server = request.getfixturevalue("postgres")
        server.stop()
        server.start()
    with open_saver(settings, SERDE) as saver:
        graph = _graph(saver)
        graph.invoke({"notes": ["and in blue?"]}, _config("shopper@x/t1"))
        assert graph.get_state(_config("shopper@x/t1")).values["notes"] == ["order 55123", "and in blue?"]
        assert graph.get_state(_config("shopper2@x/t1")).values == {}  # another person's thread of the same id


async def _many_at_once(settings: Settings, conversations: int, turns: int) -> dict[str, list[str]]:
    async with open_async_saver(settings, SERDE) as saver:
        graph = _graph(saver)

        async def one(i: int) -> None:
            for t in range(turns):
                await graph.ainvoke({"notes": [f"{i}.{t}"]}, _config(f"user{i % 2}/thread{i}"))

        await asyncio.gather(*(one(i) for i in range(conversations)))
    async with open_async_saver(settings, SERDE) as saver:  # read back through a new connection
        graph = _graph(saver)
        return {f"thread{i}": (await graph.aget_state(_config(f"user{i % 2}/thread{i}"))).values.get("notes", [])
                for i in range(conversations)}


def test_many_conversations_writing_at_once_all_land(tmp_path, database):
    settings = Settings(data_dir=tmp_path, database_url=database, database_pool_size=4)
    saved = asyncio.run(_many_at_once(settings, conversations=60, turns=3))
    assert saved == {f"thread{i}": [f"{i}.{t}" for t in range(3)] for i in range(60)}


def test_a_database_that_cannot_be_reached_is_named_at_start_up(tmp_path):
    from tests.chat_server import free_port

    port = free_port()
    settings = Settings(data_dir=tmp_path, database_url=f"postgresql://shop:secret@127.0.0.1:{port}/none")

    async def open_it():
        async with open_async_saver(settings, SERDE):
            pass

    with pytest.raises(ConfigError, match=f"ASSISTANT_DATABASE_URL: cannot connect to PostgreSQL.*{port}") as err:
        asyncio.run(open_it())
    assert "secret" not in str(err.value)
    with pytest.raises(ConfigError, match="cannot connect"):
        with open_saver(settings, SERDE):
            pass


def test_the_agents_typed_state_survives_a_restart_on_postgres(services, demo_settings, database_url, tmp_path):
    """The command line's agent (`storefront ask`) on PostgreSQL: the shown products come back as typed state."""
    from assistant.agent.state import Shown
    from tests.agent.test_conversation import across_a_restart

    settings = demo_settings.model_copy(update={"database_url": database_url, "data_dir": tmp_path})
    shown, state, answer = across_a_restart(settings, services)
    assert all(isinstance(s, Shown) for s in state["shown"]) and len(state["shown"]) == len(shown)
    assert answer.tools[0].output["product_id"] == shown[0].id
    assert not settings.checkpoint_db.exists()  # nothing went to the SQLite file
