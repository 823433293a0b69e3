"""Generate the rewrite task's data: shopper queries labelled with the search filters they mean.

Writes two files (under ``--out DIR``, default the repository):

* ``knowledge/training/rewrite.jsonl``        training rows ``{"query", "filters": SearchFilters}``: the generated
  rows, then ``knowledge/training/rewrite_handwritten.jsonl`` (rows written by hand in shoppers' wording for what
  the generator lacks: clogs, gym bags, "without a straw", types the store does not sell), copied unchanged
* ``evals/datasets/rewrite_heldout.jsonl``    held-out rows, same format

Queries read as shoppers type them: vague ("something for my mum's birthday"), misspelt ("burgandy dres"), with
words that are not in the ontology's synonym lists but mean a value ("wine-coloured", "airy", "for my husband"),
negations ("without a hood" is no filter; "anything but black" excludes black), price bounds and comparisons
("cheaper than $80"; "lighter than 2 lbs" is NOT a price), in-stock asks and numbers that are not prices
("size 9", "2 person tent", "for a 10 year old"), products the store does not sell ("garden hose": no category)
and follow-ups that refine the last search ("under $100", "in blue instead", "no, for a man").

Gold filters are what the generator put in the query, as canonical ontology values and taxonomy leaf ids; a
product noun never carries an ontology word (checked), and ontology words used in another sense ("lemon-scented",
"errands" next to "running") are deliberately NOT gold. Training and held-out rows come from SEPARATE code paths:
different templates, fillers, paraphrase vocabularies, price and negation phrasings, misspelling processes
(random edits for training, a hand-written list of common misspellings for held-out) and random streams, plus
hand-written held-out rows. Ontology synonyms and a product type's core noun ("dress") are the store's own
vocabulary and appear on both sides. Held-out rows equal or close to a training row (rapidfuzz ratio >= 92 or
MiniLM cosine >= 0.95) are dropped and counted.

Usage: python scripts/make_rewrite_data.py [--out DIR] [--seed N] [--no-embed-check]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SEED = 20251121
N_TRAIN = 1500
N_HELDOUT = 250  # generated; the hand-written rows come on top
NEAR_DUP = 92  # rapidfuzz ratio at which a held-out query counts as a copy of a training query
NEAR_DUP_COS = 0.95

# ------------------------------------------------------------------------------------------------ product nouns
# leaf id -> (training nouns, held-out nouns). The first noun is the core word every shopper uses; it is shared.
NOUNS: dict[int, tuple[list[str], list[str]]] = {
    5322: (["activewear", "leggings", "sports bra"], ["activewear", "yoga leggings", "compression tights"]),
    2271: (["dress", "dresses", "maxi dress", "sundress"], ["dress", "frock", "slip dress", "gown"]),
    5250: (["jumpsuit", "romper", "jumpsuits"], ["jumpsuit", "playsuit", "boilersuit"]),
    5598: (["jacket", "coat", "parka", "puffer jacket", "rain jacket"], ["coat", "anorak", "trench coat", "peacoat"]),
    204: (["pants", "trousers", "chinos", "joggers"], ["pants", "slacks", "cargo pants"]),
    212: (["shirt", "top", "blouse", "tee", "hoodie", "sweater"], ["shirt", "polo", "tank top", "cardigan"]),
    207: (["shorts", "bike shorts"], ["shorts", "cutoffs"]),
    1581: (["skirt", "mini skirt", "pleated skirt"], ["skirt", "midi skirt"]),
    2580: (["pajamas", "pyjamas", "pj set"], ["pajamas", "jammies", "pj's"]),
    211: (["swimsuit", "bikini", "bathing suit"], ["swimsuit", "swimwear", "tankini"]),
    209: (["socks", "crew socks", "ankle socks"], ["socks", "knee socks"]),
    169: (["belt", "belts"], ["belt", "waist belt"]),
    170: (["gloves", "mittens"], ["gloves", "mitts"]),
    173: (["hat", "beanie", "baseball cap"], ["hat", "bucket hat", "fedora"]),
    543673: (["scarf", "scarves"], ["scarf", "neck scarf", "muffler"]),
    178: (["sunglasses", "shades"], ["sunglasses", "sunnies"]),
    3032: (["handbag", "purse", "tote bag", "crossbody bag"], ["handbag", "shoulder bag", "clutch"]),
    2668: (["wallet", "money clip", "card holder"], ["wallet", "billfold", "cardholder"]),
    187: (["shoes", "sneakers", "boots", "sandals", "loafers", "heels"], ["shoes", "trainers", "pumps", "flats"]),
    543626: (["headphones", "earbuds"], ["headphones", "headset", "earphones"]),
    249: (["speaker", "bluetooth speaker"], ["speaker", "portable speaker"]),
    2353: (["phone case", "iphone case"], ["phone case", "phone cover"]),
    1763: (["charging cable", "usb c cable", "power cable"], ["cable", "lightning cable", "power cord"]),
    303: (["keyboard", "mechanical keyboard"], ["keyboard", "wireless keyboard"]),
    304: (["mouse", "computer mouse"], ["mouse", "trackball"]),
    5468: (["screen protector"], ["screen protector", "screen guard"]),
    505295: (["charger", "power adapter", "wall charger"], ["charger", "charging brick"]),
    2834: (["mascara"], ["mascara", "lash mascara"]),
    2765: (["foundation", "concealer"], ["foundation", "concealer stick"]),
    3021: (["lipstick", "lip color"], ["lipstick", "lippie"]),
    2683: (["nail polish"], ["nail polish", "nail varnish"]),
    479: (["perfume", "cologne"], ["perfume", "eau de parfum"]),
    2592: (["lotion", "moisturizer", "body lotion"], ["moisturiser", "hydrator"]),
    2844: (["sunscreen", "sunblock"], ["sunscreen", "spf"]),
    2801: (["insoles", "shoe inserts"], ["insoles", "arch supports"]),
    543615: (["shampoo"], ["shampoo", "hair wash"]),
    588: (["candle", "scented candle"], ["candle", "pillar candle"]),
    4454: (["throw pillow", "cushion"], ["throw pillow", "accent pillow"]),
    657: (["dutch oven"], ["dutch oven", "cocotte"]),
    662: (["skillet", "frying pan"], ["skillet", "fry pan"]),
    3809: (["water bottle"], ["water bottle", "drinking bottle"]),
    1388: (["coffee maker", "drip coffee maker"], ["coffee machine", "coffeemaker"]),
    1557: (["french press"], ["french press", "cafetiere"]),
    751: (["electric kettle", "kettle"], ["kettle", "tea kettle"]),
    665: (["chef knife", "kitchen knife"], ["knife", "santoku knife"]),
    2169: (["mug", "coffee mug"], ["mug", "tea mug"]),
    2314: (["bed sheets", "sheet set"], ["sheets", "bedsheets"]),
    576: (["bath towel", "towels"], ["towel", "washcloths"]),
    100: (["backpack", "rucksack"], ["backpack", "book bag"]),
    103: (["duffel bag", "duffle"], ["duffel", "holdall"]),
    5869: (["resistance bands", "loop bands"], ["resistance band", "mini bands"]),
    3164: (["dumbbells", "kettlebell"], ["dumbbell", "hand weights"]),
    3640: (["yoga mat"], ["yoga mat", "pilates mat"]),
    1019: (["lantern", "headlamp"], ["lantern", "camp light"]),
    3738: (["walking poles", "nordic poles"], ["walking sticks", "walking staff"]),
    1020: (["sleeping bag"], ["sleeping bag", "mummy bag"]),
    1022: (["tent", "dome tent"], ["tent", "pop-up tent"]),
}
# Nouns that knowingly contain an ontology word used in another sense: the word is NOT a filter there.
NOUN_EXCEPTIONS = {"camp light"}

# Which values make sense on which department (an "enamelled cast iron dress" is not a query anyone types).
MATERIALS = {
    "apparel": ["cotton", "linen", "wool", "cashmere", "silk", "satin", "chiffon", "denim", "polyester", "nylon",
                "spandex", "fleece", "bamboo", "velvet", "down", "leather", "vegan leather"],
    "footwear": ["leather", "vegan leather", "canvas", "rubber", "cork", "foam", "wool"],
    "bags_accessories": ["leather", "vegan leather", "canvas", "nylon", "straw", "cotton", "wool", "cashmere",
                         "silk", "plastic"],
    "home_kitchen": ["stainless steel", "cast iron", "ceramic", "glass", "wood", "bamboo", "silicone", "aluminium",
                     "cotton", "linen", "soy wax", "velvet", "plastic"],
    "sports_outdoors": ["nylon", "polyester", "foam", "rubber", "aluminium", "carbon fiber", "stainless steel",
                        "plastic", "cork", "neoprene", "down"],
    "electronics": ["plastic", "aluminium", "silicone", "leather", "rubber", "glass"],
    "beauty": [],
}
SILHOUETTE_LEAVES = {2271, 5250, 5598, 204, 212, 1581, 207}
APPAREL_SIZES = ["XS", "S", "M", "L", "XL", "XXL"]
SHOE_SIZES = ["6", "7", "8", "9", "10", "11", "12", "13"]
BED_SIZES = ["twin", "full", "queen", "king"]

# ------------------------------------------------------------------------------------------------ training vocabulary
# (attribute, value) -> phrases NOT in the ontology that mean the value. Training side only.
TRAIN_PARA: dict[tuple[str, str], list[str]] = {
    ("color", "red"): ["wine-coloured", "reddish", "bordeaux", "oxblood-ish"],
    ("color", "blue"): ["bluish", "cornflower", "navy-ish"],
    ("color", "green"): ["greenish", "bottle green", "jade"],
    ("color", "black"): ["pitch black", "coal black"],
    ("color", "white"): ["whitish", "pearl", "bright white"],
    ("color", "pink"): ["pinkish", "salmon pink", "rose"],
    ("color", "gray"): ["grayish", "greyish", "smoke"],
    ("color", "beige"): ["neutral", "biscuit", "latte"],
    ("color", "brown"): ["brownish", "coffee-coloured", "caramel"],
    ("color", "purple"): ["purplish", "grape"],
    ("color", "yellow"): ["yellowish", "sunflower"],
    ("color", "orange"): ["orangey", "pumpkin"],
    ("color", "gold"): ["gold-tone", "brass"],
    ("color", "silver"): ["silver-tone", "metallic"],
    ("color", "teal"): ["sea green", "aquamarine"],
    ("color", "multicolor"): ["colorful", "colourful"],
    ("material", "leather"): ["real leather", "cowhide"],
    ("material", "vegan leather"): ["vegan", "leatherette"],
    ("material", "wool"): ["woolen", "woollen", "wooly"],
    ("material", "cotton"): ["cotton-rich", "pure cotton"],
    ("material", "polyester"): ["synthetic", "polyester-blend"],
    ("material", "down"): ["down-filled", "feather"],
    ("material", "fleece"): ["fleecy"],
    ("material", "stainless steel"): ["steel"],
    ("occasion", "work"): ["for my job", "for interviews", "corporate"],
    ("occasion", "party"): ["clubbing", "for a big night", "for a celebration"],
    ("occasion", "wedding"): ["bridal"],
    ("occasion", "casual"): ["laid-back", "for everyday wear"],
    ("occasion", "beach"): ["for a beach day", "for the pool"],
    ("occasion", "travel"): ["for traveling", "for travelling", "for flights"],
    ("occasion", "gym"): ["for workouts", "for lifting", "for bootcamp"],
    ("occasion", "hiking"): ["for hikes", "for the mountains"],
    ("occasion", "camping"): ["to take camping", "for the campground"],
    ("occasion", "lounge"): ["for chilling at home", "for netflix nights", "for relaxing"],
    ("occasion", "formal"): ["black-tie", "for a formal dinner"],
    ("gender", "men"): ["for my husband", "for my dad", "for my boyfriend", "for my brother"],
    ("gender", "women"): ["for my wife", "for my mom", "for my girlfriend", "for my sister", "for my mum"],
    ("gender", "kids"): ["for my son", "for my daughter"],
    ("gender", "unisex"): ["for anyone", "for couples"],
    ("style", "cozy"): ["cosy", "comfortable", "soft and warm"],
    ("style", "minimalist"): ["no-frills", "clean"],
    ("style", "classic"): ["classy", "elegant"],
    ("style", "romantic"): ["girly", "frilly"],
    ("style", "bohemian"): ["hippie", "boho-style"],
    ("style", "sporty"): ["athletic-looking"],
    ("style", "vintage"): ["old fashioned", "retro-style", "80s"],
    ("style", "modern"): ["futuristic"],
    ("style", "rustic"): ["farmhouse-style", "woodsy"],
    ("style", "glam"): ["glitzy", "shiny", "sparkle"],
    ("style", "preppy"): ["ivy league"],
    ("style", "edgy"): ["goth", "rocker"],
    ("silhouette", "flowy"): ["airy", "swishy"],
    ("silhouette", "fitted"): ["tight", "close-fitting"],
    ("silhouette", "oversized"): ["chunky", "huge"],
    ("silhouette", "slim"): ["narrow"],
    ("silhouette", "wide-leg"): ["wide legged", "flares"],
    ("silhouette", "relaxed"): ["easy-fitting"],
    ("pattern", "floral"): ["flowery", "with roses"],
    ("pattern", "striped"): ["stripy"],
    ("pattern", "plaid"): ["checkered", "chequered"],
    ("pattern", "polka dot"): ["spotty"],
    ("pattern", "animal print"): ["cheetah print", "tiger print"],
    ("pattern", "camo"): ["military print"],
    ("pattern", "solid"): ["one colour", "single colour"],
    ("pattern", "geometric"): ["hexagon print"],
    ("season", "winter"): ["for the cold", "for snow", "for chilly days"],
    ("season", "summer"): ["for hot days", "for the heat"],
    ("size", "M"): ["size m", "a medium"],
}
TRAIN_GENDER_PRE = {"men": ["men's", "mens", "male", "gents"], "women": ["women's", "womens", "ladies", "female"],
                    "kids": ["kids", "children's", "youth", "toddler", "boys", "girls"], "unisex": ["unisex"]}
TRAIN_GENDER_POST = {"men": ["for a man", "for him", "for men"], "women": ["for her", "for a woman", "for women"],
                     "kids": ["for kids", "for children"], "unisex": ["for everyone"]}
TRAIN_PREFIX = ["", "", "", "looking for", "i need", "show me", "any", "do you have", "find me", "want",
                "searching for", "i'm looking for a", "need a", "can i get", "i want some"]
TRAIN_SUFFIX = ["", "", "", "", "please", "pls", "asap", "thx"]
TRAIN_EXTRAS = ["with pockets", "with a hood", "that's waterproof", "lightweight", "with long sleeves",
                "without a hood", "with a zipper", "for a tall person", "that doesn't wrinkle", "not too heavy",
                "with no logo on the front", "lighter than my old one"]
TRAIN_PRICE = {  # phrase with {x} / {y} -> which bounds it sets
    "max": ["under ${x}", "below ${x}", "less than ${x}", "cheaper than ${x}", "max ${x}", "up to ${x}",
            "at most ${x}", "under {x} dollars", "for under {x}", "${x} or less", "{x} bucks max",
            "budget of ${x}", "no more than ${x}", "not more than {x} dollars", "${x} tops", "not above ${x}",
            "on a {x} dollar budget"],
    "min": ["over ${x}", "above ${x}", "more than ${x}", "at least ${x}", "pricier than ${x}",
            "more expensive than ${x}", "starting at ${x}", "${x} and up", "not less than ${x}"],
    "range": ["between ${x} and ${y}", "${x}-${y}", "${x} to ${y}", "from {x} to {y} dollars"],
    "around": ["around ${x}", "about ${x}", "approximately ${x}", "roughly {x} dollars"],
}
TRAIN_NUMBER_DISTRACTORS = ["{n} person", "pack of {n}", "{n} inch", "for a {n} year old", "lighter than {n} lbs",
                            "under {n} kg", "with {n} pockets", "that holds {n} liters"]
TRAIN_STOCK = ["in stock", "that's in stock", "available now", "ready to ship", "ships today", "in stock only",
               "available right now", "you have in stock", "not out of stock", "currently in stock",
               "i can get right away", "that hasn't sold out", "i can get today"]
# Common negation cues (hate, minus, skip, other than) appear on both sides, in different phrasings.
TRAIN_NEG = ["without {w}", "no {w}", "not {w}", "nothing {w}", "anything but {w}", "but not {w}",
             "except {w}", "avoid {w}", "i don't want {w}", "not in {w}", "i really hate {w}", "minus {w}",
             "skip {w}", "other than {w}", "it shouldn't be {w}"]
TRAIN_NEG_MATERIAL = ["non-{w}", "{w}-free", "no {w}", "without {w}", "not {w}", "can't wear {w}"]
# Products the store does not sell: the query names a product type, but no leaf of ours (category = none).
TRAIN_ELSEWHERE = ["garden hose", "dog bed", "coffee table", "desk lamp", "printer ink", "lawn mower", "board game",
                   "guitar strings", "car seat cover", "bird feeder", "paint roller", "fish tank", "baby monitor"]
TRAIN_VAGUE = ["something", "a gift", "an outfit", "clothes", "stuff", "a present", "ideas"]
TRAIN_WORD_DISTRACTORS = [  # ontology words in another sense: no filter
    ("{noun} for running errands", ("occasion", "casual")),  # "errands" is casual; "running" is not gym here
    ("lemon-scented {noun}", None), ("cherry scented {noun}", None), ("{noun} with a minimal learning curve", None),
]

# ------------------------------------------------------------------------------------------------ held-out vocabulary
HELD_PARA: dict[tuple[str, str], list[str]] = {
    ("color", "red"): ["wine coloured", "claret", "reddish"],
    ("color", "blue"): ["blue-ish", "ocean blue", "sapphire"],
    ("color", "green"): ["green-ish", "pine green", "jade"],
    ("color", "black"): ["inky", "all-black"],
    ("color", "white"): ["pearl white", "milky"],
    ("color", "pink"): ["rosy", "baby pink", "pinky"],
    ("color", "gray"): ["gray-ish", "dove grey", "pewter"],
    ("color", "beige"): ["sandy", "fawn"],
    ("color", "brown"): ["toffee", "hazel"],
    ("color", "purple"): ["amethyst", "purply"],
    ("color", "yellow"): ["buttercup", "sunshine yellow"],
    ("color", "orange"): ["orangish", "clementine"],
    ("color", "gold"): ["gold tone", "brassy"],
    ("color", "silver"): ["silvery", "silver tone"],
    ("color", "teal"): ["duck egg", "blue-green"],
    ("color", "multicolor"): ["multicoloured", "colourful"],
    ("material", "leather"): ["calfskin", "real leather"],
    ("material", "vegan leather"): ["leather-look", "vegan"],
    ("material", "wool"): ["woolly", "woollen"],
    ("material", "cotton"): ["all-cotton", "cottony"],
    ("material", "polyester"): ["poly blend", "synthetic"],
    ("material", "down"): ["feather-filled"],
    ("material", "fleece"): ["fleece-lined"],
    ("material", "stainless steel"): ["brushed steel"],
    ("occasion", "work"): ["for a job interview", "for a business meeting", "for my job"],
    ("occasion", "party"): ["for a night on the town", "for nye", "clubbing"],
    ("occasion", "wedding"): ["for the bride", "bridal"],
    ("occasion", "casual"): ["low-key", "for daily wear"],
    ("occasion", "beach"): ["for sunbathing", "for the shore", "beachy"],
    ("occasion", "travel"): ["for my travels", "for the airport", "for a flight"],
    ("occasion", "gym"): ["for my workouts", "for spin class", "for cardio"],
    ("occasion", "hiking"): ["for a hike", "for the hills"],
    ("occasion", "camping"): ["for a campout", "for sleeping outdoors"],
    ("occasion", "lounge"): ["for lazy sundays", "for movie nights", "for relaxing"],
    ("occasion", "formal"): ["for an awards dinner", "for the opera", "black-tie"],
    ("gender", "men"): ["for my hubby", "for my father", "for my grandpa", "for my husband"],
    ("gender", "women"): ["for my mother", "for my grandma", "for my fiancee", "for my wife"],
    ("gender", "kids"): ["for my niece", "for my nephew", "for my son"],
    ("gender", "unisex"): ["for everybody", "for any gender"],
    ("style", "cozy"): ["super comfortable", "cuddly", "snuggly"],
    ("style", "minimalist"): ["pared-back", "unfussy"],
    ("style", "classic"): ["classy", "iconic"],
    ("style", "romantic"): ["lacy", "ruffly", "girly"],
    ("style", "bohemian"): ["festival-style", "hippy"],
    ("style", "sporty"): ["sport style"],
    ("style", "vintage"): ["60s", "old-fashioned", "y2k"],
    ("style", "modern"): ["space-age"],
    ("style", "rustic"): ["cottagecore", "homespun"],
    ("style", "glam"): ["bling", "blingy", "dazzling"],
    ("style", "preppy"): ["ivy-league"],
    ("style", "edgy"): ["gothic", "emo"],
    ("silhouette", "flowy"): ["airy", "swingy", "billowing"],
    ("silhouette", "fitted"): ["tight-fitting", "clingy"],
    ("silhouette", "oversized"): ["super baggy", "huge"],
    ("silhouette", "wide-leg"): ["wide-legged", "flared"],
    ("pattern", "floral"): ["flowered", "blossom print", "flowery"],
    ("pattern", "striped"): ["stripey", "pinstriped"],
    ("pattern", "plaid"): ["checkerboard", "checkered"],
    ("pattern", "polka dot"): ["dotty"],
    ("pattern", "animal print"): ["cheetah-print", "cow print"],
    ("pattern", "camo"): ["army print"],
    ("season", "winter"): ["for frosty mornings", "for subzero temps", "for the cold"],
    ("season", "summer"): ["for scorching days", "for humid weather"],
}
HELD_GENDER_PRE = {"men": ["men's", "mens", "guys"], "women": ["women's", "ladies'", "womens"],
                   "kids": ["kids'", "childrens", "girls", "boys"], "unisex": ["gender neutral", "unisex"]}
HELD_GENDER_POST = {"men": ["for him", "for a man", "for gents"], "women": ["for her", "for ladies"],
                    "kids": ["for a child", "for youth"], "unisex": ["for all genders"]}
HELD_PREFIX = ["", "", "hi, i'm after", "got any", "help me find", "where can i get", "i'd love", "can you show me",
               "hey do you sell", "on the hunt for", "recommend"]
HELD_SUFFIX = ["", "", "", "thanks", "?", "if you have one", "for me", "thank you!"]
HELD_EXTRAS = ["with a drawstring", "with short sleeves", "without a zip", "that's machine washable",
               "with a hidden pocket", "minus the hood", "that packs small", "heavier than the last one"]
HELD_PRICE = {
    "max": ["under {x} bucks", "less than {x} usd", "cheaper than ${x}", "${x} or under", "{x} dollars tops",
            "not over ${x}", "within a ${x} budget", "below ${x}", "under ${x}"],
    "min": ["at least {x} dollars", "costing more than ${x}", "over ${x}", "no less than ${x}"],
    "range": ["between {x} and {y} bucks", "from ${x} to ${y}", "in the ${x}-${y} range", "${x}-{y}"],
    "around": ["roughly ${x}", "somewhere around ${x}", "about ${x}"],
}
HELD_NUMBER_DISTRACTORS = ["{n}-quart", "{n} oz", "rated at least {n} stars", "that weighs less than {n} pounds",
                           "{n} pack", "for my {n} year old"]
HELD_STOCK = ["currently available", "not sold out", "that i can get now", "in-stock", "which you have in stock",
              "available today"]
HELD_NEG = ["minus the {w}", "skip the {w}", "not in {w} please", "i hate {w}", "anything other than {w}",
            "no {w} please", "without any {w}", "but no {w}", "not {w}"]
HELD_NEG_MATERIAL = ["allergic to {w}", "{w} free", "no {w}", "nothing made of {w}"]
HELD_ELSEWHERE = ["bookshelf", "cat litter", "wall clock", "power drill", "vacuum cleaner", "e-reader",
                  "shower curtain", "bike helmet", "toaster", "picture frame"]
HELD_VAGUE = ["something nice", "a birthday present", "anything", "a little treat", "a gift idea"]

# Hand-written held-out rows: (query, filters). Values as canonical names, categories as leaf ids.
HAND_WRITTEN: list[tuple[str, dict]] = [
    ("something for my mum's birthday", {"attributes": {"gender": ["women"]}}),
    ("comfy shoes for standing all day", {"category_ids": [187], "attributes": {"style": ["cozy"]}}),
    ("burgandy dres", {"category_ids": [2271], "attributes": {"color": ["red"]}}),
    ("lether wallet for my husband", {"category_ids": [2668], "attributes": {"material": ["leather"],
                                                                           "gender": ["men"]}}),
    ("rain jacket without a hood", {"category_ids": [5598]}),
    ("wine-coloured dress for date night", {"category_ids": [2271], "attributes": {"color": ["red"],
                                                                                  "occasion": ["party"]}}),
    ("airy linen pants for the office", {"category_ids": [204], "attributes": {
        "silhouette": ["flowy"], "material": ["linen"], "occasion": ["work"]}}),
    ("boots cheaper than $80 for a man", {"category_ids": [187], "attributes": {"gender": ["men"]},
                                          "price": {"max": 80}}),
    ("tent lighter than 3 lbs", {"category_ids": [1022]}),
    ("a sweatshirt thats not gray, under 45", {"category_ids": [212], "excluded": {"color": ["gray"]},
                                              "price": {"max": 45}}),
    ("cashmire scarf in camel", {"category_ids": [543673], "attributes": {"material": ["cashmere"],
                                                                         "color": ["beige"]}}),
    ("jakcet for hiking in the rain, not black", {"category_ids": [5598], "attributes": {"occasion": ["hiking"]},
                                                 "excluded": {"color": ["black"]}}),
    ("i need sneekers for the gym size 10", {"category_ids": [187], "attributes": {"occasion": ["gym"],
                                                                                  "size": ["10"]}}),
    ("queen sheets, no polyester", {"category_ids": [2314], "attributes": {"size": ["queen"]},
                                    "excluded": {"material": ["polyester"]}}),
    ("a cast iron skillet that's in stock", {"category_ids": [662], "attributes": {"material": ["cast iron"]},
                                             "in_stock": True}),
    ("turqoise swimsuit for my vacation", {"category_ids": [211], "attributes": {"color": ["teal"],
                                                                                "occasion": ["travel"]}}),
    ("lavendar candle", {"category_ids": [588], "attributes": {"color": ["purple"]}}),
    ("what can i get my dad for under fifty", {"attributes": {"gender": ["men"]}, "price": {"max": 50}}),
    ("gift for a 12 year old girl", {"attributes": {"gender": ["kids"]}}),
    ("headphones for the plane, between 100 and 200", {"category_ids": [543626],
                                                       "price": {"min": 100, "max": 200}}),
    ("anything but plaid for my boyfriend", {"attributes": {"gender": ["men"]}, "excluded": {"pattern": ["plaid"]}}),
    ("elegant black-tie gown", {"category_ids": [2271], "attributes": {"style": ["classic"],
                                                                      "occasion": ["formal"]}}),
    ("bohemian maxi skirt in rust", {"category_ids": [1581], "attributes": {"style": ["bohemian"],
                                                                           "color": ["orange"]}}),
    ("polyster free yoga mat", {"category_ids": [3640], "excluded": {"material": ["polyester"]}}),
    ("kettle that's not plastic, ships today", {"category_ids": [751], "excluded": {"material": ["plastic"]},
                                                "in_stock": True}),
    ("12 inch cast iron pan", {"category_ids": [662], "attributes": {"material": ["cast iron"]}}),
    ("cozy pjs for lounging", {"category_ids": [2580], "attributes": {"style": ["cozy"], "occasion": ["lounge"]}}),
    ("warm winter gloves for kids, waterproof", {"category_ids": [170], "attributes": {
        "season": ["winter"], "gender": ["kids"]}}),
    ("backpack for school that fits a 15 inch laptop", {"category_ids": [100]}),
    ("mens wallet, no more than 40 bucks", {"category_ids": [2668], "attributes": {"gender": ["men"]},
                                            "price": {"max": 40}}),
    ("womens running shoes more than $60", {"category_ids": [187], "attributes": {
        "gender": ["women"], "occasion": ["gym"]}, "price": {"min": 60}}),
    ("floaty boho top for festivals", {"category_ids": [212], "attributes": {"silhouette": ["flowy"],
                                                                           "style": ["bohemian"]}}),
    ("striped shirt but not in navy", {"category_ids": [212], "attributes": {"pattern": ["striped"]},
                                       "excluded": {"color": ["blue"]}}),
    ("dutch oven, enameled, 5 quart, red", {"category_ids": [657], "attributes": {"color": ["red"]}}),
    ("perfume for my wife around $70", {"category_ids": [479], "attributes": {"gender": ["women"]},
                                        "price": {"min": 56, "max": 84}}),
    ("sage green throw pillows", {"category_ids": [4454], "attributes": {"color": ["green"]}}),
    ("a dress i can wear to a wedding that isn't white", {"category_ids": [2271], "attributes": {
        "occasion": ["wedding"]}, "excluded": {"color": ["white"]}}),
    ("minimalist mugs set of 4", {"category_ids": [2169], "attributes": {"style": ["minimalist"]}}),
    ("tight fitting workout leggings in xs", {"category_ids": [5322], "attributes": {
        "silhouette": ["fitted"], "occasion": ["gym"], "size": ["XS"]}}),
    ("in stock bluetooth speaker for the beach", {"category_ids": [249], "in_stock": True}),
    # follow-ups that refine the last search
    ("only under 60 bucks", {"price": {"max": 60}}),
    ("make it green", {"attributes": {"color": ["green"]}}),
    ("ok what about for a woman", {"attributes": {"gender": ["women"]}}),
    ("hmm, over $200 then", {"price": {"min": 200}}),
    ("show me the striped ones instead", {"attributes": {"pattern": ["striped"]}}),
    ("just what's in stock please", {"in_stock": True}),
]


# ------------------------------------------------------------------------------------------------ shared helpers
def load_ontology(knowledge: Path) -> dict:
    return yaml.safe_load((knowledge / "ontology.yaml").read_text(encoding="utf-8"))


def load_departments(knowledge: Path, onto: dict) -> dict[int, str]:
    """leaf id -> department, by the ontology's longest matching prefix."""
    paths = {}
    for line in (knowledge / "taxonomy.txt").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d+) - (.+)$", line.strip())
        if m:
            paths[int(m.group(1))] = m.group(2)
    out = {}
    for cid in NOUNS:
        best = max(((d, p) for d, ps in onto["departments"].items() for p in ps
                    if paths[cid] == p or paths[cid].startswith(p + " > ")), key=lambda dp: len(dp[1]))
        out[cid] = best[0]
    return out


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower().replace("-", " "))


def lexicon_forms(onto: dict) -> dict[str, tuple[str, str]]:
    out = {}
    for attr, spec in onto["attributes"].items():
        for value, syns in spec["values"].items():
            for form in [str(value), *(syns or [])]:
                out.setdefault(" ".join(words(str(form))), (attr, str(value)))
    return out


def check_nouns(forms: dict[str, tuple[str, str]]) -> None:
    """A product noun must not carry an ontology word, or its gold filters would be wrong."""
    for cid, (train, held) in NOUNS.items():
        for noun in [*train, *held]:
            ws = words(noun)
            grams = {" ".join(ws[i:j]) for i in range(len(ws)) for j in range(i + 1, len(ws) + 1)}
            hits = [g for g in grams if g in forms or g.rstrip("s") in forms]
            if hits and noun not in NOUN_EXCEPTIONS:
                raise SystemExit(f"noun '{noun}' ({cid}) contains ontology word(s) {hits}")


def ontology_surface(onto: dict, attr: str, value: str) -> list[str]:
    return [str(value), *(onto["attributes"][attr]["values"][value] or [])]


def allowed_values(onto: dict, attr: str, cid: int | None, dept: str | None) -> list[str]:
    """The values of `attr` a shopper would ask for on this category (all of them for a vague query)."""
    spec = onto["attributes"][attr]
    if dept is not None and spec.get("applies_to") and dept not in spec["applies_to"]:
        return []
    values = [str(v) for v in spec["values"]]
    if attr == "material" and dept is not None:
        return MATERIALS[dept]
    if attr == "silhouette":
        return values if cid in SILHOUETTE_LEAVES else []
    if attr == "size":
        if cid is None:
            return []
        if dept == "footwear" and cid == 187:
            return SHOE_SIZES
        if cid == 2314:
            return BED_SIZES
        if dept == "apparel":
            return APPAREL_SIZES
        return ["one size"] if cid in (173, 543673, 170) else []
    if attr == "occasion" and dept not in (None, "apparel", "footwear", "bags_accessories", "sports_outdoors"):
        return []
    return values


def draw_category(rng: random.Random, dept_of: dict[int, str]) -> int:
    """Clothes and shoes are most of what a fashion-first store is asked for, and where sizes matter."""
    leaves = list(NOUNS)
    weights = [4 if cid == 187 else 2 if dept_of[cid] == "apparel" else 1 for cid in leaves]
    return rng.choices(leaves, weights=weights)[0]


def empty_filters() -> dict:
    return {"category_ids": [], "attributes": {}, "excluded": {}, "price": {"min": None, "max": None},
            "in_stock": False, "text": ""}


def add(filters: dict, field: str, attr: str, value: str) -> None:
    bucket = filters[field].setdefault(attr, [])
    if value not in bucket:
        bucket.append(value)


def pick_price(rng: random.Random) -> tuple[float, float]:
    x = rng.choice([15, 20, 25, 30, 35, 40, 45, 50, 60, 75, 80, 90, 100, 120, 150, 200, 250, 300])
    y = x + rng.choice([20, 25, 30, 50, 100])
    return x, y


def price_phrase(rng: random.Random, table: dict, filters: dict) -> str:
    kind = rng.choice(["max", "max", "max", "min", "range", "around"])
    x, y = pick_price(rng)
    phrase = rng.choice(table[kind]).format(x=x, y=y)
    if kind == "max":
        filters["price"]["max"] = float(x)
    elif kind == "min":
        filters["price"]["min"] = float(x)
    elif kind == "range":
        filters["price"].update(min=float(x), max=float(y))
    else:  # "around $x" is the lexicon's +-20 %
        filters["price"].update(min=round(x * 0.8, 2), max=round(x * 1.2, 2))
    return phrase


class ValueCycler:
    """Draw values round-robin so every value of an attribute appears, not only the likely ones."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.queues: dict[tuple, list[str]] = {}

    def draw(self, attr: str, allowed: list[str]) -> str:
        key = (attr, tuple(allowed))
        if not self.queues.get(key):
            q = list(allowed)
            self.rng.shuffle(q)
            self.queues[key] = q
        return self.queues[key].pop()


# ------------------------------------------------------------------------------------------------ training side
KEYBOARD = "qwertyuiopasdfghjklzxcvbnm"


def train_typo(rng: random.Random, word: str) -> str:
    """One random edit (drop, swap, double, substitute): how the training side misspells."""
    if len(word) < 4 or not word.isalpha():
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.choice(["drop", "swap", "double", "sub"])
    if op == "drop":
        return word[:i] + word[i + 1:]
    if op == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if op == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice(KEYBOARD) + word[i + 1:]


def train_surface(rng: random.Random, onto: dict, attr: str, value: str) -> str:
    forms = ontology_surface(onto, attr, value)
    para = TRAIN_PARA.get((attr, value), [])
    if para and rng.random() < 0.45:
        return rng.choice(para)
    return rng.choice(forms)


def train_attr_phrase(rng: random.Random, onto: dict, attr: str, value: str) -> tuple[str, str]:
    """(position, phrase): 'pre' goes before the noun, 'post' after it."""
    if attr == "gender":
        r = rng.random()
        if r < 0.35:
            return "pre", rng.choice(TRAIN_GENDER_PRE[value])
        if r < 0.7 or (attr, value) not in TRAIN_PARA:
            return "post", rng.choice(TRAIN_GENDER_POST[value])
        return "post", rng.choice(TRAIN_PARA[(attr, value)])
    w = train_surface(rng, onto, attr, value)
    if w.startswith(("for ", "to ", "by ", "around ", "at ", "on ")):
        return "post", w
    if attr == "size":
        if w.startswith(("size", "a ")):
            return "post", w
        return "post", rng.choice(["size {w}", "in size {w}", "in {w}", "in a {w}"]).format(w=w)
    if attr in ("occasion", "season") and rng.random() < (0.8 if attr == "occasion" else 0.5):
        return "post", f"for {w}"
    if attr in ("color", "material", "pattern") and rng.random() < 0.3:
        return "post", rng.choice(["in {w}", "made of {w}" if attr == "material" else "in {w}"]).format(w=w)
    if attr == "style" and rng.random() < 0.2:
        return "post", f"with a {w} look"
    if rng.random() < 0.12:
        w = " ".join(train_typo(rng, t) for t in w.split())
    return "pre", w


def train_negation(rng: random.Random, onto: dict, attr: str, value: str) -> str:
    forms = ontology_surface(onto, attr, value)
    w = rng.choice(forms[:4])
    if attr == "material" and rng.random() < 0.5:
        return rng.choice(TRAIN_NEG_MATERIAL).format(w=w)
    return rng.choice(TRAIN_NEG).format(w=w)


def train_row(rng: random.Random, onto: dict, dept_of: dict[int, str], cycler: ValueCycler) -> dict:
    filters = empty_filters()
    vague = rng.random() < 0.12
    cid = None if vague else draw_category(rng, dept_of)
    dept = dept_of.get(cid) if cid else None
    if cid:
        filters["category_ids"].append(cid)
        noun = rng.choice(NOUNS[cid][0])
        if rng.random() < 0.12:
            noun = " ".join(train_typo(rng, t) for t in noun.split())
    else:
        noun = rng.choice(TRAIN_ELSEWHERE if rng.random() < 0.35 else TRAIN_VAGUE)
    attrs = ["color", "material", "occasion", "silhouette", "pattern", "size", "gender", "season", "style"]
    if vague:
        attrs = ["gender", "occasion", "style", "color"]
    rng.shuffle(attrs)
    if cid == 187 and rng.random() < 0.4:  # shoe shoppers give their size
        attrs.insert(0, attrs.pop(attrs.index("size")))
    pre, post = [], []
    n_attrs = rng.choice([0, 1, 1, 1, 2, 2, 2, 3]) + (1 if vague else 0)
    for attr in attrs:
        if len(filters["attributes"]) >= n_attrs:
            break
        allowed = allowed_values(onto, attr, cid, dept)
        if not allowed:
            continue
        value = cycler.draw(attr, allowed)
        add(filters, "attributes", attr, value)
        pos, phrase = train_attr_phrase(rng, onto, attr, value)
        (pre if pos == "pre" else post).append(phrase)
    tail = []
    if rng.random() < 0.22:
        attr = rng.choice(["color", "color", "material", "pattern", "style"])
        allowed = [v for v in allowed_values(onto, attr, cid, dept) if v not in filters["attributes"].get(attr, [])]
        if allowed:
            value = cycler.draw("neg-" + attr, allowed)
            add(filters, "excluded", attr, value)
            tail.append(train_negation(rng, onto, attr, value))
    if rng.random() < 0.35:
        tail.append(price_phrase(rng, TRAIN_PRICE, filters))
    if rng.random() < 0.12:
        tail.append(rng.choice(TRAIN_STOCK))
        filters["in_stock"] = True
    extras = []
    if rng.random() < 0.2:
        extras.append(rng.choice(TRAIN_EXTRAS))
    if rng.random() < 0.08:
        extras.append(rng.choice(TRAIN_NUMBER_DISTRACTORS).format(n=rng.choice([2, 3, 4, 6, 10, 12])))
    rng.shuffle(tail)
    if vague and pre:  # "something boho and black for my wife"
        head = " ".join([rng.choice(TRAIN_PREFIX), noun, " and ".join(pre), *post, *extras])
    else:
        head = " ".join([rng.choice(TRAIN_PREFIX), *pre, noun, *post, *extras])
    query = head + (", " if tail and rng.random() < 0.25 else " ") + " ".join(tail) + " " + rng.choice(TRAIN_SUFFIX)
    filters["text"] = " ".join(extras)
    return {"query": re.sub(r"\s+", " ", query).strip(), "filters": filters}


def train_distractor_row(rng: random.Random) -> dict:
    """An ontology word used in another sense: the gold filter is only what the shopper means."""
    template, unit = rng.choice(TRAIN_WORD_DISTRACTORS)
    cid = rng.choice([588, 3032, 187, 3809, 212] if "scented" not in template else [588])
    filters = empty_filters()
    filters["category_ids"].append(cid)
    if unit:
        add(filters, "attributes", *unit)
    return {"query": template.format(noun=rng.choice(NOUNS[cid][0])), "filters": filters}


def train_refinement_row(rng: random.Random, onto: dict) -> dict:
    """A follow-up that refines the last search: "under $100", "in blue instead", "no, for a man"."""
    filters = empty_filters()
    kind = rng.choice(["price", "price", "attr", "gender", "stock", "neg"])
    if kind == "price":
        query = f"{rng.choice(['', '', 'actually', 'ok', 'only', 'and', 'hmm'])} {price_phrase(rng, TRAIN_PRICE, filters)}"
    elif kind == "attr":
        attr = rng.choice(["color", "color", "material", "pattern", "size"])
        value = rng.choice([str(v) for v in onto["attributes"][attr]["values"]])
        add(filters, "attributes", attr, value)
        w = rng.choice(ontology_surface(onto, attr, value)[:3])
        query = rng.choice(["in {w} instead", "{w} instead", "what about {w}", "same in {w}", "any in {w}?"]).format(w=w)
    elif kind == "gender":
        value = rng.choice(list(TRAIN_GENDER_POST))
        add(filters, "attributes", "gender", value)
        query = f"{rng.choice(['no,', 'actually', 'sorry,', ''])} {rng.choice(TRAIN_GENDER_POST[value])}"
    elif kind == "stock":
        filters["in_stock"] = True
        query = f"{rng.choice(['only ones', 'just the ones', 'only'])} {rng.choice(TRAIN_STOCK)}"
    else:
        attr = rng.choice(["color", "pattern", "material"])
        value = rng.choice([str(v) for v in onto["attributes"][attr]["values"]])
        add(filters, "excluded", attr, value)
        query = train_negation(rng, onto, attr, value)
    return {"query": re.sub(r"\s+", " ", query).strip(), "filters": filters}


def make_train(rng: random.Random, onto: dict, dept_of: dict[int, str], n: int) -> list[dict]:
    cycler = ValueCycler(rng)
    rows, seen = [], set()
    while len(rows) < n:
        r = rng.random()
        row = train_distractor_row(rng) if r < 0.03 else train_refinement_row(rng, onto) if r < 0.06 else \
            train_row(rng, onto, dept_of, cycler)
        if row["query"] not in seen:
            seen.add(row["query"])
            rows.append(row)
    return rows


# ------------------------------------------------------------------------------------------------ held-out side
HELD_TYPOS = {  # common misspellings, hand-written
    "burgundy": "burgandy", "leather": "lether", "dress": "dres", "jacket": "jakcet", "sneakers": "sneekers",
    "cashmere": "cashmire", "polyester": "polyster", "turquoise": "turqoise", "lavender": "lavendar",
    "beige": "biege", "sweater": "sweather", "trousers": "trowsers", "necklace": "necklase", "fuchsia": "fuschia",
    "wallet": "walet", "sunglasses": "sunglases", "backpack": "bakpack", "headphones": "headfones",
    "pajamas": "pajammas", "mascara": "mascarra", "shampoo": "shampo", "skillet": "skilet", "mug": "mugg",
    "leggings": "legings", "maroon": "marroon", "emerald": "emrald", "velvet": "velvit",
    "linen": "linnen", "silk": "silck", "wool": "wol", "chiffon": "chifon", "flowy": "flowey", "casual": "casul",
    "vintage": "vintge", "wedding": "weding", "formal": "formel", "striped": "stripped", "floral": "florel",
    "plaid": "plad", "swimsuit": "swimsiut", "kettle": "kettel", "candle": "candel", "charcoal": "charcol",
    "scarf": "scraf", "skirt": "skrit", "shirt": "shrit", "coat": "caot", "boots": "bootz",
}


def held_typo(rng: random.Random, phrase: str) -> str:
    out = []
    for t in phrase.split():
        out.append(HELD_TYPOS.get(t, t) if rng.random() < 0.6 else t)
    return " ".join(out)


def held_attr_phrase(rng: random.Random, onto: dict, attr: str, value: str) -> tuple[str, str]:
    if attr == "gender":
        r = rng.random()
        if r < 0.3:
            return "pre", rng.choice(HELD_GENDER_PRE[value])
        if r < 0.6 or (attr, value) not in HELD_PARA:
            return "post", rng.choice(HELD_GENDER_POST[value])
        return "post", rng.choice(HELD_PARA[(attr, value)])
    forms = ontology_surface(onto, attr, value)
    para = HELD_PARA.get((attr, value), [])
    w = rng.choice(para) if para and rng.random() < 0.45 else rng.choice(forms)
    if w.startswith(("for ", "by ", "around ", "at ", "on ")):
        return "post", w
    if attr == "size":
        return "post", rng.choice(["size {w}", "in {w}", "{w} please", "sz {w}"]).format(w=w)
    if attr in ("occasion", "season") and rng.random() < (0.8 if attr == "occasion" else 0.5):
        return "post", rng.choice(["to wear for {w}", "for {w}", "good for {w}"]).format(w=w)
    if attr in ("color", "pattern") and rng.random() < 0.3:
        return "post", rng.choice(["in a {w} shade" if attr == "color" else "in a {w} pattern", "that's {w}"]
                                  ).format(w=w)
    if attr == "style" and rng.random() < 0.2:
        return "post", f"in a {w} style"
    if rng.random() < 0.25:
        w = held_typo(rng, w)
    return "pre", w


def held_negation(rng: random.Random, onto: dict, attr: str, value: str) -> str:
    w = rng.choice(ontology_surface(onto, attr, value)[:4])
    if attr == "material" and rng.random() < 0.5:
        return rng.choice(HELD_NEG_MATERIAL).format(w=w)
    return rng.choice(HELD_NEG).format(w=w)


def held_row(rng: random.Random, onto: dict, dept_of: dict[int, str], cycler: ValueCycler) -> dict:
    filters = empty_filters()
    vague = rng.random() < 0.1
    cid = None if vague else draw_category(rng, dept_of)
    dept = dept_of.get(cid) if cid else None
    if cid:
        filters["category_ids"].append(cid)
        noun = rng.choice(NOUNS[cid][1])
        if rng.random() < 0.25:
            noun = held_typo(rng, noun)
    else:
        noun = rng.choice(HELD_ELSEWHERE if rng.random() < 0.35 else HELD_VAGUE)
    attrs = ["color", "material", "occasion", "silhouette", "pattern", "size", "gender", "season", "style"]
    if vague:
        attrs = ["gender", "occasion", "style"]
    rng.shuffle(attrs)
    if cid == 187 and rng.random() < 0.3:
        attrs.insert(0, attrs.pop(attrs.index("size")))
    pre, post = [], []
    n_attrs = rng.choice([0, 1, 1, 2, 2, 3]) + (1 if vague else 0)
    for attr in attrs:
        if len(filters["attributes"]) >= n_attrs:
            break
        allowed = allowed_values(onto, attr, cid, dept)
        if allowed:
            value = cycler.draw(attr, allowed)
            add(filters, "attributes", attr, value)
            pos, phrase = held_attr_phrase(rng, onto, attr, value)
            (pre if pos == "pre" else post).append(phrase)
    asks = []
    if rng.random() < 0.25:
        attr = rng.choice(["color", "color", "material", "pattern"])
        allowed = [v for v in allowed_values(onto, attr, cid, dept) if v not in filters["attributes"].get(attr, [])]
        if allowed:
            value = cycler.draw("neg-" + attr, allowed)
            add(filters, "excluded", attr, value)
            asks.append(held_negation(rng, onto, attr, value))
    if rng.random() < 0.4:
        asks.append(price_phrase(rng, HELD_PRICE, filters))
    if rng.random() < 0.12:
        asks.append(rng.choice(HELD_STOCK))
        filters["in_stock"] = True
    if rng.random() < 0.15:
        asks.append(rng.choice(HELD_EXTRAS))
        filters["text"] = asks[-1]
    if rng.random() < 0.08:
        asks.append(rng.choice(HELD_NUMBER_DISTRACTORS).format(n=rng.choice([3, 5, 7, 8, 16])))
    rng.shuffle(asks)
    shape = rng.choice(["plain", "question", "price_first", "list", "that_is"])
    head = f"{noun} {' and '.join(pre)} {' '.join(post)}" if vague else " ".join([*pre, noun, *post])
    if shape == "question":
        query = f"{rng.choice(['do you have', 'have you got', 'is there'])} any {head} {' '.join(asks)}?"
    elif shape == "price_first" and asks:
        query = f"{asks[0]} {head} {' '.join(asks[1:])}"
    elif shape == "list":
        query = ", ".join([noun, *pre, *post, *asks])
    elif shape == "that_is" and pre:
        query = f"{rng.choice(HELD_PREFIX)} a {noun} {' '.join(post)} that is {' and '.join(pre)} {' '.join(asks)}"
    else:
        query = f"{rng.choice(HELD_PREFIX)} {head} {' '.join(asks)} {rng.choice(HELD_SUFFIX)}"
    return {"query": re.sub(r"\s+([?,])", r"\1", re.sub(r"\s+", " ", query)).strip(), "filters": filters}


def hand_rows() -> list[dict]:
    rows = []
    for query, partial in HAND_WRITTEN:
        filters = empty_filters()
        filters.update({k: v for k, v in partial.items() if k != "price"})
        filters["price"].update({k: float(v) for k, v in partial.get("price", {}).items()})
        rows.append({"query": query, "filters": filters})
    return rows


def make_heldout(rng: random.Random, onto: dict, dept_of: dict[int, str], n: int) -> list[dict]:
    cycler = ValueCycler(rng)
    rows, seen = hand_rows(), {q for q, _ in HAND_WRITTEN}
    while len(rows) < n + len(HAND_WRITTEN):
        row = held_row(rng, onto, dept_of, cycler)
        if row["query"] not in seen:
            seen.add(row["query"])
            rows.append(row)
    return rows


# ------------------------------------------------------------------------------------------------ checks and output
def check_values(rows: list[dict], onto: dict, leaves: set[int], where: str) -> None:
    for i, row in enumerate(rows, start=1):
        f = row["filters"]
        for cid in f["category_ids"]:
            assert cid in leaves, f"{where}:{i}: {cid} is not a leaf"
        for field in ("attributes", "excluded"):
            for attr, values in f[field].items():
                for v in values:
                    assert v in {str(x) for x in onto["attributes"][attr]["values"]}, f"{where}:{i}: {attr}={v}"


def drop_near_duplicates(train: list[dict], held: list[dict], embed_check: bool) -> tuple[list[dict], int]:
    """Drop held-out rows whose query is (nearly) a training query; return the kept rows and the count dropped."""
    train_q = [r["query"] for r in train]
    keep = [r for r in held if (process.extractOne(r["query"], train_q, scorer=fuzz.ratio) or (0, 0))[1] < NEAR_DUP]
    if embed_check:
        sys.path.insert(0, str(ROOT))
        from assistant.retrieval.embeddings import get_embedder

        emb = get_embedder()
        a, b = emb.encode([r["query"] for r in keep]), emb.encode(train_q)
        best = (a @ b.T).max(axis=1)
        keep = [r for r, s in zip(keep, best) if s < NEAR_DUP_COS]
    return keep, len(held) - len(keep)


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT, help="repository root to write under (default: this repo)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--no-embed-check", action="store_true", help="skip the MiniLM near-duplicate check")
    args = ap.parse_args(argv)
    knowledge = ROOT / "knowledge"
    onto = load_ontology(knowledge)
    forms = lexicon_forms(onto)
    check_nouns(forms)
    dept_of = load_departments(knowledge, onto)
    # Separate random streams: changing the held-out generator never changes a training row, and vice versa.
    train = make_train(random.Random(args.seed), onto, dept_of, N_TRAIN)
    held = make_heldout(random.Random(args.seed + 1), onto, dept_of, N_HELDOUT)
    check_values(train, onto, set(dept_of), "train")
    check_values(held, onto, set(dept_of), "heldout")
    held, dropped = drop_near_duplicates(train, held, not args.no_embed_check)
    # Hand-written rows go last and unchanged, so regenerating keeps them and leaves the generated rows' order alone.
    hand = [json.loads(line) for line in (knowledge / "training/rewrite_handwritten.jsonl").read_text().splitlines()]
    write_jsonl(args.out / "knowledge/training/rewrite.jsonl", train + hand)
    write_jsonl(args.out / "evals/datasets/rewrite_heldout.jsonl", held)
    units = Counter(f"{a}={v}" for r in train for a, vs in r["filters"]["attributes"].items() for v in vs)
    print(f"train: {len(train)} rows, {len(units)} distinct attribute values; held-out: {len(held)} rows "
          f"({len(HAND_WRITTEN)} hand-written), {dropped} near-duplicates of training rows dropped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
