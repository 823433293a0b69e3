"""The agent graph: understand -> plan -> tools -> respond, checkpointed per conversation thread."""

from __future__ import annotations

from langgraph.graph import END, START, StateGraph
from langgraph.prebuilt import ToolNode

from assistant.agent.context import Services
from assistant.agent.nodes import make_nodes
from assistant.agent.state import State
from assistant.agent.tools import make_tools
from assistant.errors import ToolError


def after_plan(state: State) -> str:
    messages = state.get("messages") or []
    return "tools" if messages and getattr(messages[-1], "tool_calls", None) else "respond"


def build_graph(services: Services, checkpointer=None):
    """Compile the graph with the given services; `checkpointer` keeps each thread's state."""
    nodes = make_nodes(services)
    builder = StateGraph(State)
    builder.add_node("understand", nodes["understand"])
    builder.add_node("plan", nodes["plan"])
    builder.add_node("tools", ToolNode(make_tools(services), handle_tool_errors=(ToolError,)))
    builder.add_node("respond", nodes["respond"])
    builder.add_edge(START, "understand")
    builder.add_edge("understand", "plan")
    builder.add_conditional_edges("plan", after_plan, ["tools", "respond"])
    builder.add_edge("tools", "respond")
    builder.add_edge("respond", END)
    return builder.compile(checkpointer=checkpointer)


def studio_graph():
    """Entry point for LangGraph Studio (`langgraph.json`): settings from the environment, no checkpointer."""
    from assistant.config import load_settings

    return build_graph(Services.build(load_settings()))
