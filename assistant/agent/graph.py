"""The agent graph: understand -> plan -> tools -> respond [-> approval], checkpointed per conversation thread."""

from __future__ import annotations

from langgraph.graph import END, START, StateGraph
from langgraph.prebuilt import ToolNode

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


def build_graph(services: Services, checkpointer=None):
    """Compile the graph with the given services; `checkpointer` keeps each thread's state."""
    nodes = make_nodes(services)
    tool_node = ToolNode(make_tools(services), handle_tool_errors=(ToolError,))
    builder = StateGraph(State)
    builder.add_node("understand", nodes["understand"])
    builder.add_node("plan", nodes["plan"])
    builder.add_node("tools", tool_node)
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
