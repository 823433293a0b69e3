"""The merchant's "Shorter", "More playful" and "More formal": which of the store's own sentences fit each tone.

The generator keeps, for every step of its plan, the sentences the store wrote that say the same thing; a tone
only changes which of them is chosen (and, for "formal", spells contractions out), so every tone states the same
attributes, all checked, and nothing new: "shorter" takes the fewest words and drops the closing flourish,
"playful" the chattiest line (contractions, "you", "we", asides), "formal" the plainest.
"""

from __future__ import annotations

import re
from typing import Literal

Tone = Literal["", "shorter", "playful", "formal"]
TONES: tuple[Tone, ...] = ("shorter", "playful", "formal")
SHORTER_SHARE = 0.7  # "shorter" aims at 70% of the usual length: short enough to notice, every attribute kept

CONTRACTION = re.compile(r"\b(?:it|that|there|here|what|let|they|you|we|i)['’](?:s|re|ll|ve|d|m)\b|\b\w+n['’]t\b",
                         re.I)
CHATTY = re.compile(r"\b(?:you|your|yours|we|us|our|honestly|just|really|yes|fun|love|like|sign|go-to|easy)\b|[;:—?]",
                    re.I)
SPELLED = {"it's": "it is", "that's": "that is", "there's": "there is", "here's": "here is", "what's": "what is",
           "let's": "let us", "they're": "they are", "you're": "you are", "we're": "we are", "you'll": "you will",
           "they'll": "they will", "we'll": "we will", "it'll": "it will", "you've": "you have", "we've": "we have",
           "they've": "they have", "you'd": "you would", "don't": "do not", "doesn't": "does not",
           "isn't": "is not", "aren't": "are not", "won't": "will not", "can't": "cannot", "didn't": "did not",
           "wasn't": "was not", "i'm": "I am"}
# A sentence that starts by telling the reader what to do reads as talk, not as a catalog's statement.
IMPERATIVE = re.compile(r"^(?:Meet|Say|Think|Bring|Put|Take|Keep|Dress|Follow|Add|Lace|Look|Pair|Consider|Grab|"
                        r"Choose|Give|Toss|Slip|Wear|Use|Treat|Reach|Make|Let)\b")
GUIDANCE = (("shorter", re.compile(r"short|concise|brief|trim|tight|less|cut", re.I)),
            ("playful", re.compile(r"playful|fun|casual|friendl|warm|light|punch|chatty", re.I)),
            ("formal", re.compile(r"formal|professional|serious|polished|neutral", re.I)))


def tone_of(guidance: str) -> Tone | None:
    """The tone a merchant's words ask for ("More playful" -> "playful"), or None when they ask for none."""
    return next((tone for tone, words in GUIDANCE if words.search(guidance)), None)


def informality(text: str) -> float:
    """Contractions and chatty words per word: 0 for a plain statement, higher for a chattier line."""
    talk = len(CONTRACTION.findall(text)) + len(CHATTY.findall(text)) + 2 * bool(IMPERATIVE.match(text))
    return talk / max(1, len(text.split()))


def order(options: list[str], tone: Tone) -> list[str]:
    """The same step's sentences, best for the tone first. On a tie the usual sentence (first) goes last: a
    merchant who asks for another tone expects to see another text."""
    if not tone or not options:
        return options
    key = {"shorter": lambda s: len(s.split()), "playful": lambda s: -informality(s), "formal": informality}[tone]
    return sorted(options, key=lambda s: (key(s), s == options[0]))


def spell_out(text: str) -> str:
    """Contractions written out, keeping the first letter's case: "It's" -> "It is"."""
    def sub(m: re.Match) -> str:
        full = SPELLED.get(m.group(0).lower().replace("’", "'"))
        if full is None:
            return m.group(0)
        return full[:1].upper() + full[1:] if m.group(0)[0].isupper() else full

    return CONTRACTION.sub(sub, text)
