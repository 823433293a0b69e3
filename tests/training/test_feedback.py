"""Feedback reaches the training data only through a person: harvest queues, accept moves one reviewed row."""

from __future__ import annotations

import json
import sqlite3

import pytest

from assistant.errors import ConfigError, DataErrors
from assistant.training import feedback
from assistant.models.artifacts import accepted_file

SCHEMA = """
CREATE TABLE users ("id" TEXT PRIMARY KEY, "identifier" TEXT NOT NULL UNIQUE, "metadata" JSONB NOT NULL,
                    "createdAt" TEXT);
CREATE TABLE threads ("id" TEXT PRIMARY KEY, "createdAt" TEXT, "name" TEXT, "userId" TEXT, "userIdentifier" TEXT,
                      "tags" TEXT, "metadata" JSONB);
CREATE TABLE steps ("id" TEXT PRIMARY KEY, "name" TEXT NOT NULL, "type" TEXT NOT NULL, "threadId" TEXT NOT NULL,
                    "parentId" TEXT, "streaming" BOOLEAN NOT NULL, "waitForAnswer" BOOLEAN, "isError" BOOLEAN,
                    "metadata" JSONB, "tags" TEXT, "input" TEXT, "output" TEXT, "createdAt" TEXT, "command" TEXT,
                    "start" TEXT, "end" TEXT, "generation" JSONB, "showInput" TEXT, "language" TEXT, "indent" INT,
                    "defaultOpen" BOOLEAN);
CREATE TABLE feedbacks ("id" TEXT PRIMARY KEY, "forId" TEXT NOT NULL, "threadId" TEXT NOT NULL, "value" INT NOT NULL,
                        "comment" TEXT);
"""
ROW = {"text": "Juniper Chiffon Wrap Midi Dress", "category": "2271", "attributes": {"color": "red"}}


@pytest.fixture
def chat_db(settings):
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    db = feedback.chat_db(settings)
    con = sqlite3.connect(db)
    con.executescript(SCHEMA)
    con.execute("INSERT INTO users VALUES ('u1', 'merchant@harbor', '{}', '2025-11-26T10:00:00Z')")
    con.execute("INSERT INTO threads VALUES ('t1', '2025-11-26T10:00:00Z', 'titles', 'u1', 'merchant@harbor', '[]', "
                "'{\"route\": \"classify\"}')")
    steps = [("s1", "user", "user_message", "", "Classify: Juniper Chiffon Wrap Midi Dress", "10:00:01"),
             ("s2", "Assistant", "assistant_message", "", "Category: Skirts", "10:00:02"),
             ("s3", "user", "user_message", "", "and this one: Ironbark Kids Rucksack", "10:00:03"),
             ("s4", "Assistant", "assistant_message", "", "Category: Backpacks", "10:00:04"),
             ("s5", "user", "user_message", "", "red dress under 80", "10:00:05"),
             ("s6", "Assistant", "assistant_message", "", "Here are 3 red dresses under $80", "10:00:06")]
    for sid, name, typ, inp, outp, at in steps:
        con.execute('INSERT INTO steps ("id", "name", "type", "threadId", "streaming", "input", "output", "createdAt") '
                    "VALUES (?, ?, ?, 't1', 0, ?, ?, ?)", (sid, name, typ, inp, outp, f"2025-11-26T{at}Z"))
    con.executemany("INSERT INTO feedbacks VALUES (?, ?, 't1', ?, ?)", [
        ("f1", "s2", 0, json.dumps(ROW)),  # thumbs-down with a correction given as a training row
        ("f2", "s4", 1, "great"),  # thumbs-up: not harvested
        ("f3", "s6", 0, None),  # thumbs-down without a comment
    ])
    con.commit()
    con.close()
    return db


def test_harvest_queues_thumbs_down_with_context(settings, chat_db):
    assert feedback.harvest(settings) == (2, 2)
    assert feedback.harvest(settings) == (0, 2)  # idempotent
    by_id = {e.id: e for e in feedback.read_queue(settings)}
    assert set(by_id) == {"f1", "f3"}
    f1, f3 = by_id["f1"], by_id["f3"]
    assert (f1.kind, f1.task, f1.output) == ("correction", "classify", "Category: Skirts")
    assert f1.input == "Classify: Juniper Chiffon Wrap Midi Dress"
    assert f3.kind == "thumbs_down" and f3.comment is None
    assert [c["role"] for c in f3.context] == ["user", "assistant", "user", "assistant", "user"]
    assert f3.context[-1]["content"] == "red dress under 80"


def test_accept_moves_one_reviewed_row_and_nothing_else(settings, chat_db):
    feedback.harvest(settings)
    assert not accepted_file(settings, "classify").exists()  # harvesting adds nothing to the training data
    entry, path = feedback.accept(settings, "f1")
    assert path == accepted_file(settings, "classify")
    assert [json.loads(x) for x in path.read_text().splitlines()] == [ROW]
    assert entry.status == "accepted"
    with pytest.raises(ConfigError, match="already accepted"):
        feedback.accept(settings, "f1")
    with pytest.raises(ConfigError, match="give the corrected row with --edit"):
        feedback.accept(settings, "f3", task="rewrite")
    with pytest.raises(DataErrors, match=r"review_queue.jsonl#f3: filters: missing"):
        feedback.accept(settings, "f3", edit={"query": "red dress under 80"}, task="rewrite")
    edited = {"query": "red dress under 80", "filters": {"category_ids": [], "attributes": {"color": ["red"]},
                                                         "excluded": {}, "price": {"min": None, "max": 80.0},
                                                         "in_stock": False, "text": "dress"}}
    feedback.accept(settings, "f3", edit=edited, task="rewrite")
    statuses = {e.id: e.status for e in feedback.read_queue(settings)}
    assert statuses == {"f1": "accepted", "f3": "accepted"}
    assert json.loads(accepted_file(settings, "rewrite").read_text()) == edited
    main = (settings.knowledge_dir / "training" / "classify.jsonl").read_text()
    assert "Juniper Chiffon Wrap Midi Dress\", \"category\": \"2271\"" not in main  # never the main file


def test_reject_and_unknown(settings, chat_db):
    feedback.harvest(settings)
    assert feedback.reject(settings, "f3").status == "rejected"
    with pytest.raises(ConfigError, match="no entry 'nope'"):
        feedback.accept(settings, "nope")


def test_no_database_is_a_clear_error(settings):
    with pytest.raises(ConfigError, match="no chat feedback database"):
        feedback.harvest(settings)


def test_harvest_records_who_sent_each_feedback(settings):
    """Feedback on another user's message was queued with no record of who sent it. The chat now stores the
    sender in feedbacks.userIdentifier (the real schema, created as the app creates it); the queue carries it
    beside the thread's owner, and a database from before the column (the fixture above) still harvests."""
    from assistant.store.chat_history import create_schema, sqlite_url

    create_schema(sqlite_url(settings.data_dir))
    con = sqlite3.connect(feedback.chat_db(settings))
    con.execute("INSERT INTO threads (\"id\", \"userIdentifier\", \"metadata\") VALUES ('t1', 'ana@shop', '{}')")
    con.executemany('INSERT INTO steps ("id", "name", "type", "threadId", "streaming", "output", "createdAt") '
                    "VALUES (?, 'Assistant', 'assistant_message', 't1', 0, ?, ?)",
                    [("s1", "Category: Skirts", "2025-11-26T10:00:01Z"), ("s2", "No results", "2025-11-26T10:00:02Z")])
    con.executemany('INSERT INTO feedbacks ("id", "forId", "threadId", "value", "userIdentifier") '
                    "VALUES (?, ?, 't1', 0, ?)", [("f1", "s1", "ana@shop"), ("f2", "s2", "mallory@elsewhere")])
    con.commit()
    con.close()
    assert feedback.harvest(settings) == (2, 2)
    by_id = {e.id: (e.sender, e.thread_owner) for e in feedback.read_queue(settings)}
    assert by_id == {"f1": ("ana@shop", "ana@shop"), "f2": ("mallory@elsewhere", "ana@shop")}


def test_a_database_without_the_sender_column_still_harvests(settings, chat_db):
    assert feedback.harvest(settings) == (2, 2)
    assert {(e.sender, e.thread_owner) for e in feedback.read_queue(settings)} == {(None, "merchant@harbor")}
