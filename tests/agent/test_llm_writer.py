"""The OpenAI-compatible answer writer, against a recorded streamed response: no network, no key."""

from __future__ import annotations

import json
import socket

import pytest

from assistant.agent.answer import LLMWriter
from assistant.config import Settings
from assistant.models.providers import openai_client
from assistant.retrieval.search import SectionHit
from tests.conftest import NetworkBlocked
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
