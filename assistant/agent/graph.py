"""The agent graph: understand -> plan -> tools -> respond [-> approval], checkpointed per conversation thread."""

from __future__ import annotations

from langchain_core.messages import ToolMessage
from langchain_core.runnables import RunnableConfig
from langgraph.graph import END, START, StateGraph

from assistant.agent.context import Services
from assistant.agent.nodes import make_nodes
from assistant.agent.state import State
from assistant.agent.tools import MERCHANT_TOOLS, make_tools
from assistant.errors import ToolError


def after_plan(state: State) -> str:
    """To the tools when a call was planned. The role is checked here too, whoever planned the call: a merchant
    tool never runs in a thread that is not a merchant's (and each merchant tool checks the role itself)."""
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


def tool_node(tools: list):
    """Run the planned tool calls in the graph's own thread and return their ToolMessages.

    LangGraph's ToolNode does the same, but through a new thread pool on every call, and on a chat turn that
    cost more than our tools themselves (bench/bench.py). A ToolError becomes an error message the answer node
    explains; any other exception is a bug and propagates. Arguments a tool declares as `InjectedState` get the
    thread's state."""
    by_name = {t.name: t for t in tools}
    injected = {t.name: set(t.get_input_schema().model_fields) - set(t.tool_call_schema.model_fields) for t in tools}

    def tools_(state: State, config: RunnableConfig) -> dict:
        out = []
        for call in state["messages"][-1].tool_calls:
            name, call_id = call["name"], call["id"]
            if name not in by_name:
                out.append(ToolMessage(f"there is no tool named {name}", name=name, tool_call_id=call_id,
                                       status="error"))
                continue
            args = {**call["args"], **{arg: state for arg in injected[name]}}
            try:
                out.append(by_name[name].invoke({**call, "args": args, "type": "tool_call"}, config))
            except ToolError as e:
                out.append(ToolMessage(str(e), name=name, tool_call_id=call_id, status="error"))
        return {"messages": out}

    return tools_


def build_graph(services: Services, checkpointer=None):
    """Compile the graph with the given services; `checkpointer` keeps each thread's state."""
    nodes = make_nodes(services)
    builder = StateGraph(State)
    builder.add_node("understand", nodes["understand"])
    builder.add_node("plan", nodes["plan"])
    builder.add_node("tools", tool_node(make_tools(services)))
    builder.add_node("respond", nodes["respond"])
    builder.add_node("approval", nodes["approval"])
    builder.add_edge(START, "understand")
    builder.add_edge("understand", "plan")
    builder.add_conditional_edges("plan", after_plan, ["tools", "respond"])
    builder.add_edge("tools", "respond")
    builder.add_conditional_edges("respond", after_respond, ["approval", END])
    builder.add_conditional_edges("approval", after_approval, ["approval", END])
    return builder.compile(checkpointer=checkpointer)


def studio_graph():
    """Entry point for LangGraph Studio (`langgraph.json`): settings from the environment, no checkpointer."""
    from assistant.config import load_settings

    return build_graph(Services.build(load_settings()))
