"""References in a message resolved against the conversation: which shown products "the second one", "that one",
"the green one", "the cheaper one" and "them" point at, sort words ("cheapest", "best rated"), and the product type
a policy follow-up about "them" is asked about.

The routing and splitting of a message is `understand.py`; this module only reads the conversation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from assistant.agent.merchant import PRODUCT_ID
from assistant.knowledge import singular
from assistant.agent.state import Shown, Sort, Topic, Understanding

ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
            "fifth": 5, "5th": 5, "last": -1}
_ORD = "|".join(ORDINALS)
# "the top one" is the first; "the top rated one" is not ("top" is an ordinal only before "one", "item"...).
ORDINALS["top"] = 1
# "#2" has no word boundary before the "#": each alternative sets its own.
# ("the first time it rains", "the second week" count time, not products)
ORDINAL = re.compile(rf"(?:\b(?:the|that|this)\s+({_ORD})\b(?!\s+(?:time|day|week|month|year|night|wash|use|wear|try|"
                     rf"trip)s?\b)|\b({_ORD}|top)\s+(?:one|ones|item|product|option|result)\b"
                     rf"|\b(1st|2nd|3rd|4th|5th)\b|(?:\bnumber|\bno\.|#)\s*([1-5])\b)", re.I)
# "the first two", "the top 3", "the last two": several shown products at once ("the cheaper of the first two").
RANGE = re.compile(r"\b(?:the\s+)?(first|top|last)\s+(two|three|four|2|3|4)\b", re.I)
COUNTS = {"two": 2, "three": 3, "four": 4, "2": 2, "3": 3, "4": 4}
# "the green one", "that leather one", "the one under $40": a shown product told apart by what it is.
DESCRIBED = re.compile(r"\b(?:the|that|this)\s+(?:[\w'$.-]+\s+){0,3}?(ones?)\b"
                       r"(?:\s+(?:under|below|over|above|for|in|with)\s+[\w$.]+)?", re.I)
# "first vs second, which one is cheaper": two places in the shown list, bare ("the first one vs the second one")
BARE_PAIR = re.compile(rf"^\s*(?:the\s+)?({_ORD})\s+(vs\.?|versus|or|and)\s+(?:the\s+)?({_ORD})\b(?!\s+(?:ones?|items?)\b)",
                       re.I)
LEAD_REFERENCE = re.compile(rf"^\s*(?:{ORDINAL.pattern})(?:\s+(?:one|ones|item|product))?\s*[,:;-]+\s*", re.I)
ALL_OF_THEM = re.compile(r"\b(them|these|those|they|both|all of them|these ones|those ones)\b", re.I)
IT_FIRST = re.compile(r"^\W*(?:(?:and|also|so|ok|but)\W+)*(?:is|does|did|can|will|would|has|was)\s+it\b", re.I)
ONE_OF_THEM = re.compile(r"\b(it|that one|this one|that|this|the one)\b", re.I)
WITHIN = re.compile(r"\b(of (those|these|them)|those|these|them|which (one|is))\b", re.I)
# "they"/"them" after a question about one product is that product ("r the 3rd ones wireless? how much r they");
# "these", "those", "both", "any of them" are the list.
THEY = re.compile(r"\b(they|them)\b", re.I)
GROUP = re.compile(r"\b(these|those|both|all|any|each|every|either|which)\b", re.I)
PRONOUNS = re.compile(r"\b(them|they|these ones|those ones|these|those|it|this one|that one|this|that)\b", re.I)
NAMED_ONCE = re.compile(rf"(?:{PRONOUNS.pattern}|\bits\b)('re|'s)?(?!\w)", re.I)  # "whats its warranty" too
# "the other one" after a choice between two ("which is cheaper, the 1st or 2nd?"): the one not chosen.
OTHER = re.compile(r"\b(?:the|that)\s+other(?:\s+(?:one|item|product))?\b", re.I)
SORTS: list[tuple[re.Pattern, Sort]] = [
    # "sort by price high to low" names the order after the field: the descending words are looked for first
    # ("most to least expensive" and "least to most" name the order by both ends: the first end is the first product)
    (re.compile(r"\b(high(est)? to low(est)?|price descending|most to least (expensive|pricey|costly))\b", re.I),
     "price_desc"),
    (re.compile(r"\bleast to most (expensive|pricey|costly)\b", re.I), "price_asc"),
    # "which one costs the least": the price said with the verb
    # "the more economical", "most cheap of them" (a learner's or a formal shopper's comparative)
    (re.compile(r"\b(cheap(est|er)|too\s+(expensive|pricey|pricy|costly|much)|lowest[- ]pric\w*|le(ast|ss) expensive|"
                r"most affordable|lowest cost|low(est)? to high(est)?|(more|most) (cheap|economical|affordable|"
                r"inexpensive|budget[- ]friendly)|"
                r"costs?\s+(the\s+)?le(ast|ss)(?!\s+(?:to|if|when|with|in|on)\b)|le(ast|ss)\s+(money|costly|pricey)|"
                r"(sort|order|arrange)\w*\s+(?:\w+\s+){0,2}by\s+price)\b", re.I), "price_asc"),
    (re.compile(r"\b(most expensive|priciest|highest[- ]pric\w*|pricier|more expensive|"
                r"costs?\s+(the\s+)?(most|more)(?!\s+(?:to|if|when|with|in|on)\b)|"  # not "cost more to ship"
                r"most\s+costly)\b", re.I), "price_desc"),
    (re.compile(r"\b((best|top|highest)[- ]rated|best reviews?|best[- ]reviewed|(highest|best|top) (ratings?|reviews)|"
                r"top reviews?|(most|more) highly[- ]rated|highly[- ]rated|"
                r"rated\s+(the\s+)?(highest|best)|(most|best|top|highest)\s+stars|"
                r"better rated|better reviews|higher[- ]rated|rated (higher|better)|most liked|best liked|(like|love)s? (it )?(the )?most|favou?rite|"
                r"(like|love|prefer)s? (it |them )?more|more liked|liked more|"
                r"(sort|order|arrange)\w*\s+(?:\w+\s+){0,2}by\s+(rating|reviews?|stars)|"
                r"(would|do|should) (you|u) (pick|choose|recommend|suggest|go with|get))\b", re.I), "rating_desc"),
    (re.compile(r"\b(most popular|best[- ]?sell\w*|most reviewed|most (?:reviews|ratings)|popular)\b", re.I),
     "popular"),
]
# "the cheapest one": a superlative naming one product, where "cheapest?" alone sorts the search.
# "the cheaper one" too: a comparative names one of a pair ("ok the cheaper one - whats the return window").
THE_BEST_ONE = re.compile(r"\b(?:the|that)\s+(?:\w+[- ])?\w*(?:est|er|rated|popular|expensive)\s+(?:one|item|option)\b",
                          re.I)


def sort_of(text: str) -> Sort | None:
    return next((sort for pattern, sort in SORTS if pattern.search(text)), None)


# Where the sorted product goes: "put the highest rated at the top" ("top" alone is the lexicon's Shirts & Tops)
PLACED = re.compile(r"\b(?:at|on|to)\s+(?:the\s+)?(?:top|front)(?:\s+of\s+the\s+list)?\b|\bon\s+top\b", re.I)


def without_sort(text: str) -> str:
    """The text without its sort words: "top rated?" names no product type ("top" is the lexicon's Shirts & Tops)."""
    for pattern, _ in SORTS:
        text = pattern.sub(" ", text)
    return PLACED.sub(" ", text)


def best_of(shown: list[Shown], sort: Sort, s) -> Shown:
    """The cheapest / priciest / best rated / most reviewed of these products."""
    key = {"rating_desc": lambda p: p.rating,
           "popular": lambda p: len(s.catalog.reviews.get(p.id, []))}.get(sort, lambda p: p.price)
    return (min if sort == "price_asc" else max)(shown, key=key)


@dataclass
class Context:
    """What the understanding step may read: the conversation so far and the store's lookups."""

    shown: list[Shown] = field(default_factory=list)
    focus: list[str] = field(default_factory=list)
    choices: list[str] = field(default_factory=list)  # the products the last choice was made among ("the other one")
    topic: Topic | None = None
    filters: dict | None = None
    prev_route: str | None = None
    last_policy_query: str = ""
    role: str = "shopper"
    upload: str = ""
    remove_filter: str = ""
    # earlier searches, oldest first: {"text", "category_ids", "filters", "shown", "first_shown"} (`nodes.remember`)
    searches: list[dict] = field(default_factory=list)
    about: list[str] = field(default_factory=list)  # what the last product question was about, no list since
    implied: list[str] = field(default_factory=list)  # a compound's earlier part named these: "the 3rd any good?
    # what do reviewers think" asks the second part about the third product
    last: Understanding | None = None  # the previous turn's: "what about the last one?" asks its question again


def references(text: str, ctx: Context, catalog_ids: set[str],
               described: Callable[[str, list[Shown]], list[Shown]] | None = None,
               ) -> tuple[list[Shown] | list[str], str]:
    """The shown products (or catalog ids) a part points at, and how: "id", "ordinal", "name", "all", "one";
    `described` picks the shown products a description fits ("the green one"; see `fitting`)."""
    ids = [i.upper() for i in PRODUCT_ID.findall(text) if i.upper() in catalog_ids]
    if ids:
        return ids, "id"
    shown = ctx.shown
    focus = [i for i in ctx.focus if i in catalog_ids]
    outside = focus and not any(p.id in focus for p in shown)  # "is it in stock" after reviews of HP-00379
    if OTHER.search(text) and (rest := _others(ctx, shown)):
        return rest, "ordinal"
    if not shown:
        if focus and ONE_OF_THEM.search(text) and not ALL_OF_THEM.search(text):
            return focus[:1], "one"
        if focus and ALL_OF_THEM.search(text):
            # "r they true to size" after the reviews of boots named by the shopper: no list shown, the boots
            return (focus[:1] if THEY.search(text) and not GROUP.search(text) else focus), "one"
        return (list(ctx.implied), "implied") if ctx.implied else ([], "")
    if m := RANGE.search(text):
        n = COUNTS[m.group(2).lower()]
        return (shown[:n] if m.group(1).lower() != "last" else shown[-n:]), "ordinal"
    picks = []
    for m in ORDINAL.finditer(text):
        word = next(g for g in m.groups() if g).lower()
        n = int(word) if word.isdigit() else ORDINALS[word]
        if n == -1 or n <= len(shown):
            picks.append(shown[n - 1] if n > 0 else shown[-1])
    if picks:
        return picks, "ordinal"
    if IT_FIRST.match(text) and (was := [p for p in shown if p.id in (ctx.implied or focus)][:1]):
        return was, "one"  # "is it waterproof" after the 1st one's battery: the 1st, not the "Waterproof Speaker"
    named = [p for p in shown if _names(p, shown) & set(re.findall(r"[a-z]+", text.lower()))]
    if len(named) == 1:
        return named, "name"
    if described is not None and (fit := described(text, shown)):
        return fit, "name"
    if ALL_OF_THEM.search(text):
        about = list(dict.fromkeys(ctx.about))
        if about and len(about) < len(shown) and THEY.search(text) and not GROUP.search(text):
            # "how much r they" after "are the first two in stock": those two
            return [p for p in shown if p.id in about] or about, "one" if len(about) == 1 else "ordinal"
        return list(shown), "all"
    if ONE_OF_THEM.search(text):
        return (focus[:1] if outside else ([p for p in shown if p.id in focus] or shown[:1])[:1]), "one"
    if ctx.implied:
        return [p for p in shown if p.id in ctx.implied] or list(ctx.implied), "implied"
    return [], ""


def without_references(text: str) -> str:
    """The text without the words that point at shown products: "are the first two both in stock" -> "are in
    stock"."""
    return re.sub(r"\b(?:both|each|all|one|ones)\b", " ", ORDINAL.sub(" ", RANGE.sub(" ", text)), flags=re.I)


def _others(ctx: Context, shown: list[Shown]) -> list[Shown] | list[str]:
    """The products of the last choice the shopper did not get: "the other one" after "which is cheaper, the 1st or
    the 2nd?"; of two products shown, the one the conversation is not on."""
    among = ctx.choices or ([p.id for p in shown] if len(shown) == 2 else [])
    rest = [i for i in among if i not in ctx.focus]
    if not rest or len(rest) == len(among):
        return []
    by_id = {p.id: p for p in shown}
    return [by_id[i] for i in rest if i in by_id] if all(i in by_id for i in rest) else rest


def fitting(text: str, shown: list[Shown], rewrite: Callable, attributes_of: Callable[[str], dict]) -> list[Shown]:
    """The shown products "the green one" / "the one under $40" / "the leather ones" means: the description's
    filters (the lexicon rewriter: no model call) checked against each product's catalog attributes and price.
    Nothing when no shown product fits, or every one does (then it is a refinement, not a choice)."""
    m = DESCRIBED.search(text)
    if not m:
        return []
    f = rewrite(m.group(0))
    if not f.attributes and f.price.min is None and f.price.max is None:
        return []

    def fits(p: Shown) -> bool:
        attrs = attributes_of(p.id)
        have = lambda k: {str(v).lower() for v in (attrs.get(k) if isinstance(attrs.get(k), list) else [attrs.get(k)])}
        return (all(have(k) & {v.lower() for v in vs} for k, vs in f.attributes.items())
                and (f.price.max is None or p.price <= f.price.max) and (f.price.min is None or p.price >= f.price.min))

    fit = [p for p in shown if fits(p)]
    if not fit or len(fit) == len(shown):
        return []
    return fit if m.group(1).lower() == "ones" else fit[:1]


def _names(p: Shown, shown: list[Shown]) -> set[str]:
    """Title words that tell this product from the others shown ("the Eider ones")."""
    others = {w for q in shown if q.id != p.id for w in re.findall(r"[a-z]+", q.title.lower())}
    return {w for w in re.findall(r"[a-z]+", p.title.lower()) if len(w) > 3 and w not in others} - {"with", "from"}


def topic_query(part: str, topic: Topic | None) -> str:
    """A policy question about "them" asked about the product type: "can I return them if opened?" after an
    earbuds search -> "can I return headphones if opened?" (the answer writer finds the type's department row;
    adding the department's name to the query made the retriever less sure, measured on the dev conversations)."""
    if topic is None:
        return part
    words = {f for w in re.findall(r"[a-z]+", part.lower()) for f in _forms(w)}
    if _heads(topic.label) & words and not ORDINAL.search(part):
        return part  # "whats the return policy on towels if theyre washed": it names them itself
    part = LEAD_REFERENCE.sub("", part) or part  # "the 2nd one, can I return it ..." -> "can I return it ..."
    part = PRODUCT_ID.sub(topic.label, part)  # "warranty on HP-00379" -> "warranty on duffel bags"
    # "the first one", "the first two", "the cheapest one" -> "electric kettles one" (the "one" goes next)
    part = ORDINAL.sub(topic.label, RANGE.sub(topic.label, THE_BEST_ONE.sub(topic.label, part)))
    part = re.sub(rf"({re.escape(topic.label)})\s+(?:ones?|items?|products?|options?)\b", r"\1", part, flags=re.I)
    # "can I return it if it breaks": the thing named once; "if they're washed": "towels are", not "towels're"
    return NAMED_ONCE.sub(lambda m: topic.label + {"'re": " are", "'s": " is"}.get((m.group(2) or "").lower(), ""),
                          part, count=1)


def _heads(label: str) -> set[str]:
    """The nouns that name a product type: the last word of each kind a label lists ("bath towels & washcloths" ->
    towel, washcloth). "if it doesnt fit my phone" names no phone case: the case was never put in the question."""
    return {f for k in _kinds(label) for f in _forms(k.split()[-1])}


def _forms(word: str) -> set[str]:
    """A word as said and as one thing ("cases": case; `singular` makes it "cas", which "case" never matches)."""
    return {word, singular(word), word[:-1] if word.endswith("s") else word}


def topic_of(refs: list[Shown] | list[str], s) -> Topic | None:
    """The kind of product the referenced products are; catalog ids (a product named by id, or reviewed
    earlier) are looked up."""
    if not refs:
        return None
    first = refs[0]
    if isinstance(first, str):
        p = s.catalog.products.get(first)
        if p is None:
            return None
        first = Shown(id=p.id, title=p.title, price=p.price, rating=p.rating, in_stock=p.stock > 0,
                      category=s.taxonomy.name(p.category_id), department=s.department_of(p.id))
    return Topic(label=type_label(first.category), department=first.department,
                 product_ids=[r if isinstance(r, str) else r.id for r in refs])


def type_label(category: str) -> str:
    """The words a policy question about a category's products uses: its name ("shirts & tops"). Its last part
    alone ("tops") read better but lost a returns answer on the dev conversations (c25); so did the part one
    product's title names ("skillets", "shirts", "gloves"): the answer writer knows a department by the name's last
    noun ("pans", "tops", "mittens"), and without it "warranty for shirts" quoted no department's period."""
    return category.lower()


def _kinds(label: str) -> list[str]:
    """The kinds a category's name lists: "bath towels & washcloths" -> bath towels, washcloths."""
    return [k for k in re.split(r"\s*(?:&|,|\band\b)\s*", label.lower()) if k.split()]


def asked_again(ids: list[str], how: str, last: Understanding | None) -> tuple[str, dict] | None:
    """The tool and arguments of the last turn's question about one shown product, asked about another ("what
    about the last one?" after "what's the 2nd made of": what the last one's listing says), or None."""
    if (not last or not last.steps or len(ids) != 1 or how not in ("ordinal", "name") or len(last.focus) != 1
            or ids[0] in last.focus):
        return None
    before = last.steps[0]
    if before.tool == "product_details":  # "is the 2nd one in stock?" (no question: its price and stock) too
        return before.tool, {"product_id": ids[0], **({"question": q} if (q := before.args.get("question")) else {})}
    if before.tool == "review_summary":
        return before.tool, {"product": ids[0]}
    if before.tool == "search_policies":
        return before.tool, dict(before.args)  # its kind's rule: the same question
    return None



def compared(ctx: Context) -> list[Shown]:
    """The shown products the last comparison was between ("the 1st vs the 2nd, which is better rated", then "the
    cheaper one" is the cheaper of those two, not of the list), else those the last turn was about."""
    ids = ctx.choices if len(ctx.choices) >= 2 else ctx.focus
    return [p for p in ctx.shown if p.id in ids]


def paired(text: str) -> str:
    """Two bare places in the shown list as references: "first vs second, which is cheaper" -> "the first one vs
    the second one, which is cheaper" (bare, "first" and "second" were searched as products)."""
    return BARE_PAIR.sub(lambda m: f"the {m.group(1)} one {m.group(2)} the {m.group(3)} one", text, count=1)
