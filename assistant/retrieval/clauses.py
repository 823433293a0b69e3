"""Two questions in one message ("return window for a phone charger vs a frying pan", "how long does shipping
take to alaska and how much") split into self-contained questions, so each is retrieved and answered.

A message is split at "?" and ";", at "vs"/"versus", and at "and"/"also"/"plus" only where a new question starts
("... and how much", "..., and do you ship to Japan"): "Alaska and Hawaii" stays one question. A part that
leans on the other ("a frying pan", "how much", "can I return them opened") borrows what it leaves out.
"""

from __future__ import annotations

import re

QUESTION_START = re.compile(r"^(how|what|what's|whats|when|where|which|who|why|can|could|do|does|did|is|are|will|"
                            r"would|should|may|i|if|and|is there|are there)\b", re.I)
HARD = re.compile(r"\s*(?:\?+|;)\s*")
SOFT = re.compile(r",?\s+\b(and also|also|and|plus)\s+", re.I)
# "... for earbuds, and for a frying pan?": the same question about another thing (the left side has the preposition)
AND_PREP = re.compile(r",?\s+\band\s+(?=(for|on|to|with)\s+\S)", re.I)
# A part that keeps the question and changes its thing: "what about a frying pan", "how about for Canada",
# "for a blender" (what is left of "..., and for a blender?"), "same for kettles".
NEW_THING = re.compile(r"^(?:(?:ok|so|but)\s+)?(?:(?:what|how)\s+about|same)\s+"
                       r"(?:(?P<pa>for|on|to|with|in)\s+)?(?P<a>.+)$|^(?P<pb>for|on|to|with)\s+(?P<b>.+)$", re.I)
THING_WORDS = 4  # a longer remainder asks something of its own
VERSUS = re.compile(r"\s+\b(?:vs\.?|versus|compared to|or)\s+(?=(?:a|an|the|my|for)\b)|\s+\b(?:vs\.?|versus)\s+", re.I)
LINK = re.compile(r"^(?:and also|and|also|plus|but)\s+", re.I)
PREPOSITION = re.compile(r"\b(for|on|of|to|with|about)\b\s+", re.I)
PRONOUN = re.compile(r"\b(them|it|they|their|its|those|these|that one)\b", re.I)
# "one" after a verb stands for the thing too: "who can get one", "does buying one count"
ONE = re.compile(r"\b(get|getting|buy|buying|use|using|have|order|ordering|return|want|need|cancel)\s+one\b", re.I)
LEAD = re.compile(r"^(?:(?:how|what|what's|whats|when|where|which|who|why)\s+)?(?:(?:long|much|many|fast|soon)\s+)?"
                  r"(?P<aux>(?:do|does|did|is|are|can|could|will|would|should)\s+)?"
                  r"(?P<subject>(?:i|you|we|it|they)\s+)?",
                  re.I)
DETERMINER = re.compile(r"^(?:a|an|the|my|your|our|this|these|those|some)$", re.I)
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


def content_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9$']+", text.lower()) if w not in FILLER]


def split_clauses(text: str) -> list[str]:
    """The message's questions, each readable alone; one element when it asks one thing."""
    parts: list[str] = []
    for piece in (p for p in HARD.split(text) if p.strip()):
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


def _split_soft(piece: str) -> list[str]:
    m = VERSUS.search(piece)
    if m and content_words(piece[m.end():]):
        left, right = piece[:m.start()], piece[m.end():]
        head = list(PREPOSITION.finditer(left))
        if head:  # "return window for a phone charger vs a frying pan" -> "return window for a frying pan"
            right = left[:head[-1].end()] + re.sub(r"^(for|on|of|to)\s+", "", right, flags=re.I)
        return [*_split_soft(left), right]
    for m in SOFT.finditer(piece):
        right = piece[m.end():]
        if QUESTION_START.match(right) and content_words(piece[:m.start()]):
            return [piece[:m.start()], *_split_soft(right)]
    return and_another(piece)


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
        phrase = words[det:]
        head = list(PREPOSITION.finditer(" ".join(phrase)))
        if head:  # "a refund to a credit card" -> "a credit card"; "a code to buy a gift card" -> "a gift card"
            return _from_determiner(" ".join(phrase)[head[-1].end():].strip())
        # "do my points expire": after "do", the phrase ends with its verb
        return " ".join(phrase[:-1] if lead.group("aux") and det == 0 and len(phrase) >= 3 else phrase)
    head = list(PREPOSITION.finditer(question))
    if head:
        return question[head[-1].end():].strip()
    # "how do I earn points": after "I", the first word is the verb
    return " ".join(words[1:] if lead.group("subject") and len(words) >= 2 else words)


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
    topic = LEAD.sub("", previous).strip()
    thing = _named(previous)
    pronoun = PRONOUN.search(part)
    # "them", "they": the things just named; "it" only in a part too short to be about anything else ("is it
    # free?"), since "when it arrives" is about the order.
    if pronoun and thing and (pronoun.group(1).lower() not in ("it", "its") or len(content_words(part)) < 2):
        part = PRONOUN.sub(thing, part, count=1)
    elif thing and ONE.search(part):
        part = ONE.sub(lambda m: f"{m.group(1)} {thing}", part, count=1)
    if len(content_words(part)) < 2 and topic:
        part = f"{part} {topic}"
    return part
