"""The graph's nodes: understand the message and plan its tool calls, answer from what the tools found
(`graph.understand` runs the calls in the understanding's step).

Nodes are module-level functions; what they need (models, index, catalog) comes from the graph's runtime
context (`Runtime[Services]`), so the graph is compiled once per process and shared by every conversation.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from langchain_core.runnables import RunnableConfig
from langgraph.runtime import Runtime
from langgraph.types import interrupt

from assistant.agent import prompts
from assistant.agent.answer import merged
from assistant.agent.context import Services
from assistant.agent.merchant import MERCHANT_ROUTES, Decision, revise, transcript
from assistant.agent.parts import CARRIED, TOLD_FIRST
from assistant.agent.state import Shown, State, Topic, Understanding
from assistant.agent.references import Context, topic_of, type_label
from assistant.agent.understand import understand as understand_locally
from assistant.agent.wording import REVIEWS
from assistant.config import load_settings
from assistant.knowledge import GENERIC_STORE
from assistant.retrieval.search import SectionHit
from assistant.schemas import Answer, ProductHit, Refusal, ToolCall

GREETING = re.compile(r"^\s*(hi+|hiya|heya|hello|hey+|good (morning|afternoon|evening)|howdy|yo)\b(\s+there)?[\s!.,]*$",
                      re.I)
UNANSWERED_LIMIT = 2  # questions in a row the assistant could not answer before a person takes over


def services_of(runtime: Runtime[Services]) -> Services:
    """The run's services. LangGraph Studio runs the graph without a context: it gets services built once from
    the environment."""
    return runtime.context if runtime.context is not None else _environment_services()


@lru_cache(maxsize=1)
def _environment_services() -> Services:
    return Services.build(load_settings())


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


def context_of(state: State) -> Context:
    """The conversation as the understanding step reads it."""
    return Context(shown=list(state.get("shown") or []), focus=list(state.get("focus") or []),
                   choices=list(state.get("choices") or []),
                   topic=state.get("topic"), filters=state.get("filters"), prev_route=state.get("route"),
                   last_policy_query=state.get("last_policy_query", ""), role=state.get("role", "shopper"),
                   upload=state.get("upload") or "", remove_filter=state.get("remove_filter") or "",
                   searches=list(state.get("searches") or []), about=list(state.get("about") or []),
                   last=state.get("understanding"))


def understand(state: State, runtime: Runtime[Services]) -> dict:
    """The message understood against the conversation, and its tool calls planned (`graph.understand` runs them
    in the same graph step)."""
    s = services_of(runtime)
    text, ctx = _last_human(state), context_of(state)
    u = s.understander.understand(text, ctx, s) if s.understander is not None else None
    u = u or understand_locally(text, ctx, s)
    # A new message leaves any unanswered proposal behind (a reply to one is a resume, not a message).
    out = {"understanding": u, "route": u.route, "confidence": u.confidence, "query": u.query, "refine": u.refine,
           "proposal": None}
    if u.focus:
        out["focus"] = u.focus
    if u.among:
        out["choices"] = u.among
    policy = [st.args["query"] for st in u.steps if st.tool == "search_policies"]
    if policy:
        out["last_policy_query"] = policy[-1]
    if u.steps:
        out["messages"] = [plan(u)]
    return out


def plan(u: Understanding) -> AIMessage:
    """The understanding's steps as one AIMessage of tool calls (the graph checks the role before running them)."""
    calls = [{"name": st.tool, "args": st.args, "id": f"call_{uuid.uuid4().hex[:12]}"} for st in u.steps]
    return AIMessage(content="", tool_calls=calls)


def respond(state: State, config: RunnableConfig, runtime: Runtime[Services]) -> dict:
    s, emit = services_of(runtime), runtime.stream_writer
    u: Understanding | None = state.get("understanding")
    route, turn = state["route"], _turn(state)
    results = [m for m in turn if isinstance(m, ToolMessage)]
    calls = {c["id"]: c for m in turn if isinstance(m, AIMessage) for c in m.tool_calls}
    tools = [ToolCall(name=m.name, input=calls.get(m.tool_call_id, {}).get("args", {}),
                      output=m.artifact if m.status != "error" else {"error": str(m.content)}) for m in results]
    leads = {st.tool + repr(st.args): st.lead for st in (u.steps if u else [])}
    update: dict = {"remove_filter": "", "upload": ""}
    if results:
        answer, answered = _from_results(s, state, results, calls, leads, emit, update)
        answer = answer.model_copy(update={"route": route, "tools": tools})
    elif route == "handoff":
        ticket = open_ticket(state, config, s, "asked for a person")
        text = prompts.HANDOFF_TICKET.format(ticket=ticket)
        emit({"token": text})
        answer, answered = Answer(answer=text, route=route, tools=[
            ToolCall(name="open_ticket", input={}, output={"ticket": ticket})]), True
    else:
        text, refusal = canned(route, state.get("role", "shopper"), _last_human(state), u.reply if u else "",
                               say=s.say)
        emit({"token": text})
        answer = Answer(answer=text, route=route, tools=tools, refusal=refusal)
        # asking which product's reviews is a reply, not a question left unanswered
        answered = bool(u and u.reply) or (route == "insights" and refusal is None)
    unanswered = state.get("unanswered", 0)
    if not (u and u.reply == "small_talk"):  # "ok thx" neither answers nor fails a question: the count stands
        unanswered = 0 if answered else unanswered + 1
    if unanswered >= UNANSWERED_LIMIT:
        ticket = open_ticket(state, config, s, f"the assistant could not answer {unanswered} questions in a row")
        extra = prompts.UNANSWERED_TICKET.format(ticket=ticket)
        emit({"token": "\n\n" + extra})
        answer = answer.model_copy(update={
            "answer": f"{answer.answer}\n\n{extra}",
            "tools": [*answer.tools, ToolCall(name="open_ticket", input={}, output={"ticket": ticket})]})
        unanswered = 0
    return {**update, "unanswered": unanswered, "answer": answer.model_dump(),
            "messages": [AIMessage(content=answer.answer)]}


def _from_results(s: Services, state: State, results: list[ToolMessage], calls: dict, leads: dict, emit,
                  update: dict) -> tuple[Answer, bool]:
    """One answer from every tool result of the turn, part by part, in the order the message asked."""
    texts, citations, products, chips, answered = [], [], [], [], []
    refusal = None

    def say(text: str) -> None:  # each part streams as soon as it is written
        emit({"token": ("\n\n" if texts else "") + text})

    parts = _policy_parts(s, state, results, calls) if len(results) > 1 else _PolicyParts({}, set())

    for m in results:
        call = calls.get(m.tool_call_id, {})
        lead = leads.get(m.name + repr(call.get("args", {})), "")
        if m.status == "error":
            say(f"Sorry, I couldn't do that: {m.content}")
            texts.append(f"Sorry, I couldn't do that: {m.content}")
            answered.append(False)
            continue
        art = m.artifact or {}
        if m.name == "search_policies":
            hits = [SectionHit(**h) for h in art["hits"]] if art.get("answerable", True) else []
            query = call.get("args", {}).get("query", state["query"])
            if len(results) == 1:  # one question: the answer streams as the writer writes it
                text, cites = s.writer.write(query, hits, lambda t: emit({"token": t}))
                if not cites:  # the policies do not answer it: say what this store's assistant can answer
                    more = s.say(prompts.WHAT_I_CAN_DO)
                    emit({"token": " " + more})
                    text, refusal = f"{text} {more}", "dont_know"
            else:  # one part of several: each part says which question it answers, a miss in one line
                if m.tool_call_id in parts.absorbed:  # said with an earlier part that quoted the same passage
                    answered.append(True)
                    continue
                asked, text, cites = parts.written[m.tool_call_id]
                text = (prompts.PART.format(part=asked, text=text) if cites
                        else prompts.PART_NOT_FOUND.format(part=asked))
                say(text)
            texts.append(text)
            citations += [c for c in cites if c.id not in {x.id for x in citations}]
            answered.append(bool(cites))
        elif m.name == "search_products":
            hits = [ProductHit(**h) for h in art["hits"]]
            listed = product_list(hits, art["chips"], art, s.store_name, s.departments)
            say(listed)
            texts.append(listed)
            products, chips = hits, art["chips"]
            # after a near miss the search goes on from what was shown: "any under 60" after purple leather boots
            # under $30 found nothing looks among the boots shown, not for purple leather ones again
            update.update(filters=art.get("relaxed") or art["filters"], search_text=art["search_text"])
            remember(s, update, hits, art, state.get("searches") or [])
            answered.append(bool(hits) or bool(art.get("not_carried")) or bool(art.get("nearest")))
        elif m.name == "write_description":
            proposal = {"text": art["description"], "original": art["description"], "model": art["model"],
                        "product_id": art.get("product_id"), "title": art["input"]["title"], "input": art["input"],
                        "regenerations": 0}
            say(proposal_text(proposal))
            texts.append(proposal_text(proposal))
            update["proposal"] = proposal
            answered.append(True)
        else:
            say((lead + "\n" if lead else "") + str(m.content))
            texts.append((lead + "\n" if lead else "") + str(m.content))
            if art.get("product_id") and art.get("product_id") in s.catalog.products:
                # every product this turn was about: "compare the 1st and 2nd", then "which is cheaper?"
                update["focus"] = [*update.get("focus", []), art["product_id"]]
                update["about"] = update["focus"]
                if art["product_id"] not in {p.id for p in state.get("shown") or []}:
                    # a product named by id or name, no list of its kind shown: "warranty?" next is about its kind
                    update["topic"] = topic_of([art["product_id"]], s)
            answered.append(True)
    text = "\n\n".join(t for t in texts if t)
    failed = any(m.status == "error" for m in results)
    answer = Answer(answer=text, citations=citations, products=products, route="other", filters=chips,
                    refusal=refusal)
    return answer, any(answered) and not (failed and len(results) == 1)


@dataclass
class _PolicyParts:
    written: dict[str, tuple[str, str, list]]  # tool call id -> (heading, answer, citations)
    absorbed: set[str]  # calls whose answer cites the same sections as an earlier part's: said with it


def _policy_parts(s: Services, state: State, results: list[ToolMessage], calls: dict) -> _PolicyParts:
    """Every policy part of a several-part turn, written, a part citing the same sections as an earlier one merged
    into it under one heading: "how long does shipping to Alaska take? how much is shipping to Alaska?" quotes
    the passage once, with both questions over it, and each sentence once (`answer.merged`)."""
    written: dict[str, tuple[str, str, list]] = {}
    absorbed: set[str] = set()
    for m in results:
        if m.name != "search_policies" or m.status == "error":
            continue
        art = m.artifact or {}
        hits = [SectionHit(**h) for h in art.get("hits", [])] if art.get("answerable", True) else []
        query = calls.get(m.tool_call_id, {}).get("args", {}).get("query", state["query"])
        text, cites = s.writer.write(query, hits, lambda _: None)
        same = next((k for k, (_, _, c) in written.items()
                     if cites and {x.id for x in c} == {x.id for x in cites}), None)
        if same is None:
            written[m.tool_call_id] = (_part_of(query), text, cites)
            continue
        heading, before, c = written[same]
        written[same] = (f"{heading}? {_part_of(query)}", merged(before, text), c)
        absorbed.add(m.tool_call_id)
    return _PolicyParts(written, absorbed)


def _part_of(query: str) -> str:
    """A part's heading: its question, without what the shopper told before it or the names an earlier question
    lent it (searched with them, see parts.py)."""
    return re.sub(r"\s+", " ", CARRIED.sub("", TOLD_FIRST.sub("", query))).strip(" ?.!").capitalize()


SEARCHES_KEPT = 6  # earlier searches a shopper may go back to


def remember(s: Services, update: dict, hits: list[ProductHit], art: dict, searches: list[dict] = ()) -> None:
    """What the next turn may point at: the products shown, in order, the kind of product they are, and the
    search itself (one per category: a refinement replaces its search's entry, its words unchanged)."""
    if art.get("not_carried"):
        update.update(shown=[], topic=None, filters=None)
        return
    cats = sorted(art.get("filters", {}).get("category_ids") or [])
    shown = [Shown.of(h, s.department_of(h.id)) for h in hits]
    if cats and hits:  # with what it showed: "ok back to the sunglasses, the 3rd one any good" (`going_back`)
        kept = [e for e in searches if sorted(e["category_ids"]) != cats]
        was = next((e for e in searches if sorted(e["category_ids"]) == cats), {})
        listed = [p.model_dump() for p in shown]
        entry = {"text": art["search_text"], "category_ids": cats, "filters": art.get("relaxed") or art["filters"],
                 "shown": listed, "first_shown": was.get("first_shown") or was.get("shown") or listed}
        update["searches"] = [*kept, entry][-SEARCHES_KEPT:]
    update["shown"] = shown
    if shown:
        first = shown[0]
        update["topic"] = Topic(label=type_label(first.category), department=first.department,
                                product_ids=[p.id for p in shown])
        update["focus"] = [first.id]
    update["about"] = []  # a list was shown: "they" is the list again
    update["choices"] = []


def open_ticket(state: State, config: RunnableConfig, s: Services, reason: str) -> int:
    thread = (config.get("configurable") or {}).get("thread_id", "")
    return s.tickets.open(state.get("user") or "anonymous", str(thread), reason,
                          transcript(state.get("messages", [])))


def approval(state: State, runtime: Runtime[Services]) -> dict:
    """Wait for the merchant's decision on a proposed description (a LangGraph interrupt), then act on it."""
    proposal = state.get("proposal")
    if not proposal:
        return {}
    s, emit = services_of(runtime), runtime.stream_writer
    raw = interrupt({"type": "description_proposal", **proposal})
    decision = Decision.model_validate(raw)
    if state.get("role") != "merchant":  # the role is re-set on every resume, from the signed-in account
        return _say(emit, prompts.NOT_ALLOWED_DECISION, "describe", {"proposal": None})
    if decision.action == "discard":
        return _say(emit, prompts.DISCARDED, "describe", {"proposal": None})
    if decision.action == "regenerate":
        text = _regenerate(s, proposal, decision.guidance or "regenerate")
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


def _regenerate(s: Services, proposal: dict, guidance: str) -> str:
    """A new text for the merchant's guidance. A tone ("shorter", "more playful", "more formal") is asked of the
    model itself, which picks other sentences of the store's own for it; other guidance is applied to the text by
    rules, or the model is asked again (an LLM may vary; templates won't)."""
    from assistant.tasks.describe import DescribeInput, tone_of  # the describe task loads with the models

    item = DescribeInput.model_validate(proposal["input"])
    if tone := tone_of(guidance):
        return s.task("describe").predict([item.model_copy(update={"tone": tone})])[0].description
    text, done = revise(proposal["text"], guidance, proposal.get("title", ""))
    return text if done else s.task("describe").predict([item])[0].description


def _say(emit, text: str, route: str, update: dict, tools: list | None = None) -> dict:
    emit({"token": text})
    answer = Answer(answer=text, route=route, tools=tools or [])
    return {**update, "answer": answer.model_dump(), "messages": [AIMessage(content=text)]}


def proposal_text(proposal: dict) -> str:
    pid = proposal.get("product_id")
    return prompts.PROPOSAL.format(text=proposal["text"], for_product=f" for {pid}" if pid else "",
                                   model=proposal["model"])


REPLIES = {"small_talk": prompts.SMALL_TALK, "store_range": prompts.STORE_RANGE, "brands": prompts.BRANDS,
           "cart": prompts.CART, "help": prompts.HELP, "contact": prompts.CONTACT}


def canned(route: str, role: str, text: str, reply: str = "", *,
           say: Callable[[str], str]) -> tuple[str, Refusal | None]:
    """What the assistant says when no tool ran, and whether that declines the message; `reply`: the one
    `understand` chose (`Understanding.reply`); `say` puts a canned text in the store's words (`Services.say`)."""
    if GREETING.match(text):  # small talk too ("hiya" neither answers nor fails a question), greeted back
        return say(prompts.GREETING), None
    if reply:
        return say(REPLIES[reply]), None
    if route == "insights" and role != "merchant" and REVIEWS.search(text):
        return say(prompts.WHICH_PRODUCT_REVIEWS), None
    if route in MERCHANT_ROUTES and role != "merchant":
        return say(prompts.MERCHANT_ONLY), "merchant_only"
    if route == "handoff":
        return say(prompts.HANDOFF), None
    return say(prompts.OUT_OF_SCOPE), "out_of_scope"


def product_list(products: list[ProductHit], chips: list[str], art: dict | None = None, store: str = GENERIC_STORE,
                 departments: str = "") -> str:
    art = art or {}
    shown = ", ".join(chips) if chips else "your search"
    if art.get("not_carried"):
        return prompts.NOT_CARRIED.format(thing=art["not_carried"], store=store, departments=departments)
    if not products:
        return prompts.NO_PRODUCTS.format(chips=shown)
    if art.get("nearest"):
        first = products[0]
        lines = [prompts.NEAREST.format(chips=shown, title=first.title, price=first.price,
                                        dropped=", ".join(art["nearest"]))]
    elif art.get("sort") and art["sort"] != "relevance":
        first = products[0]
        lines = [prompts.SORTED[art["sort"]].format(title=first.title, price=first.price, rating=first.rating,
                                                      where="of those" if art.get("within") else "here")]
    else:
        lines = [f"Here {'is' if len(products) == 1 else 'are'} {len(products)} product(s) for {shown}:"]
    if art.get("unmentioned"):
        lines.insert(0, prompts.UNMENTIONED.format(words=" or ".join(f"“{w}”" for w in art["unmentioned"])))
    for i, p in enumerate(products, 1):
        matched = "; ".join(f"{k}: {v}" for k, v in p.matched.items())
        stock = "" if p.in_stock else " (out of stock)"
        lines.append(f"{i}. {p.title} by {p.brand}, ${p.price:,.2f}, {p.rating:.1f}★{stock}"
                     + (f" (matches {matched})" if matched else ""))
    return "\n".join(lines)
