"""Chainlit's data layer on SQLite and on PostgreSQL: the project creates the schema; threads, steps and feedback
survive a restart and read back with Chainlit's standard column names (what `storefront data harvest` joins); a
deleted thread is never written again, and a message's thread and owner are known (for the feedback check)."""

from __future__ import annotations

import asyncio
import sqlite3
import uuid

import pytest

pytest.importorskip("chainlit")

from assistant.errors import ConfigError  # noqa: E402
from assistant.store.chat_history import conninfo, create_schema, ddl, libpq_url  # noqa: E402
from tests.load.saved import Saved  # noqa: E402


def test_schema_is_created_idempotently_with_chainlits_names(tmp_path):
    url = conninfo(tmp_path, None)
    create_schema(url)
    create_schema(url)  # a second start changes nothing
    conn = sqlite3.connect(tmp_path / "chainlit.sqlite")
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"users", "threads", "steps", "elements", "feedbacks"} <= tables
    columns = {r[1] for r in conn.execute("PRAGMA table_info(feedbacks)")}
    assert {"id", "forId", "threadId", "value", "comment", "userIdentifier"} == columns


@pytest.mark.parametrize("given", ["postgresql://u:p@db/store", "postgres://u:p@db/store",
                                   "postgresql+asyncpg://u:p@db/store"])
def test_a_postgres_url_is_read_with_psycopg(given):
    assert conninfo(None, given) == "postgresql+psycopg://u:p@db/store"
    assert libpq_url(given) == "postgresql://u:p@db/store"
    assert any("JSONB" in s and "TEXT[]" in s for s in ddl("postgresql"))


def test_a_database_url_that_is_not_postgres_is_refused_with_what_to_set():
    with pytest.raises(ConfigError, match="ASSISTANT_DATABASE_URL must be a PostgreSQL URL"):
        conninfo(None, "sqlite:///chat.db")


async def _write_and_read(data_dir, database: str | None) -> tuple[dict, list]:
    from chainlit.context import init_http_context
    from chainlit.types import Feedback
    from chainlit.user import User

    from assistant.ui.data_layer import build_data_layer

    layer = build_data_layer(data_dir, database)
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

    restarted = build_data_layer(data_dir, database)  # a new process would do exactly this
    thread = await restarted.get_thread(thread_id)
    threads = await restarted.get_all_user_threads(user_id=persisted.id)
    await restarted.engine.dispose()
    return thread, threads


def test_threads_steps_and_feedback_survive_a_restart(tmp_path, database):
    thread, threads = asyncio.run(_write_and_read(tmp_path, database))
    assert thread is not None and thread["name"] == "returns" and thread["tags"] == ["policy"]
    assert [s["output"] for s in thread["steps"]] == ["30 days [returns.md#window]"]
    assert thread["steps"][0]["feedback"]["value"] == 0
    assert [t["id"] for t in threads] == [thread["id"]]
    rows = Saved(tmp_path, database).rows(
        'SELECT f."value", f."comment", s."output", t."userIdentifier" FROM feedbacks f '
        'JOIN steps s ON s."id" = f."forId" JOIN threads t ON t."id" = s."threadId"')
    assert rows == [(0, "say 45 days", "30 days [returns.md#window]", "shopper@harborpine.test")]


async def _delete_then_write(data_dir, database: str | None) -> dict:
    from chainlit.context import init_http_context
    from chainlit.user import User

    from assistant.ui.data_layer import build_data_layer

    forgotten = []

    async def forget(owner, thread_id):
        forgotten.append((owner, thread_id))

    layer = build_data_layer(data_dir, database, forget=forget)
    user = User(identifier="shopper@harborpine.test", metadata={"role": "shopper"})
    init_http_context(user=user)
    persisted = await layer.create_user(user)
    thread_id, step_id = str(uuid.uuid4()), str(uuid.uuid4())
    await layer.update_thread(thread_id, name="order 55123", user_id=persisted.id)
    await layer.create_step({"id": step_id, "threadId": thread_id, "name": "assistant", "type": "assistant_message",
                             "output": "noted", "streaming": False, "createdAt": "2026-11-26T12:00:00Z"})
    found = {"step": await layer.step_thread(step_id), "missing step": await layer.step_thread(str(uuid.uuid4()))}
    await layer.delete_thread(thread_id)
    await layer.engine.dispose()

    other = build_data_layer(data_dir, database)  # another process: its memory of live threads is empty
    try:
        await other.update_thread(thread_id, name="taken over")
        found["refused"] = False
    except PermissionError:
        found["refused"] = True
    found["deleted"] = await other.is_deleted(thread_id)
    found["thread"] = await other.get_thread(thread_id)
    await other.engine.dispose()
    return {**found, "thread_id": thread_id, "forgotten": forgotten}


def test_a_deleted_thread_is_never_written_again_and_messages_know_their_owner(tmp_path, database):
    found = asyncio.run(_delete_then_write(tmp_path, database))
    assert found["step"] == (found["thread_id"], "shopper@harborpine.test")
    assert found["missing step"] is None
    assert found["forgotten"] == [("shopper@harborpine.test", found["thread_id"])]  # the agent's memory too
    assert found["refused"] and found["deleted"] and found["thread"] is None
    assert Saved(tmp_path, database).rows('SELECT "id" FROM threads') == []
