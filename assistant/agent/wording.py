"""A shopper's wording before a message is understood: shorthand written out ("headphones w noise cancelling",
"r the 3rd ones wireless", "can i return em"), small talk ("ok thx", "lol ok"), and what asks a question."""

from __future__ import annotations

import re

from assistant.retrieval.clauses import ASK_WORDS, letter_body
from assistant.retrieval.stopwords import OVERLAP_STOP

SHORTHAND = {"w": "with", "w/": "with", "r": "are", "u": "you", "ur": "your", "abt": "about", "bout": "about",
             "bc": "because",
             "b/c": "because", "wo": "without", "w/o": "without", "em": "them", "ive": "I've", "theyre": "they're",
             "dont": "don't", "doesnt": "doesn't", "didnt": "didn't", "isnt": "isn't", "arent": "aren't"}
# "em" and "ive" too: the speller, which runs next, read "can i return em" as no reference and "ive" as "give"
SHORTHAND_WORD = re.compile(r"(?<![\w/$#&-])(?:w/o|b/c|w/|wo|w|r|u|ur|abt|bout|bc|em|ive|theyre|dont|doesnt|didnt|isnt|"
                            r"arent)(?![\w/'&-])", re.I)  # "theyre" too: the speller made it "there"


# A product id typed without its hyphen ("hp00017", "HP 00017"): the store's ids are "HP-" and five digits
LOOSE_ID = re.compile(r"\bhp[\s_]?(\d{5})\b", re.I)


# "Is possible in blue colour?": the "it" a learner of English leaves out (read without it, "blue" named the one
# shown dress with blue in its title, and its listing was asked instead of the dresses searched in blue)
NO_IT = re.compile(r"^(\s*(?:is|was|will\s+be)\s+)(?=possible\b)", re.I)


def written_out(text: str) -> str:
    """A shopper's shorthand written out: "headphones w noise cancelling" was a product called "w noise", and
    "r the 3rd ones wireless" no question; "hp00017" is HP-00017; a letter's greeting and sign-off dropped."""
    text = NO_IT.sub(r"\1it ", SAME_THING.sub("it", letter_body(text)))
    return LOOSE_ID.sub(r"HP-\1", SHORTHAND_WORD.sub(lambda m: SHORTHAND[m.group(0).lower()], text))


# "do you have the same thing in black" is "do you have it in black": the product the conversation is on ("same" was
# searched as a product the store does not carry)
SAME_THING = re.compile(r"\b(?:the\s+)?(?:exact\s+)?same\s+(?:thing|one|item|product|model|style)\b"
                        r"(?!\s+(?:as|but)\b)", re.I)


SMALL_TALK = set("""ok okay k kk okie thx thanks thank you ty tysm cool great nice perfect awesome got it lol haha hah
bye goodbye cya see ya later cheers alright np no worries yep yeah yes sure fine hmm hm ah oh anyway anyways then
so much a lot very good gotcha noted wow amazing sweet kthx thankyou appreciate appreciated it okey mkay all
right well ugh meh oof welp darn dang aw aww bummer shame pity oops never mind nevermind nvm sounds makes sense
good to know whatever forget nah nope that's thats i'm im good all set done hi hii hiii hiya heya hey hello howdy yo
there most helpful useful lovely kind kindly dear very much ever""".split())  # "ugh ok. thx anyway": a sigh
# ("whatever", "nah forget it", "i'm good, that's all": an end, not a question the store failed to answer; "hiya":
# a greeting, which counted toward a hand-off and so opened a ticket after one miss)
# A thank-you or goodbye closes the exchange whatever else it says around it, unless it asks something more
# ("oh well thx anyway", "thanks for the help"; not "thanks, is the 2nd in stock?").
CLOSING = re.compile(r"\b(thx|thanks|thank|ty|tysm|kthx|thankyou|cheers|bye|goodbye|cya|appreciate\w*)\b", re.I)
QUESTION_START = rf"(?:{ASK_WORDS}|hw|wat|when|any)"
# A question, not a refinement: "is the 1st one waterproof?", "what's it made of", "do they run small"; a clause may
# come first: "the glass one, does it break easily".
ASKS = re.compile(rf"(?:^|[,;:.!-])\s*(?:(?:and|so|ok|okay|also|but|hmm+|um+|oh)\b[\s,.]*)*{QUESTION_START}\b|\?\s*$",
                  re.I)


# What a thank-you says of the help ("you've been a great help", "good to know"): no question
PRAISE = set("""help helping helped info information time great know been you've helpful useful lovely kind ah
patience assistance wonderful fantastic amazing awesome brilliant answer answers good""".split())


def is_small_talk(text: str) -> bool:
    """"ok thx", "thanks anyway", "lol ok", "bye!": nothing to look up."""
    # shorthand read as written out: "ok perfect thank u!" is a thank-you ("u" is no small-talk word, "you" is)
    words = [SHORTHAND.get(w, w) for w in re.findall(r"[a-z']+", text.lower())]
    if not 0 < len(words) <= 20:
        return False
    if len(words) <= 6 and all(w.strip("'") in SMALL_TALK for w in words):
        return True
    # "oh well thx anyway", "thanks for all the help", "That is most helpful. Thank you so very much, dear.", "Ah,
    # that's good to know. Thanks so much, you've been a great help!": a closing word, and only praise around it
    rest = [w for w in words if w.strip("'") not in SMALL_TALK and w not in OVERLAP_STOP]
    return (bool(CLOSING.search(text)) and not ASKS.search(text) and "?" not in text
            and set(rest) <= PRAISE and (len(words) <= 10 or len(rest) <= 3))


def asked_clause(text: str) -> str:
    """The question from the first clause that asks, when a comment comes first: "ooh the 3rd one sounds nice, what
    does it smell like" asks "what does it smell like" (the listing was searched for "sounds" and "nice"); the clauses
    after it are the question's own ("does the 2nd one, the black one, run small", "all good, what about the 2nd, is
    it wool")."""
    starts = [0] + [m.end() for m in re.finditer(r"[,;!?]+|\.\s+|\s+-+\s+", text)]
    clauses = [(i, text[i:j]) for i, j in zip(starts, starts[1:] + [len(text)]) if text[i:j].strip(" ,;!?.-")]
    asking = [i for i, c in clauses if ASKS.search(c.strip())]
    return text[asking[0]:].strip() if len(clauses) > 1 and asking else text


# How a follow-up ties itself to the last turn ("and", "what about"), the store's range asked for, and the words
# around a refinement that say how it relates rather than what it asks for (read by `understand`).
FOLLOWUP = re.compile(r"^\s*(and|also|what about|how about|but|or|same for|what if|plus|ok and)\b", re.I)
# What a whole-message reply may open with before what it asks ("ok what do you sell", "hi can you help me")
OPENER = r"^\W*(?:(?:hi|hey|hello|ok|okay|so|and|well|um+|hmm+|please)\W+)*"
# "what do you sell?", "ok what do u have then": the store's range, asked with no product named. With a search going
# on ("what else do you have" after mascara) it is a refinement of that search instead.
STORE_RANGE = re.compile(OPENER + r"what\s+(?:else\s+|kinds?\s+of\s+(?:stuff|things|"
                         r"products)\s+|(?:stuff|things|products)\s+)?(?:do|does|can)\s+(?:you|u|ya|y'all)(?:\s+guys)?\s+"
                         r"(?:sell|have|carry|stock|offer)(?:\s+(?:then|here|at all|anyway|instead))?\W*$", re.I)
# "what brands do you carry", "which brands are there": the catalog's brands, by department (a search named none)
BRANDS = re.compile(OPENER + r"(?:what|which)\s+brands?\s+(?:(?:do|does|can)\s+"
                    r"(?:you|u|ya|y'all)(?:\s+guys)?\s+(?:sell|have|carry|stock|offer)|(?:are|r)\s+(?:there|sold|"
                    r"available|carried))(?:\s+(?:then|here|at all|anyway))?\W*$", re.I)
# Asking for things the store may sell: "do you carry ...", "looking for a ..."
ASKS_FOR_THING = re.compile(r"\b(do (you|u|ya)( guys)? (have|sell|carry|stock)|looking for an?|needs? an?|wants? an?|"
                            r"(?:you |have you )?got any)\b", re.I)
# A bare call for help ("i need help", "can you help me"): what the assistant can do, and that a person can be had
HELP = re.compile(OPENER + r"(?:(?:can|could|would|will)\s+(?:you|u)\s+"
                  r"help(?:\s+me)?|(?:i\s+)?need\s+(?:some\s+|a\s+little\s+|a\s+bit\s+of\s+)?help|help(?:\s+me)?|"
                  r"i\s+have\s+a\s+question)(?:\s+(?:please|pls|plz|out))?\W*$", re.I)
# ... a call for a person ("can someone help me", "i need someone to help me"): a hand-off, as "talk to a person" is
PERSON = re.compile(OPENER + r"(?:(?:can|could|would|will)\s+"
                    r"(?:some|any)(?:one|body)\s+(?:please\s+)?help(?:\s+me)?(?:\s+(?:please|pls|plz|out))?|"
                    r"i\s+(?:need|want)\s+(?:some|any)(?:one|body)(?:\s+to\s+help(?:\s+me)?)?)\W*$", re.I)
# Asking how to reach the store's people ("whats your phone number", "how do i contact customer service", "can i still
# call u at like 7pm"): the contact details, not a support ticket nobody asked for
_YOU = r"(?:you|u|ya|you\s+guys|y'all|customer\s+(?:care|service)|support|the\s+store)"
CONTACT = re.compile(
    OPENER + r"(?:(?:what(?:'s|s|\s+is)?|wats|give\s+me|can\s+i\s+(?:get|have)|do\s+(?:you|u)\s+have|is\s+there)\s+"
    r"(?:a\s+|an\s+|the\s+)?(?:your\s+|ur\s+)?(?:customer\s+(?:care|service)\s+|support\s+)?(?:(?:tele)?phone"
    r"(?:\s+number)?|number|e-?mail(?:\s+address)?|contact(?:\s+(?:info|information|details|number))?)"
    rf"(?:\s+(?:for|to\s+reach)\s+{_YOU})?|how\s+(?:do|can|could)\s+i\s+(?:contact|reach|call|phone|ring|e-?mail|get\s+"
    rf"(?:in\s+touch\s+with|hold\s+of))\s+{_YOU})(?:\s+(?:please|pls|plz))?\W*$"
    rf"|{OPENER}(?:can|could)\s+i\s+(?:still\s+|also\s+)?(?:call|phone|ring)\s+{_YOU}\b", re.I)
# "add it to my cart", "can you order these for me": the chat cannot; "you cannot add items to an existing order"
# (the policy its words find) answered it
CART = re.compile(r"\b(?:add|put|throw|stick|place)\b.{0,40}\b(?:cart|basket)\b|\b(?:buy|order|purchase|checkout)"
                  r"\s+(?:it|this|that|them|these|those)(?:\s+one)?\s+for\s+me\b", re.I)
# Words around a follow-up that say how it relates, not what it asks for: "how about blue ones", "tents instead".
TRAILING = re.compile(r"(?:[\s,]+(?:instead|then|too|as well|please|pls|plz))+\s*[?!.]*$", re.I)  # "instead then"
# What a refinement replaces: "navy instead of green" asks for navy, and green no more (read whole, both colours)
REPLACED = re.compile(r"[\s,]*\b(?:instead of|rather than)\s+[^,.;!?]+", re.I)
# "now the same thing but dutch ovens": another type with the search's filters
SAME_BUT = re.compile(r"\b(?:the\s+)?(?:same|similar)\s+(?:thing|things|search|ones?|stuff|deal|filters|again)?\s*"
                      r"(?:,\s*)?(?:but|only|just)\s+(?:for\s+|with\s+|in\s+)?", re.I)
# "what are buyers saying", "what do people complain about": what the product's buyers say, however asked
REVIEWS = re.compile(r"\b(reviews?|reviewers?|reviewed|ratings?|feedback|opinions?|complain\w*|complaints?|"
                     r"what do (?:other |real )?(people|ppl|customers|buyers|others|folks|parents|moms|dads|owners|users|"
                     r"shoppers) (say|think)|"
                     r"(do|did) (people|ppl|customers|buyers|folks) (like|love|hate)|"
                     # "what other customers have written about", "what say the people about the first one"
                     r"(people|customers|buyers|others|owners|users|shoppers) (have |had )?(written|wrote|posted)|"
                     # "what have other purchasers had to say about it" (a formal shopper, d18 dev)
                     r"(people|customers|buyers|purchasers|owners|users|shoppers) (have |had )?(had |have )?to say|"
                     r"(say|says|think|thinks) (the )?(people|customers|buyers|others|owners|users)|"
                     r"(people|ppl|customers|buyers|buyer's|owners|users|folks) (think|say|saying|said|rate|rated))\b",
                     re.I)
# Some of the products shown, by a value: "have you anything among those in white", "are there any of those in blue"
AMONG_SHOWN = re.compile(r"\b(?:any|some)(?:thing)?\s+(?:of|among(?:st)?)\s+(?:those|these|them)\s+in\b", re.I)
# A follow-up asking for other products, not about the ones shown: "what about the blue ones?", "any in leather?"
REFINING = re.compile(r"^\s*(?:(?:and|so|ok|okay|hmm+)\b[\s,]*)?(?:what about|how about|what if|same for|any|anything|"
                      r"got any|do (?:you|u|ya)(?: guys)? (?:have|sell|carry)|you got|have you got)\b", re.I)

FOR_THEM = re.compile(r"\bfor (them|her|him|they)\b", re.I)  # who the last search was for, said again
PRONOUN_FOR = {"her": ("women", "kids"), "him": ("men", "kids")}  # "a scarf for her" after men's jackets: someone else


def for_them(query: str, gender: str) -> str:
    """"what about boots for them" after kids' jackets: for kids; "for her" only when the search was hers."""
    return FOR_THEM.sub(lambda m: f"for {gender}" if gender in PRONOUN_FOR.get(m.group(1).lower(), (gender,))
                        else m.group(0), query)


def after_small_talk(text: str, followup: re.Pattern) -> str:
    """A follow-up after the small talk it starts with: "cool and dutch ovens?" -> "and dutch ovens?", "sweet, got
    any vases?" -> "got any vases?" (but "alright sounds good" stays small talk)."""
    words, apart = text.split(), 0  # apart: the small talk up to its last comma or full stop
    n = next((i for i, w in enumerate(words) if re.sub(r"[^a-z']", "", w.lower()) not in SMALL_TALK), len(words))
    apart = max((i + 1 for i, w in enumerate(words[:n]) if w[-1] in ",.!;:-"), default=0)
    if is_small_talk(" ".join(words[n:])):
        return text
    if 0 < n < len(words) and followup.match(" ".join(words[n:])):
        return " ".join(words[n:])
    return " ".join(words[apart:]) if 0 < apart < len(words) else text


def followup_core(text: str) -> str:
    """What a follow-up asks for, without the words that tie it to the last turn: "how about blue ones" -> "blue
    ones", "show me tents instead" -> "show me tents" (the type check read "how about" as a product we lack)."""
    return TRAILING.sub("", FOLLOWUP.sub("", text)).strip(" ,") or text


def canned_reply(text: str, searching: bool) -> str:
    """The reply a message gets without a tool (`Understanding.reply`), or "": "ok thx", "what do you sell?" (with
    a search going on, "what else do you have" refines it instead), "what brands do you carry", "add it to my
    cart", "i need help", "whats your phone number"."""
    if is_small_talk(text):
        return "small_talk"
    if STORE_RANGE.match(text) and not searching:
        return "store_range"
    if BRANDS.match(text):
        return "brands"
    if HELP.match(text):
        return "help"
    if CONTACT.match(text):
        return "contact"
    return "cart" if CART.search(text) else ""
