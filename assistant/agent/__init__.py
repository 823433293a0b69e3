"""The LangGraph agent: state, tools, prompts, nodes and the graph that wires them."""
