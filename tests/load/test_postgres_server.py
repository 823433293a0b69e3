"""The real chat server with chat history and checkpoints on PostgreSQL (`ASSISTANT_DATABASE_URL`, a server the
test starts on loopback): a conversation resumes after both servers restart, with its messages and the agent's
memory; only its owner may resume it; a deleted thread cannot be taken over; feedback only on one's own messages.
The same checks on SQLite are in tests/security and tests/ui; the load test runs on both."""

from __future__ import annotations

import asyncio

import httpx
import pytest
import socketio

from tests.chat_server import chat_server
from tests.load.chat_client import SHOPPERS, Conversation, chat, sign_in
from tests.load.saved import Saved
from tests.load.test_concurrent_chats import server_env

SHOPPER, SHOPPER2 = SHOPPERS
pytestmark = pytest.mark.load


def _shown(conv: Conversation) -> list[str]:
    return [e for t in conv.turns for e in t.errors]


def test_a_conversation_resumes_after_the_chat_server_and_postgres_restart(demo_settings, tmp_path, postgres,
                                                                          database_url):
    from assistant.ui.runtime import checkpoint_thread

    env = server_env(database_url)
    with chat_server(demo_settings.index_dir, demo_settings.artifacts_dir, tmp_path / "before", env=env) as server:
        first = asyncio.run(chat(server.url, SHOPPER, ["wireless earbuds"]))
    postgres.stop()
    postgres.start()
    # A fresh app folder: nothing of the conversation is left on the chat server's disk.
    with chat_server(demo_settings.index_dir, demo_settings.artifacts_dir, tmp_path / "after", env=env) as server:
        resumed = asyncio.run(chat(server.url, SHOPPER, ["what do reviewers say about the first one?"],
                                    thread_id=first.thread_id))
        with pytest.raises(socketio.exceptions.ConnectionError):  # someone else cannot resume it
            asyncio.run(chat(server.url, SHOPPER2, ["what did I ask?"], thread_id=first.thread_id))
        saved = Saved(server.data, database_url)
        assert not (server.data / "chainlit.sqlite").exists() and not (server.data / "checkpoints.sqlite").exists()

    assert _shown(first) == _shown(resumed) == []
    assert resumed.thread_id == first.thread_id
    owner, asked, answered = saved.history()[first.thread_id]
    assert (owner, asked) == (SHOPPER[0], 2) and answered >= 2
    assert saved.agent_memory(checkpoint_thread(SHOPPER[0], first.thread_id)) == 2
    # "the first one" is the first product shown before the restart: the agent remembered what it showed
    listed = first.turns[0].replies[-1]["output"]
    first_shown = next(line for line in listed.splitlines() if line.startswith("1. "))[3:].split(" by ")[0]
    answer = resumed.turns[0].replies[-1]["output"]
    assert answer.startswith(f"**{first_shown}**") and "review" in answer, (listed, answer)


@pytest.fixture(scope="module")
def pg_chat(demo_settings, tmp_path_factory, postgres):
    url = postgres.create_database("secure")
    with chat_server(demo_settings.index_dir, demo_settings.artifacts_dir, tmp_path_factory.mktemp("pg") / "app",
                     env=server_env(url)) as server:
        yield server, Saved(server.data, url)


def test_a_deleted_thread_cannot_be_reattached_on_postgres(pg_chat):
    from assistant.ui.runtime import checkpoint_thread

    server, saved = pg_chat
    first = asyncio.run(chat(server.url, SHOPPER, ["My order number is 55123, remember it"]))
    memory = checkpoint_thread(SHOPPER[0], first.thread_id)
    assert saved.agent_memory(memory) == 1
    cookie = asyncio.run(sign_in(server.url, SHOPPER))
    r = httpx.request("DELETE", f"{server.url}/project/thread", json={"threadId": first.thread_id},
                      headers={"Cookie": cookie})
    assert r.status_code == 200, r.text
    assert saved.agent_memory(memory) == 0
    with pytest.raises(socketio.exceptions.ConnectionError):
        asyncio.run(chat(server.url, SHOPPER2, ["What did I tell you earlier?"], thread_id=first.thread_id))
    assert saved.rows('SELECT COUNT(*) FROM threads WHERE "id" = %s', (first.thread_id,)) == [(0,)]
    assert saved.rows('SELECT "userIdentifier" FROM deleted_threads') == [(SHOPPER[0],)]
    assert saved.agent_memory(checkpoint_thread(SHOPPER2[0], first.thread_id)) == 0


def test_feedback_only_on_ones_own_messages_on_postgres(pg_chat):
    server, saved = pg_chat
    conv = asyncio.run(chat(server.url, SHOPPER, ["How many days do I have to return a pair of shoes?"]))
    step = conv.turns[0].replies[-1]["id"]
    body = {"feedback": {"forId": step, "value": 0, "comment": "say 45 days", "threadId": conv.thread_id},
            "sessionId": "x"}
    r = httpx.put(f"{server.url}/feedback", json=body, headers={"Cookie": asyncio.run(sign_in(server.url, SHOPPER2))})
    assert r.status_code == 403
    r = httpx.put(f"{server.url}/feedback", json=body, headers={"Cookie": asyncio.run(sign_in(server.url, SHOPPER))})
    assert r.status_code == 200, r.text
    rows = saved.rows('SELECT "forId", "value", "userIdentifier" FROM feedbacks')
    assert rows == [(step, 0, SHOPPER[0])]
