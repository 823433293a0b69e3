"""What the store carries: the rewrite task's last stage, checking the model's category against the store's words.

The rewrite model always picks its nearest category, so a query for a thing the store does not sell ("makeup" is
sold here; "paddle board" and "lawn mower" are not) got unrelated products. Here a query's product words are looked
up in the store's own vocabulary (taxonomy, ontology, catalog titles): a word the store uses for a category backs
that category; a head noun the store never uses, and that MiniLM does not place near any category, means "we don't
carry that".

The store's labelled queries (the rows the model learns from) are its vocabulary too: a head noun they give one
category ("clogs", "mules" -> Shoes) keeps the model's category when the model agrees, where MiniLM alone would
place the word nowhere and refuse a type the store sells. It never overrides the model: the taxonomy's and the
titles' words do that.

`ground` is what the agent's product search applies after the model, and what evals/realquery_rewrite.py scores
as "local+types".
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process

from assistant.knowledge import Ontology, Taxonomy, category_forms, singular
from assistant.schemas import Product, SearchFilters
from assistant.tasks.base import TaskContext
from assistant.tasks.rewrite.data import TRAIN_FILE, load_examples
from assistant.tasks.rewrite.said import budget, for_whom, measured, not_a_filling, wanted_unless_negated

TITLE_HEADS = 2  # a title's head noun names its category's type when two titles of it end so ("boots", "kettle")
TITLE_PURITY = 0.8  # ... and nearly all titles ending so are in that category ("pan" yes; "set" no)
FUZZY_MIN = 92  # rapidfuzz ratio for a misspelt type word: "sneakrs"/"sneaker" 93; "powder"/"power" 91 is not one
NEAR_CATEGORY = 0.55  # MiniLM cosine above which an unknown head noun is a kind of a category ("trainers" ~ shoes)
NEAREST_K = 5  # leaves near an unknown phrase among which the model's category must be (5 of 57 stocked leaves)
# Words that end a product phrase: what follows says who, what for, how much, how soon or what it is made of, not
# what. A comparative starts its clause ("bra lighter than my old one"), and so does "made", "available", "asap" or
# "it" ("lantern it shouldn't be ..."): without them 241 of the store's 1,616 labelled queries were refused as
# types we don't carry ("made of", "available now", "than old"); with them, 155 (unknown nouns and 2-typo words).
CUT = re.compile(r"\b(?:\w+er\s+than|\w+\s+enough|for|with|without|under|below|over|above|less|more|than|that|which|to|from|in|"
                 r"on|at|by|near|around|about|roughly|like|but|and|or|if|so|because|of|not|too|very|really|only|made|"
                 r"available|ready|ships?|shipping|asap|now|today|tonight|tomorrow|right|currently|budget|it|"
                 r"please|pls|plz|thx|thanks|size|don|doesn|isn|shouldn|wouldn)\b")
# Words that describe rather than name: "stitched", "cleaning", "foldable", "lightly".
MODIFIER = re.compile(r"(?:ed|ing|ly|able|ible|ful)$")
# A request around the product phrase: "looking for", "do you guys sell", "show me".
# Asked indirectly or formally too: "I was wondering whether you carry any linen dresses", "I should prefer one made
# of cast iron", "have you anything in white" (each was refused as a type we don't carry: "wondering whether").
HELPING = r"help (?:me |us )?(?:find|pick|choose|look for)"  # "help me find a gift for my dad"
# ... which, naming no type, starts a search over (`agent/understand`: not a refinement of the last brand's search)
HELP_FIND = re.compile(rf"\b{HELPING}\b", re.I)
REQUEST = re.compile(r"\b(?:(?:i'?m |i am )?(?:looking|shopping|searching|hunting) for|do (?:you|u|ya)(?: guys)? "
                     r"(?:have|sell|carry|stock)|show me|i (?:want|need)|in the market for|(?:i was |i'?m |i am )?"
                     r"wondering (?:whether|if) (?:you|u) (?:have|sell|carry|stock|do)|have (?:you|u)(?: got)?|"
                     r"(?:are|is) there|i(?:'d| would| should) (?:prefer|like|love)|(?:could|can|may) (?:i|we) see|"
                     rf"{HELPING})\b")
# Words around a product phrase that are never the product: requests, quantities, people, generic nouns.
NOT_TYPES = set("""a an the some any my our your me i im we you u guys do does have has had sell sells selling
carry carries got get need needs want wants looking look find show see buy new good nice best cheap cheapest
decent cute pretty great something anything stuff thing things item items product products gift gifts present
presents idea ideas option options one ones kind type sort pair pairs set sets pack piece pieces please pls
thanks thx hi hey hello ok okay just really very also still there here what which where whats is are can could
would should will it them this that these those yes no not any other else more less much many few two three
four five person people men women man woman kids kid boy girl baby unisex mens womens him her he she his hers
they theyre come comes came actually maybe perhaps instead rather ugh hmm d ll ve re m take
dad mom mother father wife husband son daughter friend brand brands sale deal deals price cheap under dollars
bucks usd size color colour style was were am be been might may shall must nothing fancy prefer preferably wondering whether among either whatever simple
basic affordable help""".split())
SUBJECTS = {"i", "we", "he", "she", "they", "you", "u"}  # who starts a clause about the product ("the mug i got")


# Shoppers' words for types the store names otherwise ("noise cancelling cans" are headphones, "kicks" sneakers):
# neither the store's words nor MiniLM (cosine 0.24 for "cancelling can") place them, so the store refused them as
# types it does not carry. Read before plurals are cut: "cans" is no "can". A word maps only onto a type the store
# names; the table says nothing about what it stocks.
SHOPPER_WORDS = {"cans": "headphones", "buds": "earbuds", "earphones": "headphones", "kicks": "sneakers",
                 "sneaks": "sneakers", "pjs": "pajamas", "pj": "pajamas", "jammies": "pajamas", "jimjams": "pajamas",
                 "sunnies": "sunglasses", "frock": "dress", "frocks": "dresses", "slacks": "trousers",
                 "sweatpants": "pants", "trackies": "pants", "rucksack": "backpack", "rucksacks": "backpacks",
                 "wellies": "boots", "wellingtons": "boots", "gumboots": "boots", "galoshes": "boots",
                 "anorak": "jacket", "anoraks": "jackets", "windbreaker": "jacket", "windbreakers": "jackets",
                 "raincoat": "jacket", "raincoats": "jackets", "pullover": "sweater", "pullovers": "sweaters",
                 "thermos": "bottle", "flip-flops": "sandals", "flipflops": "sandals", "slides": "sandals",
                 "lippie": "lipstick", "lippies": "lipsticks", "cossie": "swimsuit", "cozzie": "swimsuit",
                 "bathers": "swimsuit", "clutch": "handbag", "clutches": "handbags",
                 "t-shirt": "shirt", "t-shirts": "shirts", "tshirt": "shirt", "tshirts": "shirts", "tee-shirt": "shirt"}  # not "jumper": a US dress
# ... and a few of two words: a phone's "cover" is no pillow cover
SHOPPER_PHRASES = [(re.compile(r"\bflip\s+flops?\b"), "sandals"),
                   (re.compile(r"\b(?:phone|iphone|cell|mobile)\s+covers?\b"), "phone case")]
# ... unless the word before makes it the thing itself: "trash cans", "cotton buds", "microscope slides"
LITERAL_AFTER = {"cans": {"trash", "garbage", "waste", "watering", "paint", "soda", "beer", "tin", "spray", "food",
                          "recycling", "storage", "aluminum", "aluminium", "soup", "coffee"},
                 "buds": {"cotton", "rose", "flower", "taste"}, "slides": {"microscope", "water", "play", "photo"},
                 "clutch": {"car"}}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+(?:-[a-z]+)?", text.lower().replace("’", "'"))


def _asked_words(query: str) -> list[str]:
    """A query's words, shoppers' words for a type in the store's ("noise cancelling cans" -> ... headphones)."""
    text = query.lower()
    for pattern, words in SHOPPER_PHRASES:
        text = pattern.sub(words, text)
    words = _words(text)
    return [w if i and words[i - 1] in LITERAL_AFTER.get(w, ()) else SHOPPER_WORDS.get(w, w)
            for i, w in enumerate(words)]


@dataclass
class ProductTypes:
    """Product-type phrases the store uses (singular) -> the leaf categories with products they name."""

    phrases: dict[str, set[int]]
    names: dict[int, str]  # leaf id -> its name, for the similarity check
    attribute_words: set[str]
    # Phrases only a department names ("kitchen", "decor", "food" of "Food & Beverage Carriers"): they say where,
    # not what, so they back their leaves only when nothing else in the query names the product ("makeup").
    broad: set[str] = field(default_factory=set)
    # Words the catalog itself uses: such a word is spelt right, so it is never a misspelt type ("charge" is not
    # "charger").
    known_words: set[str] = field(default_factory=set)
    vectors: np.ndarray | None = None  # one MiniLM vector per entry of `labels`
    labels: list[int] | None = None
    # Head nouns (or compounds) the store's labelled queries give one category: they keep the model's category
    # when it is one of theirs (see the module docstring), and override nothing.
    taught: dict[str, set[int]] = field(default_factory=dict)

    @classmethod
    def build(cls, taxonomy: Taxonomy, ontology: Ontology, products: list[Product], embedder=None,
              labelled: list[tuple[str, list[int]]] = ()) -> "ProductTypes":
        """The store's product types; `labelled`: its labelled queries and their categories (the rewrite rows)."""
        stocked = {p.category_id for p in products}
        phrases: dict[str, set[int]] = defaultdict(set)
        own: set[str] = set()  # phrases a leaf's own name or its titles give
        for leaf in stocked:
            segments = taxonomy.paths[leaf].split(" > ")[1:]  # level 1 ("Home & Garden") names no product type
            for depth, segment in enumerate(segments, 1):
                for form in category_forms(segment):
                    phrase = " ".join(singular(w) for w in _words(form))
                    phrases[phrase].add(leaf)
                    if depth == len(segments):
                        own.add(phrase)
        attribute_words = {w for form in ontology.lexicon for w in _words(form)}
        for word, leaf in _title_types(products, attribute_words):
            phrases[word].add(leaf)
            own.add(word)
        for phrase in [p for p in phrases if p in NOT_TYPES]:
            del phrases[phrase]
        names = {leaf: taxonomy.name(leaf) for leaf in stocked}
        known = {w for p in products for w in _words(f"{p.title} {p.description}")}
        types = cls(dict(phrases), names, attribute_words, set(phrases) - own, known)
        types.taught = _taught_types(types, labelled)
        if embedder is not None:
            labels = [leaf for leaf in names for _ in (0,)]
            texts = [names[leaf] for leaf in labels]
            extra = [(p, leaf) for p, leaves in types.phrases.items() for leaf in leaves]
            labels += [leaf for _, leaf in extra]
            texts += [p for p, _ in extra]
            types.vectors, types.labels = embedder.encode(texts), labels
        return types

    @classmethod
    def for_store(cls, ctx: TaskContext, products: list[Product]) -> "ProductTypes":
        """The product types of the store whose knowledge folder `ctx` reads, with its labelled queries if any."""
        path = ctx.knowledge_dir / TRAIN_FILE
        rows = load_examples(path, knowledge=(ctx.taxonomy, ctx.ontology), warn=False) if path.exists() else []
        return cls.build(ctx.taxonomy, ctx.ontology, products, ctx.embedder,
                         [(e.input.query, e.output.category_ids) for e in rows])

    def window(self, query: str) -> list[str]:
        """The query's product phrase, singular: the words before what-for/with/under, without the request around
        it and without trailing attributes. "looking for a red paddle board for the lake" -> [red, paddle, board]."""
        text = REQUEST.sub(" ", re.sub(r"\$?\d+(?:[.,/]\d+)?", " ", query.lower()))
        words = _asked_words(CUT.split(text, maxsplit=1)[0])
        # "the last moisturizer i bought broke me out": a clause after the product ends it (not after "can i get")
        end = next((k for k, w in enumerate(words) if w in SUBJECTS and set(words[:k]) - NOT_TYPES), len(words))
        words = [w for w in words[:end] if w not in NOT_TYPES]
        while words and words[-1] in self.attribute_words and singular(words[-1]) not in self.phrases:
            words.pop()  # "dress red" -> "dress"
        return [singular(w) for w in words]

    def backed(self, query: str, embedder=None) -> tuple[str, list[int]]:
        """The product-type phrase that heads the query and the categories it names ("frying pan" -> skillets).
        It must end the product phrase: "bottle cleaning brush" is a brush, not a bottle. A compound whose
        modifier is another of the store's types and that MiniLM places with the modifier ("pillow case") names
        neither: it gives the compound and no category."""
        words = self.window(query)
        while words:
            for n in (3, 2, 1):
                phrase = " ".join(words[-n:])
                leaves = self.phrases.get(phrase) or self._fuzzy(phrase, n)
                if len(words) >= n and leaves:
                    if phrase in self.broad and self._named_before(words[:-n]):
                        break  # "t towels kitchen": the towel is the product, the kitchen where it goes
                    compound = self._elsewhere(words[:-n], phrase, leaves, embedder)
                    return (compound, []) if compound else (phrase, sorted(leaves))
            else:
                if not MODIFIER.search(words[-1]):
                    return "", []
                words = words[:-1]  # "dutch ovens stitched by ..." : a participle after the type is not the type
                continue
            words = words[:-n]
        words = [singular(w) for w in _asked_words(query)]  # no product phrase up front: "something for tea, a kettle"
        for n in (3, 2, 1):
            for i in range(len(words) - n, -1, -1):
                phrase = " ".join(words[i:i + n])
                if phrase in self.phrases and phrase not in self.broad and not self._modifies(words[i + n:]):
                    return phrase, sorted(self.phrases[phrase])  # "food" in a book's title is no type
        return "", []

    def _modifies(self, after: list[str]) -> bool:
        """Whether a type word found mid-query describes the noun after it: "insoles for flat feet" (flats are
        shoes) names no type; "something for tea, a kettle please" does."""
        return bool(after) and not CUT.fullmatch(after[0]) and after[0] not in NOT_TYPES | self.attribute_words

    def _named_before(self, words: list[str]) -> bool:
        """Whether a word before a department word names the product ("towel kitchen"; not "red kitchen")."""
        return any(w not in self.attribute_words and w not in NOT_TYPES and len(w) > 2 for w in words)

    def _elsewhere(self, before: list[str], phrase: str, leaves: set[int], embedder) -> str:
        """The compound ("pillow case") when its modifier is another store type and MiniLM places the compound
        with the modifier's categories rather than the head's; "" when the head names the product ("dress
        pants" are pants, "shirt dress" a dress)."""
        if not before or embedder is None or self.vectors is None:
            return ""
        modifier = before[-1]
        other = self.phrases.get(modifier, set()) - leaves
        if modifier in self.attribute_words or modifier in self.broad or not other:
            return ""
        compound = f"{modifier} {phrase}"
        nearest = self.nearest(compound, embedder, 1)[1][0]
        return compound if nearest in other else ""

    def _fuzzy(self, phrase: str, n: int) -> set[int] | None:
        if n > 1 or len(phrase) < 5 or phrase in self.known_words:  # short words are too close to guess ("bag"/"bat")
            return None
        hit = process.extractOne(phrase, [p for p in self.phrases if " " not in p], scorer=fuzz.ratio,
                                 score_cutoff=FUZZY_MIN)
        return self.phrases[hit[0]] if hit else None

    def head(self, query: str) -> str:
        """The product phrase's last two words without attributes: "do you have a red paddle board" -> "paddle
        board"; "need a new couch for my living room" -> "couch"."""
        words = [w for w in self.window(query) if w not in self.attribute_words]
        while len(words) > 1 and (MODIFIER.search(words[-1]) or
                                  words[-1] in self.broad and self._named_before(words[:-1])):
            words.pop()
        return " ".join(words[-2:])

    def taught_leaves(self, query: str) -> set[int]:
        """The categories the store's labelled queries give the query's head noun ("black clogs size 8" -> Shoes)."""
        words = self.head(query).split()
        for n in (2, 1):
            if len(words) >= n and (leaves := self.taught.get(" ".join(words[-n:]))):
                return leaves
        return set()

    def nearest(self, head: str, embedder, k: int = 5) -> tuple[float, list[int]]:
        """MiniLM's closest leaf categories to a product phrase, and the best cosine."""
        sims = self.vectors @ embedder.encode_query(head)
        order = np.argsort(-sims)
        leaves: list[int] = []
        for i in order:
            if self.labels[i] not in leaves:
                leaves.append(self.labels[i])
            if len(leaves) == k:
                break
        return float(sims[order[0]]), leaves

    def carried(self, query: str, embedder=None) -> tuple[bool, str]:
        """(False, "paddle board") when the query names a product type the store does not sell."""
        phrase, leaves = self.backed(query, embedder)
        if leaves:
            return True, ""
        if phrase:
            return False, phrase  # a compound naming something else: "pillow case"
        head = self.head(query)
        if not head:
            return True, ""  # no product named ("something red and flowy"): nothing to abstain on
        if embedder is not None and self.vectors is not None and self.nearest(head, embedder)[0] >= NEAR_CATEGORY:
            return True, head
        return False, head


def _title_head(title: str) -> str:
    """A title's product noun: the last word before the colour, size or variant ("Cove Tailored Trousers, Emerald"
    -> "trouser"; "Skillet 8-Inch - Enameled Cast Iron" -> "skillet" is not reached, so heads are only a vote)."""
    main = re.split(r",| - | in | by |\(|\|", title.lower(), maxsplit=1)[0]
    words = [w for w in _words(main) if not re.fullmatch(r"\d.*|inch|pack|set|pair|oz|ml", w)]
    return singular(words[-1]) if words else ""


def _title_types(products: list[Product], attribute_words: set[str]):
    """Title words that name a category's type: frequent in its titles and mostly found there."""
    by_leaf: dict[int, list[set[str]]] = defaultdict(list)
    for p in products:
        by_leaf[p.category_id].append({_title_head(p.title)} - attribute_words)
    overall = Counter(w for titles in by_leaf.values() for t in titles for w in t)
    for leaf, titles in by_leaf.items():
        counts = Counter(w for t in titles for w in t)
        for word, n in counts.items():
            if len(word) > 2 and n >= TITLE_HEADS and n / overall[word] >= TITLE_PURITY:
                yield word, leaf


def _taught_types(types: ProductTypes, labelled: list[tuple[str, list[int]]]) -> dict[str, set[int]]:
    """Head nouns, and compounds, that the store's labelled queries of one category end their product phrase with,
    as often and as purely as a title's head must be (TITLE_HEADS, TITLE_PURITY). A noun seen mostly in one compound
    is taught only as that compound ("swim suit", not "suit"; "dutch oven", not "oven")."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for query, leaves in labelled:
        words = types.head(query).split()
        if len(leaves) != 1 or not words:
            continue
        counts[words[-1]][leaves[0]] += 1
        if len(words) > 1:
            counts[" ".join(words[-2:])][leaves[0]] += 1
    taught = {}
    for phrase, by_leaf in counts.items():
        leaf, n = by_leaf.most_common(1)[0]
        total = sum(by_leaf.values())
        if phrase in types.phrases or phrase in NOT_TYPES or n < TITLE_HEADS or n / total < TITLE_PURITY:
            continue
        if " " not in phrase and any(" " in p and p.endswith(f" {phrase}") and sum(c.values()) >= TITLE_PURITY * total
                                     for p, c in counts.items()):
            continue  # "suit" is taught only as "swim suit"
        taught[phrase] = {leaf}
    return taught


def ground(found: SearchFilters, query: str, types: ProductTypes, embedder=None,
           refining: bool = False) -> tuple[SearchFilters, str]:
    """The rewrite model's filters checked against the store's product types: a category the query's own words
    name wins over the model's guess ("makeup" is not coffee makers); in a refinement the model's category is
    dropped unless the words back it ("long sleeves" after dresses); a type the store does not sell gives no
    category and its name, so the shopper is told instead of shown unrelated products. An exclusion the query's words
do not make is a wanted value (`wanted_unless_negated`)."""
    found = wanted_unless_negated(found, query).model_copy(deep=True)
    found = not_a_filling(for_whom(measured(budget(found, query), query), query), query)
    _, backed = types.backed(query, embedder)
    if backed:
        if not set(found.category_ids) & set(backed):
            found.category_ids = backed
        return found, ""
    if refining:
        found.category_ids = []
        return found, ""
    carried, head = types.carried(query, embedder)
    if not carried:
        if set(found.category_ids) & types.taught_leaves(query):
            return found, ""  # the model's category, for a noun the store's labelled queries give it ("clogs")
        found.category_ids = []
        return found, head
    if head and embedder is not None and types.vectors is not None:
        if not found.category_ids:
            # Neither the words nor the model find a category for a named product: we don't carry it, and its
            # colour or gender alone would search everything ("blue suit for baby boy" is not any blue thing).
            return found, head
        # Only MiniLM places the phrase in the store ("trainers" ~ shoes): keep the model's category if it is
        # one of the phrase's nearest, else none ("athletic greens powder" is not a charger).
        if not set(found.category_ids) & set(types.nearest(head, embedder, NEAREST_K)[1]):
            found.category_ids = []
    return found, ""
