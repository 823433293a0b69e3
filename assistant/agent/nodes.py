"""The graph's nodes: understand the message, plan the tool call, answer from what the tools found."""

from __future__ import annotations

import re
import uuid

from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from langgraph.config import get_stream_writer

from assistant.agent import prompts
from assistant.agent.context import Services
from assistant.agent.merchant import pasted_titles
from assistant.agent.state import State
from assistant.retrieval.search import SectionHit
from assistant.schemas import Answer, ProductHit, ToolCall

MERCHANT_ROUTES = {"describe", "classify", "insights"}
FOLLOWUP = re.compile(r"^\s*(and|also|what about|how about|but|or|same for|what if|plus|ok and)\b", re.I)
GREETING = re.compile(r"^\s*(hi|hello|hey|good (morning|afternoon|evening)|howdy|yo)\b[\s!.,]*$", re.I)
FOLLOWUP_WORDS = 8  # longer messages carry their own context
TOOL_FOR_ROUTE = {"policy": "search_policies", "search": "search_products", "reviews": "review_summary",
                  "insights": "review_insights", "describe": "write_description", "classify": "classify_titles"}


def _turn(state: State) -> list:
    """Messages of the current turn: from the last human message on."""
    msgs = state.get("messages", [])
    for i in range(len(msgs) - 1, -1, -1):
        if isinstance(msgs[i], HumanMessage):
            return msgs[i:]
    return []


def _last_human(state: State) -> str:
    turn = _turn(state)
    return str(turn[0].content) if turn else ""


def make_nodes(s: Services) -> dict:
    def understand(state: State) -> dict:
        text = _last_human(state)
        if state.get("remove_filter") and state.get("filters"):
            return {"route": "search", "confidence": 1.0, "query": text, "refine": True}
        if state.get("upload") and state.get("role") == "merchant":
            return {"route": "classify", "confidence": 1.0, "query": text, "refine": False}
        decision = s.router.predict(s.embedder.encode_query(text))
        route, query, refine = decision.route, text, False
        prev = state.get("route")
        short = len(text.split()) <= FOLLOWUP_WORDS
        if prev == "policy" and short and FOLLOWUP.match(text) and route not in ("search", "handoff"):
            route, query = "policy", f"{state.get('last_policy_query', '')} {text}".strip()
        elif prev == "search" and short and state.get("filters") and route not in ("policy", "handoff"):
            found = s.rewriter.rewrite(text)
            if FOLLOWUP.match(text) or not (found.is_empty() or found.category_ids):
                route, refine = "search", True
        out = {"route": route, "confidence": decision.confidence, "query": query, "refine": refine}
        if route == "policy":
            out["last_policy_query"] = query
        return out

    def plan(state: State) -> dict:
        route, query = state["route"], state["query"]
        if route not in TOOL_FOR_ROUTE or (route in MERCHANT_ROUTES and state.get("role") != "merchant"):
            return {}
        args = {"search_policies": {"query": query},
                "search_products": {"query": query, "refine": bool(state.get("refine")),
                                    "remove": state.get("remove_filter") or ""},
                "review_summary": {"product": query},
                "review_insights": {"target": query},
                "write_description": {"request": query},
                "classify_titles": {"titles": [] if state.get("upload") else pasted_titles(query),
                                    "csv_path": state.get("upload") or ""}}[TOOL_FOR_ROUTE[route]]
        call = {"name": TOOL_FOR_ROUTE[route], "args": args, "id": f"call_{uuid.uuid4().hex[:12]}"}
        return {"messages": [AIMessage(content="", tool_calls=[call])]}

    def respond(state: State) -> dict:
        emit = get_stream_writer()
        route, turn = state["route"], _turn(state)
        results = {m.name: m for m in turn if isinstance(m, ToolMessage)}
        calls = {c["id"]: c for m in turn if isinstance(m, AIMessage) for c in m.tool_calls}
        tools = [ToolCall(name=m.name, input=calls.get(m.tool_call_id, {}).get("args", {}),
                          output=m.artifact if m.status != "error" else {"error": str(m.content)})
                 for m in results.values()]
        failed = next((m for m in results.values() if m.status == "error"), None)
        update: dict = {"remove_filter": "", "upload": ""}
        if failed is not None:
            text = f"Sorry, I couldn't do that: {_tool_error(failed.content)}"
            emit({"token": text})
            answer = Answer(answer=text, route=route, tools=tools)
        elif route == "policy" and "search_policies" in results:
            hits = [SectionHit(**h) for h in results["search_policies"].artifact["hits"]]
            text, citations = s.writer.write(state["query"], hits, lambda t: emit({"token": t}))
            answer = Answer(answer=text, citations=citations, route=route, tools=tools)
        elif route == "search" and "search_products" in results:
            art = results["search_products"].artifact
            products = [ProductHit(**h) for h in art["hits"]]
            text = product_list(products, art["chips"])
            emit({"token": text})
            answer = Answer(answer=text, products=products, route=route, filters=art["chips"], tools=tools)
            update.update(filters=art["filters"], search_text=art["search_text"])
        elif results:
            text = str(next(iter(results.values())).content)
            emit({"token": text})
            answer = Answer(answer=text, route=route, tools=tools)
        else:
            text = canned(route, state.get("role", "shopper"), _last_human(state))
            emit({"token": text})
            answer = Answer(answer=text, route=route, tools=tools)
        return {**update, "answer": answer.model_dump(), "messages": [AIMessage(content=answer.answer)]}

    return {"understand": understand, "plan": plan, "respond": respond}


def _tool_error(content) -> str:
    # ToolNode formats errors as "Error: ToolError('...')\n Please fix your mistakes."; keep the reason only.
    m = re.search(r"ToolError\((['\"])(.*)\1\)", str(content))
    return m.group(2) if m else str(content)


def canned(route: str, role: str, text: str) -> str:
    if route in MERCHANT_ROUTES and role != "merchant":
        return prompts.MERCHANT_ONLY
    if route == "handoff":
        return prompts.HANDOFF
    if GREETING.match(text):
        return prompts.GREETING
    return prompts.OUT_OF_SCOPE


def product_list(products: list[ProductHit], chips: list[str]) -> str:
    shown = ", ".join(chips) if chips else "your search"
    if not products:
        return prompts.NO_PRODUCTS.format(chips=shown)
    lines = [f"Here {'is' if len(products) == 1 else 'are'} {len(products)} product(s) for {shown}:"]
    for i, p in enumerate(products, 1):
        matched = "; ".join(f"{k}: {v}" for k, v in p.matched.items())
        stock = "" if p.in_stock else " (out of stock)"
        lines.append(f"{i}. {p.title} by {p.brand}, ${p.price:,.2f}, {p.rating:.1f}★{stock}"
                     + (f" (matches {matched})" if matched else ""))
    return "\n".join(lines)
