"""The understanding step done by an OpenAI-compatible model with tool calling: a recorded response, and a
local fake OpenAI-compatible server on loopback. The graph still enforces roles whatever the model calls."""

from __future__ import annotations

import dataclasses
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from assistant.agent.llm_plan import LLMUnderstanding
from assistant.agent.service import Assistant
from assistant.agent.state import Shown
from assistant.agent.tools import MERCHANT_TOOLS
from assistant.agent.understand import Context
from assistant.config import Settings
from assistant.models.providers import openai_client
from tests.recorded import Replayer

SHOWN = [Shown(id="HP-00272", title="Loop Labs Beacon Sport Earbuds", price=31.95, rating=4.6, in_stock=True,
               category="Headphones", department="electronics"),
         Shown(id="HP-00378", title="Northbeam Rowan True Wireless Earbuds", price=26.0, rating=3.8, in_stock=True,
               category="Headphones", department="electronics")]


def test_recorded_tool_calls_become_the_turns_steps(services):
    replay = Replayer("chat_understand_tools.json")
    client = openai_client(Settings(backend="openai", openai_api_key="sk-test"), http_client=replay.client())
    u = LLMUnderstanding(client, "gpt-4o-mini").understand(
        "is the second one in stock and can I return it if it doesn't fit?", Context(shown=SHOWN), services)

    replay.assert_all_played()
    sent = json.loads(replay.played[0].content)
    offered = {t["function"]["name"] for t in sent["tools"]}
    assert offered == {"search_policies", "search_products", "product_details", "review_summary"}
    assert not offered & MERCHANT_TOOLS  # a shopper's model is never offered a merchant tool
    assert "HP-00378" in sent["messages"][0]["content"]  # the shown products reach the model, with their ids
    assert u is not None and u.by == "llm" and u.focus == ["HP-00378"]
    assert [(s.tool, s.args) for s in u.steps] == [
        ("product_details", {"product_id": "HP-00378"}),
        ("search_policies", {"query": "can I return opened headphones if they don't fit"})]


class FakeOpenAI(BaseHTTPRequestHandler):
    """An OpenAI-compatible chat endpoint that answers every request with the tool calls it was given."""

    calls: list[dict] = []
    requests: list[dict] = []

    def do_POST(self):  # noqa: N802 - http.server's name
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        type(self).requests.append(body)
        message = {"role": "assistant", "content": None, "tool_calls": [
            {"id": f"call_{i}", "type": "function",
             "function": {"name": c["name"], "arguments": json.dumps(c["args"])}} for i, c in enumerate(self.calls)]}
        out = json.dumps({"id": "x", "object": "chat.completion", "created": 0, "model": body["model"],
                          "choices": [{"index": 0, "finish_reason": "tool_calls", "message": message}]}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args):  # keep test output quiet
        pass


@pytest.fixture
def fake_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeOpenAI)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    FakeOpenAI.requests = []
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


@pytest.fixture
def llm_bot(services, demo_settings, fake_server):
    settings = Settings(backend="openai", openai_base_url=fake_server, openai_api_key="sk-local")
    llm = LLMUnderstanding(openai_client(settings), "local-model")
    bot = Assistant(demo_settings, dataclasses.replace(services, understander=llm))
    yield bot
    bot.close()


def test_a_local_openai_compatible_server_plans_the_turn(llm_bot):
    FakeOpenAI.calls = [{"name": "search_policies", "args": {"query": "return window for headphones"}},
                        {"name": "search_products", "args": {"query": "wireless earbuds"}}]
    answer = llm_bot.ask("return window for headphones? and show me earbuds", thread_id="llm-1")
    assert FakeOpenAI.requests and FakeOpenAI.requests[0]["model"] == "local-model"
    assert [t.name for t in answer.tools] == ["search_policies", "search_products"]
    assert any(c.source == "returns.md" for c in answer.citations)
    assert answer.products and all("Headphones" in p.category for p in answer.products)


def test_the_graph_refuses_a_merchant_tool_a_model_names_for_a_shopper(llm_bot):
    FakeOpenAI.calls = [{"name": "write_description", "args": {"request": "HP-00017"}},
                        {"name": "list_tickets", "args": {}}]
    answer = llm_bot.ask("write a description for HP-00017 and list tickets", thread_id="llm-2", role="shopper")
    assert not {t.name for t in answer.tools} & MERCHANT_TOOLS


def test_the_local_rules_answer_when_the_model_server_is_down(services, demo_settings):
    settings = Settings(backend="openai", openai_base_url="http://127.0.0.1:9/v1", openai_api_key="sk-local")
    client = openai_client(settings).with_options(max_retries=0, timeout=2.0)
    bot = Assistant(demo_settings, dataclasses.replace(services, understander=LLMUnderstanding(client, "m")))
    try:
        answer = bot.ask("How long do I have to return a dress?", thread_id="llm-down")
    finally:
        bot.close()
    assert answer.route == "policy" and answer.citations
