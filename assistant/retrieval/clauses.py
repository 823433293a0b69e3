"""Two questions in one message ("return window for a phone charger vs a frying pan", "how long does shipping
take to alaska and how much") split into self-contained questions, so each is retrieved and answered.

A message is split at "?" and ";", at "vs"/"versus", and at "and"/"also"/"plus" only where a new question starts
("... and how much", "..., and do you ship to Japan"): "Alaska and Hawaii" stays one question. Shoppers' run-ons
split too, each at a cue of grammar rather than a listed phrase: a comma between two questions, a question run on
without one ("... to canada do i pay duties"), "and also" before a request, several verbs under one "i want to",
and a question about "both" of two things told. A part that leans on the other ("a frying pan", "how much", "can
I return them opened") borrows what it leaves out.
"""

from __future__ import annotations

import re

QUESTION_START = re.compile(r"^(how|what|what's|whats|when|where|which|who|why|can|could|do|does|did|is|are|will|"
                            r"would|should|may|i|if|and|is there|are there)\b", re.I)
HARD = re.compile(r"\s*(?:\?+|;)\s*")
# A numbered list of questions: "1) do gift cards expire 2) can i buy one with afterpay" was one question. "1." and
# "2." count only in a message that starts with "1." ("size 8. can i swap" is no list).
NUMBERED = re.compile(r"(?:^|\s)\(?[1-9]\)\s+")
NUMBERED_DOTS = re.compile(r"(?:^|\s)[1-9]\.\s+")
SOFT = re.compile(r",?\s+\b(and also|and then|also|and|plus|but)\s+", re.I)
# "also", "plus": a new request follows even when it does not start as a question ("lost my gift card and also want
# to know how many i can use"), if it says enough to be one (a short remainder is a list: "Alaska and also Hawaii").
ADDS = ("and also", "also")  # "plus a promo code", "do I also lose": a list, an adverb
ADD_WORDS = 2
# "how long to return a bag, is return shipping free for navigators, and ...": a comma between two questions, each
# starting as one; not after a condition ("if I open it, can I return it") or a story ("it broke, is that covered").
# The words a question starts with, shared with the agent's splitter (`agent/understand.QUESTION_START`), which adds
# shoppers' spellings ("hw", "wat"), a bare "when" and "any".
ASK_WORDS = r"how|what|what's|whats|which|who|where|can|could|do|does|did|is|are|will|would|should"
ASKS = rf"(?:{ASK_WORDS}|why|when\s+(?:do|does|did|is|are|will|can|would))\b"
COMMA_ASK = re.compile(rf",\s+(?={ASKS})", re.I)
SENTENCES = re.compile(r"(?<=[.!])\s+")
# "how long does shipping take to canada do i pay duties": a second question run on with no comma or "and", where a
# question starts again with its verb before its subject ("do i", "how much is"); not after a word that takes a
# clause ("tell me how long it takes", "know if", "wondering whether").
RUN_ON = re.compile(r"(?<![,;:])\s+(?=(?:(?:how|what|when|where|which|who|why)"
                    r"(?:\s+(?:long|much|many|soon|fast|often))?\s+(?:do|does|did|is|are|can|will|would|should)"
                    r"|(?:do|does|did|can|could|will|would|is|are|should)\s+(?:i|you|we|they|it|my|the|there)\b))",
                    re.I)
# the left part has a verb of its own: "how many gift cards can i put on one order" is one question
HAS_VERB = re.compile(r"\b(?:do|does|did|is|are|was|were|can|could|will|would|should|has|have|whats|what's)\b", re.I)
TAKES_CLAUSE = set("""and or but if whether that so to know wondering wonder ask asking tell me sure idea say see check
find out understand explain""".split())
# "forgot my code on yesterday's order, and the price dropped today too. can i get both fixed?": two things told,
# then one question about "both" or "each" of them: the question asked of each thing.
EACH = re.compile(r"^(?P<a>[^.?!;]+?),?\s+\band\s+(?P<b>[^.?!;]+)[.!?]+\s+"
                  r"(?P<q>[^.?!;,]*\b(?:both|each|either)\b[^.?!;,]*?)[.?!]*$", re.I)
BOTH = re.compile(r"\b(?:(?:they|them)\s+)?(?:both|each|either)(?:\s+of\s+(?:them|those|these))?\b", re.I)
# a thing told has its verb: "be" or "have", a regular past, or a common irregular one
TOLD = re.compile(r"\b(?:is|are|was|were|has|have|had|says|said|\w{3,}ed|forgot|got|came|broke|bought|went|paid|"
                  r"sent|lost|took|gave|made|left|wore|tore|fell|kept|sold|told|put)\b", re.I)
# "2 things:", "three quick ones -", "a couple of questions:": the message announces several asks
COUNTED = re.compile(r"^\s*(?:(?:\d+|two|three|four|a\s+few|a\s+couple(?:\s+of)?|couple(?:\s+of)?)\s+"
                     r"(?:quick\s+|more\s+|small\s+)?(?:things|questions|qs|ones)|quick\s+(?:question|q))\s*"
                     r"(?:[:\-\u2013,.]+|please|pls)\s*", re.I)
# Several requests under one frame, each a verb phrase: "i want to return an opened lipstick, exchange my sandals
# for a size up, and know how fast store credit shows up". The verbs are a shopper's actions on an order.
FRAME = re.compile(r"^(?P<frame>(?:(?:i|we)\s+)?(?:want|need|would\s+like|'d\s+like|have|wanna)\s+to\s+|"
                   r"(?:how\s+)?(?:can|could|do|should)\s+(?:i|we)\s+)(?=\S)", re.I)
ACTIONS = set("""return exchange cancel change add use get know track pay ship send buy order claim redeem apply stack
combine remove delete update find check see file swap keep earn""".split())
VERB_LIST = re.compile(r"(?:,\s*(?:and\s+(?:also\s+)?)?|\s+and\s+(?:also\s+)?)(?=(?P<verb>[a-z]+)\b)", re.I)
# "... for earbuds, and for a frying pan?": the same question about another thing (the left side has the preposition)
AND_PREP = re.compile(r",?\s+\band\s+(?=(for|on|to|with)\s+\S)", re.I)
# A part that keeps the question and changes its thing: "what about a frying pan", "how about for Canada",
# "for a blender" (what is left of "..., and for a blender?"), "same for kettles".
NEW_THING = re.compile(r"^(?:(?:ok|so|but)\s+)?(?:(?:what|how)\s+about|same)\s+"
                       r"(?:(?P<pa>for|on|to|with|in)\s+)?(?P<a>.+)$|^(?P<pb>for|on|to|with)\s+(?P<b>.+)$", re.I)
THING_WORDS = 4  # a longer remainder asks something of its own
VERSUS = re.compile(r"\s+\b(?:vs\.?|versus|compared to|or)\s+(?=(?:a|an|the|my|for)\b)|\s+\b(?:vs\.?|versus)\s+", re.I)
LINK = re.compile(r"^(?:and also|and then|and|also|plus|but|or|then)\s+", re.I)
PREPOSITION = re.compile(r"\b(for|on|of|to|with|about)\b\s+(?!(?:free|sure|now|real|ever|good)\b)", re.I)  # not "for free"
PRONOUN = re.compile(r"\b(them|it|they|their|its|those|these|that one)\b", re.I)
DONE_TO = re.compile(rf"\b(?:{'|'.join(sorted(ACTIONS))})\s+it\b", re.I)
# "one" after a verb stands for the thing too: "who can get one", "does buying one count", "paid for with one"
ONE = re.compile(r"\b(get|getting|buy|buying|use|using|have|order|ordering|return|want|need|cancel|with)\s+one\b", re.I)
# "how fast would i see the money", "when does it come back on my card": each act has its own refund timing (a
# cancelled order's authorization, a price adjustment, a return's refund). Cut from its message, the part names no
# act: it takes the one the part before it asked about (dev: "... can i get the difference back? how fast would i
# see the money" quoted the timings of a return's refund). The acts in the order they are looked for.
MONEY_WHEN = re.compile(r"^(?=.*\b(?:how\s+(?:fast|soon|long|quickly)|when)\b)(?=.*\b(?:money|refund\w*|charge|it)\b)"
                        r"(?=.*\b(?:back|see|show\w*|on\s+my\s+(?:card|account|statement)|go(?:es)?\s+away)\b)", re.I)
MONEY_ACTS = [(re.compile(r"\bcancel\w*", re.I), "after cancelling"),
              (re.compile(r"\b(?:price|on\s+sale|cheaper|drop\w*|difference|adjust\w*)\b", re.I), "price adjustment"),
              (re.compile(r"\b(?:exchang\w*|swap\w*)", re.I), "exchange"),
              (re.compile(r"\b(?:return\w*|send\w*\s+(?:it|them)\s+back)\b", re.I), "return")]
LEAD = re.compile(r"^(?:(?:how|what|what's|whats|when|where|which|who|why)\s+)?(?:(?:long|much|many|fast|soon)\s+)?"
                  r"(?P<aux>(?:do|does|did|is|are|can|could|will|would|should)\s+)?"
                  r"(?P<subject>(?:i|you|we|it|they)\s+)?",
                  re.I)
DETERMINERS = "a an the my your ur our their his her this these those some".split()
DETERMINER = re.compile(rf"^(?:{'|'.join(DETERMINERS)})$", re.I)
# Where a noun phrase ends: a verb of being or doing, a new subject, the first word of a clause (see `_clip`).
NP_END = set("""is are was were am be been being do does did has have had will would can could should may might must
i you we they he she it that which who whom whose where when if because so but and or then""".split())
GETS = set("get gets pay pays earn earns need needs".split())  # what members get, what a shopper pays for
THEN = re.compile(r"\s+\b(?:for|on|of|to|with|about|at|in)\b")  # ... up to what it is got for, on, ...
# ... and what a policy's things do: "does the 15% welcome code work on sale items" is about the code, not the sale
DOES = set("""work works apply applies count counts expire expires qualify qualifies stack stacks last lasts cover
covers include includes arrive arrives""".split())
PARTICLE = set("back up out off away over".split())  # "send back earbuds": the verb's, not the thing's
FILLER = set("""a an the and or of to in on for at by is are was be can i my me you your we our do does did it this
that with from if what how when where which who will would should could as any about have has get there their them
they its not no yes so than then much many long also plus still please is's what's whats thanks thank ok okay
lol help""".split())


# Words the shopper quotes ("a review says: '... returns are free forever ...'") are someone else's, not the
# question: searched and matched, they pick the rule the quote talks about (and let a quote steer the answer).
QUOTED = re.compile(r"(?:(?<=\s)|(?<=:)|^)(['\"“‘])(?=\S)(.{12,}?)(?<=\S)[’”'\"](?![A-Za-z])")


def unquote(text: str) -> str:
    """The message without the passages it quotes, when something is left to ask."""
    left = QUOTED.sub(" ", text)
    return " ".join(left.split()) if left != text and content_words(left) else text


# A letter's greeting and sign-off ("Dear Harbor & Pine,", "Madam,", ... "Yours faithfully,\nCol. R. Hastings"): not
# part of any question. Left in, the sign-off was searched as a question of its own and the greeting led the first.
GREETING = re.compile(r"^\s*(?:(?:dear|hello|hi|hey|greetings)\b[^\n]{0,40}?|(?:dear\s+)?(?:sir|madam|sir\s+or\s+madam|"
                      r"sir/madam|to\s+whom\s+it\s+may\s+concern))\s*[,:!.]?\s*\n", re.I)
SIGN_OFF = re.compile(r"\n\s*(?:(?:with\s+)?(?:(?:kind|kindest|best|warm|warmest)\s+)?(?:regards|wishes)|yours(?:\s+"
                      r"(?:faithfully|sincerely|truly))?|(?:yours\s+)?sincerely|with\s+(?:respect|thanks|gratitude)|"
                      r"respectfully(?:\s+yours)?|many\s+thanks|thanks(?:\s+in\s+advance)?|thank\s+you|cheers|best)\s*[,.!]?"
                      r"(?:\s*\n[^\n]{0,60})?\s*$", re.I)


def letter_body(text: str) -> str:
    """A message written as a letter, without its greeting and sign-off; any other message as it is."""
    body = SIGN_OFF.sub("", GREETING.sub("", text, count=1)).strip()
    return body or text


def content_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9$']+", text.lower()) if w not in FILLER]


def split_clauses(text: str) -> list[str]:
    """The message's questions, each readable alone; one element when it asks one thing."""
    text = COUNTED.sub("", text, count=1)
    if ((each := EACH.match(text.strip())) and " and " not in each.group("q")
            and all(len(content_words(each.group(g))) >= 2 and TOLD.search(each.group(g)) for g in "ab")):
        ask = BOTH.sub("it", each.group("q"))
        return [f"{each.group(g).strip()}. {ask}" for g in "ab"]
    parts: list[str] = []
    numbered = NUMBERED_DOTS if re.match(r"\s*1\.\s", text) else NUMBERED
    for piece in (p for chunk in numbered.split(text) for p in HARD.split(chunk) if p.strip()):
        parts += _split_soft(piece.strip())
    parts = [LINK.sub("", p.strip(" ,.!")) for p in parts if p.strip(" ,.!")]
    out: list[str] = []
    for part in parts:
        if out and not QUESTION_START.match(part) and len(content_words(part)) <= 2 and not new_thing(part)[1]:
            if content_words(part):  # "... to amazon? hygiene stuff": a word more for the same question
                out[-1] = f"{out[-1]} {part}"
            continue  # "thanks", "please" after a question mark
        out.append(_complete(part, out[-1]) if out else part)
    return out or [text]


# What a shopper tells before asking ("my nephew lives in London and I'd love to send him a gift card ...", "someone
# gave me a throw as a present and i'd like another colour"): it starts with who tells, and neither asks nor requests.
# Cut off at its "and", it was answered alone: 'I couldn't find anything in our policies about "My nephew lives in
# London"' (d15 dev).
TELLER = re.compile(r"^(?:i|i'm|im|i've|ive|we|we're|we've|he|she|they|someone|somebody|my|our|his|her|their)\b", re.I)
WITH_ME = re.compile(r"^(?:so\s+|and\s+)?(?:my|our|his|her|their)\s+[a-z]+$", re.I)  # "my mom" of "my mom and i ..."
ASKS_OR_REQUESTS = re.compile(rf"\?|\b(?:{ASK_WORDS}|why|when|know|wonder|wondering|tell|like to|want to|need to|"
                              r"wanna|hoping|curious|please|pls)\b", re.I)


def told(text: str) -> bool:
    """Whether `text` is something the shopper tells, not asks."""
    return (bool(TELLER.match(text)) and not ASKS_OR_REQUESTS.search(text) and not FRAME.match(text)
            and len(content_words(text)) >= 2)


def _split_soft(piece: str) -> list[str]:
    m = VERSUS.search(piece)
    if m and content_words(piece[m.end():]):
        left, right = piece[:m.start()], piece[m.end():]
        head = list(PREPOSITION.finditer(left))
        if head:  # "return window for a phone charger vs a frying pan" -> "return window for a frying pan"
            right = left[:head[-1].end()] + re.sub(r"^(for|on|of|to)\s+", "", right, flags=re.I)
        return [*_split_soft(left), right]
    for m in SOFT.finditer(piece):
        left, right, link = piece[:m.start()], piece[m.end():], m.group(1).lower()
        if not content_words(left) or told(left):
            continue
        if link == "and" and WITH_ME.match(left) and right[:2].lower() == "i ":
            continue  # "my mom and i live together, can we both use ...": one subject, not a question "my mom"
        if link == "but" and not re.match(r"(?:how|what|what's|whats|when|where|which|who|why)\b", right, re.I):
            continue  # "it's opened but can I still return it": the contrast is the question's own context
        if QUESTION_START.match(right):
            return [*_split_soft(left), *_split_soft(right)]
        if (link in ADDS and (link != "also" or m.group(0).startswith(",")) and not new_thing(right)[1]
                and len(content_words(right)) >= ADD_WORDS):
            return [*_split_soft(left), *_split_soft(_same_frame(left, right))]
    for m in COMMA_ASK.finditer(piece):
        left, right = piece[:m.start()], piece[m.end():]
        # the left part's last sentence is a question: "my zipper broke after 2 months. is that still under
        # warranty, how do i file a claim" (a story before it is that question's own context)
        last = SENTENCES.split(left.strip())[-1]
        if re.match(ASKS, last, re.I) and content_words(left) and content_words(right):
            return [*_split_soft(left), *_split_soft(right)]
    for m in RUN_ON.finditer(piece):
        left, right = piece[:m.start()], piece[m.end():]
        before = left.split()[-1].lower() if left.split() else ""
        if (re.match(ASKS, left.strip(), re.I) and HAS_VERB.search(left) and before not in TAKES_CLAUSE
                and len(content_words(left)) >= 2 and content_words(right)):
            return [*_split_soft(left), *_split_soft(right)]
    if len(listed := _verb_list(piece)) > 1:
        return listed
    return and_another(piece)


def _same_frame(left: str, right: str) -> str:
    """"want to return a serum I opened and also sneakers I wore once" -> "want to return sneakers I wore once": a
    part that names only another thing takes the frame and verb of the part before it."""
    frame = FRAME.match(left)
    first = right.split()[0].lower() if right.split() else ""
    if not frame or QUESTION_START.match(right) or first in ACTIONS:
        return right
    verb = left[frame.end():].split()[0]
    return f"{frame.group('frame')}{verb} {right}"


def _verb_list(piece: str) -> list[str]:
    """"i want to return an opened lipstick, exchange my sandals, and know how fast credit shows up": one frame, a
    list of requests, each given the frame ("i want to exchange my sandals"). A cut needs a shopper's action after it
    and a request of its own before it ("can I return and exchange it" stays one)."""
    frame = FRAME.match(piece)
    if not frame:
        return [piece]
    rest, start, items = piece[frame.end():], 0, []
    for m in VERB_LIST.finditer(rest):
        if m.group("verb").lower() in ACTIONS and len(content_words(rest[start:m.start()])) >= 2:
            items.append(rest[start:m.start()])
            start = m.end()
    if not items or len(content_words(rest[start:])) < 2:
        return [piece]
    return [f"{frame.group('frame')}{item.strip()}" for item in [*items, rest[start:]]]


def and_another(piece: str) -> list[str]:
    """"ship to canada and to japan" -> "ship to canada", "to japan": the same question about another thing, split
    only where the first part has the same preposition ("Alaska and Hawaii" has none, so stays one)."""
    for m in AND_PREP.finditer(piece):
        left, right = piece[:m.start()], piece[m.end():]
        if re.search(rf"\b{m.group(1)}\b", left, re.I) and new_thing(right)[1]:
            return [left, right]
    return [piece]


def new_thing(part: str) -> tuple[str, str]:
    """The preposition and the thing of an elliptic part that asks the previous question about another thing
    ("what about a frying pan" -> ("", "a frying pan"), "for a blender" -> ("for", "a blender")); ("", "") when
    the part asks something of its own."""
    m = NEW_THING.match(part.strip(" ?!.,"))
    thing = (m.group("a") or m.group("b")) if m else ""
    if not thing or QUESTION_START.match(thing) or not 1 <= len(content_words(thing)) <= THING_WORDS:
        return "", ""
    return (m.group("pa") or m.group("pb") or "").lower(), thing


def ask_again(previous: str, prep: str, thing: str) -> str:
    """The previous question about another thing: "whats the return window for earbuds" + "a frying pan" ->
    "whats the return window for a frying pan"; with a preposition, the phrase after that preposition is the one
    replaced ("pay for shipping with points" + "for gift cards" -> "pay for gift cards with points")."""
    spans = [m for m in PREPOSITION.finditer(previous) if m.group(1).lower() == prep] if prep else []
    if spans:
        start = spans[-1].end()
        after = PREPOSITION.search(previous, start)
        end = after.start() if after else len(previous)
        return f"{previous[:start]}{thing}{previous[end:].rstrip() and ' ' + previous[end:].strip()}".strip()
    named = _named(previous)
    at = previous.lower().rfind(named.lower()) if named else -1
    if at < 0:
        return f"{previous} {thing}"
    return f"{previous[:at]}{thing}{previous[at + len(named):]}"


def _named(question: str) -> str:
    """What a question is about, for a pronoun in the next one to stand for: "a pre-order" in "can I cancel a
    pre-order", "my points" in "do my points expire", "a phone charger" in "return window for a phone charger"."""
    lead = LEAD.match(question)
    words = question[lead.end():].split()
    det = next((i for i, w in enumerate(words) if DETERMINER.match(w)), None)
    if det is not None:
        if subject := _subject(question):
            return subject
        phrase = _clip(words[det:])
        head = list(PREPOSITION.finditer(" ".join(phrase)))
        if head:  # "a refund to a credit card" -> "a credit card"; "a code to buy a gift card" -> "a gift card"
            return _from_determiner(" ".join(phrase)[head[-1].end():].strip())
        # "do my points expire": after "do", the phrase ends with its verb
        return " ".join(phrase[:-1] if lead.group("aux") and det == 0 and len(phrase) >= 3 else phrase)
    head = list(PREPOSITION.finditer(question))
    if head:
        return " ".join(_clip(question[head[-1].end():].split()))
    if lead.group("subject") and len(words) >= 2:
        # "how do I earn points": after "I", the first word is the verb ("send back earbuds": and its particle)
        rest = words[2:] if words[1].lower() in PARTICLE and len(words) >= 3 else words[1:]
        return " ".join(_clip(rest))
    if lead.group("aux") and (n := next((i for i, w in enumerate(words[:-1]) if i and w.lower() in GETS), 0)):
        # "do captain members get expedited shipping for free": what they get ("how much is it if im not one")
        return " ".join(_clip(THEN.split(" ".join(words[n + 1:]))[0].split()))
    # "do gift cards expire", "is return shipping free": after "do" or "is", the thing, then what is asked of it
    return " ".join(words[:-1] if lead.group("aux") and len(words) >= 3 else words)


def _subject(question: str) -> str:
    """The thing a question asks what it does: "does the 15% welcome code work on stuff on sale" -> "the 15% welcome
    code" (not "sale"); "" when the question is not so made."""
    lead = LEAD.match(question)
    words = question[lead.end():].split()
    if not (lead.group("aux") and words and DETERMINER.match(words[0])):
        return ""
    phrase = _clip(words)
    return " ".join(phrase[:n]) if (n := next((i for i, w in enumerate(phrase) if i and w.lower() in DOES), 0)) else ""


def _a_thing(phrase: str, question: str) -> bool:
    """Whether a phrase the question names is a thing a shopper can do something to ("the 15% welcome code", "my
    order"), not a place ("from the uk - do you send a label? or can i just exchange it")."""
    return (phrase.split()[0].lower() in ("a", "an", "the", "my")
            and not re.search(rf"\b(?:from|to|in|at|into)\s+{re.escape(phrase)}", question, re.I))


def _clip(words: list[str]) -> list[str]:
    """A noun phrase out of the words that start with it: up to a verb of being or doing, a new subject, a clause's
    first word or a punctuation mark ("my earbuds are 8 months old" -> "my earbuds", "earbuds i opened" ->
    "earbuds")."""
    out: list[str] = []
    for n, word in enumerate(words):
        bare = word.strip(".,;:!?-\u2013")
        if n and bare.lower() in NP_END:
            break
        # a past verb ends it too ("my kettle stopped"), but not an adjective after a determiner ("an opened box")
        if n and TOLD.fullmatch(bare) and not DETERMINER.match(words[n - 1]):
            break
        if bare:
            out.append(bare)
        if bare != word.lstrip("-\u2013"):  # "earbuds, and": the phrase ended at the comma
            break
    return out or words


def _from_determiner(phrase: str) -> str:
    """The phrase from its first determiner on: after an infinitive's "to", the verb is not the thing."""
    words = phrase.split()
    det = next((i for i, w in enumerate(words) if DETERMINER.match(w)), 0)
    return " ".join(words[det:])


def _complete(part: str, previous: str) -> str:
    """Give a part that leans on the one before it ("how much", "can i return them opened") what it leaves out."""
    prep, other = new_thing(part)
    if other:
        return ask_again(previous, prep, other)
    # the predicate of the previous question's last sentence, without its condition ("if i tried it on")
    last = re.split(r"(?<=[.!?])\s+|\s+[-\u2013]\s+", previous)[-1]
    topic = LEAD.sub("", re.sub(r"^(?:if|when|once|since|because)\b[^,]*,\s*", "", last, flags=re.I)).strip()
    topic = re.split(r",|\s+\b(?:if|when|once|because|since)\s+", topic, flags=re.I)[0].strip()
    thing = _named(previous)
    pronoun = PRONOUN.search(part)
    # "them", "they": the things just named; "it" only in a part too short to be about anything else ("is it
    # free?"), since "when it arrives" is about the order, or as what a shopper does something to ("can i use it if
    # im shipping to canada" after "does the 15% welcome code work on sale items").
    if pronoun and thing and (pronoun.group(1).lower() not in ("it", "its") or len(content_words(part)) < 2
                              or (DONE_TO.search(part) and _a_thing(thing, previous))):
        part = PRONOUN.sub(thing, part, count=1)
    elif thing and ONE.search(part):
        part = ONE.sub(lambda m: f"{m.group(1)} {thing}", part, count=1)
    if len(content_words(part)) < 2 and topic:
        part = f"{part} {topic}"
    return _money_act(part, previous)


def _money_act(part: str, previous: str) -> str:
    """A refund-timing part that names no act, with the act of the part before it (see MONEY_WHEN)."""
    if not MONEY_WHEN.search(part) or any(p.search(part) for p, _ in MONEY_ACTS):
        return part
    act = next((said for p, said in MONEY_ACTS if p.search(previous)), "")
    return f"{part} ({act})" if act else part
