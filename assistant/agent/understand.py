"""The local understanding step: a message read against the conversation, split into parts, each given a tool.

Offline and rule-based on purpose: references ("the second one", "them", "the cheaper one"), sort words and
small talk are a closed vocabulary, and the router (trained on whole messages) decides everything else. With an
LLM configured, `llm_plan.LLMUnderstanding` does the same job through tool calling and falls back to this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Callable

from assistant.agent.merchant import PRODUCT_ID, pasted_titles
from assistant.agent.state import Shown, Sort, Step, Topic, Understanding
from assistant.retrieval.clauses import and_another, ask_again, new_thing

MERCHANT_ROUTES = {"describe", "classify", "insights", "tickets"}
FOLLOWUP = re.compile(r"^\s*(and|also|what about|how about|but|or|same for|what if|plus|ok and)\b", re.I)
FOLLOWUP_WORDS = 8  # longer messages carry their own context
SURE = 0.8  # router confidence above which a short follow-up may still change topic
# A part made only of these ("and hw much?", "how long?") borrows its subject from the part before it.
ELLIPTICAL = set("""how hw much long many when what wat whats where which is it does dose do cost costs price take
takes about for the a then and""".split())

SMALL_TALK = set("""ok okay k kk okie thx thanks thank you ty tysm cool great nice perfect awesome got it lol haha hah
bye goodbye cya see ya later cheers alright np no worries yep yeah yes sure fine hmm hm ah oh anyway anyways then
so much a lot very good gotcha noted wow amazing sweet kthx thankyou appreciate appreciated it okey mkay all
right""".split())
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
            "fifth": 5, "5th": 5, "last": -1}
_ORD = "|".join(ORDINALS)
# "#2" has no word boundary before the "#": each alternative sets its own.
ORDINAL = re.compile(rf"(?:\b(?:the|that|this)\s+({_ORD})\b|\b({_ORD})\s+(?:one|ones|item|product|option|result)\b"
                     rf"|\b(1st|2nd|3rd|4th|5th)\b|(?:\bnumber|\bno\.|#)\s*([1-5])\b)", re.I)
# "the first two", "the top 3", "the last two": several shown products at once ("the cheaper of the first two").
RANGE = re.compile(r"\b(?:the\s+)?(first|top|last)\s+(two|three|four|2|3|4)\b", re.I)
COUNTS = {"two": 2, "three": 3, "four": 4, "2": 2, "3": 3, "4": 4}
# "the green one", "that leather one", "the one under $40": a shown product told apart by what it is.
DESCRIBED = re.compile(r"\b(?:the|that|this)\s+(?:[\w'$.-]+\s+){0,3}?(ones?)\b"
                       r"(?:\s+(?:under|below|over|above|for|in|with)\s+[\w$.]+)?", re.I)
LEAD_REFERENCE = re.compile(rf"^\s*(?:{ORDINAL.pattern})(?:\s+(?:one|ones|item|product))?\s*[,:;-]+\s*", re.I)
ALL_OF_THEM = re.compile(r"\b(them|these|those|they|both|all of them|these ones|those ones)\b", re.I)
ONE_OF_THEM = re.compile(r"\b(it|that one|this one|that|this|the one)\b", re.I)
WITHIN = re.compile(r"\b(of (those|these|them)|those|these|them|which (one|is))\b", re.I)
PRONOUNS = re.compile(r"\b(them|they|these ones|those ones|these|those|it|this one|that one|this|that)\b", re.I)
SORTS: list[tuple[re.Pattern, Sort]] = [
    (re.compile(r"\b(cheap(est|er)|lowest[- ]pric\w*|least expensive|most affordable|lowest cost)\b", re.I), "price_asc"),
    (re.compile(r"\b(most expensive|priciest|highest[- ]pric\w*|pricier|more expensive)\b", re.I), "price_desc"),
    (re.compile(r"\b((best|top|highest)[- ]rated|best reviews?|best[- ]reviewed|highest ratings?|top reviews?|"
                r"better rated|better reviews|most liked|best liked|(like|love)s? (it )?(the )?most|favou?rite)\b", re.I),
     "rating_desc"),
    (re.compile(r"\b(most popular|best[- ]?sell\w*|most reviewed|popular)\b", re.I), "popular"),
]
# "anything cheaper?", "any cheaper ones": other products than those shown (a sorted search), where "the cheaper
# one" or "which of them is cheaper" chooses among them.
INDEFINITE = re.compile(r"\b(any|anything|something|smth|sth|others?|ones|options|alternatives?)\b", re.I)
# "the cheapest one": a superlative naming one product, where "cheapest?" alone sorts the search.
THE_BEST_ONE = re.compile(r"\b(?:the|that)\s+(?:\w+[- ])?\w*(?:est|rated|popular|expensive)\s+(?:one|item|option)\b",
                          re.I)
STOCK = re.compile(r"\b(in stock|instock|available|availability|sold out|any left)\b", re.I)
COMPARE = re.compile(r"\b(compare|comparison|compared|difference|diff|differ|vs\.?|versus)\b", re.I)
COMPARATIVE = re.compile(r"\b(cheaper|pricier|more expensive|better rated|better reviewed)\b", re.I)
REVIEWS = re.compile(r"\b(reviews?|reviewers?|reviewed|ratings?|feedback|opinions?|what do (people|ppl|customers|"
                     r"buyers|others|folks) (say|think)|(do|did) (people|ppl|customers|buyers|folks) (like|love|hate)|"
                     r"(people|ppl|customers) (think|say|saying))\b", re.I)
DETAILS = re.compile(r"\b(in stock|instock|available|availability|sold out|any left|how much|price|cost|costs)\b", re.I)
POLICY_WORDS = re.compile(r"\b(return\w*|refund\w*|warrant\w*|ship\w*|exchang\w*|send (it|them) back|deliver\w*|"
                          r"guarantee\w*|restocking)\b", re.I)
QUESTION_START = (r"(?:can|could|is|are|do|does|did|how|hw|what|whats|what's|wat|when|where|which|will|would|"
                  r"who|should|any)")
SPLIT = re.compile(rf"\?+\s+|[,;]?\s+\b(?:and|also|plus)\b\s+(?={QUESTION_START}\b)|\s+\b(?:vs\.?|versus|"
                   rf"compared (?:to|with))\s+", re.I)
ASKS_FOR_THING = re.compile(r"\b(do (you|u|ya)( guys)? (have|sell|carry|stock)|looking for an?|need an?|want an?)\b",
                            re.I)
# Words around a follow-up that say how it relates, not what it asks for: "how about blue ones", "tents instead".
TRAILING = re.compile(r"[\s,]+(?:instead|then|too|as well|please|pls|plz)\s*[?!.]*$", re.I)
LEADING = re.compile(r"^\s*(?:and|also|plus|ok|okay|so)\b[\s,]*", re.I)
PREDICATE = re.compile(r"^(.*\b(?:for|on|of|with|about|to)\b)\s+", re.I)


def is_small_talk(text: str) -> bool:
    """"ok thx", "thanks anyway", "lol ok", "bye!": nothing to look up."""
    words = re.findall(r"[a-z']+", text.lower())
    return 0 < len(words) <= 6 and all(w.strip("'") in SMALL_TALK for w in words)


def split_parts(text: str) -> list[str]:
    """A compound message as its requests: "is it in stock and can I return it?" -> two; "return window for a
    phone charger vs a frying pan" -> "return window for a phone charger", "return window for a frying pan".

    A part that only changes the thing ("what about a frying pan", "..., and for a blender?") is the previous
    question about that thing; a part that only asks for another fact of the same thing ("and how much") stays
    with the previous one: one search answers both, and two would quote the same passage twice."""
    vs = re.search(r"\s+\b(?:vs\.?|versus|compared (?:to|with))\s+", text, re.I)
    raw = [q for p in SPLIT.split(text) if p and p.strip(" ?!.,") for q in and_another(p)]
    parts: list[str] = []
    for p in (LEADING.sub("", p).strip(" ?!.,") for p in raw):
        prep, thing = new_thing(p) if parts and not vs else ("", "")
        if thing:
            parts.append(ask_again(parts[-1], prep, thing))
        elif parts and not vs and not re.match(rf"{QUESTION_START}\b", p, re.I):
            parts[-1] = f"{parts[-1]}. {p}"  # "...6 weeks ago? never even opened it": context, not a request
        elif parts and not vs and set(re.findall(r"[a-z']+", p.lower())) <= ELLIPTICAL:
            parts[-1] = f"{parts[-1]}? and {p}"  # "and hw much": the same subject, asked once
        elif p:
            parts.append(p)
    if vs and len(parts) == 2 and (m := PREDICATE.match(parts[0])):
        parts[1] = f"{m.group(1)} {parts[1]}"  # "warranty on a backpack vs headphones" -> "warranty on headphones"
    return parts[:3] or [text]


def sort_of(text: str) -> Sort | None:
    return next((sort for pattern, sort in SORTS if pattern.search(text)), None)


@dataclass
class Context:
    """What the understanding step may read: the conversation so far and the store's lookups."""

    shown: list[Shown] = field(default_factory=list)
    focus: list[str] = field(default_factory=list)
    topic: Topic | None = None
    filters: dict | None = None
    prev_route: str | None = None
    last_policy_query: str = ""
    role: str = "shopper"
    upload: str = ""
    remove_filter: str = ""
    implied: list[str] = field(default_factory=list)  # a compound's earlier part named these: "the 3rd any good?
    # what do reviewers think" asks the second part about the third product


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
    if not shown:
        if focus and ONE_OF_THEM.search(text) and not ALL_OF_THEM.search(text):
            return focus[:1], "one"
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
    named = [p for p in shown if _names(p, shown) & set(re.findall(r"[a-z]+", text.lower()))]
    if len(named) == 1:
        return named, "name"
    if described is not None and (fit := described(text, shown)):
        return fit, "name"
    if ALL_OF_THEM.search(text):
        return list(shown), "all"
    if ONE_OF_THEM.search(text):
        return (focus[:1] if outside else ([p for p in shown if p.id in focus] or shown[:1])[:1]), "one"
    if ctx.implied:
        return [p for p in shown if p.id in ctx.implied] or list(ctx.implied), "implied"
    return [], ""


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
    part = LEAD_REFERENCE.sub("", part) or part  # "the 2nd one, can I return it ..." -> "can I return it ..."
    part = PRODUCT_ID.sub(topic.label, part)  # "warranty on HP-00379" -> "warranty on duffel bags"
    # "the first one", "the first two", "the cheapest one" -> "electric kettles one" (the "one" goes next)
    part = ORDINAL.sub(topic.label, RANGE.sub(topic.label, THE_BEST_ONE.sub(topic.label, part)))
    part = re.sub(rf"({re.escape(topic.label)})\s+(?:ones?|items?|products?|options?)\b", r"\1", part, flags=re.I)
    return PRONOUNS.sub(topic.label, part, count=1)  # "can I return it if it breaks": the thing named once


def understand(text: str, ctx: Context, s) -> Understanding:
    """The local understanding of one message (`s`: the agent's Services)."""
    if ctx.remove_filter and ctx.filters:
        return Understanding(route="search", query=text, refine=True, steps=[Step(
            tool="search_products", args={"query": text, "refine": True, "remove": ctx.remove_filter})])
    if ctx.upload and ctx.role == "merchant":
        return Understanding(route="classify", query=text, steps=[Step(
            tool="classify_titles", args={"titles": [], "csv_path": ctx.upload})])
    if is_small_talk(text):
        return Understanding(route="other", query=text, small_talk=True)
    if s.speller is not None:
        text = s.speller(text)
    parts = split_parts(text)
    if len(parts) == 1:
        return _one(text, ctx, s, whole=True)
    found: list[Understanding] = []
    for p in parts:
        prev = found[-1] if found else None
        if prev and prev.focus:  # "is the 2nd available and can I return it": "it" is the 2nd
            sub = replace(ctx, focus=prev.focus, implied=prev.focus)
            if not references(p, ctx, set(s.catalog.products))[0] and _bare_reference(parts[len(found) - 1]):
                prev.steps = []  # "the 3rd one any good? what do reviewers think": one question, asked by the second
            found.append(_one(p, sub, s))
        else:
            found.append(_one(p, ctx, s))
    steps = [st for u in found for st in u.steps]
    first = next((u for u in found if u.steps), found[0])
    return Understanding(route=first.route, confidence=first.confidence, query=text, steps=steps,
                         focus=[i for u in found for i in u.focus])


FILLER = SMALL_TALK | ELLIPTICAL | set("""any good bad say says said there are on of with they their its it's
people ppl customers think saying like read see show me pls please""".split())


def _only(part: str, pattern: re.Pattern) -> bool:
    """The part says nothing but this ("reviews?", "any good reviews?"): it names no product of its own."""
    rest = re.findall(r"[a-z']+", pattern.sub(" ", part.lower()))
    return all(w in FILLER for w in rest)


def _best(shown: list[Shown], sort: Sort, s) -> Shown:
    """The cheapest / priciest / best rated / most reviewed of these products."""
    key = {"rating_desc": lambda p: p.rating,
           "popular": lambda p: len(s.catalog.reviews.get(p.id, []))}.get(sort, lambda p: p.price)
    return (min if sort == "price_asc" else max)(shown, key=key)


def _bare_reference(part: str) -> bool:
    """A part that only points at a product ("the 3rd one any good"): the next part says what to do with it."""
    return not (REVIEWS.search(part) or DETAILS.search(part) or POLICY_WORDS.search(part) or sort_of(part))


def _one(part: str, ctx: Context, s, whole: bool = False) -> Understanding:
    # With the texts a policy search of this part would embed: one pass for all (wasted on a product search)
    decision = s.router.predict(s.embedder.encode_query(part, also=s.policies.query_texts(part)))
    route, conf = decision.route, decision.confidence
    refs, how = references(part, ctx, set(s.catalog.products), lambda t, shown: fitting(
        t, shown, s.rewriter.rewrite, lambda i: s.catalog.products[i].attributes if i in s.catalog.products else {}))
    ids = [r if isinstance(r, str) else r.id for r in refs]
    sort = sort_of(part)
    merchant_ask = route in MERCHANT_ROUTES and ctx.role == "merchant"
    if (sort and how in ("", "one") and len(ctx.shown) >= 2 and THE_BEST_ONE.search(part)
            and (POLICY_WORDS.search(part) or REVIEWS.search(part) or STOCK.search(part))):
        # "return window on the cheapest one", "is the best rated one in stock": a question about one shown product
        refs, how, sort = [_best(ctx.shown, sort, s)], "ordinal", None
        ids = [refs[0].id]
    if sort and (ctx.shown or ctx.filters) and not merchant_ask:
        if (COMPARATIVE.search(part) and how in ("", "one", "all") and len(ctx.shown) >= 2
                and not (how == "" and INDEFINITE.search(part))):
            # "the cheaper one": of the products just shown, or of the two just compared
            pair = [p for p in ctx.shown if p.id in ctx.focus] if how == "" else []
            refs, how = (pair if len(pair) >= 2 else list(ctx.shown)), "ordinal"
        if how == "ordinal" and len(refs) >= 2:
            pick = _best(refs, sort, s)
            word = {"price_asc": "cheaper", "price_desc": "more expensive", "popular": "more popular"}.get(
                sort, "better rated")
            return _step("search", conf, part, "product_details", {"product_id": pick.id}, [pick.id],
                         lead=f"The {word} of those is {pick.title} at ${pick.price:,.2f}.")
        within = [p.id for p in ctx.shown] if ctx.shown and WITHIN.search(part) else []
        return _step("search", conf, part, "search_products",
                     {"query": part, "refine": True, "sort": sort, "within": within}, [], refine=True)
    if COMPARE.search(part) and how in ("ordinal", "name") and 2 <= len(ids) <= 3 and not REVIEWS.search(part):
        # "compare the 1st and 2nd": each one's price, stock and rating, side by side
        return Understanding(route="search", confidence=conf, query=part, focus=ids, steps=[
            Step(tool="product_details", args={"product_id": i}, part=part) for i in ids])
    if REVIEWS.search(part) and not ids and ctx.focus and not merchant_ask and _only(part, REVIEWS):
        ids = ctx.focus[:1]  # "reviews?" after a search: the product the conversation is on
    if REVIEWS.search(part) and ids and len(ids) <= 2 and not (merchant_ask and route == "insights"):
        return _step("reviews", conf, part, "review_summary", {"product": ids[0]}, ids[:1])
    if (how == "ordinal" and (len(part.split()) <= 4 or FOLLOWUP.match(part)) and ctx.prev_route == "reviews"
            and not POLICY_WORDS.search(part) and not DETAILS.search(part)):
        return _step("reviews", conf, part, "review_summary", {"product": ids[0]}, ids[:1])  # "and the third?"
    if how == "ordinal" and len(refs) == 1 and len(part.split()) <= 4 and _bare_reference(part):
        return _step("search", conf, part, "product_details", {"product_id": ids[0]}, ids[:1])  # "the 4th"
    if DETAILS.search(part) and ids and how != "all" and not POLICY_WORDS.search(part):
        return _step("search", conf, part, "product_details", {"product_id": ids[0]}, ids[:1])
    if POLICY_WORDS.search(part) and (refs or (ctx.topic and PRONOUNS.search(part))) and route != "handoff":
        topic = _topic_of(refs, s) if refs else ctx.topic
        query = topic_query(part, topic)
        return _step("policy", conf, query, "search_policies", {"query": query}, ids)
    return _routed(part, route, conf, ctx, s, whole, ids)


def _routed(text: str, route: str, conf: float, ctx: Context, s, whole: bool, ids: list[str]) -> Understanding:
    """What the router says, with the follow-up rules: a short "and for sale items?" continues the policy topic,
    a refinement keeps the product search, a new product type starts a new one."""
    query, refine = text, False
    prev = ctx.prev_route
    short = len(text.split()) <= FOLLOWUP_WORDS
    continues = short and FOLLOWUP.match(text) and (route == prev or conf < SURE)
    # What the follow-up asks for, without the words that tie it to the last turn: "how about blue ones" -> "blue
    # ones", "show me tents instead" -> "show me tents" (the type check read "how about" as a product we lack).
    core = TRAILING.sub("", FOLLOWUP.sub("", text)).strip(" ,") or text
    backed = s.types.backed(core, s.embedder)[1]  # with the embedder, as the search tool: "pillow case" names no type
    if route == "other" and backed and short:
        route = "search"  # "mascara", "french press": a product type alone is a search
    if whole and prev == "policy" and continues and route != "handoff":
        route, query = "policy", f"{ctx.last_policy_query} {text}".strip()
        if ctx.topic and POLICY_WORDS.search(core) and not s.types.backed(core, s.embedder)[1]:
            # "and shipping?" after the return window of tents: shipping for tents, not "returns and shipping"
            query = f"{core.strip(' ?!.')} for {ctx.topic.label}"
    elif ctx.filters and short and route not in ("policy", "handoff") and not (route in MERCHANT_ROUTES and
                                                                               ctx.role == "merchant"):
        current = set((ctx.filters or {}).get("category_ids") or [])
        new_type = bool(backed) and not (set(backed) & current)
        if not backed:  # "do you have a red paddle board" after makeup: a thing, not a refinement
            # The question is the last sentence: "too expensive. anything under 100?" asks for "anything under 100"
            asked = re.split(r"(?<=[.!?])\s+", core.strip())[-1]
            carried, head = s.types.carried(asked, s.embedder)
            new_type = not carried and (len(head.split()) > 1 or bool(ASKS_FOR_THING.search(text)))
        found = s.rewriter.rewrite(text)
        if not new_type and (route == "search" or FOLLOWUP.match(text) or not found.is_empty()
                             or (route == "other" and conf < SURE and len(text.split()) <= 3 and ctx.shown)):
            route, refine, query = "search", True, core
    if route in ("insights", "reviews") and ctx.role != "merchant" and ids:
        route = "reviews"  # "what do reviews say about HP-00017": a shopper's question, not the merchant tool
    step = _tool_for(route, query, refine, ctx, ids)
    return Understanding(route=route, confidence=conf, query=query, refine=refine, steps=[step] if step else [],
                         focus=ids[:1])


def _tool_for(route: str, query: str, refine: bool, ctx: Context, ids: list[str]) -> Step | None:
    if route in MERCHANT_ROUTES and ctx.role != "merchant":
        return None
    args = {"policy": ("search_policies", {"query": query}),
            "search": ("search_products", {"query": query, "refine": refine}),
            "reviews": ("review_summary", {"product": ids[0] if ids else query}),
            "insights": ("review_insights", {"target": query}),
            "describe": ("write_description", {"request": query}),
            "classify": ("classify_titles", {"titles": pasted_titles(query), "csv_path": ""}),
            "tickets": ("list_tickets", {"status": "open"})}.get(route)
    return Step(tool=args[0], args=args[1], part=query) if args else None


def _step(route: str, conf: float, part: str, tool: str, args: dict, focus: list[str], lead: str = "",
          refine: bool = False) -> Understanding:
    return Understanding(route=route, confidence=conf, query=part, refine=refine, focus=focus,
                         steps=[Step(tool=tool, args=args, part=part, lead=lead)])


def _topic_of(refs: list[Shown] | list[str], s) -> Topic | None:
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
    alone ("tops") read better but lost a returns answer on the dev conversations (c25)."""
    return category.lower()
