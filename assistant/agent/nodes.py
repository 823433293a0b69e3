"""The graph's nodes: understand the message, plan the tool call, answer from what the tools found."""

from __future__ import annotations

import re
import uuid

from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from langchain_core.runnables import RunnableConfig
from langgraph.config import get_stream_writer
from langgraph.types import interrupt

from assistant.agent import prompts
from assistant.agent.context import Services
from assistant.agent.merchant import Decision, pasted_titles, revise, transcript
from assistant.agent.state import State
from assistant.retrieval.search import SectionHit
from assistant.schemas import Answer, ProductHit, ToolCall

MERCHANT_ROUTES = {"describe", "classify", "insights", "tickets"}
FOLLOWUP = re.compile(r"^\s*(and|also|what about|how about|but|or|same for|what if|plus|ok and)\b", re.I)
GREETING = re.compile(r"^\s*(hi|hello|hey|good (morning|afternoon|evening)|howdy|yo)\b[\s!.,]*$", re.I)
FOLLOWUP_WORDS = 8  # longer messages carry their own context
SURE = 0.8  # router confidence above which a short follow-up may still change topic
TOOL_FOR_ROUTE = {"policy": "search_policies", "search": "search_products", "reviews": "review_summary",
                  "insights": "review_insights", "describe": "write_description", "classify": "classify_titles",
                  "tickets": "list_tickets"}
UNANSWERED_LIMIT = 2  # questions in a row the assistant could not answer before a person takes over


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
            return {"route": "search", "confidence": 1.0, "query": text, "refine": True, "proposal": None}
        if state.get("upload") and state.get("role") == "merchant":
            return {"route": "classify", "confidence": 1.0, "query": text, "refine": False, "proposal": None}
        decision = s.router.predict(s.embedder.encode_query(text))
        route, query, refine = decision.route, text, False
        prev = state.get("route")
        short = len(text.split()) <= FOLLOWUP_WORDS
        # "and for sale items?" continues the previous topic unless the router is sure it is something else.
        continues = short and FOLLOWUP.match(text) and (route == prev or decision.confidence < SURE)
        if prev == "policy" and continues and route != "handoff":
            route, query = "policy", f"{state.get('last_policy_query', '')} {text}".strip()
        elif prev == "search" and short and state.get("filters") and route not in ("policy", "handoff"):
            found = s.rewriter.rewrite(text)
            if FOLLOWUP.match(text) or not (found.is_empty() or found.category_ids):
                route, refine = "search", True
        # A new message leaves any unanswered proposal behind (a reply to one is a resume, not a message).
        out = {"route": route, "confidence": decision.confidence, "query": query, "refine": refine, "proposal": None}
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
                                    "csv_path": state.get("upload") or ""},
                "list_tickets": {"status": "open"}}[TOOL_FOR_ROUTE[route]]
        call = {"name": TOOL_FOR_ROUTE[route], "args": args, "id": f"call_{uuid.uuid4().hex[:12]}"}
        return {"messages": [AIMessage(content="", tool_calls=[call])]}

    def respond(state: State, config: RunnableConfig) -> dict:
        emit = get_stream_writer()
        route, turn = state["route"], _turn(state)
        results = {m.name: m for m in turn if isinstance(m, ToolMessage)}
        calls = {c["id"]: c for m in turn if isinstance(m, AIMessage) for c in m.tool_calls}
        tools = [ToolCall(name=m.name, input=calls.get(m.tool_call_id, {}).get("args", {}),
                          output=m.artifact if m.status != "error" else {"error": str(m.content)})
                 for m in results.values()]
        failed = next((m for m in results.values() if m.status == "error"), None)
        update: dict = {"remove_filter": "", "upload": ""}
        answered = True
        if failed is not None:
            text = f"Sorry, I couldn't do that: {failed.content}"
            emit({"token": text})
            answer = Answer(answer=text, route=route, tools=tools)
            answered = False
        elif route == "policy" and "search_policies" in results:
            art = results["search_policies"].artifact
            hits = [SectionHit(**h) for h in art["hits"]] if art.get("answerable", True) else []
            text, citations = s.writer.write(state["query"], hits, lambda t: emit({"token": t}))
            answer = Answer(answer=text, citations=citations, route=route, tools=tools)
            answered = bool(citations)
        elif route == "search" and "search_products" in results:
            art = results["search_products"].artifact
            products = [ProductHit(**h) for h in art["hits"]]
            text = product_list(products, art["chips"])
            emit({"token": text})
            answer = Answer(answer=text, products=products, route=route, filters=art["chips"], tools=tools)
            update.update(filters=art["filters"], search_text=art["search_text"])
            answered = bool(products)
        elif "write_description" in results:
            art = results["write_description"].artifact
            proposal = {"text": art["description"], "original": art["description"], "model": art["model"],
                        "product_id": art.get("product_id"), "title": art["input"]["title"], "input": art["input"],
                        "regenerations": 0}
            text = proposal_text(proposal)
            emit({"token": text})
            answer = Answer(answer=text, route=route, tools=tools)
            update["proposal"] = proposal
        elif results:
            text = str(next(iter(results.values())).content)
            emit({"token": text})
            answer = Answer(answer=text, route=route, tools=tools)
        elif route == "handoff":
            ticket = open_ticket(state, config, "asked for a person")
            text = prompts.HANDOFF_TICKET.format(ticket=ticket)
            emit({"token": text})
            answer = Answer(answer=text, route=route, tools=[ToolCall(name="open_ticket", input={},
                                                                      output={"ticket": ticket})])
        else:
            text = canned(route, state.get("role", "shopper"), _last_human(state))
            emit({"token": text})
            answer = Answer(answer=text, route=route, tools=tools)
        unanswered = 0 if answered or route == "handoff" else state.get("unanswered", 0) + 1
        if unanswered >= UNANSWERED_LIMIT:
            ticket = open_ticket(state, config, f"the assistant could not answer {unanswered} questions in a row")
            extra = prompts.UNANSWERED_TICKET.format(ticket=ticket)
            emit({"token": "\n\n" + extra})
            answer = answer.model_copy(update={
                "answer": f"{answer.answer}\n\n{extra}",
                "tools": [*answer.tools, ToolCall(name="open_ticket", input={}, output={"ticket": ticket})]})
            unanswered = 0
        return {**update, "unanswered": unanswered, "answer": answer.model_dump(),
                "messages": [AIMessage(content=answer.answer)]}

    def open_ticket(state: State, config: RunnableConfig, reason: str) -> int:
        thread = (config.get("configurable") or {}).get("thread_id", "")
        return s.tickets.open(state.get("user") or "anonymous", str(thread), reason,
                              transcript(state.get("messages", [])))

    def approval(state: State) -> dict:
        """Wait for the merchant's decision on a proposed description (a LangGraph interrupt), then act on it."""
        proposal = state.get("proposal")
        if not proposal:
            return {}
        emit = get_stream_writer()
        raw = interrupt({"type": "description_proposal", **proposal})
        decision = Decision.model_validate(raw)
        if state.get("role") != "merchant":  # the role is re-set on every resume, from the signed-in account
            return _say(emit, prompts.NOT_ALLOWED_DECISION, "describe", {"proposal": None})
        if decision.action == "discard":
            return _say(emit, prompts.DISCARDED, "describe", {"proposal": None})
        if decision.action == "regenerate":
            text, done = revise(proposal["text"], decision.guidance or "regenerate", proposal.get("title", ""))
            if not done:  # guidance the rules don't cover: ask the model again (an LLM may vary; templates won't)
                from assistant.tasks.describe import DescribeInput

                text = s.task("describe").predict([DescribeInput.model_validate(proposal["input"])])[0].description
            new = {**proposal, "text": text, "regenerations": proposal.get("regenerations", 0) + 1}
            # The edit measure compares the merchant's final text with what a model last proposed.
            new["original"] = text
            return _say(emit, proposal_text(new), "describe", {"proposal": new})
        final = decision.text.strip() if decision.action == "edit" and decision.text.strip() else proposal["text"]
        approval_ = s.publish_description(proposal.get("product_id"), final, proposal["original"], proposal["model"],
                                          state.get("user") or "merchant", proposal.get("regenerations", 0))
        where = (f" for {approval_.product_id}" if approval_.product_id
                 else " in the log only (no catalog product id to attach it to)")
        edits = ("Approved as written." if approval_.edit_distance == 0 else
                 f"You changed {approval_.edit_distance} word(s), {approval_.edit_share:.0%} of the proposal.")
        text = prompts.APPROVED.format(for_product=where, edits=edits)
        tool = ToolCall(name="publish_description", input={"product_id": approval_.product_id},
                        output={"description": final, "previous": approval_.previous,
                                "edit_share": approval_.edit_share, "model": proposal["model"]})
        return _say(emit, text, "describe", {"proposal": None}, tools=[tool])

    return {"understand": understand, "plan": plan, "respond": respond, "approval": approval}


def _say(emit, text: str, route: str, update: dict, tools: list | None = None) -> dict:
    emit({"token": text})
    answer = Answer(answer=text, route=route, tools=tools or [])
    return {**update, "answer": answer.model_dump(), "messages": [AIMessage(content=text)]}


def proposal_text(proposal: dict) -> str:
    pid = proposal.get("product_id")
    return prompts.PROPOSAL.format(text=proposal["text"], for_product=f" for {pid}" if pid else "",
                                   model=proposal["model"])


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
