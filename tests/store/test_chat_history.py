"""Chainlit's data layer on SQLite: the project creates the schema; threads, steps and feedback survive a restart
and read back with Chainlit's standard column names (what `storefront data harvest` joins)."""

from __future__ import annotations

import asyncio
import sqlite3
import uuid

import pytest

pytest.importorskip("chainlit")

from assistant.store.chat_history import conninfo, create_schema, ddl  # noqa: E402


def test_schema_is_created_idempotently_with_chainlits_names(tmp_path):
    url = conninfo(tmp_path, None)
    create_schema(url)
    create_schema(url)  # a second start changes nothing
    conn = sqlite3.connect(tmp_path / "chainlit.sqlite")
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"users", "threads", "steps", "elements", "feedbacks"} <= tables
    columns = {r[1] for r in conn.execute("PRAGMA table_info(feedbacks)")}
    assert {"id", "forId", "threadId", "value", "comment", "userIdentifier"} == columns


def test_postgres_url_and_ddl():
    assert conninfo(None, "postgresql://u:p@db/store").startswith("postgresql+asyncpg://")
    assert any("JSONB" in s and "TEXT[]" in s for s in ddl("postgresql"))


async def _write_and_read(data_dir) -> tuple[dict, list]:
    from chainlit.context import init_http_context
    from chainlit.types import Feedback
    from chainlit.user import User

    from assistant.ui.data_layer import build_data_layer

    layer = build_data_layer(data_dir, None)
    user = User(identifier="shopper@harborpine.test", metadata={"role": "shopper"})
    init_http_context(user=user)
    persisted = await layer.create_user(user)
    thread_id, step_id = str(uuid.uuid4()), str(uuid.uuid4())
    await layer.update_thread(thread_id, name="returns", user_id=persisted.id, metadata={"chat_profile": "Shopper"},
                              tags=["policy"])
    await layer.create_step({"id": step_id, "threadId": thread_id, "name": "assistant", "type": "assistant_message",
                             "output": "30 days [returns.md#window]", "streaming": False,
                             "createdAt": "2026-11-26T12:00:00Z", "tags": ["answer"]})
    await layer.upsert_feedback(Feedback(forId=step_id, threadId=thread_id, value=0, comment="say 45 days"))
    await layer.engine.dispose()

    restarted = build_data_layer(data_dir, None)  # a new process would do exactly this
    thread = await restarted.get_thread(thread_id)
    threads = await restarted.get_all_user_threads(user_id=persisted.id)
    await restarted.engine.dispose()
    return thread, threads


def test_threads_steps_and_feedback_survive_a_restart(tmp_path):
    thread, threads = asyncio.run(_write_and_read(tmp_path))
    assert thread is not None and thread["name"] == "returns" and thread["tags"] == ["policy"]
    assert [s["output"] for s in thread["steps"]] == ["30 days [returns.md#window]"]
    assert thread["steps"][0]["feedback"]["value"] == 0
    assert [t["id"] for t in threads] == [thread["id"]]
    conn = sqlite3.connect(tmp_path / "chainlit.sqlite")
    rows = conn.execute('SELECT f."value", f."comment", s."output", t."userIdentifier" FROM feedbacks f '
                        'JOIN steps s ON s."id" = f."forId" JOIN threads t ON t."id" = s."threadId"').fetchall()
    assert rows == [(0, "say 45 days", "30 days [returns.md#window]", "shopper@harborpine.test")]
