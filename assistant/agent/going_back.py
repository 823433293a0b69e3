"""A shopper going back to a list shown earlier in the conversation: "ok back to the sunglasses, is the 3rd one any
good", "go back to the first list, whats the cheapest one there", "k back to the earbuds, can i return them".

Each search the conversation ran is remembered with the products it showed (`nodes.remember`), so a part that goes
back to one is understood against that list: its ordinals, sorts, reviews and policy follow-ups point at those
products, not at the list shown last."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable

from assistant.agent.policy_asks import POLICY_WORDS
from assistant.agent.references import ORDINALS, Context, type_label
from assistant.agent.state import Shown, Topic
from assistant.agent.wording import REVIEWS
from assistant.knowledge import singular

# Back to an earlier search: "actually go back to the backpacks", "the sleeping bags again pls".
BACK = re.compile(r"\b(?:go(?:ing)?\s+back(?:\s+to)?|back\s+to|again|from before|earlier|previous)\b", re.I)
# ... to a list: "back to the sunglasses", "go back to the first list", "returning to the very first coat" (not "send
# it back to you", "the money coming back to me")
GO_BACK = re.compile(r"\b(?:go(?:ing)?\s+back\s+to|(?:back|returning|coming back)\s+to\s+(?:the|those|these|that))\b",
                     re.I)
# a list named by its place in the conversation, not by its kind: "the first list", "the original search"
_LIST = r"list|search|results|ones|bunch|lot"
FIRST_LIST = re.compile(rf"\b(?:first|original|very first)\s+(?:{_LIST})\b", re.I)
# ... the list as it was first shown, before it was refined or sorted: "the very first coat you showed me"
FIRST_SHOWN = re.compile(r"\b(?:very\s+first|first\s+(?:\w+\s+)?(?:you\s+)?(?:showed|shown|show))\b", re.I)
# ... one product of it by its place: "the second coat" ("the last list" and "the top results" are lists)
_PLACES = "|".join(word for word in ORDINALS if word not in ("last", "top"))
ORDINAL_WORD = re.compile(rf"\b(?:very\s+)?({_PLACES})\s+(?!(?:{_LIST})\b)[a-z]+", re.I)
CLAUSES = re.compile(r"[,;.?!:]+|\s+[-\u2013\u2014]+\s+")
# where a question starts after the list it goes back to, with no comma between them
ASK = re.compile(r"\s+(?=(?:what|whats|what's|which|how|is|are|can|could|do|does|did|any|show|tell|the \w+ one)\b)",
                 re.I)


def back_to(part: str, ctx: Context, rewrite: Callable) -> tuple[str, Context | None]:
    """The rest of a part that goes back to a list and asks something of it, with the conversation as it was when
    that list was shown; ("", None) when the part goes back to nothing shown or asks nothing more."""
    if not GO_BACK.search(part):
        return "", None
    clauses = [c for c in CLAUSES.split(part) if c.strip()]
    back = next(c for c in clauses if GO_BACK.search(c))
    if POLICY_WORDS.search(GO_BACK.sub(" ", back)):
        return "", None  # "can he return it without the money coming back to me"
    rest = ", ".join(c.strip() for c in clauses if c is not back)
    if not rest and (m := ASK.search(back, GO_BACK.search(back).end())):
        back, rest = back[:m.start()], back[m.start():].strip()  # "go back to the first list whats the cheapest"
    if not rest:
        return "", None
    if FIRST_LIST.search(back):
        entry = _as_first(ctx.searches[0]) if ctx.searches else None
    else:
        entry = _named_list(GO_BACK.sub(" ", back), ctx, rewrite)
        entry = _as_first(entry) if entry and FIRST_SHOWN.search(back) else entry
    if not entry or not entry.get("shown"):
        return "", None
    if m := ORDINAL_WORD.search(back):
        rest = f"the {m.group(1)} one, {rest}"  # "returning to the very first coat you showed me: its price?"
    shown = [p if isinstance(p, Shown) else Shown(**p) for p in entry["shown"]]
    first = shown[0]
    topic = Topic(label=type_label(first.category), department=first.department, product_ids=[p.id for p in shown])
    return rest, replace(ctx, shown=shown, filters=entry.get("filters"), topic=topic, focus=[], about=[], choices=[])


def _as_first(entry: dict) -> dict:
    """A search as it was first shown (a refinement or a sort shows its products again, in a new order)."""
    return {**entry, "shown": entry.get("first_shown") or entry.get("shown")}


def _named_list(words: str, ctx: Context, rewrite: Callable) -> dict | None:
    """The list of the conversation a kind of product names: the one still shown ("ok back to the lanterns" after a
    shipping question), else the latest earlier search of that category; a word the category model does not place
    ("the earbuds") finds the list whose search or titles hold it."""
    named = set(rewrite(words).category_ids)
    filters = ctx.filters or {}
    current = {"shown": ctx.shown, "filters": ctx.filters, "category_ids": filters.get("category_ids") or []}
    lists = [current, *ctx.searches] if ctx.shown else list(ctx.searches)  # a search's entry first: its first list
    if named:
        return next((e for e in reversed(lists) if named & set(e["category_ids"])), None)
    said = {singular(w) for w in re.findall(r"[a-z]{4,}", words.lower())}
    return next((e for e in reversed(lists) if said & _words(e)), None) if said else None


def _words(entry: dict) -> set[str]:
    titles = " ".join(p.title if isinstance(p, Shown) else p["title"] for p in entry.get("shown") or [])
    return {singular(w) for w in re.findall(r"[a-z]{4,}", f"{entry.get('text', '')} {titles}".lower())}


def earlier_search(part: str, ctx: Context, rewrite: Callable) -> str:
    """The words of an earlier search of this conversation the part goes back to ("actually go back to the
    backpacks" -> "a backpack for school"): the latest one in a category the part names; "" when none."""
    if not ctx.searches or not BACK.search(part) or POLICY_WORDS.search(part) or REVIEWS.search(part):
        return ""  # "can I return the backpack again?" is a policy question
    clause = next(c for c in re.split(r"[,;.?!]", part) if BACK.search(c))
    named = set(rewrite(BACK.sub(" ", clause)).category_ids)
    return next((e["text"] for e in reversed(ctx.searches) if named & set(e["category_ids"])), "") if named else ""
