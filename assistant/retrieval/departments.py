"""Which department a policy question's product belongs to, named the way the catalog names its product types.

Policies state rules per department ("Sports & outdoors: 30 days"), shoppers name the product ("a yoga mat"), so a
question naming a product is searched a second time with its department (`PolicyRetriever._with_department`).
Matching any word of a category's name did that for ordinary words too: "money" (of "Money Clips") in "my money
back", "free" (of "Free Weights") in "free shipping" gave 3 of the 9 bench questions with a department text a wrong
one, at about 9 ms for the extra embedding. Here a question names a type only by a noun phrase the catalog uses:

- a category's name, split as `tasks/rewrite/carried.py` splits it ("Wallets & Money Clips" -> "wallet", "money
  clip"; "Yoga & Pilates Mats" -> "yoga mat", "pilates mat": a first name that is no plural shares the next one's
  noun), or its last words down to two ("mobile phone case" -> "phone case");
- a multiword name's head noun alone ("mat", "clip") only when the policy pages use the word nowhere but in sections
  that speak of its department too: "kettles" of "Home & kitchen: ... such as kettles" is the product, while "case"
  of "in that case" (a section about exchanges) or "weight" of "measurements, weights" is an ordinary word, and
  needs its full name ("phone case"). (Never used at all was the rule before: "how long is the return window on
  kettles" then named no department, and was declined);
- never a modifier alone ("money", "free", "phone", "coffee"), and never a word inside a hyphenated compound other
  than its last ("cruelty-free" has no "free"; "t-shirt" is a shirt).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.knowledge import category_forms, singular

TOKENS = re.compile(r"[a-z]+(?:-[a-z]+)*")
MAX_WORDS = 3  # the longest type phrase matched: "drip coffee maker", "mobile phone case"


def type_names(category: str) -> list[tuple[str, ...]]:
    """The product types a category's name names, each as its singular words ("Wallets & Money Clips" ->
    [("wallet",), ("money", "clip")]; "Yoga & Pilates Mats" -> [("yoga", "mat"), ("pilate", "mat")], see `_key`)."""
    forms = [re.findall(r"[a-z]+", f) for f in category_forms(category)]
    forms = [f for f in forms if f]
    names = []
    for i, words in enumerate(forms):
        nxt = forms[i + 1] if i + 1 < len(forms) else []
        if len(words) == 1 and singular(words[0]) == words[0] and len(nxt) > 1:
            words = [words[0], nxt[-1]]  # "Yoga & Pilates Mats": yoga mats, not "yoga"; "System & Power Cables"
        names.append(tuple(_key(w) for w in words))
    return names


@lru_cache(maxsize=8192)  # a policy turn keys the same few hundred words (its sections') some 400 times
def _key(word: str) -> str:
    """A word as compared: singular, "cases" as "case" (`singular` makes it "cas", as it makes "dresses" "dress"),
    "knives" as "knife".
    Not without a final "e" whatever the word, as before: "hate" was then "hat" (of "Hats"), and "opened my lip
    oil and hate it" a question about bags & accessories."""
    if word.endswith("ses") and not word.endswith("sses") and len(word) > 4:
        return word[:-1]
    if word.endswith(("ives", "rves")):  # "knives" and "knife", "scarves" and "scarf" meet
        return word[:-3] + ("fe" if word.endswith("ives") else "f")
    return singular(word)


@dataclass
class Departments:
    """Product-type phrases (singular words) of one department only -> that department's words."""

    phrases: dict[tuple[str, ...], str] = field(default_factory=dict)
    heads: dict[str, str] = field(default_factory=dict)  # a multiword name's head noun -> its department
    _usable: dict[str, str] | None = None  # `heads` usable alone with the policy words last given to `named`
    _seen: object = None  # ... those policy words (the retriever gives the same ones until a new index)
    _named: list[tuple[str, frozenset[str]]] | None = None  # see `_names`

    @classmethod
    def from_taxonomy(cls, taxonomy, ontology) -> "Departments":
        """From the taxonomy's leaves, the categories products are in (the answer writer's, which has no product
        index). Not its inner categories: "Handbags, Wallets & Cases" would make "in that case" a bag."""
        paths = [taxonomy.paths[c] for c in sorted(taxonomy.leaves)]
        return cls.from_products([{"category": path.rsplit(" > ", 1)[-1], "department": dept}
                                  for path in paths if (dept := ontology.department_of(path))])

    @classmethod
    def from_products(cls, metas: list[dict]) -> "Departments":
        """From the product index's rows (their category and department): a phrase or head two departments'
        types share ("bag" of "Duffel Bags" and "Sleeping Bags") names neither."""
        phrases: dict[tuple[str, ...], set[str]] = {}
        heads: dict[str, set[str]] = {}
        for m in metas:
            dept = str(m.get("department") or "").replace("_", " ")
            if not dept:
                continue
            for name in type_names(str(m.get("category", ""))):
                # the whole name and its last words down to two ("mobile phone case", "phone case")
                for n in range(2, min(len(name), MAX_WORDS) + 1) if len(name) > 1 else [1]:
                    phrases.setdefault(name[-n:], set()).add(dept)
                if len(name) > 1:
                    heads.setdefault(name[-1], set()).add(dept)
        return cls(_of_one(phrases), _of_one(heads))

    def named(self, query: str, policy_words: dict[str, frozenset[str]]) -> list[str]:
        """The departments of the product types `query` names, in order; `policy_words`: each policy section's
        words (a head noun they use outside their department needs its full name, see `_usable_heads`)."""
        if self._usable is None or self._seen is not policy_words:
            self._usable, self._seen = self._usable_heads(policy_words), policy_words
        words, ends = _words(query)
        found = []
        for i in range(len(words)):
            if not ends[i]:
                continue  # "cruelty-free": only a compound's last word can end a noun phrase
            for n in range(MAX_WORDS, 0, -1):
                phrase = tuple(words[max(0, i - n + 1):i + 1])
                dept = self.phrases.get(phrase) if len(phrase) == n else None
                if dept is None and n == 1:
                    dept = self._usable.get(words[i])
                if dept is not None:
                    found.append(dept)
                    break
        return list(dict.fromkeys(found))

    def _usable_heads(self, policy_words: dict[str, frozenset[str]]) -> dict[str, str]:
        """The head nouns that name their department alone: those no policy section uses but one speaking of that
        department by name ("kettles" only in the warranty's "Home & kitchen" row; "case" in "in that case" too)."""
        sections = [{_key(w) for w in words} for words in policy_words.values()]
        return {w: d for w, d in self.heads.items() if (w,) not in self.phrases
                and all(set(map(_key, d.split())) <= keys for keys in sections if w in keys)}

    def in_text(self, text: str) -> set[str]:
        """The departments a text names by their own names ("Sports & outdoors", "Electronics accessories (phone
        cases, ...)": every word of the department's name, singular)."""
        keys = set(_words(text)[0])
        return {d for d, words in self._names() if words <= keys}

    def _names(self) -> list[tuple[str, frozenset[str]]]:
        """Each department with the words of its name as compared, worked out once."""
        if self._named is None:
            self._named = [(d, frozenset(map(_key, d.split())))
                           for d in set(self.phrases.values()) | set(self.heads.values())]
        return self._named


def _of_one(found: dict) -> dict:
    """The keys found in one department only, with it."""
    return {k: next(iter(v)) for k, v in found.items() if len(v) == 1}


def _words(query: str) -> tuple[list[str], list[bool]]:
    """The query's words, singular, and whether each may end a noun phrase (not a hyphenated compound's first part)."""
    words, ends = [], []
    for token in TOKENS.findall(query.lower()):
        parts = token.split("-")
        words += [_key(p) for p in parts]
        ends += [False] * (len(parts) - 1) + [True]
    return words, ends
