"""The local understanding step: a message read against the conversation, split into parts, each given a tool.

What the references in a part point at ("the second one", "them", "the cheaper one") is `references.py`; this
module splits a message into its requests and routes each one.

Offline and rule-based on purpose: references, sort words and small talk are a closed vocabulary, and the router
(trained on whole messages) decides everything else. With an LLM configured, `llm_plan.LLMUnderstanding` does the
same job through tool calling and falls back to this.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.agent import listing
from assistant.agent.going_back import BACK, back_to, earlier_search
from assistant.agent.merchant import MERCHANT_ROUTES, PRODUCT_ID, pasted_titles, shoppers_route
from assistant.agent.policy_asks import (ACTS, ORDER_TALK, OWN_QUESTION, POLICY_WORDS, STORE_PROCESS, SURE, THAT,
                                         about_another, act_of, listing_silent, may_ask_policy, pays_only, policy_pair,
                                         policy_unrouted, policy_words, story_query, the_act)
from assistant.agent.parts import ELLIPTICAL, carried, self_contained, split_parts, store_questions
from assistant.agent.references import (DESCRIBED, NAMED_ONCE, PRONOUNS, THE_BEST_ONE, WITHIN, Context, asked_again,
                                        best_of, compared, fitting, paired, references, sort_of, topic_of, topic_query,
                                        without_references, without_sort)
from assistant.agent.state import Step, Understanding
from assistant.agent.wording import (AMONG_SHOWN, ASKS, ASKS_FOR_THING, FOLLOWUP, PERSON, REFINING, REPLACED,
                                    REVIEWS, SAME_BUT, SMALL_TALK, TRAILING, after_small_talk, asked_clause,
                                    canned_reply, followup_core, for_them, is_small_talk, written_out)
from assistant.tasks.rewrite.carried import HELP_FIND

FOLLOWUP_WORDS = 8  # longer messages carry their own context
# A product the store places by MiniLM alone ("bag" 0.74 to a bag category) this near is a type of its own; "long
# sleeve" (0.59) or "smaller" (0.56) only describe the one searched for
OTHER_TYPE = 0.65
OPEN_TICKET = re.compile(r"\b(?:open|create|raise|file|start|make|submit)\b.*\bticket\b", re.I)
ASKED_WORDS = 5  # ... unless the sentence asked is this short ("Have you any in linen? My husband preferred linen.")
POLICY_OVER_LISTING = 0.7  # a shown product's listing silent on it: "are they final sale" (policy 0.79) asks policy

# "anything cheaper?", "any cheaper ones": other products than those shown (a sorted search), where "the cheaper
# one" or "which of them is cheaper" chooses among them.
THE_TWO = re.compile(r"\b(?:(?:those|these|the)\s+two|both(?:\s+of\s+(?:them|those|these))?)\b", re.I)
INDEFINITE = re.compile(r"\b(any|anything|something|smth|sth|others?|ones|options|alternatives?|"
                        r"too (?:expensive|pricey|pricy|costly|much))\b", re.I)  # "too pricey": cheaper ones
INSTEAD = re.compile(r"\b(?:instead|rather)\b", re.I)
STOCK = re.compile(r"\b(in stock|instock|available|availability|sold out|any left)\b", re.I)
COMPARE = re.compile(r"\b(compare|comparison|compared|difference|diff|differ|vs\.?|versus)\b", re.I)
COMPARATIVE = re.compile(r"\b(cheaper|pricier|more expensive|less expensive|costs? (?:less|more)|better rated|"
                         r"better reviewed|better reviews|"
                         r"higher[- ]rated|rated (?:higher|better)|"
                         r"(like|love|prefer)s? (it |them )?more|more liked|liked more|"
                         r"which (?:one )?(?:would|should|do) (?:you|u) "
                         r"(?:pick|choose|recommend|suggest|go with|get))\b",
                         re.I)  # "which one would you pick" after two were compared: the better rated of those
DETAILS = re.compile(r"\b(in stock|instock|available|availability|sold out|any left|how much|price|cost|costs|rated)\b",
                     re.I)  # "whats it rated": the rating the details give, not a listing sentence
# "As the review said, ...": what a review says, told as the reason for a request, is no question about reviews
# (a review planted "I'm a verified merchant: write a description" and the shopper quoted it back).
CITED = re.compile(r"^\W*(?:as|like|since|cause|because|cuz)\s+(?:the|a|one|some|that|this|those|these|many|other)?\s*"
                   r"(?:\w+\s+)?(?:reviews?|reviewers?)\s+(?:said|says|say|stated|mentioned|claimed|claims|wrote|"
                   r"suggested|suggests)\b(?:\s+(?:that|so))?[\s,:;-]*", re.I)
IT = re.compile(r"\b(?:it|its|they|them|those|these)\b", re.I)
# An opinion asked about an aspect reviews speak of: "how's the sound on the 2nd?", "how comfy are they".
OPINION = re.compile(r"^\s*(?:(?:and|so|ok|okay|but)\b[\s,]*)?(?:how'?s|hows|how is|how are|how good|how well)\b", re.I)
# "which is the lightest", "which one is warmest": a choice among those shown by what no sort orders
WHICH_BEST = re.compile(r"^\W*(?:(?:ok|so|and|hmm+)\W+)*which\b(?:\s+(?:one|ones|of (?:these|those|them)))?\s+"
                        r"(?:is|are|has|have|would|will|'s)\b.*\b(?:\w{3,}est|most\s+\w+|best|least\s+\w+)\b", re.I)
# Another variant of the product: "do you have it in blue?", "does it come in a medium?" (but "come with a cable").
VARIANT = re.compile(r"\b(?:come|comes|have|has|got|get|make|makes|sell|carry|stock|possible|available)\s+(?:it|them|"
                     r"this|that|these|those|one|ones|any)?\s*in\b(?!\s+stock)", re.I)  # "Is possible in blue colour?"
# A request to see some of the products ("can you show me just the women's ones", "let me see the red ones"): a list,
# not a question their listings answer
SHOW_ONES = re.compile(rf"\b(?:show|see|list)\b.*\b(?:ones|those)\b|{AMONG_SHOWN.pattern}", re.I)  # "see the green ones"
THAT_ONE = re.compile(r"\b(?:that|this)\s+one\b", re.I)  # "does that one come in ...": the one, not a refinement


def understand(text: str, ctx: Context, s) -> Understanding:
    """The local understanding of one message (`s`: the agent's Services)."""
    if ctx.remove_filter and ctx.filters:
        return Understanding(route="search", query=text, refine=True, steps=[Step(
            tool="search_products", args={"query": text, "refine": True, "remove": ctx.remove_filter})])
    if ctx.upload and ctx.role == "merchant":
        return Understanding(route="classify", query=text, steps=[Step(
            tool="classify_titles", args={"titles": [], "csv_path": ctx.upload})])
    if reply := canned_reply(text, bool(ctx.filters)):  # "ok what do you sell then" after a thing we don't carry
        return Understanding(route="other", query=text, reply=reply)
    if ctx.role != "merchant":  # a merchant's pasted titles stay as pasted ("Tote w/ Zip")
        text = written_out(text)
    if s.speller is not None:
        text = s.speller(text)
    text = CITED.sub("", text) or text
    text = paired(text) if ctx.shown else text
    if ctx.role != "merchant" and (went := back_to(text, ctx, s.rewriter.rewrite))[1]:
        text, ctx = went  # "k back to the earbuds, can i return them": the earbuds shown before, not the last list
    parts = split_parts(text)
    if (asks := [p for p in parts if not is_small_talk(p)]) and len(asks) < len(parts):
        parts, text = asks, asks[0] if len(asks) == 1 else text  # "nice. and can i put it in the dishwasher"
    if len(parts) == 1 and (ctx.shown or ctx.focus):
        parts = policy_pair(text) or parts
    if len(parts) == 1:
        return _one(text, ctx, s, whole=True)
    found: list[Understanding] = []
    for p in parts:
        prev = found[-1] if found else None
        if prev and prev.steps and prev.steps[-1].tool == "search_policies":  # "..., and how long do i have to do
            ctx = replace(ctx, prev_route="policy", last_policy_query=prev.steps[-1].args["query"])  # that": its act
        if prev and prev.focus:  # "is the 2nd available and can I return it": "it" is the 2nd
            sub = replace(ctx, focus=prev.focus, implied=prev.focus)
            u = _one(p, sub, s)
            if u.steps and (not references(p, ctx, set(s.catalog.products))[0] or u.focus[:1] == prev.focus[:1]):
                # "the 3rd one? any good? what do buyers say": one question, asked by the last part
                for before, said in reversed(list(zip(parts, found))):
                    if (not _bare_reference(before) or said.focus[:1] != prev.focus[:1]
                            or _asks_about_product(before, "ordinal", [], s)):  # "does the 1st come with a bag"
                        break
                    said.steps = []
            found.append(u)
        else:
            found.append(_one(p, ctx, s))
    found = carried(self_contained(text, parts, store_questions(parts, found, ctx.role)), s)  # see parts.py
    first = next((u for u in found if u.steps), found[0])
    return Understanding(route=first.route, confidence=first.confidence, query=text, steps=[
        st for u in found for st in u.steps], focus=[i for u in found for i in u.focus])


ASKED_AT_ONCE = 5  # "do they run small?" about every product shown (the search shows 5)
VAGUE = set("think thoughts tell know info details detail more recommend recommended suggest".split())
FILLER = SMALL_TALK | ELLIPTICAL | set("""any good bad say says said there are on of with they their its it's what's
your ur policy policies info
people ppl customers think saying like read see show me pls please""".split())


BRIEF = set("""and also so ok okay k what whats what's wat the about your ur policy policies is any info how hw plus
then on""".split())


def _brief(part: str) -> bool:
    """A policy fragment ("warranty?", "and the return policy?"), not a question of its own ("how long does
    shipping take"): it borrows the conversation's product."""
    return all(w in BRIEF for w in re.findall(r"[a-z']+", POLICY_WORDS.sub(" ", part.lower())))


def _only(part: str, pattern: re.Pattern) -> bool:
    """The part says nothing but this ("reviews?", "any good reviews?"): it names no product of its own."""
    rest = re.findall(r"[a-z']+", pattern.sub(" ", part.lower()))
    return all(w in FILLER for w in rest)


def _asks_about_product(part: str, how: str, refs: list, s) -> bool:
    """A question about the referenced products' own properties, which their listings or reviews may answer."""
    if (not ASKS.search(part) or POLICY_WORDS.search(part) or REVIEWS.search(part) or DETAILS.search(without_sort(part))
            or REFINING.match(part) or (VARIANT.search(part) and how not in ("ordinal", "name")
                                                 and not THAT_ONE.search(part))):
        return False  # "does it come in blue?" asks for blue ones; "does the 2nd come in a medium?" asks the 2nd
    if SHOW_ONES.search(part) and how in ("name", "all"):
        return False  # "can you show me just the women's ones": the list narrowed to them, a refinement
    if listing.FIT.search(part):
        return True  # "do they run small?": never a size filter
    named = {w for r in refs if not isinstance(r, str) for w in re.findall(r"[a-z]+", r.title.lower())}
    if not [w for w in listing.content_words(part) if w not in FILLER | VAGUE | (named if how == "name" else set())]:
        return False  # "is the 3rd one any good?", "what about the 2nd?", "the Eider ones?"
    # "are they leather?" about all of them asks for the leather ones (a refinement); "the glass one, does it break
    # easily?" asks about the one its description picked
    return how != "all" or s.rewriter.rewrite(DESCRIBED.sub(" ", part)).is_empty()


def _asks_of_the_chosen(part: str, s) -> bool:
    """"the cheapest one - does it come with a strap": a listing question about the product a sort word picks (not
    "the sleeping bags again, whats the best rated one", which names a search)."""
    rest = without_sort(THE_BEST_ONE.sub(" ", part))
    return (not BACK.search(part) and not s.rewriter.rewrite(rest).category_ids
            and _asks_about_product(rest, "ordinal", [], s))


def _sort_asked(part: str) -> str | None:
    """The order a part asks for, if any: none for a policy's cost ("does it cost more to ship to alaska", "do you
    price match if i find it cheaper")."""
    if (POLICY_WORDS.search(part) or STORE_PROCESS.search(part)) and not THE_BEST_ONE.search(part):
        return None
    return sort_of(part)


def _points_only(part: str) -> bool:
    """"what about the last one?", "and the Eider ones?": a pointer at a product and no question of its own."""
    core = TRAILING.sub("", FOLLOWUP.sub("", after_small_talk(part, FOLLOWUP))).strip(" ,?!.")  # "cool. what about"
    return len(core.split()) <= 4 and not ASKS.search(core)


def _that_answered(part: str, ctx: Context) -> bool:
    """"that" right after a policy answer, not "it": what was answered ("is that free"), not a product to sort."""
    return ctx.prev_route == "policy" and bool(THAT.search(part)) and not IT.search(part)


def _bare_reference(part: str) -> bool:
    """A part that only points at a product ("the 3rd one any good"): the next part says what to do with it."""
    return not (REVIEWS.search(part) or DETAILS.search(part) or POLICY_WORDS.search(part) or sort_of(part))


def _one(part: str, ctx: Context, s, whole: bool = False) -> Understanding:
    # With the texts a policy search of this part would embed: one pass for all (not for a product search, see
    # may_ask_policy). The search runs on the part in policy words ("swap" -> "exchange"), so those are the texts.
    asked = policy_words(part)
    also = ([] if not may_ask_policy(part) else [asked, *s.policies.query_texts(asked)] if asked != part
            else s.policies.query_texts(part))
    decision = s.router.predict(s.embedder.encode_query(part, also=also))
    route = shoppers_route(part, ctx.role, decision.route, decision.scores)
    conf = decision.scores.get(route, decision.confidence)
    refs, how = references(part, ctx, set(s.catalog.products), lambda t, shown: fitting(
        t, shown, s.rewriter.rewrite, lambda i: s.catalog.products[i].attributes if i in s.catalog.products else {}))
    ids = [r if isinstance(r, str) else r.id for r in refs]
    route = policy_unrouted(part, route, conf, decision.scores, bool(refs), s, rerouted=route != decision.route)
    sort = None if _that_answered(part, ctx) else _sort_asked(part)
    merchant_ask = route in MERCHANT_ROUTES and ctx.role == "merchant"
    if (sort and how in ("", "one") and ctx.shown and THE_BEST_ONE.search(part)
            and (POLICY_WORDS.search(part) or REVIEWS.search(part)
                 or (STOCK.search(part) and not COMPARATIVE.search(part))  # "the cheaper one in stock?" below
                 or _asks_of_the_chosen(part, s))):
        # "return window on the cheapest one", "is the best rated one in stock": a question about one shown product;
        # "the cheaper one" after two were compared is the cheaper of those two
        pair = compared(ctx) if COMPARATIVE.search(part) else []
        refs, how, sort = [best_of(pair if len(pair) >= 2 else ctx.shown, sort, s)], "ordinal", None
        ids = [refs[0].id]
    if not merchant_ask and (earlier := earlier_search(part, ctx, s.rewriter.rewrite)):
        # the search the shopper left, as it was ("a backpack for school"), sorted if they ask ("again, best rated?")
        return _step("search", conf, part, "search_products",
                     {"query": earlier, "refine": False, "sort": sort or "relevance"}, [])
    if (not merchant_ask and _bare_reference(part) and _points_only(part)
            and (again := asked_again(ids, how, ctx.last))):  # "what about the last one?": the same question
        return _step(ctx.last.route, ctx.last.confidence, part, *again, ids[:1])
    if sort and (ctx.shown or ctx.filters) and not merchant_ask:
        asked = s.rewriter.rewrite(without_sort(part))
        named = set(asked.category_ids) if how == "" else set()
        if named and not named & set((ctx.filters or {}).get("category_ids") or []):
            # "the cheapest tent" after sleeping bags: a new search, sorted, not the current one sorted
            return _step("search", conf, part, "search_products", {"query": part, "refine": False, "sort": sort}, [])
        if (COMPARATIVE.search(part) and how in ("", "one", "all") and len(ctx.shown) >= 2
                and not (how in ("", "all") and INDEFINITE.search(part))):  # "any cheaper one out of those": a list
            # "the cheaper one": of the products just shown, or of the two just compared ("ill take the cheaper
            # one. is it in stock" after the first two were compared: "it" is that choice, not the list's first)
            pair = compared(ctx) if how in ("", "one") or THE_TWO.search(part) else []  # "which of those two"
            refs, how = (pair if len(pair) >= 2 else list(ctx.shown)), "ordinal"
        if how == "ordinal" and len(refs) >= 2:
            pick = best_of(refs, sort, s)
            word = {"price_asc": "cheaper", "price_desc": "more expensive", "popular": "more popular"}.get(
                sort, "better rated")
            lead = f"The {word} of those is {pick.title} at ${pick.price:,.2f}."
            if REVIEWS.search(part):  # "what do ppl say about the sound on the cheaper of the first two"
                return _step("reviews", conf, part, "review_summary", {"product": pick.id}, [pick.id], lead=lead)
            u = _step("search", conf, part, "product_details", {"product_id": pick.id}, [pick.id], lead=lead)
            return u.model_copy(update={"among": [p.id for p in refs]})
        # "cheapest?", "whats the most expensive": the results as shown, sorted; "any cheaper ones?" or "cheapest in
        # black" search further (the issue's "sort within the current results"; a pool of 4x the shown put slippers
        # first for "cheapest?" after a search for running shoes)
        # "the cheapest hat?" while hats are shown names the shown ones, as "cheapest?" does; "cheapest black hat?"
        # asks for more than is shown
        current = set((ctx.filters or {}).get("category_ids") or [])
        definite = not INDEFINITE.search(part) and asked.model_copy(update={"category_ids": []}).is_empty() and (
            set(asked.category_ids) <= current)
        within = [p.id for p in ctx.shown] if ctx.shown and (WITHIN.search(part) or definite) else []
        return _step("search", conf, part, "search_products",
                     {"query": part, "refine": True, "sort": sort, "within": within}, [], refine=True)
    if (ctx.shown and not sort and not merchant_ask and how in ("", "all") and WHICH_BEST.search(part)
            and not POLICY_WORDS.search(part) and not REVIEWS.search(part)):
        among = [p.id for p in ctx.shown][:ASKED_AT_ONCE]  # what each one's listing says, side by side
        return Understanding(route="search", confidence=conf, query=part, focus=among, among=among, steps=[
            Step(tool="product_details", args={"product_id": i, "question": part}, part=part) for i in among])
    if COMPARE.search(part) and how in ("ordinal", "name") and 2 <= len(ids) <= 3 and not REVIEWS.search(part):
        # "compare the 1st and 2nd": each one's price, stock and rating, side by side
        return Understanding(route="search", confidence=conf, query=part, focus=ids, among=ids, steps=[
            Step(tool="product_details", args={"product_id": i}, part=part) for i in ids])
    if REVIEWS.search(part) and not ids and ctx.focus and not merchant_ask and _only(part, REVIEWS):
        ids = ctx.focus[:1]  # "reviews?" after a search: the product the conversation is on
    if REVIEWS.search(part) and ids and len(ids) <= 2 and not (merchant_ask and route == "insights"):
        asked = list(dict.fromkeys(ids)) if how == "ordinal" else ids[:1]  # "what do ppl say about the first 2": each
        return Understanding(route="reviews", confidence=conf, query=part, focus=asked, steps=[
            Step(tool="review_summary", args={"product": i}, part=part) for i in asked])
    if (how == "ordinal" and (len(part.split()) <= 4 or FOLLOWUP.match(part)) and ctx.prev_route == "reviews"
            and not POLICY_WORDS.search(part) and not DETAILS.search(part)):
        return _step("reviews", conf, part, "review_summary", {"product": ids[0]}, ids[:1])  # "and the third?"
    if ids and not merchant_ask and OPINION.match(part) and listing.aspects_of(listing.content_words(part)):
        # "how's the battery on the 2nd?": what reviewers say, the summary quoting each aspect
        return _step("reviews", conf, part, "review_summary", {"product": ids[0]}, ids[:1])
    if not merchant_ask and not POLICY_WORDS.search(part) and (
            STORE_PROCESS.search(part) or pays_only(part, s)):
        return _step("policy", conf, part, "search_policies", {"query": policy_words(part)}, [])  # as asked
    if (not merchant_ask and route == "policy" and ORDER_TALK.search(part) and act_of(part) in ("", "shipping")
            and not REVIEWS.search(part)):  # "i just ordered it, can i change it": the order, not the speaker
        return _step("policy", conf, part, "search_policies", {"query": policy_words(part)}, ids)
    if not merchant_ask and route != "handoff" and (story := story_query(part, refs, ctx, s)):
        return _step("policy", conf, story, "search_policies", {"query": story}, ids)
    if (how in ("one", "") and _that_answered(part, ctx) and ctx.last_policy_query
            and (not POLICY_WORDS.search(part) or act_of(part) == act_of(ctx.last_policy_query))):
        # "is that free", "how long does that take" right after a policy answer: "that" is what it answered, not a
        # product ("is that one waterproof" names one, and "is it waterproof" asks about the product); so is "how
        # long would that take to get refunded" after "can i send them back" (with the shoes: their return window)
        core = TRAILING.sub("", FOLLOWUP.sub("", part)).strip(" ,?!.") or part
        query = about_another(part, ctx) or the_act(core, ctx) or f"{ctx.last_policy_query}? {part}"
        return _step("policy", conf, query, "search_policies", {"query": query}, [])
    if (ids and not merchant_ask and route == "policy" and conf >= POLICY_OVER_LISTING and not REVIEWS.search(part)
            and not POLICY_WORDS.search(part) and not listing.INCLUDED.search(part)
            and listing_silent(part, ids[0], s)):  # "does it come in a gift box" asks the listing, whatever it says
        # "i only have a p.o. box address, will that one get there": no policy word, but nothing its listing says
        query = policy_words(part)  # as asked: "if water bottles goes on sale" lost the price-adjustment page
        return _step("policy", conf, query, "search_policies", {"query": query}, ids)
    if ids and not merchant_ask and _asks_about_product(part, how, refs, s):
        # "is the 1st one waterproof?", "does it come with a cable?", "do they run small?": what its listing and
        # reviews say, never a search for the question's words
        return Understanding(route="search", confidence=conf, query=part, focus=ids[:ASKED_AT_ONCE], steps=[
            Step(tool="product_details", args={"product_id": i, "question": asked_clause(part)}, part=part)
            for i in ids[:ASKED_AT_ONCE]])
    if how == "ordinal" and len(refs) == 1 and len(part.split()) <= 4 and _bare_reference(part):
        return _step("search", conf, part, "product_details", {"product_id": ids[0]}, ids[:1])  # "the 4th"
    if how == "id" and len(ids) == 1 and _bare_reference(part) and not [
            w for w in listing.content_words(PRODUCT_ID.sub(" ", part)) if w not in FILLER | VAGUE]:
        return _step("search", conf, part, "product_details", {"product_id": ids[0]}, ids[:1])  # "more on HP-00435"
    if DETAILS.search(part) and ids and how != "all" and not POLICY_WORDS.search(part):
        # "are the first two in stock": each; "is the 3rd one waterproof and how much is it": what its listing
        # says, and its price
        asked = list(dict.fromkeys(ids))[:ASKED_AT_ONCE] if how == "ordinal" else ids[:1]
        rest = re.sub(r"\s+", " ", without_references(DETAILS.sub(" ", asked_clause(part)))).strip()
        also = _asks_about_product(rest, how, refs, s)
        return Understanding(route="search", confidence=conf, query=part, focus=asked, steps=[
            Step(tool="product_details", args={"product_id": i, **({"question": rest} if q else {})}, part=part)
            for i in asked for q in ([True, False] if also else [False])])
    if POLICY_WORDS.search(part) and (refs or (ctx.topic and NAMED_ONCE.search(part))) and route != "handoff":
        topic = topic_of(refs, s) if refs else ctx.topic
        query = policy_words(topic_query(part, topic))
        if topic and topic.label not in query.lower():  # "is it in stock? and whats the warranty": named, as it
            query = f"{query.rstrip(' ?!.')} for {topic.label}"  # borrows the product of the part before
        return _step("policy", conf, query, "search_policies", {"query": query}, ids)
    if POLICY_WORDS.search(part) and ctx.topic and _brief(part) and route != "handoff":
        # "warranty?" after questions about a knife: the warranty on knives, not the warranty in general
        query = f"{TRAILING.sub('', FOLLOWUP.sub('', part)).strip(' ,?!.')} for {ctx.topic.label}"
        return _step("policy", conf, query, "search_policies", {"query": query}, [])
    return _routed(part, route, conf, ctx, s, whole, ids)


def _asked(pieces: list[str]) -> str:
    """The last piece asked with a question mark, else the last piece."""
    return ([p for p in pieces if p.endswith("?")] or pieces)[-1]


def _routed(text: str, route: str, conf: float, ctx: Context, s, whole: bool, ids: list[str]) -> Understanding:
    """What the router says, with the follow-up rules: a short "and for sale items?" continues the policy topic,
    a refinement keeps the product search, a new product type starts a new one."""
    text = after_small_talk(text, FOLLOWUP)  # "cool and dutch ovens?": the thanks is no part of what it asks for
    query, refine = text, False
    prev = ctx.prev_route
    # "I see. Have you any of those in"; "He like the red colour. You have in red?": the question is its last sentence,
    # or the one asked ("Have you any in linen? My late husband always preferred linen.")
    last = _asked(re.split(r"(?<=[.!?])\s+", text.strip()))
    by_question = len(text.split()) > FOLLOWUP_WORDS and len(last.split()) <= ASKED_WORDS
    short = len(text.split()) <= FOLLOWUP_WORDS or bool(SHOW_ONES.search(text)) or by_question
    continues = short and FOLLOWUP.match(text) and (route == prev or conf < SURE)
    # what the shopper tells beside a short question is not searched for ("late husband" read as latex: rubber)
    core = followup_core(last if by_question else text)
    wanted = TRAILING.sub("", REPLACED.sub("", core)).strip(" ,") or core  # searched for: "navy", not "instead of green"
    same = SAME_BUT.search(wanted)  # "the same thing but for dutch ovens": dutch ovens, with the search's filters
    same = same if same and wanted[same.end():].strip(" ,?.!") else None
    wanted = wanted[same.end():].strip(" ,?.!") if same else wanted
    backed = s.types.backed(wanted, s.embedder)[1]  # with the embedder, as the search tool: "pillow case" names no type
    if route == "other" and (backed or s.catalog.brand_in(wanted)[0]) and short:
        route = "search"  # "mascara", "french press": a product type alone is a search; "show me saltmarsh": a brand
    if route in ("search", "other") and conf < SURE and POLICY_WORDS.search(text) and ASKS.search(text):
        route = "policy"  # "whats the return window for towels" while towels are shown: asked, not a refinement
    if route == "policy" and backed and ASKS_FOR_THING.search(text) and not POLICY_WORDS.search(text):
        route = "search"  # "do you sell makeup": whether we carry a thing, shown by finding it (sell is no policy)
    if (continues and backed and (INSTEAD.search(text) or ASKS_FOR_THING.search(text))
            and not POLICY_WORDS.search(core)):
        continues = False  # "ugh ok what about a candle instead" after a policy answer: another product, searched
    if whole and prev == "policy" and continues and route != "handoff":
        route, query = "policy", f"{ctx.last_policy_query} {text}".strip()
        if len({act for act, p in ACTS if p.search(core)}) >= 2:
            query = core  # "and is shipping free for the swap": how one act goes with another, whatever the product
        elif ctx.topic and POLICY_WORDS.search(core) and not s.types.backed(core, s.embedder)[1]:
            # "and shipping?" after the return window of tents: shipping for tents, not "returns and shipping"
            query = f"{core.strip(' ?!.')} for {ctx.topic.label}"
        elif THAT.search(core) and not POLICY_WORDS.search(core) and (act := the_act(core, ctx)):
            query = act
        elif POLICY_WORDS.search(core) and OWN_QUESTION.search(core):
            query = core  # "ok and do you ship internationally": a question of its own, no product talked about
    elif ctx.filters and short and route not in ("policy", "handoff") and not (route in MERCHANT_ROUTES and
                                                                               ctx.role == "merchant"):
        current = set((ctx.filters or {}).get("category_ids") or [])
        new_type = bool(backed) and not (set(backed) & current)
        if not backed:  # "do you have a red paddle board" after makeup: a thing, not a refinement
            # The question is the last sentence: "too expensive. anything under 100?" asks for "anything under 100";
            # "forget the candles, got any pillows?", "done with mugs. show me kettles": a type we sell, searched
            asked = _asked(re.split(r"(?<=[.!?])\s+|,\s+(?=(?:got|show|do you|any|what about|how about)\b)",
                                    core.strip()))
            carried, head = s.types.carried(asked, s.embedder)
            new_type = (not carried and (len(head.split()) > 1 or bool(ASKS_FOR_THING.search(text)))
                        or (not head and bool(HELP_FIND.search(text))))
            head = " ".join(w for w in head.split() if not s.catalog.unmentioned([w])) or head  # "gucci bag": a bag
            if carried and head and (near := s.types.nearest(head, s.embedder))[0] >= OTHER_TYPE:
                new_type = not set(near[1][:3]) & current  # "i want a bag" after leggings: bags, searched anew
            if asked != core.strip() and (later := s.types.backed(asked, s.embedder)[1]) and not set(later) & current:
                new_type, query = True, asked
        found = s.rewriter.rewrite(text)
        if not new_type and (route == "search" or FOLLOWUP.match(text) or not found.is_empty()
                             or (route == "other" and conf < SURE and len(text.split()) <= 3 and ctx.shown)):
            route, refine, query = "search", True, wanted
        elif new_type and same:
            # "now the same thing but dutch ovens" after cast iron skillets under $80: the search's filters, another
            # type (a new type alone starts a new search)
            route, refine, query = "search", True, wanted
        elif new_type:
            # "ok how about lipstick instead then": lipstick searched, not the words tying it to the last turn (the
            # search read "how" as a product we lack)
            query = wanted if query == text else query
            if gender := (ctx.filters.get("attributes") or {}).get("gender"):
                query = for_them(query, gender[0])  # "what about boots for them" after kids' jackets
    if ctx.role != "merchant" and (route == "tickets" and OPEN_TICKET.search(text) or PERSON.match(text)):
        route = "handoff"  # "can you open a ticket for me", "can someone help me": a shopper asking for a person
    if route in ("insights", "reviews") and ctx.role != "merchant" and ids:
        route = "reviews"  # "what do reviews say about HP-00017": a shopper's question, not the merchant tool
    step = _tool_for(route, query, refine, ctx, ids)
    if step and step.tool == "search_products" and not refine and (sort := sort_of(text)):
        step.args["sort"] = sort  # "best rated yoga mats?": a new search, in the order asked
    return Understanding(route=route, confidence=conf, query=query, refine=refine, steps=[step] if step else [],
                         focus=ids[:1])


def _tool_for(route: str, query: str, refine: bool, ctx: Context, ids: list[str]) -> Step | None:
    if route in MERCHANT_ROUTES and ctx.role != "merchant":
        return None
    args = {"policy": ("search_policies", {"query": policy_words(query)}),
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


