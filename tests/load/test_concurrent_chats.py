"""Many people chatting at once through the real server (issue 14 item 1): no error shown, every turn in the saved
history and in the agent's memory, every thread owned by the person who wrote it.

The gate runs 40 conversations x 3 turns (about a minute on 2 cores); bench/bench.py runs 100 x 5 and reports
p50/p95. Both run on SQLite (the default) and on PostgreSQL (`ASSISTANT_DATABASE_URL`, a server the test starts).
Before the one shared checkpointer, 40 x 3 showed "database is locked" in 29 turns and 51 turns never reached the
saved history."""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.chat_server import chat_server
from tests.load.chat_client import SHOPPERS, Conversation, sign_in
from tests.load.saved import Saved

MESSAGES = ["How many days do I have to return a pair of shoes?", "red dress under $100",
            "How much is express shipping?", "and in blue?", "Is there a warranty on headphones?"]
pytestmark = pytest.mark.load


async def run_load(url: str, conversations: int, turns: int, concurrency: int | None = None) -> list[Conversation]:
    cookies = [await sign_in(url, account) for account in SHOPPERS]
    gate = asyncio.Semaphore(concurrency or conversations)

    async def one(i: int) -> Conversation:
        conv = Conversation(url, cookies[i % len(cookies)], owner=SHOPPERS[i % len(SHOPPERS)][0])
        async with gate:
            await conv.connect()
            try:
                for t in range(turns):
                    await conv.say(MESSAGES[(i + t) % len(MESSAGES)])
            finally:
                await conv.close()
        return conv

    return list(await asyncio.gather(*(one(i) for i in range(conversations))))


def settled_history(saved: Saved, conversations: list[Conversation], turns: int, limit: float = 60.0):
    """The saved history once every turn is in it (Chainlit writes messages after sending them, so the last ones
    land shortly after the last reply), or as it stands after `limit` seconds; and how long that took."""
    start = time.monotonic()
    while True:
        history = saved.history()
        if missing(history, conversations, turns) == 0 or time.monotonic() - start > limit:
            return history, time.monotonic() - start
        time.sleep(0.5)


def missing(history: dict, conversations: list[Conversation], turns: int) -> int:
    """Turns (a message and its answer) not in the saved history."""
    return sum(max(0, turns - min(history.get(c.thread_id, (None, 0, 0))[1:])) for c in conversations)


def agent_memory(data_dir, thread: str) -> int:
    """How many of the person's messages the agent's checkpoint in `data_dir` (SQLite) holds for `thread`."""
    return Saved(data_dir).agent_memory(thread)


def check(conversations: list[Conversation], saved: Saved, turns: int) -> None:
    from assistant.ui.runtime import checkpoint_thread

    shown = [e for c in conversations for t in c.turns for e in t.errors]
    assert shown == []
    assert all(t.replies for c in conversations for t in c.turns), "a turn got no reply"
    history, _ = settled_history(saved, conversations, turns)
    assert missing(history, conversations, turns) == 0
    assert [tid for tid, (owner, _, _) in history.items() if not owner] == [], "threads saved without an owner"
    for c in conversations:
        owner, asked, answered = history[c.thread_id]
        assert (owner, asked) == (c.owner, turns)
        assert answered >= turns
        assert saved.agent_memory(checkpoint_thread(owner, c.thread_id)) == turns


def server_env(database: str | None) -> dict:
    return {"ASSISTANT_DATABASE_URL": database} if database else {}


def test_forty_conversations_at_once_lose_nothing(demo_settings, tmp_path, database):
    conversations, turns = 40, 3
    with chat_server(demo_settings.index_dir, demo_settings.artifacts_dir, tmp_path / "app",
                     env=server_env(database)) as server:
        done = asyncio.run(run_load(server.url, conversations, turns))
        check(done, Saved(server.data, database), turns)
