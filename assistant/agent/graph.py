"""The agent graph: understand (plan and run the tools) -> respond [-> approval], checkpointed per conversation
thread.

The graph is built once per process (`GRAPH_BUILDER`, module-level nodes); the services a turn uses reach the
nodes as the graph's runtime context (`context_schema=Services`), and `build_graph` only compiles it with the
checkpointer the caller keeps for its lifetime.
"""

from __future__ import annotations

import concurrent.futures
import inspect
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Any, Iterator, Literal

import langchain_core.tools.base as lc_tools_base
import langgraph.pregel._executor as pregel_executor
from langchain_core.callbacks import CallbackManager
from langchain_core.messages import ToolMessage
from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from langgraph.graph import END, START, StateGraph
from langgraph.graph.message import add_messages
from langgraph.runtime import Runtime
from langgraph.types import Command

from assistant.agent import nodes
from assistant.agent.context import Services
from assistant.agent.state import STATE_TYPES, State
from assistant.agent.tools import MERCHANT_TOOLS
from assistant.errors import ToolError

# The checkpointer may rebuild these types (and nothing else it does not already know) from a stored thread.
SERDE = JsonPlusSerializer(allowed_msgpack_modules=STATE_TYPES)


def after_plan(state: State) -> str:
    """"tools" when a call was planned and may run. The role is checked here, whoever planned the call (the local
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


def understand(state: State, config: RunnableConfig, runtime: Runtime[Services]) -> dict:
    """The message understood, its tool calls planned and, where `after_plan` lets them, run: one graph step.

    Understanding, planning and the tools were three steps; each step of its own cost ~0.5 ms of CPU a turn
    (LangGraph's task set-up, the branch's read of the whole state, writes and channel copies), 1.5 ms of a
    policy turn's ~3.5 ms of graph overhead (bench/bench.py chat turns on 2 busy cores, 2026-12-05). The update
    holds the plan's AIMessage and the tools' ToolMessages, as the state held them after the three steps."""
    update = nodes.understand(state, runtime)
    after = {**state, **update, "messages": add_messages(state.get("messages") or [], update.get("messages") or [])}
    if after_plan(after) == "tools":
        update["messages"] = [*update["messages"], *run_tools(after, config, runtime)]
    return update


def run_tools(state: State, config: RunnableConfig, runtime: Runtime[Services]) -> list[ToolMessage]:
    """Run the planned tool calls (the last message's) in the graph's own thread: their ToolMessages.

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
            out.append(_run(tool, call, args, config))
        except ToolError as e:
            out.append(ToolMessage(str(e), name=name, tool_call_id=call_id, status="error"))
    return out


def _run(tool, call: dict, args: dict, config: RunnableConfig) -> ToolMessage:
    """One tool call, as `tool.invoke` makes it. When no callback would hear of the run (no tracer, no
    `astream_events`, no debug), the tool's function is called on the arguments its schema validates, which is
    all invoke does besides telling LangChain's callbacks of the start and the end; that telling cost ~0.35 ms a
    call for nobody (inspecting the function's signature and type hints, a run manager, config copies). The
    ToolMessage is the one invoke returns (tests/agent/test_tool_calls.py)."""
    heard = CallbackManager.configure(config.get("callbacks"), tool.callbacks, tool.verbose, config.get("tags"),
                                      tool.tags, config.get("metadata"), tool.metadata).handlers
    if heard or not _plain(tool.func) or tool.response_format != "content_and_artifact":
        return tool.invoke({**call, "args": args, "type": "tool_call"}, config)
    _, kwargs = tool._to_args_and_kwargs(dict(args), call["id"])
    content, artifact = tool.func(**kwargs)
    return lc_tools_base._format_output(content, artifact, call["id"], tool.name, "success")


@lru_cache(maxsize=None)
def _plain(func) -> bool:
    """A tool function that takes neither LangChain's callbacks nor the run's config (invoke passes those)."""
    return func is not None and "callbacks" not in inspect.signature(func).parameters and \
        not lc_tools_base._get_runnable_config_param(func)


def respond(state: State, config: RunnableConfig, runtime: Runtime[Services]) -> Command[Literal["approval", "__end__"]]:
    """The answer, and where the turn goes after it (`after_respond`): a conditional edge read the whole state
    again after the step to decide the same (~0.15 ms a turn)."""
    update = nodes.respond(state, config, runtime)
    return Command(update=update, goto=after_respond({**state, **update}))


def _builder() -> StateGraph:
    builder = StateGraph(State, context_schema=Services)
    builder.add_node("understand", understand)
    builder.add_node("respond", respond)
    builder.add_node("approval", nodes.approval)
    builder.add_edge(START, "understand")
    builder.add_edge("understand", "respond")
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
