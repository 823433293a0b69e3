"""What a query's own words say about its filters, over what the rewrite model read: a "no" that makes an exclusion, a
ceiling ("nothing over 100"), a measure that is no price, a child's age, a "down" that is no filling, and a value
that no longer matters. `ground` (carried.py) applies them after the model."""

from __future__ import annotations

import re

from assistant.schemas import SearchFilters

# An excluded value needs a word that excludes: the model's negation head read "sheets for a queen bed, white" as
# "not white" (a comma before the colour). With none of these words, a value the model excluded is one wanted.
NEGATION = re.compile(r"\b(?:no|not|non|without|except|excluding|minus|avoid|never|nothing|none|but|besides|other "
                      r"than|hate|dislike|don'?t|doesn'?t|isn'?t|aren'?t|won'?t|can'?t|cannot)\b", re.I)


def wanted_unless_negated(found: SearchFilters, query: str) -> SearchFilters:
    """The model's exclusions kept only where the query says no; otherwise they are the values asked for."""
    if not found.excluded or NEGATION.search(query):
        return found
    found = found.model_copy(deep=True)
    for attr, values in found.excluded.items():
        wanted = found.attributes.setdefault(attr, [])
        wanted.extend(v for v in values if v not in wanted)
    found.excluded = {}
    return found


# "nothing over 100", "not above $50": a ceiling, where the model read "over 100" as a floor. The number must be the
# price: "no more than 2 people", "no more than 30 liters" (its unit follows) are no budget.
CEILING = re.compile(r"\b(?:nothing|not|no|never|none)\s+(?:over|above|more than|higher than|pricier than)\s*\$?\s*"
                     r"(\d+(?:\.\d+)?)", re.I)
AFTER_PRICE = re.compile(r"\s*(?:\$|bucks|dollars?|usd|quid)?[\s,.!?)-]*(?:$|(?:for|and|or|but|pls|please|plz|thx|"
                         r"thanks|tops|max|total|each|ok|okay|though|then|either|if|i|is|it|that|in|on)\b)", re.I)
# A number that measures or names the thing, never its price: "iphone 15", "a 20 oz bottle", "a 30 liter
# backpack", "rated to 20 degrees" (the model read each as a price ceiling)
MEASURE = re.compile(r"(?:\b(?:iphone|ipad|galaxy|pixel|series|gen|generation|size|sz|spf|model|version|pro|note|"
                     r"sleeps?|fits?)\s*(\d+(?:\.\d+)?)\b)|(?:\b(\d+(?:\.\d+)?)\s*-?\s*(?:oz|ounces?|ml|l|liters?|"
                     r"litres?|qt|quarts?|cups?|inch|inches|in|\"|mm|cm|ft|feet|lbs?|pounds?|kg|g|grams?|degrees?|°|"
                     r"person|people|pack|pk|pcs|pieces?|gb|tb|mah|w|watts?|hours?|hrs?|days?|months?|ct|count|x)\b)",
                     re.I)
PRICED = re.compile(r"(?:\$\s*(\d+(?:\.\d+)?))|(?:\b(\d+(?:\.\d+)?)\s*(?:bucks|dollars?|usd|quid)\b)|(?:\b(?:under|"
                    r"below|less than|max|budget|over|above|around|about|up to|between|than|within|\d\s*(?:to|and|-))"
                    r"\s*(\d+(?:\.\d+)?)\b)", re.I)


# "down" the filling is said before a word of the product ("a down jacket", "down-filled") or after "goose", "duck",
# "made of"; a "down" at the end or before "in", "the", "and" is a direction: "where you push a plunger down" was
# "material: down", and so was "my coat went down in price".
FILLING = re.compile(r"\bfeather|\b(?:goose|duck|white|real|filled with|with|in|of)\s+down\b|\bdown[\s-]+(?!(?:in|on|"
                     r"to|the|a|an|my|your|his|her|our|and|or|for|after|when|at|by|with|from|so|but|if|i|it|is|too|"
                     r"again|now|then)\b)[a-z]", re.I)


def not_a_filling(found: SearchFilters, query: str) -> SearchFilters:
    """The model's "material: down" dropped unless the query's "down" names the filling (`FILLING`)."""
    if "down" not in found.attributes.get("material", []) or FILLING.search(query) \
            or not re.search(r"\bdown\b", query, re.I):
        return found
    found = found.model_copy(deep=True)
    found.attributes["material"] = [v for v in found.attributes["material"] if v != "down"]
    if not found.attributes["material"]:
        del found.attributes["material"]
    return found


def measured(found: SearchFilters, query: str) -> SearchFilters:
    """A price bound the query only says as a measure or a model ("phone case for iphone 15") is no budget."""
    measures = {float(a or b) for a, b in MEASURE.findall(query)}
    priced = {float(next(g for g in m if g)) for m in PRICED.findall(query)}
    for bound in ("min", "max"):
        value = getattr(found.price, bound)
        if value is not None and value in measures and value not in priced:
            setattr(found.price, bound, None)
    return found


# "for my 10 yr old", "a 6-year-old": a child, whose clothes are the kids' ones (13 and up wear adult sizes)
CHILD_AGE = re.compile(r"\b(\d{1,2})\s*-?\s*(?:(?:yr|yrs|year|years)[\s-]*olds?|y/?o)\b", re.I)  # not "2 year warranty"
CHILD_UNDER = 13
# ... a child, not a thing that age ("my 10 year old kettle died", "replacing my 5 yr old running shoes")
CHILD_NEXT = re.compile(r"^(?:'s|s)?\s*(?:[^\w\s']|$|(?:son|daughter|kid|kids|child|boy|girl|nephew|niece|grandson|"
                        r"granddaughter|twins?|who|that|and|but|so|is|has|needs|wants|loves|likes|hates|keeps|"
                        r"outgrew|birthday|bday|party|for|to|in|at|pls|please|thanks|thx|any|anything)\b)", re.I)
ADULT = ("men", "women")
KID_IS = re.compile(r"\b(?:son|daughter|kid|child|boy|girl|nephew|niece|grandson|granddaughter)\s+(?:is|turns|just "
                    r"turned|is turning)\s+(\d{1,2})\b", re.I)  # "my son is 9 and needs a winter hat"


def budget(found: SearchFilters, query: str) -> SearchFilters:
    """A ceiling said with a negation ("nothing over 100") is the most the shopper pays."""
    for m in CEILING.finditer(query):
        if AFTER_PRICE.match(query, m.end()):
            found.price.min, found.price.max = None, float(m.group(1))
    return found


def for_whom(found: SearchFilters, query: str) -> SearchFilters:
    """A child's age names the kids' range ("gloves for my 10 yr old", "for my 8 year old son": not the men's,
    which the model reads in "son"; "my son is 9"), unless the age is a thing's ("my 10 year old kettle"); the age
    is no size (the model read "9" as size 9)."""
    ages = [int(m.group(1)) for m in CHILD_AGE.finditer(query) if CHILD_NEXT.match(query[m.end():])]
    for age in [a for a in ages + [int(m.group(1)) for m in KID_IS.finditer(query)] if a < CHILD_UNDER]:
        gender = found.attributes.get("gender") or []
        if not gender or set(gender) <= set(ADULT):
            found.attributes["gender"] = ["kids"]
        if not re.search(rf"\bsize\s*{age}\b", query, re.I):  # "my son is 9, size 9 sneakers": asked as a size
            found.attributes["size"] = [v for v in found.attributes.get("size") or [] if v != str(age)]
            found.attributes = {k: v for k, v in found.attributes.items() if v}
    return found


# "colour doesn't matter", "any size is fine", "don't care about the material": that filter let go
ANY_VALUE = re.compile(r"\b(colou?r|size|material|style|pattern)s?\s+(?:doesn'?t|does not|don'?t|do not|won'?t)\s+"
                       r"matter\b|\bany\s+(colou?r|size|material|style|pattern)s?\s+(?:is\s+|are\s+)?(?:fine|ok|okay|"
                       r"works|good)\b|\b(?:don'?t|do not)\s+care\s+(?:about|what|which)\s+(?:the\s+)?(colou?r|size|"
                       r"material|style|pattern)", re.I)


def let_go(found: SearchFilters, query: str) -> SearchFilters:
    """The search's filters without those the shopper says no longer matter ("colour doesnt matter")."""
    for m in ANY_VALUE.finditer(query):
        attr = next(g for g in m.groups() if g).lower().replace("colour", "color")
        found.attributes.pop(attr, None)
        found.excluded.pop(attr, None)
    return found
