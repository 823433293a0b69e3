"""A turn's tool calls (graph.run_tools): what `tool.invoke` would return, without LangChain's callbacks when none
listens; through invoke when one does (a tracer, astream_events); and the graph's one step for understanding,
planning and the tools leaves the state the three steps left."""

from __future__ import annotations

import pytest
from langchain_core.callbacks import BaseCallbackHandler, CallbackManager
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from assistant.agent import graph
from assistant.errors import ToolError

QUIET = {"callbacks": CallbackManager(handlers=[])}  # what a graph run passes its nodes


def calls(services) -> list[tuple[str, dict, dict]]:
    """(tool, arguments, injected state): a policy search, a product search reading the thread's filters, a
    product's details with a question, and a merchant tool refusing a shopper."""
    pid = next(iter(services.catalog.products))
    return [("search_policies", {"query": "how long do i have to return shoes"}, {}),
            ("search_products", {"query": "under $60", "refine": True},
             {"filters": {"category_ids": [], "attributes": {}, "price": {"min": None, "max": 80}},
              "search_text": "linen shirt", "role": "shopper"}),
            ("product_details", {"product_id": pid.lower(), "question": "does it run small?"}, {}),
            ("list_tickets", {"status": "open"}, {"role": "shopper"})]


def outcome(run) -> tuple:
    try:
        m = run()
    except ToolError as e:
        return ("ToolError", str(e))
    assert isinstance(m, ToolMessage)
    return (m.content, m.artifact, m.name, m.status, m.tool_call_id)


@pytest.mark.parametrize("n", range(4))
def test_a_call_gives_what_invoke_gives(services, n):
    name, args, state = calls(services)[n]
    tool = {t.name: t for t in services.tools}[name]
    injected = set(tool.get_input_schema().model_fields) - set(tool.tool_call_schema.model_fields)
    args = {**args, **{a: state for a in injected}}
    call = {"name": name, "args": args, "id": f"call_{n}"}
    direct = outcome(lambda: graph._run(tool, call, args, QUIET))
    assert direct == outcome(lambda: tool.invoke({**call, "type": "tool_call"}, QUIET))


def test_a_listening_callback_hears_the_call(services):
    class Heard(BaseCallbackHandler):
        def __init__(self):
            self.started = []

        def on_tool_start(self, serialized, input_str, **kwargs):
            self.started.append(serialized["name"])

    heard = Heard()
    tool = {t.name: t for t in services.tools}["search_policies"]
    call = {"name": "search_policies", "args": {"query": "do you ship to canada"}, "id": "call_heard"}
    message = graph._run(tool, call, call["args"], {"callbacks": CallbackManager(handlers=[heard])})
    assert heard.started == ["search_policies"] and message.artifact["hits"]


def test_one_step_leaves_the_plan_and_the_tool_results_in_order(bot):
    bot.ask("How long do I have to return a dress?", thread_id="one-step")
    messages = bot.graph.get_state({"configurable": {"thread_id": "one-step"}}).values["messages"]
    assert [type(m) for m in messages] == [HumanMessage, AIMessage, ToolMessage, AIMessage]
    assert messages[2].tool_call_id == messages[1].tool_calls[0]["id"] and messages[3].content
