"""The OpenAI-compatible answer writer, against a recorded streamed response: no network, no key."""

from __future__ import annotations

import dataclasses
import json
import socket
import time

import pytest

from assistant.agent.answer import LLM_DOWN, LLMWriter
from assistant.agent.context import default_understander, default_writer
from assistant.agent.service import Assistant
from assistant.config import Settings
from assistant.models.providers import openai_client
from assistant.retrieval.search import SectionHit
from tests.conftest import NetworkBlocked
from tests.fake_openai import FakeOpenAI
from tests.recorded import Replayer

HITS = [SectionHit("returns.md#final-sale", "returns.md", "Final sale", "Returns", "Final-sale items ...", 0.71),
        SectionHit("exchanges.md#how-to", "exchanges.md", "How to", "Exchanges", "To exchange ...", 0.50)]


@pytest.mark.parametrize("base_url", [None, "http://127.0.0.1:11434/v1"], ids=["openai", "ollama-compatible"])
def test_llm_answer_keeps_only_citations_of_retrieved_sections(base_url):
    replay = Replayer("chat_policy_stream.json")
    settings = Settings(backend="openai", openai_api_key="sk-test", openai_base_url=base_url)
    streamed: list[str] = []
    writer = LLMWriter(openai_client(settings, http_client=replay.client()), "gpt-4o-mini", 0.42)
    text, citations = writer.write("can I return a final sale item?", HITS, streamed.append)

    replay.assert_all_played()
    sent = replay.played[0]
    assert str(sent.url).startswith(base_url or "https://api.openai.com/v1")
    prompt = json.loads(sent.content)["messages"][1]["content"]
    assert "[returns.md#final-sale]" in prompt and "exchanges.md#how-to" in prompt
    assert "".join(streamed).startswith("Final-sale items")
    assert "[returns.md#final-sale]" in text and "made-up.md" not in text
    assert [c.id for c in citations] == ["returns.md#final-sale"]


def test_llm_is_not_called_when_nothing_answers():
    replay = Replayer([])
    settings = Settings(backend="openai", openai_api_key="sk-test")
    text, citations = LLMWriter(openai_client(settings, http_client=replay.client()), "m", 0.9).write(
        "q", HITS, lambda t: None)
    assert not replay.played
    assert citations == [] and "won't guess" in text


def test_real_network_calls_fail_in_tests():
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("93.184.216.34", 443), timeout=2)


# Against a local fake OpenAI-compatible server: what a shopper sees when the provider fails.
FACTS = "Final-sale items cannot be returned or exchanged."
FACT_HITS = [SectionHit("returns.md#final-sale", "returns.md", "Final sale", "Returns", FACTS, 0.71)]
BOUND = 1.0  # seconds: ASSISTANT_OPENAI_TIMEOUT in these tests
MARGIN = 1.5  # seconds of slack for a loaded 2-core machine


def write_against(mode: str, content: str = "Final-sale items cannot be returned. [returns.md#final-sale]"):
    with FakeOpenAI(mode, content) as server:
        settings = Settings(backend="openai", openai_base_url=server.base_url, openai_timeout=BOUND)
        writer = LLMWriter(openai_client(settings), "gpt-4o-mini", 0.42, settings.openai_timeout)
        streamed: list[str] = []
        start = time.monotonic()
        text, citations = writer.write("can I return a final sale item?", FACT_HITS, streamed.append)
        return text, citations, "".join(streamed), time.monotonic() - start, server.requests


@pytest.mark.parametrize("mode", ["429", "500", "hang", "malformed", "stall"])
def test_a_failing_model_gives_the_quoted_answer_with_a_notice_in_bounded_time(mode):
    text, citations, streamed, took, requests = write_against(mode)
    assert text.startswith(LLM_DOWN) and FACTS in text and "[returns.md#final-sale]" in text
    assert [c.id for c in citations] == ["returns.md#final-sale"]
    assert "Error code" not in text and "req_abc123" not in text and "Rate limit" not in text
    assert "Traceback" not in streamed and "Error code" not in streamed
    assert took < BOUND + MARGIN
    assert requests  # the model was asked
    if mode in ("429", "500"):
        assert len(requests) >= 2  # retried while time was left


def test_a_stalled_stream_keeps_no_half_sentence_in_the_answer():
    text, _, streamed, _, _ = write_against("stall", "Final-sale items cannot be returned. [returns.md#final-sale]")
    assert streamed.startswith("Final-sale items")  # these words did reach the chat as they came ...
    assert not text.startswith("Final-sale items cannot")  # ... but the final message is the whole quoted answer
    assert text == f"{LLM_DOWN}\n\nNo. {FACTS} [returns.md#final-sale]"  # the quoted rule plainly says no


def test_empty_model_output_is_not_an_empty_bubble():
    text, citations, _, _, _ = write_against("normal", "")
    assert text.startswith(LLM_DOWN) and FACTS in text and citations


def test_a_working_model_answers_itself_without_the_notice():
    text, citations, streamed, _, _ = write_against("normal")
    assert text == "Final-sale items cannot be returned. [returns.md#final-sale]" and LLM_DOWN not in text
    assert streamed == text and [c.id for c in citations] == ["returns.md#final-sale"]


@pytest.mark.parametrize("mode", ["500", "hang"])
def test_a_shoppers_turn_with_the_model_down_is_answered_from_the_policies_in_one_budget(
        mode, services, demo_settings):
    with FakeOpenAI(mode) as server:
        settings = Settings(backend="openai", openai_base_url=server.base_url, openai_timeout=BOUND)
        client = openai_client(settings)  # shared by both steps, as the registry does
        bot = Assistant(demo_settings, dataclasses.replace(
            services, understander=default_understander(settings, client), writer=default_writer(settings, None, client)))
        start = time.monotonic()
        try:
            answer = bot.ask("can I return a final sale item?", thread_id=f"llm-down-{mode}")
        finally:
            bot.close()
        took = time.monotonic() - start
    assert answer.answer.startswith(LLM_DOWN) and answer.citations
    assert "final" in answer.answer.lower() and "Error code" not in answer.answer
    assert took < BOUND + MARGIN + 2.0  # one budget (understanding), the writer does not wait again; + the turn
