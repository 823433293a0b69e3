"""A compound message as its requests ("is it in stock and can I return it?" -> two), before each is understood."""

from __future__ import annotations

import re

from assistant.agent.policy_asks import POLICY_WORDS, policy_words
from assistant.agent.references import ORDINAL
from assistant.agent.state import Step, Understanding
from assistant.agent.wording import QUESTION_START, REVIEWS
from assistant.retrieval.clauses import and_another, ask_again, new_thing, split_clauses, told

# A part made only of these ("and hw much?", "how long?") borrows its subject from the part before it.
ELLIPTICAL = set("""how hw much long many when what wat whats where which is it does dose do cost costs price take
takes about for the a then and fast soon quick quickly""".split())
# ... and after a policy part these too: "can i return em? how long do i have" (but "is the 2nd in stock? how long
# will it take" asks about shipping on its own)
AFTER_POLICY = ELLIPTICAL | {"i", "have", "would", "will"}
# A request said as a wish to know: "I should also like to know for how long you retain the records" (a formal letter)
REQUEST = (r"i\s+(?:would|should|'d)\s+(?:also\s+)?like\s+to\s+know|i\s+(?:also\s+)?(?:want|need)\s+to\s+know|"
           r"(?:i\s+am|i'm|im)\s+(?:also\s+)?wondering|i\s+(?:also\s+)?wonder|please\s+(?:tell|advise|let)|kindly\s+(?:tell|advise)")
# A request may start with its condition or as a reported question: "... and if you swap them do my points go",
# "the return window for shoes, and whether the box has to come back"
ASK_START = rf"(?:{QUESTION_START}|am\s+i|whether|{REQUEST})"  # "... or am I past the return window"
# "is that a warranty fix, or can i just exchange it": a second question offered as the other way
# (with no comma too: "is that covered or am I past the return window?")
# ... but not the shopper's own worry after it, which asks nothing of the store: "warranty thing or am i outta luck"
OR_ASK = rf",?\s*\bor\s+(?!am\s+i\s+(?:outta|out\s+of|screwed|sol|stuck|toast|doomed)\b)" \
         rf"(?=(?:{QUESTION_START}|am)\s+(?:i|we|you|u|it|they|that|this|there|my|the)\b)"
SPLIT = re.compile(rf"\?+\s+|[,;]?\s+\b(?:and|also|plus)\b\s+(?={ASK_START}\b)|{OR_ASK}|\s+\b(?:vs\.?|versus|"
                   rf"compared (?:to|with))\s+", re.I)
SPLIT_AT_QUESTIONS = re.compile(SPLIT.pattern.split(r"|\s+\b(?:vs")[0], re.I)
# "... fee? Secondly, how many points ...? And thirdly, is it true ...": a list's markers lead its requests
LEADING = re.compile(r"^\s*(?:(?:and|also|plus|ok|okay|so|oh|firstly|secondly|thirdly|lastly|finally|additionally|"
                     r"further(?:more)?|moreover|(?:first|second|third)\s*,)\b[\s,]*)+", re.I)
# ... or as its condition with a question of its own: "How long are they good for? And if I return something I paid
# for with one, do I get that part back?" (not context for the question before it, as "if it matters" would be)
CONDITIONAL_ASK = re.compile(rf"^(?:if|when|once|in case)\b[^?,]*,\s*(?:then\s+)?{QUESTION_START}\b", re.I)
PREDICATE = re.compile(r"^(.*\b(?:for|on|of|with|about|to)\b)\s+", re.I)


def split_parts(text: str) -> list[str]:
    """A compound message as its requests: "is it in stock and can I return it?" -> two; "return window for a
    phone charger vs a frying pan" -> "return window for a phone charger", "return window for a frying pan".

    A part that only changes the thing ("what about a frying pan", "..., and for a blender?") is the previous
    question about that thing; a part that only asks for another fact of the same thing ("and how much") stays
    with the previous one: one search answers both, and two would quote the same passage twice."""
    vs = re.search(r"\s+\b(?:vs\.?|versus|compared (?:to|with))\s+", text, re.I)
    if vs and len(ORDINAL.findall(text)) >= 2:
        vs = None  # "the 1st one vs the 2nd, which is better rated": one choice between two shown products
    raw = [q for p in (SPLIT if vs else SPLIT_AT_QUESTIONS).split(text) if p and p.strip(" ?!.,")
           for q in and_another(p)]
    parts: list[str] = []
    for p in (LEADING.sub("", p).strip(" ?!.,") for p in raw):
        prep, thing = new_thing(p) if parts and not vs else ("", "")
        if thing:
            parts.append(ask_again(parts[-1], prep, thing))
        elif parts and not vs and not re.match(rf"{ASK_START}\b", p, re.I) and not CONDITIONAL_ASK.match(p):
            parts[-1] = f"{parts[-1]}. {p}"  # "...6 weeks ago? never even opened it": context, not a request
        elif parts and not vs and set(re.findall(r"[a-z']+", p.lower())) <= (
                AFTER_POLICY if POLICY_WORDS.search(parts[-1]) else ELLIPTICAL):
            parts[-1] = f"{parts[-1]}? and {p}"  # "and hw much": the same subject, asked once
        elif p:
            parts.append(p)
    if vs and len(parts) == 2 and (m := PREDICATE.match(parts[0])):
        parts[1] = f"{m.group(1)} {parts[1]}"  # "warranty on a backpack vs headphones" -> "warranty on headphones"
    return _told_first(parts, text)[:3] or [text]


# A request for a thing: told, it is still asked for ("I need a lantern, and do you even ship up there?")
WANTS = re.compile(r"\b(?:need|want|looking|look for|searching|shopping for|buy|get me|find|show)\b", re.I)


def _told_first(parts: list[str], text: str) -> list[str]:
    """What a shopper tells before asking leads the question it is about, as the policy search reads it
    (`clauses.told`): "I live but a short drive from Portland and should much prefer to collect my parcel in
    person ... Is there a shop" asked "I live but a short drive from Portland" alone, and it was answered with the
    store's Portland address. Not a statement the shopper asked with a question mark ("my kettle stopped heating
    after 8 months?? do u cover that")."""
    out: list[str] = []
    for n, p in enumerate(parts):
        if (out and told(out[-1]) and not WANTS.search(out[-1]) and n == len(out)
                and not re.search(re.escape(out[-1]) + r"\s*\?", text)):
            out[-1] = f"{out[-1]} and {p}"
        else:
            out.append(p)
    return out


# A part the router sent nowhere, or to a product search it was unsure of, beside a policy part of the same message
UNROUTED = {"other", "handoff", "describe", "classify", "insights", "tickets"}
UNSURE_SEARCH = 0.7  # "what shape does the suit need to be in" beside a return-label question: search at 0.6
ASKS_STORE = re.compile(r"^(?:how|hw|what|whats|what's|wat|can|could|is|are|does|do|will|would|who|where|which)\b", re.I)
WANTS_THING = re.compile(r"\b(?:(?:do|does)\s+(?:you|u|ya)(?:\s+guys)?\s+(?:have|sell|carry|stock)|got any|"
                         r"looking for|show me|recommend|suggest)\b", re.I)


def store_questions(parts: list[str], found: list[Understanding], role: str) -> list[Understanding]:
    """Each part of a message that asks the store a policy question, asked as one too when the router, trained on
    whole messages, could not place it alone: "how do i stop the texts" beside "how do i unsubscribe from the
    emails", "who do i contact" after a price-drop question, "can a paddleboard go to maui" beside shipping to
    Hawaii. Cut from its message a part loses the words that made it a policy question; its sibling keeps them."""
    if role == "merchant" or not any(st.tool == "search_policies" for u in found for st in u.steps):
        return found
    out = []
    for part, u in zip(parts, found):
        unsure = (u.route == "search" and u.confidence < UNSURE_SEARCH and not u.focus and not u.refine
                  and [st.tool for st in u.steps] == ["search_products"] and ASKS_STORE.match(part)
                  and not WANTS_THING.search(part))
        # "does it cover the soles peeling off" after a warranty question: reviews 0.38 to the router, and a pair
        # of boots' reviews were summarised for a product nobody named
        unreviewed = u.route == "reviews" and not u.focus and not REVIEWS.search(part)
        if (not u.steps and u.route in UNROUTED) or unsure or unreviewed:
            query = policy_words(part)
            u = Understanding(route="policy", confidence=u.confidence, query=query,
                              steps=[Step(tool="search_policies", args={"query": query}, part=query)])
        out.append(u)
    return out


# What a shopper tells before asking ("I'm a Captain member.", "i live in honolulu."): the context of every question
TOLD_FIRST = re.compile(r"^(?:[^.?!]+[.!]\s+)+(?=\S)")
# ... unless what is told is a request of its own, the first question's subject: "I wish to unsubscribe from your
# emails. How long will it take? I should also like to know how long you retain my past orders" (d18 dev)
TOLD_WISH = re.compile(r"\bi\s+(?:wish|want|would\s+like|'d\s+like)\s+to\s+(?!know\b)", re.I)


def _told(text: str) -> str:
    """What `text` tells before its first request, if that is context and not a request of its own."""
    m = TOLD_FIRST.match(text)
    return m.group(0) if m and not TOLD_WISH.search(m.group(0)) else ""


def self_contained(text: str, parts: list[str], found: list[Understanding]) -> list[Understanding]:
    """The policy questions of a message, each searched with what the others said: "can I cancel a pre-order, and
    when do you charge me for it" -> "... charge me for a pre-order". Cut apart, the second searched for "it" and
    found the wrong rule; the policy search's own cut lends each question the thing it leans on, so the parts
    take its questions when it cuts the message the same number of ways. A query the understanding step wrote
    itself (a product's department from the conversation, a story's act) is kept."""
    if len(found) < 2:
        return found
    if any([st.tool for st in u.steps] != ["search_policies"] for u in found):
        return told_to_policy_parts(parts, found)
    clauses = split_clauses(text)
    if len(clauses) != len(found) or any(not _as_said(p, u) for p, u in zip(parts, found)):
        return told_to_policy_parts(parts, found)  # "I reside in Zurich ...": the cut differs, the context does not
    told = _told(clauses[0])
    return [_asked(u, policy_words(f"{told}{clause}" if n and told and not clause.startswith(told) else clause))
            for n, (clause, u) in enumerate(zip(clauses, found))]


def told_to_policy_parts(parts: list[str], found: list[Understanding]) -> list[Understanding]:
    """What a message tells before its first request is the context of its policy questions too: "We are driving up
    to Alaska to go camping in June. I need a lantern, and do you even ship up there?" searched "do you even ship up
    there" without Alaska (d15 dev)."""
    if not (told := _told(parts[0])):
        return found
    return [found[0], *(_asked(u, policy_words(f"{told}{p}"), u.steps[0].part)
                        if [st.tool for st in u.steps] == ["search_policies"] and _as_said(p, u) else u
                        for p, u in zip(parts[1:], found[1:]))]


def _as_said(part: str, u: Understanding) -> bool:
    """Whether a policy search asks the part as the shopper said it (not a query the understanding step wrote)."""
    return u.steps[0].args["query"] in (part, policy_words(part))


def _asked(u: Understanding, query: str, part: str | None = None) -> Understanding:
    """`u`, its one policy search asking `query` (shown under `part`, the query itself by default)."""
    return u.model_copy(update={"query": query, "steps": [u.steps[0].model_copy(
        update={"args": {**u.steps[0].args, "query": query}, "part": part or query})]})


CARRIED = re.compile(r"\s+\([a-z ]+\)\s*$")  # the names `carried` lends a question, at its end


def carried(found: list[Understanding], s) -> list[Understanding]:
    """The message's policy questions, a later one naming no place or programme searched with the one an earlier one
    named (`PolicyRetriever.carried`); each is still shown as the shopper asked it."""
    asks = [n for n, u in enumerate(found) if [st.tool for st in u.steps] == ["search_policies"]]
    if len(asks) < 2:
        return found
    out = list(found)
    for n, query in zip(asks, s.policies.carried([found[n].steps[0].args["query"] for n in asks])):
        if query != out[n].steps[0].args["query"]:
            out[n] = _asked(out[n], query, out[n].steps[0].part)
    return out
