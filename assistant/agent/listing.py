"""A shopper's question about one product answered from its listing and its reviews: "does it come with a cable?",
"is the first one waterproof?", "what's it made of?", "do they run small?".

The listing is the title, the catalog attributes and the description; reviews add what buyers say about the same
thing. Only sentences that use the question's own words (or the words of the review aspect they belong to: "slip"
finds "grips", "small" finds "fits true to size") are quoted, and when none does the answer says so: the listing
doesn't say, rather than a guess.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from pydantic import BaseModel, Field

from assistant.agent.reviews import ASPECT_WORDS, talks_about
from assistant.knowledge import sentences
from assistant.retrieval.stopwords import OVERLAP_STOP

QUOTES = 2  # sentences quoted from the listing, and from the reviews
QUOTE_WORDS = 30
# Words of a question about a product that say nothing about what is asked: question words, references to the
# product, and the verbs that tie a property to it ("does it come with", "is it").
ASKING = OVERLAP_STOP | frozenset("""one ones first second third fourth fifth last 1st 2nd 3rd 4th 5th top number
these those item product thing is are does do did has have had can could will would should come comes came
include includes included box whats what's it's they're gonna just really actually also ok okay so pls please
any anything got which better more less most least or either both other another cheaper cheapest pricier priciest
two three four five best
expensive rated popular""".split())  # "whats the cheaper one made of": the choice, not what is asked
# "what's it made of", "what fabric": the attribute the question asks for by name.
ATTRIBUTE_WORDS = {"made": "material", "material": "material", "fabric": "material", "colour": "color",
                   "color": "color", "colors": "color", "colours": "color", "size": "size", "sizes": "size",
                   "pattern": "pattern", "style": "style"}
# "does the 2nd come in a medium": a size asked by name, listed by letter
SIZE_NAMES = {"small": "s", "medium": "m", "large": "l", "xsmall": "xs", "xlarge": "xl"}
INCLUDED = re.compile(r"\b(come|comes|came|include|includes|included|in the box)\b", re.I)
# A question about fit ("do they run small?"); a bare "fit" is not one: "can I return it if it doesn't fit".
FIT = re.compile(r"\b(run|runs|running|fit|fits|fitting)\s+(small|big|large|true|tight|loose|snug|narrow|wide|short|"
                 r"long)\b|\btrue to size\b|\bsize (up|down)\b|\bwhat size\b|\bsizing\b", re.I)


# A sentence about fit: "fits true to size in my usual 8", "cut roomy, so size down" (the review aspect's own
# words also take "runs" in "my morning runs" and "big" in "biggest complaint").
FITS = re.compile(r"\b(fits?|fitted|fitting|sizing|size (up|down)|true to size|runs? (small|large|big|true|narrow|"
                  r"wide|short|long)|snug|roomy|tight|loose|baggy)\b", re.I)


class ListingAnswer(BaseModel):
    """What the listing and the reviews of one product say about a question."""

    title: str
    asked: list[str] = Field(default_factory=list)  # the question's content words
    attributes: dict[str, str] = Field(default_factory=dict)
    listing: list[str] = Field(default_factory=list)
    reviews: list[str] = Field(default_factory=list)
    review_mentions: int = 0

    def text(self) -> str:
        said = [f"{k}: {v}." for k, v in self.attributes.items()] + [f"“{s}”" for s in self.listing]
        line = (f"**{self.title}**: the listing says " + " ".join(said) if said else
                f"**{self.title}**: the listing doesn't say ({', '.join(self.asked) or 'that'}).")
        if self.reviews:
            line += (f" {self.review_mentions} review(s) mention it: " + " ".join(f"“{s}”" for s in self.reviews))
        elif not said:
            line += " No review mentions it either."
        return line


# "last" names the last product shown ("the last one") or asks how long it lasts ("does the 1st one last long")
LAST_SHOWN = re.compile(r"\b(?:the|that|this)\s+last\b|\blast\s+(?:one|ones|item|product|two|three|2|3)\b", re.I)


UNITS = {"oz", "ml", "mm", "cm", "lb", "kg", "ft", "gb", "tb"}  # "how many oz is it": short, and what is asked


def content_words(question: str) -> list[str]:
    """The words that say what is asked: "does the second one come with a charging cable?" -> charging, cable."""
    words = re.findall(r"[a-z0-9']+", question.lower().replace("-", " "))
    verb = {"last"} if "last" in words and not LAST_SHOWN.search(question) else set()
    return [w for w in dict.fromkeys(words) if (w not in ASKING or w in verb) and (len(w) > 2 or w in UNITS)
            and not w.isdigit()]


def aspects_of(words: list[str]) -> list[str]:
    """The review aspects the question's words belong to: "non slip" -> grip; "heavy" -> weight."""
    return [aspect for aspect, vocab in ASPECT_WORDS.items()
            if any(w == v or (len(v) >= 4 and w.startswith(v)) for w in words for v in vocab)]


SUFFIXES = ("ability", "able", "ible", "ing", "ed", "er", "est", "es", "s", "ly")


def _pattern(word: str) -> str:
    """A word of the question as a pattern for its family: "washable" finds "wash" and "washing", "lighter" finds
    "lightweight"; a short stem takes only inflections ("safe" is not "safely", "hood" is "hooded")."""
    stem = next((word[:-len(x)] for x in SUFFIXES if word.endswith(x) and len(word) - len(x) >= 4), word)
    return rf"\b{re.escape(stem)}" + ("" if len(stem) > 4 else r"(?:s|es|d|ed|er|ers|[a-z]?ing|[a-z]?ed)?\b")


def _mentions(sentence: str, words: list[str], aspects: list[str]) -> int:
    """How many of the question's words (by stem) or aspects a sentence speaks of."""
    text = sentence.lower().replace("-", " ")
    hits = sum(1 for w in words if re.search(_pattern(w), text))
    return hits + sum(1 for a in aspects if (FITS.search(sentence) if a == "fit" else talks_about(sentence, a)))


def _sentences(text: str) -> list[str]:
    """The text's sentences short enough to quote, cut by the project's splitter (the policies' own: "Linden Linen
    Co. made the mug" stays one sentence, where splitting at every full stop made "Linden Linen Co." one)."""
    return [s for s in sentences(text or "") if 3 <= len(s.split()) <= QUOTE_WORDS]


def _best(sentences: list[str], words: list[str], aspects: list[str], n: int = QUOTES) -> list[str]:
    scored = sorted(((_mentions(s, words, aspects), -len(s), s) for s in sentences), reverse=True)
    return [s for hits, _, s in scored if hits > 0][:n]


def _found(sentences: list[str], words: list[str], aspects: list[str], n: int = QUOTES) -> list[str]:
    """The sentences using the question's own words; only when none does, those about its aspects (an aspect's
    vocabulary is wide: "pockets" is capacity, whose "fits" also finds "the bodice fits perfectly")."""
    return _best(sentences, words, [], n) or _best(sentences, [], aspects, n)


def answer(question: str, title: str, attributes: dict, description: str, reviews: list[str],
           aspects_of_kind: Collection[str] | None = None) -> ListingAnswer:
    """What the listing and the reviews say about the question, quoted; `aspects_of_kind` are the review aspects of
    the product's department (review_aspects.yaml): "does it last long" about a perfume is its longevity, not the
    durability a "sturdy" box speaks of."""
    words = content_words(question)
    fit = bool(FIT.search(question))
    asked_attrs = ({ATTRIBUTE_WORDS[w] for w in words if w in ATTRIBUTE_WORDS} | ({"size"} if fit else set())
                   | ({"size"} if any(w in SIZE_NAMES for w in words) else set()))
    attrs = {}
    for key, value in attributes.items():
        values = value if isinstance(value, list) else [value]
        if key in asked_attrs or any(str(v).lower() in words for v in values):
            attrs[key] = ", ".join(str(v) for v in values)
    # a word of the question that only names an attribute ("made", "colour") is answered by the attribute;
    # "do they run small" asks for sentences about fit, not every "run" or "small"
    words = [] if fit else [w for w in words if w not in ATTRIBUTE_WORDS or not attrs]
    # "is the Eider one waterproof": "eider" names the product, "waterproof" is asked (unless the title is all it asks)
    titled = set(re.findall(r"[a-z0-9']+", title.lower()))
    words = [w for w in words if w not in titled] or words
    aspects = ["fit"] if fit else [a for a in aspects_of(words) if not aspects_of_kind or a in aspects_of_kind]
    listing = _found([title, *_sentences(description)], words, aspects)
    said = [s for r in reviews for s in _sentences(r)]
    quoted = _found(said, words, aspects, QUOTES * 50)
    mentions = sum(1 for r in reviews if set(_sentences(r)) & set(quoted))
    return ListingAnswer(title=title, asked=words or sorted(asked_attrs), attributes=attrs,
                         listing=[s for s in listing if s != title] or listing, reviews=quoted[:QUOTES],
                         review_mentions=mentions)
