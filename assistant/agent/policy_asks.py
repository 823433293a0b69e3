"""Policy questions in a shopper's words: which words ask a policy question, and the question put in the store's
words before the policy search reads it ("swap" -> "exchange", "if I don't like the sound" -> "if I don't like
it"), two policy topics over one product as two questions, the act a "that" points back to, and a policy question
told as a story ("can I return it after one camping trip if he hates it") asked so the policy search answers it.

Split from `understand.py`, which routes a message; this module only reads and rewrites policy questions.
"""

from __future__ import annotations

import re

from assistant.agent import listing
from assistant.agent.references import Context, topic_of, topic_query, without_references
from assistant.agent.wording import (ASKS, ASKS_FOR_THING, FOLLOWUP, QUESTION_START, REVIEWS, after_small_talk,
                                     followup_core)
from assistant.retrieval.clauses import ask_again, new_thing

# "can i trade em for a shorter size": an exchange (not a trade-in: "trade in my old phone for credit")
TRADE = (r"trad(?:e|ing)\s+(?:(?:it|them|em|'em|these|those|this|that|(?:the|my|these|those|this|that)(?:\s+\w+){1,2})"
         r"\s+)?for")
# "is that covered", "can i send it to her in toronto": the warranty page says "covered by", and sending a thing to
# someone is shipping it (but "covered in sequins" is a product's look)
POLICY_WORDS = re.compile(rf"\b(return\w*|refund\w*|warrant\w*|ship\w*|exchang\w*|swap\w*|{TRADE}|"
                          r"(send|bring|take|give) (\S+ ){0,3}?back|deliver\w*|arriv(?:e|es|ed|ing)|guarantee\w*|restocking|"
                          r"money back|expedit\w*|overnight|"
                          r"get (?:it|them|this|that|these|those) (?:to (?:me|us)|here)|"  # how fast can u get it here
                          r"covered(?!\s+(?:in|with)\b)|coverage|"
                          r"send (?:it|them|that|this|one|these|those) to)\b", re.I)
# How the store does a thing whatever the product: "how do i claim it", "do you price match if i find it cheaper"
# (asked with the product's kind, the search found its department's warranty row instead)
STORE_PROCESS = re.compile(r"\b(?:claim\w*|price[- ]?match\w*|match (?:the|a|their|your) price|price adjust\w*|"
                           # a price that falls after the order is the price-adjustment page's ("what if the price
                           # drops after i buy it" asked the product's details for its price)
                           r"price (?:drops?|dropped|goes down|went down|falls?|fell|gets? (?:lowered|reduced|cut))|"
                           r"(?:go|goes|went|going) on sale)\b", re.I)
# Paying is the order's, never the product's: "what cards do you take for it" asked the jacket's listing, and "can i
# pay for it in installments" with the coat named was declined. Only when the message names nothing to search by:
# "i don't want to pay more than 50" is a budget.
PAYING = re.compile(r"\b(?:pay(?:ing|ment|ments)?|paypal|afterpay|klarna|installments?|(?:what|which|any)\s+cards?|"
                    r"(?:credit|debit)\s+cards?|apple pay|google pay)\b", re.I)

# A question's mark or word (shoppers' spellings too): a part with none of them and no policy word ("leather
# wallet", "red dress under $100") is a product search (see may_ask_policy)
MAY_ASK = re.compile(r"\?|\b(?:can|could|will|would|should|may|do|does|did|is|are|am|was|were|how|what|what's|whats|"
                     r"wat|wats|which|when|where|why|who|if|r|help|pls|please)\b", re.I)


def may_ask_policy(part: str) -> bool:
    """Whether a policy search may follow the part: a question, or a policy's word. Only speed depends on it: the
    understanding step embeds what a policy search would embed (the department variant, the policy wording) with
    the part in one pass, which costs a product search ~4.5 ms of CPU for nothing; a policy question this misses
    embeds those texts in its search, the same vectors one pass later. On the dev conversations and the bench's
    messages (2026-12-05) it missed no policy turn and spared 150 of 184 product parts."""
    return bool(MAY_ASK.search(part) or POLICY_WORDS.search(part) or STORE_PROCESS.search(part))


ACT_NOUN = {"return": "a return", "exchange": "an exchange", "cancel": "a cancellation", "change": "a change"}
THAT = re.compile(r"\b(?:that|this)\b(?!\s+(?:one|ones|item|product|\w+\s+one)\b)", re.I)

# "for that", "to do that": the act the last policy question asked about ("can i exchange it ...", "how long for that")
THAT_ACT = re.compile(r"\b(?:for|to do|about)\s+(?:that|this|it)\b", re.I)
ACT = re.compile(r"\b(return|exchange|cancel|change)\b", re.I)

# The shopper's reason names a property of the product, which no policy speaks of: "can I return it if I don't like
# the sound" asks what "if I don't like it" asks (the unknown word "sound" made the policy search decline).
REASON = re.compile(r"\b((?:if|because|since|cause|cuz|coz|as)\s+(?:i|we)\s+(?:don'?t|do not|didn'?t|did not)\s+"
                    r"(?:like|love|want))\s+(?!it\b|them\b)[^?.!,;]+", re.I)
# Shoppers' words the policies never use, in the store's words: "can i swap for a diff size" was declined ("diff" is
# in no policy) where "can i exchange for a different size" is answered.
STORE_WORDS = {"swap": "exchange", "swapped": "exchanged", "swapping": "exchanging", "diff": "different"}
# A size asked for by name is "a different size" to the policies: "can i swap it for a small" was declined ("small"
# is in no policy sentence about exchanges), where "for a diff size" was answered.
SIZE_WANTED = re.compile(r"\b(for|to|into)\s+(?:an?\s+|the\s+)?(?:(?:x+-?)?(?:small|medium|large)|smaller|bigger|larger|"
                         r"xs|xl|xxl)(?:\s+(?:one|size))?\b"  # not a bare "s"/"m"/"l": "ship to L.A."
                         # the size wanted, not a thing's ("treasurer for a small parish charity")
                         r"(?=\s*(?:$|[,.;:!?)]|(?:instead|and|or|please|pls|if|but|because|since|as|so|then|for|in|"
                         r"from|without|w|with|than)\b))", re.I)

_POLICY_TOPIC = r"(?:return\w*|refund\w*|warrant\w*|ship\w*|exchang\w*|deliver\w*)"
# "the return window and warranty on the 2nd one": two policy topics over one product
TWO_TOPICS = re.compile(rf"^(?P<head>.*?)(?P<a>\b{_POLICY_TOPIC}(?:\s+\w+)?)\s+(?:and|&)\s+(?:the\s+|ur\s+|your\s+)?"
                        rf"(?P<b>{_POLICY_TOPIC}(?:\s+\w+)?)\s+(?P<tail>(?:for|on|of|with|about)\b.+)$", re.I)


def policy_pair(text: str) -> list[str]:
    """Two policy topics asked of one product, one question for each: "whats the return window and warranty on the
    2nd one" -> "whats the return window on the 2nd one", "whats the warranty on the 2nd one" (each is answered for
    the product's department; one search found both sections but answered them as one). Asked only when the
    conversation has products, so a question that names its own thing is split as before."""
    m = TWO_TOPICS.match(text.strip())
    if not m or re.search(r"\b(?:i|we|you|u)\s*$", m.group("head"), re.I):
        return []  # "can i return and exchange it for ..." uses them as verbs: one question
    head, tail = m.group("head"), m.group("tail").rstrip(" ?!.")
    return [f"{head}{m.group('a')} {tail}", f"{head}{m.group('b')} {tail}"]


def the_act(core: str, ctx: Context) -> str:
    """A policy follow-up whose "that" is the act the last policy question asked about, asked on its own: "how
    long do i have for that" after "can i exchange it" -> "how long do i have to exchange dresses"; "is that free"
    -> "is an exchange free" (glued to the last question, the writer quoted the last answer again); "" when the
    last question named no act."""
    act = ACT.search(ctx.last_policy_query)
    verb = act.group(1).lower() if act else act_of(ctx.last_policy_query)  # "can i send them back": a return
    if verb not in ACT_NOUN:
        return ""
    query = THAT_ACT.sub(f"to {verb} {ctx.topic.label if ctx.topic else 'it'}", core)
    return THAT.sub(ACT_NOUN[verb], query, count=1).strip(" ?!.")


def policy_words(query: str) -> str:
    """A policy question in the store's words: "can I swap it if I don't like the sound" -> "can I exchange it if I
    don't like it" (see REASON and STORE_WORDS); "doesn't" written out ("doesn" is a word no policy uses, and a
    question with one such word in four is declined)."""
    query = REASON.sub(lambda m: f"{m.group(1)} it", query)
    query = SIZE_WANTED.sub(lambda m: f"{m.group(1)} a different size", query)
    query = NOT.sub(lambda m: f"{m.group(1)} not", query)
    query = query if MONEY_SENT.search(query) else SEND.sub("ship", query)
    query = PAID_FOR.sub(lambda m: m.group(1), query)
    query = GOT_THERE.sub(lambda m: f"{m.group(1)} shipped ", query)
    query = CARD.sub(lambda m: f"{m.group(1)}credit {m.group(2)}", query)
    query = re.sub(rf"\b(?={TRADE}\b)trad(e|ing)\b", lambda m: "exchange" if m.group(1) == "e" else "exchanging", query,
                   flags=re.I)
    return re.sub(rf"\b({'|'.join(STORE_WORDS)})\b", lambda m: STORE_WORDS[m.group(1).lower()], query, flags=re.I)


# the negations whose stem is a word of four letters or more ("doesn", "didn"): "don't" and "isn't" leave no such word
NOT = re.compile(r"\b(does|did|are|was|were|has|have|had|would|could|should)n'?t\b", re.I)
# A card, to a shopper, is the one they pay with: "what cards can i use" weighed gift cards against payment methods
# (the policy search's gate 0.33, declined), "what credit cards can i use" is answered (0.51). "the gift card" stays.
CARD = re.compile(r"\b((?:what|which|my|your|a|any|the|by|with|of|debit or)\s+)(cards?)\b", re.I)
# Getting a thing somewhere or fast is shipping it: "can i get the nail polish overnight" was declined, "can i get
# nail polish shipped overnight" quotes the ground-only rule; "how fast can you get it to me" likewise.
GOT_THERE = re.compile(r"\b(get\s+(?!(?:an?\s+|my\s+|the\s+)?(?:refund|credit|exchange|replacement|discount|code|"
                       r"points|money|answer|reply|label)\b)"
                       r"(?:it|them|this|that|these|those|\w+(?:\s+&)?(?:\s+\w+){0,2}?))\s+"
                       r"(?=(?:overnight|expedited|express|to me|to us|by (?:\w+day|tomorrow))\b)", re.I)
# What a shopper pays for is the order: "can i pay for it in installments" was declined (gate 0.32), "can i pay in
# installments" is answered (0.43), and naming the coat did not help (0.22)
PAID_FOR = re.compile(r"\b(pay(?:ing)?)\s+for\s+(?:it|them|this|that|these|those)(?:\s+ones?)?\b", re.I)
# The shopper's own order: placing it, changing it, when it ships. The order pages answer whatever the product ("i
# just ordered it 5 min ago, can i change it" asked the speaker's listing; "if i order now when does it ship" with
# the sunglasses named quoted their return window). Returns, exchanges and warranty still go by the product's kind.
ORDER_TALK = re.compile(r"\b(?:i|we)\s+(?:just\s+|already\s+)?(?:ordered|placed|bought|purchased)\b|"
                        r"\b(?:my|our)\s+(?:order|package|parcel|delivery|shipment)\b|\bif\s+(?:i|we)\s+order\b|"
                        r"\border(?:ed)?\s+(?:it\s+|them\s+)?(?:now|today|tonight|yesterday)\b", re.I)
# "send it to her in toronto" is shipping; "send it back" a return
SEND = re.compile(r"\bsend\b(?!\s+(?:\S+\s+){0,3}?back\b)", re.I)
# ... but money is sent, not shipped: "once i ask for the price difference how fast do u actually send it"
MONEY_SENT = re.compile(r"\b(?:refund\w*|money|difference|cash|reimburs\w*|adjustment)\b", re.I)

# A policy question told as a story: the shopper's situation in a condition ("if he hates it", "say the enamel
# chips", "even if i've washed them") and the act it asks about. The situation is in the shopper's words, which the
# policies rarely use ("trip", "hates", "dies"): asked as it is, the policy search declines a question it can answer.
CONDITION = re.compile(r"\b(?:if|in case|suppos\w+|unless|even though|although)\b"
                       r"|(?:^|[,.;:!?]\s*)(?:\w+\s+)?say\s+(?:i|we|it|they|my|the|he|she)\b", re.I)
# Something failing is what the warranty page covers ("zippers that break", "a charger that stops charging"): the act
# a story with no act word asks about ("and if the zipper breaks in a few months?").
FAILS = re.compile(r"\b(?:break|breaks|broke|broken|dies|died|dead|stops?\s+\w+ing|stopped\s+\w+ing|quits?\s+working|"
                   r"crack\w*|chips|chipped|tears|tore|torn|rips|ripped|(?:falls?|fell|comes?|came)\s+(?:apart|off)|"
                   r"peel\w*|fails?|failed|malfunction\w*|defect\w*|faulty|stuck|jams?|jammed|leak\w*|snaps?|snapped|"
                   r"fray\w*|(?:does ?n[o']?t|won'?t|will not|not)\s+(?:work|charge|turn on|heat|close|zip)\w*)\b",
                   re.I)
ACTS = [("exchange", re.compile(rf"\b(?:exchang\w*|swap\w*|{TRADE})\b", re.I)),
        ("return", re.compile(r"\b(?:return\w*|refund\w*|(?:send|bring|take)\s+(?:\S+\s+){0,3}?back|money back)\b",
                              re.I)),
        ("warranty", re.compile(r"\b(?:warrant\w*|guarantee\w*|covered(?!\s+(?:in|with)\b)|coverage)\b", re.I)),
        ("shipping", re.compile(r"\b(?:ship\w*|deliver\w*|arriv(?:e|es|ed|ing)|send|expedit\w*|overnight)\b", re.I)),
        ("warranty", FAILS)]
# The act, asked in the policies' own words: first leading the story, then alone (the question the story is about)
ANCHORED = {"exchange": "exchange {}", "return": "return {}", "warranty": "warranty for {}", "shipping": "ship {}"}
ALONE = {"exchange": "can i exchange {}", "return": "can i return {}", "warranty": "warranty for {}",
         "shipping": "shipping for {}"}


def act_of(text: str) -> str:
    """The policy act a question asks about ("return", "exchange", "warranty", "shipping"); "" for none."""
    return next((act for act, pattern in ACTS if pattern.search(text)), "")


def story_act(part: str) -> str:
    """The act a policy question told as a story asks about: "can I return it after one trip if he hates it" ->
    "return", "if the keyboard dies am I covered" -> "warranty"; "" when the part tells no story."""
    return act_of(part) if CONDITION.search(part) else ""


def store_question(question: str, act: str, label: str, answers) -> str:
    """The story's question as the policy search can answer it: as told when it can (`answers(query)`), else led by
    its act in the policies' words ("warranty for keyboards if the keyboard dies ..."), else the act alone on the
    product type ("can i return sleeping bags"): a general answer rather than none."""
    tries = [question, f"{ANCHORED[act].format(label)} {question}", ALONE[act].format(label)]
    return next((q for q in tries if answers(q)), question)


# "even if ive washed them?", "and if it's on sale?" right after a policy answer: the condition of that question;
# "if it arrives damaged can i get a new one" asks its own question after the condition (OWN_QUESTION)
OWN_QUESTION = re.compile(r"\b(?:can|could|will|would|should|do|does|am|is|are)\s+(?:i|we|you|u|it|they|she|he)\b",
                          re.I)
CONDITION_ONLY = re.compile(r"^\W*(?:(?:and|but|ok|okay|so|what|even|only)\W+)*(?:if|unless)\b", re.I)


# How late a failure comes ("after a year", "in a few months"): whether the warranty still runs is its length
LATER = re.compile(r"\b(?:after|in|within|over|for)\s+(?:a|an|one|two|three|\d+|a few|few|several|a couple(?: of)?)\s+"
                   r"(?:days?|weeks?|months?|years?)\b|\bnext year\b", re.I)
WARRANTY_NAMED = re.compile(r"\bwarrant\w*", re.I)  # "how long is the warranty on boots": asked in the page's words
HOW_LONG = re.compile(r"\bhow (?:long|many days)\b", re.I)


# A story told condition first ("if i wash them and hate them can i still return them"): the condition, then the
# question it leads to; the words before the "if" tie it to the conversation ("and", "ok")
LEADING_CONDITION = re.compile(r"^\W*(?:(?:and|but|so|ok|okay)\W+)*(?=(?:if|in case)\b)", re.I)
WH_BEFORE = re.compile(r"\b(?:how|what|when|where|why|which|who)\b(?:\s+(?:long|much|many|soon|fast))?\s*$", re.I)
FIRST_SENTENCE = re.compile(r"^.*?(?:[?!.]+\s+|$)", re.S)


def question_first(part: str) -> str:
    """A story's question before its condition: "if i wash them and hate them can i still return them" -> "can i
    still return them if i wash them and hate them". Told condition first, the product's name went into the
    condition ("if i wash bed sheets ...": `topic_query` names the first "them") and the answer quoted the return
    window; the question first names what is asked about, and its condition stays whole. Only the first sentence
    is reordered ("if it doesnt fit can i send it back? how long do i have" keeps its second question)."""
    lead = LEADING_CONDITION.match(part)
    first = FIRST_SENTENCE.match(part).group(0)
    ask = OWN_QUESTION.search(first, lead.end()) if lead else None
    if not ask:
        return part
    start = wh.start() if (wh := WH_BEFORE.search(first, lead.end(), ask.start())) else ask.start()
    condition = part[lead.end():start].strip(" ,;-")  # "... how do i send it back": the "how" is the question's
    return f"{first[start:].rstrip(' ?!.')} {condition}? {part[len(first):]}".strip() if condition else part


def story_query(part: str, refs: list, ctx: Context, s) -> str:
    """The policy search for a question told as a story about the conversation's product ("can I return it after
    one camping trip if he hates it", "and if the zipper breaks in a few months?"), or for a condition added to
    the last policy question ("even if I've washed them?"), in words the policy search answers; "" for neither."""
    topic = topic_of(refs, s) if refs else ctx.topic
    act = story_act(part) if topic else ""
    question = policy_words(topic_query(question_first(part), topic)) if act else ""
    if (not act and ctx.prev_route == "policy" and ctx.last_policy_query and CONDITION_ONLY.match(part)
            and not OWN_QUESTION.search(part)):
        act, question = act_of(ctx.last_policy_query), f"{ctx.last_policy_query}? {policy_words(part)}"
    if not act:
        return ""
    label = topic.label if topic else "it"
    if act == "warranty" and (LATER.search(part) or (HOW_LONG.search(part) and not WARRANTY_NAMED.search(part))):
        # "if it stops heating after a year is that covered", "how long is that one covered if it stops heating":
        # how long the warranty lasts (the examples of what it covers answered no "how long")
        question = f"how long is the warranty for {label}? {question}"
    elif act in ("return", "exchange") and HOW_LONG.search(part) and (cond := CONDITION.search(question)):
        # "how long do i have to return them if they dont fit": whether it can, and by when
        question = f"{ALONE[act].format(label)} {question[cond.start():]}? how long do i have to {act} {label}"
    return store_question(question, act, label, lambda q: answers(q, s))


def listing_silent(question: str, product_id: str, s) -> bool:
    """Whether the product's listing and reviews say nothing about the question (then it is no product question)."""
    p = s.catalog.products.get(product_id)
    if p is None:
        return True
    said = listing.answer(question, p.title, p.attributes, p.description,
                          [r.text for r in s.catalog.reviews.get(p.id, [])])
    return not (said.attributes or said.listing or said.reviews)


def answers(query: str, s) -> bool:
    """Whether the policy search finds a passage that answers this query (the search the tool will run)."""
    hits = s.policies.search(s.embedder.encode_query(query), k=s.settings.policy_top_k, query=query)
    return s.policies.answerable(query, hits, s.settings.answer_min_score)


def pays_only(part: str, s) -> bool:
    """A question about paying that names nothing a product search could go by (its references left out): "what
    cards do you take for it", "can i pay for the 2nd one with paypal"; not "i don't want to pay more than 50"."""
    return bool(PAYING.search(part)) and s.rewriter.rewrite(without_references(part)).is_empty()


def about_another(part: str, ctx: Context) -> str:
    """"what about alaska, how long does that take" after "can it ship to a po box": the last question about another
    thing, then what is asked of it ("can it ship to alaska? how long does that take"; glued to the last question
    whole, the PO-box answer came again); "" when it names no other thing."""
    head, _, rest = part.partition(",")
    prep, thing = new_thing(head) if rest.strip() else ("", "")
    return f"{ask_again(ctx.last_policy_query, prep, thing).rstrip(' ?')}? {rest.strip()}" if thing else ""


SURE = 0.8  # router confidence above which a short follow-up may still change topic
# A policy question the router was unsure of ("How much do I have to spend in a year to become a Captain?": other
# 0.40, policy 0.35; "need it by tomorrow lol how much is overnight": other 0.37, policy 0.19) was refused as out of
# scope. Where policy is a runner-up at least this likely and the policies answer it, it is a policy question.
POLICY_RUNNER_UP = 0.1


# Words of a message that wants a person or to complain, not an answer: the hand-off stays. A question without them
# that the router sent to the hand-off ("can i sue you guys": hand-off 0.50, policy 0.30; "who runs the arbitration")
# is one the policies may answer (the terms of sale's disputes clause), as it was asked.
WANTS_PERSON = re.compile(r"\b(?:person|human|(?:some|any|no)(?:one|body)|agent|representative|rep|manager|"
                          r"supervisor|staff|people|customer\s+(?:care|service)|call|phone|talk|speak|ticket|"
                          r"complain\w*|ridiculous|unacceptable|angry|furious|fed\s+up)\b", re.I)


def policy_unrouted(part: str, route: str, conf: float, scores: dict[str, float], pointed: bool, s,
                    rerouted: bool = False) -> str:
    """The route, or "policy" for a message the router put out of scope, at reviews with no product pointed at
    and no word of reviews ("My tracking hasn't moved in a week" read a mouse's reviews), or at a search for a
    thing the store does not sell ("is there some little treat for Harbor Rewards members around my birthday" was
    "We don't carry little treat"), that the store's policies answer (`PolicyRetriever.answerable`, the policy
    tool's own decision). `rerouted`: the router gave a shopper's message a merchant's tool (`shoppers_route`), so
    its runner-up scores say little ("which brands are excluded from promos": classify, insights, then search):
    the policies may answer it, unless it asks for things ("do you carry ..."). A question at the hand-off with no
    word of a person or a complaint (`WANTS_PERSON`) may be one the policies answer too ("can i sue you guys")."""
    misread = rerouted and not ASKS_FOR_THING.search(part)
    if route == "handoff" and (not ASKS.search(part) or WANTS_PERSON.search(part)):
        return route  # a call for a person, a complaint told: the hand-off
    # "who else gets to see my home address besides you guys": other 0.64, policy 0.04, and the privacy page answers
    # (a question from its first word: "He like the red colour. You have in red?" refines a search)
    asked = route == "other" and bool(re.match(rf"\s*{QUESTION_START}\b", part, re.I))
    if route not in ("other", "reviews", "search", "handoff") or conf >= SURE \
            or (scores.get("policy", 0.0) < POLICY_RUNNER_UP and not misread and not asked):
        return route
    if route == "reviews" and (pointed or REVIEWS.search(part)):
        return route
    wanted = followup_core(after_small_talk(part, FOLLOWUP))  # as `understand._routed` reads "ok how about lipstick"
    if route in ("other", "search") and (pointed or s.types.backed(wanted, s.embedder)[1]):
        return route  # a product type the store sells is a search
    if route == "search" and not misread and _still_search(part, s):
        return route
    hits = s.policies.search(s.embedder.encode_query(part), k=s.settings.policy_top_k, query=part)
    return "policy" if s.policies.answerable(part, hits, s.settings.answer_min_score) else route


def _still_search(part: str, s) -> bool:
    """A search for a thing the store sells, or a refinement naming none ("in navy"); a question naming no thing
    ("the size i want is sold out, what now") the policies may answer instead."""
    carried, named = s.types.carried(part, s.embedder)
    return carried and (bool(named) or not ASKS.search(part))
