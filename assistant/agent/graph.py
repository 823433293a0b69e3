"""The agent graph: understand -> plan -> tools -> respond [-> approval], checkpointed per conversation thread.

The graph is built once per process (`GRAPH_BUILDER`, module-level nodes); the services a turn uses reach the
nodes as the graph's runtime context (`context_schema=Services`), and `build_graph` only compiles it with the
checkpointer the caller keeps for its lifetime.
"""

from __future__ import annotations

import concurrent.futures
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Iterator

import langgraph.pregel._executor as pregel_executor
from langchain_core.messages import ToolMessage
from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from langgraph.graph import END, START, StateGraph
from langgraph.runtime import Runtime

from assistant.agent import nodes
from assistant.agent.context import Services
from assistant.agent.state import STATE_TYPES, State
from assistant.agent.tools import MERCHANT_TOOLS
from assistant.errors import ToolError

# The checkpointer may rebuild these types (and nothing else it does not already know) from a stored thread.
SERDE = JsonPlusSerializer(allowed_msgpack_modules=STATE_TYPES)


def after_plan(state: State) -> str:
    """To the tools when a call was planned. The role is checked here too, whoever planned the call (the local
    rules or an LLM): a merchant tool never runs in a thread that is not a merchant's (and each merchant tool
    checks the role itself)."""
    messages = state.get("messages") or []
    calls = getattr(messages[-1], "tool_calls", None) if messages else None
    if not calls:
        return "respond"
    if state.get("role") != "merchant" and any(c["name"] in MERCHANT_TOOLS for c in calls):
        return "respond"
    return "tools"


def after_respond(state: State) -> str:
    """A merchant's proposed description waits for approval; everything else ends the turn."""
    return "approval" if state.get("proposal") and state.get("role") == "merchant" else END


def after_approval(state: State) -> str:
    return "approval" if state.get("proposal") else END  # regenerated: ask again


def tools(state: State, config: RunnableConfig, runtime: Runtime[Services]) -> dict:
    """Run the planned tool calls in the graph's own thread and return their ToolMessages.

    LangGraph's ToolNode does the same, but through a new thread pool on every call, and on a chat turn that
    cost more than our tools themselves (bench/bench.py). A ToolError becomes an error message the answer node
    explains; any other exception is a bug and propagates. Arguments a tool declares as `InjectedState` get the
    thread's state."""
    by_name = {t.name: t for t in nodes.services_of(runtime).tools}
    out = []
    for call in state["messages"][-1].tool_calls:
        name, call_id = call["name"], call["id"]
        if name not in by_name:
            out.append(ToolMessage(f"there is no tool named {name}", name=name, tool_call_id=call_id, status="error"))
            continue
        tool = by_name[name]
        injected = set(tool.get_input_schema().model_fields) - set(tool.tool_call_schema.model_fields)
        args = {**call["args"], **{arg: state for arg in injected}}
        try:
            out.append(tool.invoke({**call, "args": args, "type": "tool_call"}, config))
        except ToolError as e:
            out.append(ToolMessage(str(e), name=name, tool_call_id=call_id, status="error"))
    return {"messages": out}


def _builder() -> StateGraph:
    builder = StateGraph(State, context_schema=Services)
    builder.add_node("understand", nodes.understand)
    builder.add_node("plan", nodes.plan)
    builder.add_node("tools", tools)
    builder.add_node("respond", nodes.respond)
    builder.add_node("approval", nodes.approval)
    builder.add_edge(START, "understand")
    builder.add_edge("understand", "plan")
    builder.add_conditional_edges("plan", after_plan, ["tools", "respond"])
    builder.add_edge("tools", "respond")
    builder.add_conditional_edges("respond", after_respond, ["approval", END])
    builder.add_conditional_edges("approval", after_approval, ["approval", END])
    return builder


GRAPH_BUILDER = _builder()


class _Inline(concurrent.futures.Executor):
    """Runs what is submitted at once, in the caller's thread; failures are kept in the future, as a pool's are."""

    def submit(self, fn, /, *args, **kwargs) -> concurrent.futures.Future:
        future: concurrent.futures.Future = concurrent.futures.Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 (a pool's worker keeps any exception for the caller too)
            future.set_exception(exc)
        return future


# LangGraph's sync loop makes a thread pool for every run, and a run with durability="exit" submits its one
# checkpoint save to it: a thread started, waited for and joined on every turn. Our graph runs one node at a time,
# so the pool never runs anything beside the caller; the handoff cost 3.3 of a stub turn's 6.4 ms of wall time
# and 0.6 of its 3.3 ms of CPU, and 1.9 ms a real turn (median, bench/bench.py chat turns on 2 busy cores,
# 2026-12-05). `AgentGraph.invoke` runs the save in its own thread instead; any other run keeps the pool.
_INLINE = ContextVar("storefront_inline_executor", default=False)
_pool_for_config = pregel_executor.get_executor_for_config


@contextmanager
def _executor_for_config(config):
    if _INLINE.get():
        yield _Inline()
    else:
        with _pool_for_config(config) as executor:
            yield executor


pregel_executor.get_executor_for_config = _executor_for_config


class AgentGraph:
    """The compiled graph bound to its services: every run gets them as its runtime context.

    It passes through what callers use of a compiled graph (invoke, stream, get_state, their async forms), so
    the CLI, the UI and the tests hold one object for the process's lifetime."""

    def __init__(self, compiled, services: Services):
        self.compiled, self.services = compiled, services

    def invoke(self, graph_input: Any, config: RunnableConfig | None = None, **kw) -> Any:
        token = _INLINE.set(True)  # the turn's checkpoint saved in this thread (see _executor_for_config)
        try:
            return self.compiled.invoke(graph_input, config, context=self.services, **kw)
        finally:
            _INLINE.reset(token)

    async def ainvoke(self, graph_input: Any, config: RunnableConfig | None = None, **kw) -> Any:
        return await self.compiled.ainvoke(graph_input, config, context=self.services, **kw)

    def stream(self, graph_input: Any, config: RunnableConfig | None = None, **kw) -> Iterator:
        return self.compiled.stream(graph_input, config, context=self.services, **kw)

    def astream(self, graph_input: Any, config: RunnableConfig | None = None, **kw):
        return self.compiled.astream(graph_input, config, context=self.services, **kw)

    def __getattr__(self, name: str) -> Any:  # get_state, aget_state, get_graph, checkpointer, ...
        return getattr(self.compiled, name)


def build_graph(services: Services, checkpointer=None) -> AgentGraph:
    """The graph compiled with `checkpointer` (which keeps each thread's state), bound to `services`."""
    return AgentGraph(GRAPH_BUILDER.compile(checkpointer=checkpointer), services)


def studio_graph():
    """Entry point for LangGraph Studio (`langgraph.json`): no checkpointer, no context (the nodes then build
    their services from the environment, once)."""
    return GRAPH_BUILDER.compile()
