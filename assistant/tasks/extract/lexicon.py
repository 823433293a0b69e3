"""Sentiment words with negation, use-case keywords and difficulty phrases: the baseline's rules, and features."""

from __future__ import annotations

import re


POSITIVE_WORDS = set("""good great excellent amazing awesome love loved loves lovely perfect perfectly fantastic
wonderful nice comfortable comfy soft sturdy solid happy pleased impressed impressive recommend best beautiful
gorgeous easy quick fast quiet light lightweight durable reliable worth superb brilliant outstanding favorite
favourite fine smooth clear crisp bright well sleek cute stylish pretty glad satisfied top keeper bargain terrific
flawless fabulous exceptional incredible elegant delighted plenty true exactly spot right""".split())
NEGATIVE_WORDS = set("""bad poor terrible awful horrible hate hated worst disappointing disappointed disappointment
cheap flimsy broke broken break breaks cracked ripped tear torn uncomfortable hurts hurt hurting painful pain
itchy scratchy tight loose small short long heavy loud noisy slow difficult hard confusing useless waste return
returned returning refund leaked leaking leaks faded fades shrank shrunk defective rubbish junk unhappy annoying
problem problems issue issues fail failed fails stopped dies died dead overpriced mediocre meh lacking weak thin
ugly tacky wrong stiff sticky greasy rash irritation regret avoid sadly unfortunately nightmare hassle mess
flaky subpar shoddy slippery fell""".split())
NEGATORS = {"not", "no", "never", "don't", "doesn't", "didn't", "isn't", "wasn't", "aren't", "won't", "can't",
            "cannot", "hardly", "without", "nothing", "zero", "nor"}
# Aspect keywords: the words of each aspect's name and the plain synonyms any shopper would use for it.
ASPECT_KEYWORDS: dict[str, list[str]] = {
    "fit": ["fit", "fits", "sizing", "size up", "size down", "true to size"], "fabric": ["fabric", "material", "cloth"],
    "length": ["length", "long", "short", "hem"], "color_accuracy": ["color", "colour", "shade", "pictured"],
    "comfort": ["comfort", "comfortable", "comfy", "uncomfortable"],
    "durability": ["durable", "durability", "lasted", "fell apart", "broke", "ripped", "held up"],
    "ease_of_care": ["wash", "washing", "dryer", "iron", "dry clean", "care"], "value": ["value", "price", "worth", "money"],
    "support": ["support", "arch"], "grip": ["grip", "traction", "slip", "slippery"], "break_in": ["break in", "break-in"],
    "capacity": ["capacity", "room", "space", "holds", "fits my"], "build_quality": ["build", "quality", "made", "construction", "flimsy"],
    "design": ["design", "look", "looks", "style"], "ease_of_use": ["easy to use", "setup", "set up", "use", "controls"],
    "performance": ["performance", "works", "performs", "power"], "ease_of_cleaning": ["clean", "cleaning", "dishwasher"],
    "size": ["size", "big", "small", "compact"], "noise": ["noise", "noisy", "loud", "quiet"],
    "weight": ["weight", "heavy", "light", "lightweight"], "assembly": ["assembly", "assemble", "put together", "instructions"],
    "scent": ["scent", "smell", "smells", "fragrance"], "texture": ["texture", "consistency", "greasy", "sticky"],
    "longevity": ["lasts", "last", "wear time", "all day", "fades"], "shade_match": ["shade", "match", "undertone"],
    "skin_reaction": ["skin", "irritation", "rash", "break out", "broke me out"], "results": ["results", "result", "difference"],
    "packaging": ["packaging", "bottle", "pump", "tube", "cap"], "sound_quality": ["sound", "audio", "bass"],
    "battery_life": ["battery"], "connectivity": ["bluetooth", "pair", "pairing", "connection", "connects", "disconnect"],
    "noise_cancelling": ["noise cancelling", "noise canceling", "anc", "noise cancellation"],
    "charging_speed": ["charging", "charges", "charge"],
}
USE_CASE_KEYWORDS: dict[str, list[str]] = {
    "wedding": ["wedding", "bride", "bridesmaid"], "work": ["work", "office", "job", "meetings"],
    "travel": ["travel", "trip", "vacation", "flight", "holiday"], "party": ["party", "night out", "nights out"],
    "everyday": ["every day", "everyday", "daily"], "beach": ["beach", "pool", "seaside"],
    "gift": ["gift", "present", "birthday"], "lounging": ["lounge", "lounging", "couch"],
    "gym": ["gym", "workout", "workouts", "lifting"], "hiking": ["hike", "hiking", "trail", "trek"],
    "running": ["run", "running", "jog", "marathon"], "commute": ["commute", "commuting", "train", "bus", "subway"],
    "camping": ["camping", "campsite", "tent"], "family_meals": ["family", "dinner", "dinners"],
    "entertaining": ["hosting", "host", "guests", "entertaining"], "sleep": ["sleep", "sleeping", "bedtime"],
    "work_from_home": ["work from home", "working from home", "home office", "remote", "zoom"],
    "gaming": ["gaming", "games", "game"], "yoga": ["yoga", "pilates"],
}
DIFFICULTY_KEYWORDS = ["hard to", "difficult", "struggle", "struggled", "confusing", "nightmare", "pain to", "hassle",
                       "took forever", "complicated", "tricky", "impossible to", "frustrating"]
WORD = re.compile(r"[a-z']+")


def words_for(name: str, store_words: dict[str, list[str]], common: dict[str, list[str]]) -> list[str]:
    """The words that name an aspect or use case: the store's own (review_aspects.yaml), else the common ones
    above, else the name itself ("heat_retention" -> "heat retention")."""
    return store_words.get(name) or common.get(name) or [name.replace("_", " ")]


def _has(text: str, phrase: str) -> bool:
    return re.search(rf"\b{re.escape(phrase)}\b", text) is not None


def lexicon_counts(text: str) -> tuple[int, int]:
    """(positive, negative) sentiment words; a negator up to three words before a sentiment word flips it."""
    words = WORD.findall(text.lower().replace("’", "'"))
    pos = neg = 0
    for k, w in enumerate(words):
        sign = 1 if w in POSITIVE_WORDS else -1 if w in NEGATIVE_WORDS else 0
        if sign and any(n in NEGATORS or n.endswith("n't") for n in words[max(0, k - 3):k]):
            sign = -sign
        pos, neg = pos + (sign > 0), neg + (sign < 0)
    return pos, neg


def lexicon_polarity(text: str) -> int:
    """Positive minus negative words, after negation."""
    pos, neg = lexicon_counts(text)
    return pos - neg
