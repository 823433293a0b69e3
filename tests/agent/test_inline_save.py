"""A sync turn saves its checkpoint in the caller's thread (graph._executor_for_config): no thread per turn, the
state still saved, a failing save still raised, and other LangGraph runs keep their thread pool."""

from __future__ import annotations

import threading

import pytest
from langgraph.pregel import _executor as pregel_executor

from assistant.agent import graph


def test_a_turn_starts_no_thread_and_is_saved(bot, monkeypatch):
    bot.ask("hello", thread_id="inline-warm")  # anything loaded lazily (and its threads) before counting
    started = []
    start = threading.Thread.start
    monkeypatch.setattr(threading.Thread, "start", lambda self: started.append(self.name) or start(self))
    answer = bot.ask("How long do I have to return a dress?", thread_id="inline")
    assert started == []
    saved = bot.graph.get_state({"configurable": {"thread_id": "inline"}}).values
    assert saved["answer"]["answer"] == answer.answer


def test_a_failing_save_fails_the_turn(bot, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(bot.graph.checkpointer, "put", broken)
    with pytest.raises(OSError, match="disk full"):
        bot.ask("How long do I have to return a dress?", thread_id="inline-broken")


def test_other_runs_keep_the_pool():
    assert pregel_executor.get_executor_for_config is graph._executor_for_config  # the library's hook is ours
    with graph._executor_for_config({}) as executor:
        assert not isinstance(executor, graph._Inline)
