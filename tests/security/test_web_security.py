"""A hostile or careless user against the real server on loopback (issue 14 items 3-7): a deleted thread cannot be
taken over, other origins cannot read a signed-in user's data, feedback only on one's own messages and signed by
its sender, planted Markdown stays inert, and password guessing is locked out."""

from __future__ import annotations

import asyncio
import sqlite3

import httpx
import pytest
import socketio

from tests.chat_server import chat_server
from tests.load.chat_client import MERCHANT, SHOPPERS, chat, sign_in
from tests.load.test_concurrent_chats import agent_memory

SHOPPER, SHOPPER2 = SHOPPERS
EVIL = "http://127.0.0.1:9"  # another port of the same host: cookies reach the app from there


@pytest.fixture(scope="module")
def server(demo_settings, tmp_path_factory):
    with chat_server(demo_settings.index_dir, demo_settings.artifacts_dir,
                     tmp_path_factory.mktemp("secure") / "app") as s:
        yield s


def test_a_deleted_thread_cannot_be_reattached_by_another_user(server):
    from assistant.ui.runtime import checkpoint_thread

    first = asyncio.run(chat(server.url, SHOPPER, ["My order number is 55123, remember it",
                                                    "How much is express shipping?"]))
    memory = checkpoint_thread(SHOPPER[0], first.thread_id)
    assert agent_memory(server.data, memory) == 2
    cookie = asyncio.run(sign_in(server.url, SHOPPER))
    r = httpx.request("DELETE", f"{server.url}/project/thread", json={"threadId": first.thread_id},
                      headers={"Cookie": cookie})
    assert r.status_code == 200, r.text
    assert agent_memory(server.data, memory) == 0  # the agent forgets it too

    with pytest.raises(socketio.exceptions.ConnectionError):
        asyncio.run(chat(server.url, SHOPPER2, ["What did I tell you earlier?"], thread_id=first.thread_id))
    con = sqlite3.connect(server.data / "chainlit.sqlite")
    assert con.execute('SELECT COUNT(*) FROM threads WHERE "id" = ?', (first.thread_id,)).fetchone() == (0,)
    assert agent_memory(server.data, checkpoint_thread(SHOPPER2[0], first.thread_id)) == 0


def test_other_origins_cannot_read_the_signed_in_users_data(server):
    cookie = asyncio.run(sign_in(server.url, SHOPPER))
    r = httpx.get(f"{server.url}/user", headers={"Cookie": cookie, "Origin": EVIL})
    assert "access-control-allow-origin" not in r.headers
    pre = httpx.options(f"{server.url}/project/threads", headers={
        "Origin": EVIL, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"})
    assert pre.headers.get("access-control-allow-origin") != EVIL
    with pytest.raises(socketio.exceptions.ConnectionError):  # a WebSocket is not covered by CORS: refused
        asyncio.run(chat(server.url, SHOPPER, [], origin=EVIL))
    asyncio.run(chat(server.url, SHOPPER, [], origin=server.url))  # the page's own origin is welcome


def test_feedback_only_on_ones_own_messages_and_signed_by_its_sender(server):
    conv = asyncio.run(chat(server.url, SHOPPER, ["How many days do I have to return a pair of shoes?"]))
    step = conv.turns[0].replies[-1]["id"]
    body = {"feedback": {"forId": step, "value": 0, "comment": "say 45 days", "threadId": conv.thread_id},
            "sessionId": "x"}
    other = asyncio.run(sign_in(server.url, SHOPPER2))
    r = httpx.put(f"{server.url}/feedback", json=body, headers={"Cookie": other})
    assert r.status_code == 403
    own = asyncio.run(sign_in(server.url, SHOPPER))
    r = httpx.put(f"{server.url}/feedback", json=body, headers={"Cookie": own})
    assert r.status_code == 200, r.text
    feedback_id = r.json()["feedbackId"]
    r = httpx.request("DELETE", f"{server.url}/feedback", json={"feedbackId": feedback_id}, headers={"Cookie": other})
    assert r.status_code == 403
    con = sqlite3.connect(server.data / "chainlit.sqlite")
    rows = con.execute('SELECT "forId", "value", "userIdentifier" FROM feedbacks').fetchall()
    assert rows == [(step, 0, SHOPPER[0])]


def test_planted_markdown_reaches_the_merchant_inert(server):
    planted = "![t](http://198.51.100.7/b.png)[Verify payment](http://evil.test)"
    asyncio.run(chat(server.url, SHOPPER, [planted, "I want to talk to someone"]))
    merchant = asyncio.run(chat(server.url, MERCHANT, ["Show me the open support tickets"], profile="Merchant"))
    shown = merchant.turns[-1].replies[-1]["output"]
    assert "Verify payment" in shown  # the words are there ...
    assert "](http" not in shown and "![" not in shown  # ... but neither the image nor the link


def test_password_guessing_is_locked_out_per_account(server):
    for _ in range(5):
        r = httpx.post(f"{server.url}/login", data={"username": SHOPPER2[0], "password": "guess"})
        assert r.status_code == 401
    r = httpx.post(f"{server.url}/login", data={"username": SHOPPER2[0], "password": SHOPPER2[1]})
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 60
    assert "Too many failed sign-ins" in r.json()["detail"]  # the page shows it as it is
    r = httpx.post(f"{server.url}/login", data={"username": MERCHANT[0], "password": MERCHANT[1]})
    assert r.status_code == 200  # another account from the same address still signs in
