"""Multi-turn shopper conversations: what each turn must do, judged on the Answer a shopper sees.

Each row of `evals/datasets/shopper_conversations.jsonl` is one conversation (one thread, shopper role), written
apart from the router utterances and training data, in shoppers' wording. A turn marked `context` depends on an
earlier turn ("the second one", "them", "cheapest?", "long sleeves" after a dress). `ref: [turn, n]` names the
n-th product (1-based) the assistant showed at that earlier turn, so expectations hold whatever the catalog order.
The `split` says which conversations were looked at while building (`dev`) and which only to report (`heldout`,
and `heldout2` to `heldout10`: later sets written by strangers to the system).
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.schemas import Answer

DATASET = Path(__file__).parent / "datasets" / "shopper_conversations.jsonl"
SPLITS = ("dev", "heldout", *(f"heldout{n}" for n in range(2, 11)))


class Expect(BaseModel):
    model_config = ConfigDict(extra="forbid")

    route: str | list[str] | None = None
    tools: list[str] = Field(default_factory=list)  # each must be called
    no_tools: bool = False
    not_tools: list[str] = Field(default_factory=list)  # none is called ("do they run small?" is no search)
    no_ticket: bool = True  # a ticket nobody asked for is always wrong here
    products: bool | None = None
    category: str | None = None  # every product shown is in a category whose name contains this ("A|B": either)
    max_price: float | None = None
    sorted: Literal["price_asc", "price_desc", "rating_desc"] | None = None
    first_is_min: tuple[int, str] | None = None  # the first product is the lowest <field> of that turn's products
    first_is_max: tuple[int, str] | None = None
    ref: tuple[int, int] | None = None  # the product this turn is about is that turn's n-th product
    ref_id: str | None = None
    ref_min: tuple[int, list[int], str] | None = None  # ... is the lowest <field> among those positions
    ref_max: tuple[int, list[int], str] | None = None  # ... is the highest <field> among those positions
    filters_include: list[str] = Field(default_factory=list)
    filters_exclude: list[str] = Field(default_factory=list)
    cited: list[str] = Field(default_factory=list)  # every one of these pages is cited
    policy_query_any: list[str] = Field(default_factory=list)  # a policy search carried the topic
    min_policy_calls: int = 0
    contains: list[str] = Field(default_factory=list)
    contains_any: list[str] = Field(default_factory=list)


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    say: str
    context: bool = False
    expect: Expect = Field(default_factory=Expect)


class Conversation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    split: Literal[SPLITS]
    title: str
    turns: list[Turn]


def load(path: Path = DATASET) -> list[Conversation]:
    out = []
    for n, line in enumerate(path.read_text().splitlines(), 1):
        if line.strip():
            try:
                out.append(Conversation.model_validate_json(line))
            except ValueError as e:
                raise ValueError(f"{path}:{n}: {e}") from e
    return out


def subjects(a: Answer) -> list[str]:
    """The product ids a turn was about: what a tool was asked about, else the products it listed."""
    ids = []
    for t in a.tools:
        for blob in (t.output, t.input):
            if isinstance(blob, dict) and isinstance(blob.get("product_id"), str):
                ids.append(blob["product_id"])
    return ids or [p.id for p in a.products[:1]]


def check(turn: Turn, a: Answer, history: list[Answer]) -> list[str]:
    """The expectations this answer breaks (empty: the turn is right)."""
    e, bad = turn.expect, []
    names = [t.name for t in a.tools]
    text = a.answer.lower()
    if e.route is not None and a.route not in ([e.route] if isinstance(e.route, str) else e.route):
        bad.append(f"route {a.route}")
    bad += [f"no {t} call" for t in e.tools if t not in names]
    if e.no_tools and [n for n in names if n != "open_ticket"]:
        bad.append(f"tools {names}")
    bad += [f"called {t}" for t in e.not_tools if t in names]
    if e.no_ticket and "open_ticket" in names:
        bad.append("opened a ticket")
    if e.products is not None and bool(a.products) != e.products:
        bad.append(f"{len(a.products)} products")
    alts = [c.lower() for c in (e.category or "").split("|") if c]
    if alts and (not a.products or any(not any(c in p.category.lower() for c in alts) for p in a.products)):
        bad.append(f"categories {sorted({p.category for p in a.products})}")
    if e.max_price is not None and any(p.price > e.max_price for p in a.products):
        bad.append("over the price")
    if e.sorted:
        key, rev = {"price_asc": ("price", False), "price_desc": ("price", True), "rating_desc": ("rating", True)}[e.sorted]
        vals = [getattr(p, key) for p in a.products]
        if not vals or vals != sorted(vals, reverse=rev):
            bad.append(f"not sorted by {e.sorted}: {vals}")
    for spec, pick in ((e.first_is_min, min), (e.first_is_max, max)):
        if spec:
            before = history[spec[0]].products
            best = pick(getattr(p, spec[1]) for p in before) if before else None
            first = subjects(a)[:1]
            got = next((getattr(p, spec[1]) for p in before if [p.id] == first), None)
            if best is None or got != best:
                bad.append(f"first is not the {pick.__name__} {spec[1]} of turn {spec[0]}")
    want = []
    if e.ref:
        shown = history[e.ref[0]].products
        want = [shown[e.ref[1] - 1].id] if len(shown) >= e.ref[1] else ["<not shown>"]
    if e.ref_id:
        want = [e.ref_id]
    for spec, pick in ((e.ref_min, min), (e.ref_max, max)):
        if spec:
            shown = history[spec[0]].products
            cands = [shown[i - 1] for i in spec[1] if len(shown) >= i]
            want = [pick(cands, key=lambda p: getattr(p, spec[2])).id] if cands else ["<not shown>"]
    if want and want[0] not in subjects(a):
        bad.append(f"about {subjects(a)}, not {want[0]}")
    bad += [f"filter {c} missing" for c in e.filters_include if c not in a.filters]
    bad += [f"filter {c} kept" for c in e.filters_exclude if c in a.filters]
    sources = {c.source for c in a.citations}
    bad += [f"{page} not cited" for page in e.cited if page not in sources]
    queries = [str(t.input.get("query", "")).lower() for t in a.tools if t.name == "search_policies"]
    if e.policy_query_any and not any(w in q for q in queries for w in e.policy_query_any):
        bad.append(f"policy query lost the topic: {queries}")
    if len(queries) < e.min_policy_calls:
        bad.append(f"{len(queries)} policy searches")
    bad += [f"missing {s!r}" for s in e.contains if s.lower() not in text]
    if e.contains_any and not any(s.lower() in text for s in e.contains_any):
        bad.append(f"none of {e.contains_any}")
    return bad


def run(bot, conversations: list[Conversation]) -> list[dict]:
    """Play every conversation in its own thread; one row per turn with what broke."""
    rows = []
    for conv in conversations:
        thread, history = f"conv-{conv.id}-{uuid.uuid4().hex[:6]}", []
        for i, turn in enumerate(conv.turns):
            a = bot.ask(turn.say, thread_id=thread, role="shopper")
            problems = check(turn, a, history)
            history.append(a)
            rows.append({"conversation": conv.id, "split": conv.split, "turn": i, "say": turn.say,
                         "context": turn.context, "right": not problems, "problems": problems,
                         "route": a.route, "tools": [t.name for t in a.tools], "answer": a.answer[:300]})
    return rows


def summarise(rows: list[dict]) -> dict:
    def share(sel):
        sel = list(sel)
        return round(sum(r["right"] for r in sel) / len(sel), 4) if sel else None

    out = {}
    for split in (*SPLITS, "all"):
        part = [r for r in rows if split == "all" or r["split"] == split]
        out[split] = {"turns": len(part), "turns_right": share(part),
                      "context_turns": sum(r["context"] for r in part),
                      "context_right": share(r for r in part if r["context"]),
                      "tickets_unasked": sum("opened a ticket" in r["problems"] for r in part)}
    return out


if __name__ == "__main__":  # pragma: no cover - a developer's look at failures
    print(json.dumps(DATASET.name))
