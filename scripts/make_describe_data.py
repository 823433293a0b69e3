"""Generate the describe task's data: product attributes and the brand-voice description that sells them.

Writes
* ``knowledge/training/describe.jsonl``        training rows ``{"input": {...}, "description": ...}``
* ``evals/datasets/describe_heldout.jsonl``    held-out rows, same format

The two files come from separate code paths: different title collections, brands, feature phrasings and sentence
frames (``TRAIN`` vs ``HELD``; no frame is shared), plus hand-written held-out rows (``HANDWRITTEN``). Both follow
the brand's house plan (``house_plan``: what each sentence says, in which order) and each kind of sentence has a
house-favorite phrasing used ``FAVORITE`` of the time; the held-out favorites are rewordings of the training ones. Every description is checked
with the task's own rules before it is kept: 45-90 words and no avoided words (``knowledge/brand_voice.md``), every
given attribute mentioned, no ontology value the input lacks, and no sentence in more than ``MAX_SENTENCE_REUSE``
descriptions. Held-out rows whose input nearly equals a training input (rapidfuzz ratio >= 92 or MiniLM cosine
>= 0.95) are dropped and counted.

Frames are written so that a value can be swapped for another of the same attribute and still read well: occasion
and season are used as modifiers ("work plans", "a year-round staple"), gender as "women's"/"unisex" before a
noun, pattern as "a striped design". Agreement fields: {It} {it} {is} {has} {s} (verb ending) {its} {was}.

Usage: python scripts/make_describe_data.py [--out DIR] [--seed N] [--train N] [--heldout N]
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import re
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

from rapidfuzz import fuzz, process

from assistant.knowledge import load_ontology, load_taxonomy
from assistant.tasks.describe import (DescribeInput, _article, coverage_of, display, find_mentions,
                                      hallucinated_values, load_voice, render_input, resolve, voice_problems)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SEED = 20251105
MAX_SENTENCE_REUSE = 5
log = logging.getLogger("make_describe_data")

# ------------------------------------------------------------------------------------------------ catalog facts
# Per category: title types ("|"), materials, occasions, size scheme, genders, colors ("" = department default),
# features for training and held-out features, each "|"-separated. A type that names an ontology value (e.g.
# "Hiking Boots") forces that value, so titles never contradict attributes.
CATS = {
    # apparel
    2271: ("Midi Dress|Slip Dress|Shirt Dress|Maxi Dress|Sundress|Tea Dress",
           "cotton linen silk satin chiffon polyester velvet",
           "wedding party work casual beach formal", "alpha", "women", "",
           "a hidden side zip|side pockets|adjustable straps|a fully lined bodice|a smocked back panel",
           "a removable tie belt|covered buttons down the front|a lined skirt"),
    1581: ("Midi Skirt|Mini Skirt|Pleated Skirt|Pencil Skirt|Maxi Skirt", "cotton linen denim satin wool polyester",
           "work casual party wedding", "alpha", "women", "",
           "an elastic back waistband|a back walking slit|side pockets|a soft lining",
           "a concealed zip|a self-tie sash"),
    212: ("Oxford Shirt|Crewneck Tee|Pullover Hoodie|Cardigan|Blouse|Polo Shirt|Turtleneck",
          "cotton linen wool cashmere silk bamboo fleece",
          "work casual travel party", "alpha", "women men unisex", "",
          "ribbed cuffs|a curved hem|horn-look buttons|side vents|a kangaroo pocket",
          "a chest pocket|shoulder seams set forward"),
    204: ("Chinos|Jeans|Trousers|Cargo Pants|Pull-On Pants|Joggers", "cotton denim wool linen polyester",
          "work casual travel", "alpha", "women men", "",
          "a stretch waistband|deep front pockets|belt loops|a zip fly|ankle cuffs",
          "a coin pocket|a drawcord waist"),
    207: ("Chino Shorts|Jean Shorts|Bermuda Shorts|Trail Shorts|Running Shorts", "cotton denim linen nylon polyester",
          "casual beach travel", "alpha", "women men kids", "",
          "a flat drawcord|deep side pockets|a zip back pocket|a built-in liner",
          "a split hem|a key loop"),
    5598: ("Rain Jacket|Puffer Jacket|Parka|Overcoat|Trench Coat|Denim Jacket|Fleece Jacket",
           "nylon polyester down wool denim fleece cotton",
           "casual work travel hiking", "alpha", "women men kids", "",
           "a two-way zip|an adjustable hood|taped seams|fleece-lined hand pockets|an inner phone pocket",
           "storm cuffs|a stand collar"),
    5322: ("Leggings|Sports Bra|Training Tee|Track Jacket|Bike Shorts|Tank Top", "spandex nylon polyester bamboo",
           "gym hiking", "alpha", "women men unisex", "",
           "flatlock seams|a hidden key pocket|a high waistband|reflective trims",
           "a racerback|a zip chest pocket"),
    211: ("One-Piece Swimsuit|Bikini Set|Swim Trunks|Rash Guard|Tankini", "nylon spandex polyester",
          "beach travel", "alpha", "women men kids", "",
          "a double-layer front lining|adjustable straps|a mesh inner brief|a drawcord waist",
          "a tie back|removable cups"),
    2580: ("Pajama Set|Sleep Shirt|Pajama Pants|Robe", "cotton silk satin fleece bamboo linen",
           "lounge", "alpha", "women men kids", "",
           "piped edges|a drawstring waist|a notch collar|a chest pocket",
           "a matching eye mask|a gift pouch"),
    5250: ("Jumpsuit|Romper|Boilersuit|Overalls", "cotton linen polyester denim chiffon",
           "party casual wedding work beach", "alpha", "women", "",
           "a reachable back zip|a tie waist|patch pockets|adjustable straps",
           "a button front|rolled cuffs"),
    209: ("Crew Socks|Ankle Socks|Dress Socks|Hiking Socks|Boot Socks", "cotton wool bamboo nylon",
          "casual work hiking gym", "socks", "women men unisex kids", "",
          "a seamless toe|a cushioned heel|arch support bands|a reinforced toe",
          "a rolled cuff|a padded sole"),
    # footwear
    187: ("Chelsea Boots|Hiking Boots|Running Sneakers|Canvas Sneakers|Loafers|Sandals|Ballet Flats|Slippers",
          "leather vegan leather canvas nylon rubber wool", "casual work hiking gym beach party", "shoes",
          "women men unisex kids", "",
          "a cushioned footbed|a grippy outsole|elastic side panels|a padded collar|a pull tab",
          "a removable insole|a stacked heel"),
    2801: ("Insoles|Arch Support Inserts|Heel Cushions", "foam cork silicone", "casual gym hiking work", "shoes",
           "women men unisex", "",
           "a deep heel cup|a trim-to-fit outline|a moisture-wicking top sheet",
           "a firm arch shell|a slim profile"),
    # bags & accessories
    169: ("Belt|Reversible Belt|Braided Belt", "leather vegan leather canvas", "work casual formal", "alpha",
          "women men unisex", "", "a brushed buckle|a keeper loop|stitched edges", "a spare hole punched extra"),
    170: ("Gloves|Mittens|Touchscreen Gloves", "wool leather fleece cashmere", "casual travel hiking", "alpha",
          "women men kids unisex", "", "touchscreen fingertips|a fleece lining|knit cuffs",
          "a snap wrist strap|a thumb gusset"),
    173: ("Beanie|Baseball Cap|Sun Hat|Bucket Hat|Fedora", "wool cotton straw canvas cashmere",
          "casual beach travel hiking",
          "one", "women men unisex kids", "", "a fold-over cuff|an adjustable back strap|a sweatband|a wide brim",
          "a chin cord|a packable crown"),
    543673: ("Scarf|Blanket Scarf|Square Scarf", "wool cashmere silk cotton", "casual work travel formal", "one",
             "women men unisex", "", "fringed ends|hand-rolled edges|a generous length", "a gift box"),
    178: ("Sunglasses|Aviators|Round Sunglasses", "plastic stainless steel", "beach travel casual", "one",
          "women men unisex", "", "polarized lenses|a hard case|spring hinges|UV400 protection",
          "a cleaning cloth|adjustable nose pads"),
    3032: ("Tote|Crossbody Bag|Shoulder Bag|Clutch|Bucket Bag", "leather vegan leather canvas straw nylon",
           "work casual travel party wedding", "one", "women unisex", "",
           "an adjustable strap|a zip top|an inner zip pocket|a magnetic snap", "a detachable pouch|feet on the base"),
    2668: ("Wallet|Card Holder|Money Clip|Zip Wallet", "leather vegan leather canvas", "casual work travel", "one",
           "women men unisex", "", "six card slots|an ID window|a coin pocket|RFID blocking", "a note sleeve"),
    100: ("Backpack|Rolltop Backpack|Daypack|Laptop Backpack", "nylon canvas polyester leather",
          "travel work hiking casual",
          "one", "unisex women men kids", "",
              "a padded laptop sleeve|a water bottle pocket|padded straps|a luggage pass-through",
          "a hidden back pocket|a sternum strap"),
    103: ("Duffel|Weekender|Gym Duffel", "canvas nylon leather polyester", "travel gym camping", "one",
          "unisex women men", "", "a shoe compartment|a detachable shoulder strap|a luggage sleeve|a wipe-clean lining",
          "end pockets|a padded base"),
    # home & kitchen
    588: ("Candle|Three-Wick Candle|Travel Candle", "soy wax", "", "none", "", "",
          "a cotton wick|a reusable glass vessel|a 45-hour burn time|a lid", "a wooden wick|a matchbook"),
    4454: ("Throw Pillow|Lumbar Pillow|Cushion Cover", "linen cotton velvet wool", "", "one", "", "",
           "a hidden zip|a feather insert|piped edges|a removable cover", "a tassel trim|a poly insert"),
    657: ("Dutch Oven|Braiser|Round Dutch Oven", "cast iron ceramic stainless steel", "", "none", "", "",
          "a tight-fitting lid|wide loop handles|a 5.5-quart capacity|an oven-safe knob",
          "a self-basting lid|a 4-quart capacity"),
    662: ("Skillet|Frying Pan|Saute Pan|Grill Pan", "cast iron stainless steel aluminium carbon fiber", "", "none", "",
          "", "a pour spout|a helper handle|a 12-inch cooking surface|an oven-safe handle",
          "a 10-inch cooking surface|a glass lid"),
    1388: ("Coffee Maker|Drip Brewer|Pour-Over Brewer", "stainless steel plastic glass", "", "none", "", "",
           "a 12-cup carafe|a programmable timer|a keep-warm plate|a reusable filter",
           "a brew-strength setting|a 10-cup carafe"),
    1557: ("French Press|Coffee Press", "glass stainless steel", "", "none", "", "",
           "a four-level filter|a 34-ounce capacity|a cool-touch handle", "a 17-ounce capacity|a spare mesh screen"),
    751: ("Kettle|Gooseneck Kettle|Electric Kettle", "stainless steel glass plastic", "", "none", "", "",
          "an auto shut-off|a 1.7-liter capacity|a keep-warm mode|a 360-degree base",
          "variable temperature presets|a water window"),
    665: ("Chef's Knife|Santoku|Paring Knife|Bread Knife", "stainless steel carbon fiber ceramic", "", "none", "", "",
          "a full tang|a bolster|a sheath|an 8-inch blade", "a 6-inch blade|a magnetic guard"),
    2169: ("Mug|Travel Mug|Camp Mug", "ceramic stainless steel glass", "", "none", "", "",
           "a 12-ounce capacity|a wide handle|a spill-proof lid", "a 16-ounce capacity|a matching saucer"),
    2314: ("Sheet Set|Fitted Sheet|Flat Sheet", "cotton linen bamboo silk", "", "bed", "", "",
           "deep pockets|a pillowcase pair|an all-around elastic", "a 300 thread count|corner straps"),
    576: ("Bath Towel|Towel Set|Hand Towel|Bath Sheet", "cotton bamboo linen", "", "one", "", "",
          "a hanging loop|a 600 gsm weight|a woven border", "a 500 gsm weight|a set of four"),
    # sports & outdoors
    3809: ("Water Bottle|Insulated Bottle|Squeeze Bottle", "stainless steel plastic glass silicone",
           "gym hiking travel camping",
           "none", "unisex", "", "a leakproof lid|a carry loop|a 24-ounce capacity|a wide mouth",
           "a 32-ounce capacity|a straw lid"),
    5869: ("Resistance Band Set|Loop Bands|Pull-Up Band", "rubber polyester", "gym", "none", "unisex women men", "",
           "five resistance levels|a mesh carry bag|door anchors|handles", "a printed guide|ankle straps"),
    3164: ("Dumbbells|Kettlebell|Dumbbell Set|Ankle Weights", "cast iron rubber neoprene", "gym", "none", "unisex", "",
           "a textured grip|a flat base|a storage rack|hex ends", "a numbered weight label|a stand"),
    3640: ("Yoga Mat|Travel Mat|Pilates Mat", "rubber cork foam", "gym travel", "none", "unisex women men", "",
           "alignment lines|a carry strap|a 6 mm thickness|a non-slip underside", "a 4 mm thickness|a bag"),
    1019: ("Lantern|Headlamp|Tent Light", "aluminium plastic", "camping hiking", "none", "unisex", "",
           "three brightness modes|a USB-C port|a hanging hook|a red light mode", "a 300-lumen output|a dimmer dial"),
    3738: ("Trekking Poles|Hiking Poles|Walking Poles", "aluminium carbon fiber", "hiking camping travel", "none",
           "unisex women men", "", "cork grips|flip locks|wrist straps|rubber tips", "snow baskets|a carry bag"),
    1020: ("Sleeping Bag|Mummy Bag|Camp Quilt", "down polyester nylon", "camping hiking", "none",
           "unisex women kids", "",
           "a draft collar|a compression sack|a two-way zip|a hood cinch", "a stash pocket|a 20-degree rating"),
    1022: ("Tent|Dome Tent|Backpacking Tent|Family Tent", "nylon polyester canvas", "camping hiking", "none", "unisex",
           "", "two doors|a rainfly|color-coded poles|a gear loft", "vestibules|a footprint"),
    # beauty
    2834: ("Mascara|Lengthening Mascara|Volumizing Mascara", "", "", "none", "women unisex", "black brown blue purple",
           "a tapered brush|a smudge-proof formula|a tube that removes with warm water", "a curved wand"),
    2765: ("Foundation|Concealer|Skin Tint", "", "", "none", "women unisex", "beige brown white",
           "a dropper cap|buildable coverage|a satin finish", "a matte finish|a sponge-tip wand"),
    3021: ("Lipstick|Lip Crayon|Matte Lipstick", "", "", "none", "women unisex", "red pink orange purple brown",
           "a creamy formula|a magnetic cap|a built-in sharpener", "a mirrored case"),
    2683: ("Nail Polish|Gel Polish|Top Coat", "", "", "none", "women unisex",
           "red pink blue green purple black white gold silver",
           "a wide brush|a two-coat formula|a chip-resistant finish", "a glossy finish"),
    479: ("Eau de Parfum|Cologne|Perfume Oil|Body Mist", "", "", "none", "women men unisex", "white gold pink",
          "a travel spray|notes of cedar and fig|a refillable bottle", "a rollerball|notes of bergamot"),
    2592: ("Moisturizer|Body Lotion|Night Balm|Hand Lotion", "", "", "none", "women men unisex", "white",
           "a pump bottle|a fragrance-free formula|shea butter", "a tube with a flip cap"),
    2844: ("Sunscreen|Mineral Sunscreen|Sunscreen Stick", "", "", "none", "unisex kids women", "white",
           "SPF 50|a water-resistant formula|a sheer finish", "a pocket-size stick"),
    543615: ("Shampoo|Clarifying Shampoo|Volumizing Shampoo", "", "", "none", "unisex women men", "white",
             "a sulfate-free formula|a pump top|a refill pouch", "a rosemary scent"),
    # electronics
    543626: ("Headphones|Earbuds|Over-Ear Headphones", "plastic aluminium leather", "", "none", "", "",
             "noise cancelling|a 30-hour battery|a carry case|a fold-flat frame",
                 "a 20-hour battery|a detachable cable"),
    249: ("Speaker|Bluetooth Speaker|Bookshelf Speaker", "plastic aluminium wood", "", "none", "", "",
          "a 12-hour battery|a splash-proof build|a built-in mic|a strap", "stereo pairing|a 16-hour battery"),
    2353: ("Phone Case|Wallet Case|Clear Case", "silicone plastic leather vegan leather", "", "none", "", "",
           "raised edges|a card slot|MagSafe magnets|a lanyard loop", "a kickstand|a grippy back"),
    1763: ("USB-C Cable|Charging Cable|Lightning Cable", "nylon plastic", "", "none", "", "",
           "a braided jacket|a 6-foot length|100W charging|a cable tie", "a 3-foot length|a right-angle head"),
    303: ("Keyboard|Mechanical Keyboard|Compact Keyboard", "plastic aluminium", "", "none", "", "",
          "backlit keys|hot-swappable switches|a USB-C port|a wrist rest", "a volume knob|multi-device pairing"),
    304: ("Mouse|Wireless Mouse|Trackball", "plastic rubber", "", "none", "", "",
          "a silent click|six buttons|a USB receiver|a rechargeable battery", "a thumb rest|an adjustable DPI"),
    5468: ("Screen Protector|Privacy Screen|Camera Lens Protector", "glass plastic", "", "none", "", "",
           "an installation frame|a two-pack|a cleaning kit", "a bubble-free adhesive|a three-pack"),
    505295: ("Wall Charger|Charging Stand|Car Charger|Power Bank", "plastic aluminium", "", "none", "", "",
             "two USB-C ports|65W output|a folding plug|a braided cable", "a 10,000 mAh battery|a status light"),
}
DEPT = {  # colors, patterns, styles, seasons by department
    "apparel": ("black white gray beige brown red pink orange yellow green blue teal purple",
                "solid solid solid striped floral plaid polka dot animal print geometric graphic tie-dye colorblock",
                "classic romantic bohemian minimalist sporty vintage modern preppy edgy cozy glam",
                "spring summer fall winter all season"),
    "footwear": ("black white gray beige brown red pink green blue", "solid solid solid colorblock animal print",
                 "classic minimalist sporty vintage modern rustic edgy cozy", "spring summer fall winter all season"),
    "bags_accessories": ("black white gray beige brown red pink green blue gold silver",
                         "solid solid striped plaid animal print geometric colorblock",
                         "classic minimalist vintage modern bohemian preppy edgy sporty",
                             "spring summer fall winter all season"),
    "home_kitchen": ("black white gray beige brown red green blue teal yellow",
                     "solid solid solid striped plaid geometric floral",
                         "classic minimalist modern rustic vintage cozy",
                     "spring summer fall winter all season"),
    "sports_outdoors": ("black gray green blue orange red teal purple yellow",
                        "solid solid solid camo colorblock geometric", "sporty minimalist modern classic rustic",
                        "spring summer fall winter all season"),
    "beauty": ("", "", "classic minimalist glam modern romantic vintage", ""),
    "electronics": ("black white gray silver blue green pink", "solid solid solid camo geometric colorblock",
                    "minimalist modern classic sporty vintage", ""),
}
SIZE_SCHEMES = {"alpha": ["XS", "S", "M", "L", "XL", "XXL"], "socks": ["S", "M", "L", "XL"],
                "shoes": [str(n) for n in range(6, 14)], "bed": ["twin", "full", "queen", "king"], "one": ["one size"]}

TRAIN_COLLECTIONS = ("Juniper Marlow Seabright Halden Wren Alder Cove Briar Solstice Ember Tamsin Fairhaven Linnea "
                     "Rowan Calder Aurelia Pebble Larch Sorrel Bayside Meadow Quill Mistral Corin Delphine Fenwick "
                     "Greer Isla Kinsey Lowell Mabel Nell Orla Perrin Sable Thistle Vesper Willa Yarrow Zinnia").split()
HELD_COLLECTIONS = ("Ashgrove Bellwether Carrick Dunmore Elsinore Farrow Glenn Harlow Ingram Jessamy Kelso Lindale "
                    "Monterey Norrland Osprey Penrose Quimby Rainier Selkirk Tolland Umber Varden Westerly").split()
TRAIN_BRANDS = {
    "apparel": ["Aster & Vale", "Marlow Thread", "Tidewater Co.", "Fern & Fable", "Juniper Lane", "Kindred Loom"],
    "footwear": ["Cobble & Crest", "Stridewell", "Bramble Road", "Kestrel Footworks"],
    "bags_accessories": ["Larkspur Leather", "Wayfarer & Finch", "Cedar Satchel Co.", "Halcyon Goods", "Oakmere"],
    "home_kitchen": ["Hearth & Harbor", "Copperleaf Kitchen", "Stillwater Home", "Ironbark Cookware", "Wick & Willow"],
    "sports_outdoors": ["Summit Ridge", "Trailhead Outfitters", "Evergrove", "Kinetic Pine"],
    "beauty": ["Petal & Pestle", "Lumen Beauty", "Saltwater Apothecary", "Velvet Moss"],
    "electronics": ["Voltwave", "Quillon Audio", "Ampersand Tech", "Northbeam"],
}
HELD_BRANDS = {
    "apparel": ["Gable & Rye", "Honeycomb Studio"], "footwear": ["Wandermile", "Pike Street Shoe Co."],
    "bags_accessories": ["Tallow & Twine", "Keel Goods"], "home_kitchen": ["Brasswork Kitchen", "Lantern House"],
    "sports_outdoors": ["Switchback Gear", "Fieldmark"], "beauty": ["Marigold Lab", "Dewpoint"],
    "electronics": ["Circuitry & Co.", "Halftone Audio"],
}
# Words a description may use for a value besides its display name (adjectives that slot in anywhere).
COLOR_WORDS = {"blue": ["navy", "cobalt", "sky blue"], "red": ["burgundy", "crimson"], "gray": ["charcoal", "slate"],
               "beige": ["oatmeal", "camel"], "brown": ["chocolate", "cognac"], "green": ["olive", "sage"],
               "pink": ["blush", "dusty rose"], "purple": ["lavender", "plum"], "white": ["ivory", "off-white"],
               "black": ["jet black"], "yellow": ["mustard"], "orange": ["rust", "terracotta"], "teal": ["turquoise"]}
MATERIAL_WORDS = {"wool": ["merino"], "cotton": ["organic cotton"], "leather": ["full-grain leather"],
                  "stainless steel": ["18/8 steel"], "linen": ["washed linen"], "polyester": ["recycled polyester"],
                  "nylon": ["ripstop nylon"], "ceramic": ["stoneware"], "glass": ["borosilicate glass"]}

# ------------------------------------------------------------------------------------------------ house plan
# The brand's style guide decides WHAT each sentence says (the plan); the frames below decide HOW. A copywriter
# leads with the material when it is the selling point, with the occasion when the product is made for one, and
# with the color otherwise; then cut + pattern, occasion + season, who it is for + style, sizes, details, and a
# closing line. Both splits follow the plan; they share no frame.
LEAD_MATERIALS = {"cashmere", "silk", "leather", "linen", "wool", "cast iron", "down", "velvet", "carbon fiber",
                  "stainless steel"}
LEAD_OCCASIONS = {"wedding", "party", "formal", "hiking", "camping", "beach", "gym"}
PAIRS = (("silhouette", "pattern"), ("occasion", "season"), ("gender", "style"))


def house_plan(attrs: dict, has_features: bool) -> list[str]:
    """The kinds of sentence a description of these attributes has, in order."""
    if attrs.get("material") in LEAD_MATERIALS:
        hook, said = "hook:material", {"color", "material"}
    elif attrs.get("occasion") in LEAD_OCCASIONS:
        hook, said = "hook:occasion", {"color", "material", "occasion"}
    else:
        hook, said = "hook:color", {"color", "material"}
    plan = [hook]
    for pair in PAIRS:
        present = [a for a in pair if a in attrs and a not in said]
        if present:
            plan.append("+".join(present))
    plan += (["sizes"] if "size" in attrs else []) + (["features"] if has_features else []) + ["close"]
    return plan


# ------------------------------------------------------------------------------------------------ training frames
# Hooks come with and without {material} (beauty has none); the writer keeps the frames whose attribute slots are
# exactly what the plan's sentence must say.
TRAIN = {
    "hook:material": [
        "Meet the {title}, {a}{noun} made from {material} in {color} that earn{s} {its} spot in your week fast.",
        "The {title} starts with {material}, and honestly, that's most of the story, in {color}.",
        "It's the {material} that sells the {title}, and the {color} shade seals the deal.",
        "Good {material} is hard to fake, and the {title} in {color} {does}n't try to.",
        "The {title} from {brand} {is} {a}{material} {noun} in {color}, made to be used rather than admired.",
    ],
    "hook:occasion": [
        "Ready for {occasion} plans, the {title} arrive{s} in {color} {material}.",
        "The {title} was made with {occasion} plans in mind, in {color} {material} that keeps up.",
        "Got {occasion} plans? The {title} in {color} {material} has you covered.",
        "Ready for {occasion} plans, the {title} arrive{s} in {color}.",
        "The {title} from {brand} was made with {occasion} plans in mind, and {it} come{s} in {color}.",
    ],
    "hook:color": [
        "Meet the {title}, {a}{color} {material} {noun} that earn{s} {its} spot in your week fast.",
        "The {title} from {brand} {is} {a}{color} {noun} made from {material}, and {subj} {does}n't ask for much.",
        "Say hello to the {title}, a good reason to rethink what {color} {material} can do.",
        "Some things try hard; the {title} in {color} {material} just show{s} up and {does} the job.",
        "Meet the {title}, {a}{color} {noun} from {brand} that {does} exactly what you hoped.",
        "Say hello to the {title} in {color}, a small upgrade to your routine.",
        "The {title} in {color} is the kind of {noun} you stop noticing because {subj} just work{s}.",
    ],
    "silhouette+pattern": [
        "The {silhouette} cut and {pattern} design keep {it} easy to pair with what you already own.",
        "{Its} {silhouette} cut sits well without fuss, and the {pattern} design adds just enough interest.",
        "A {silhouette} cut meets a {pattern} design here, so {subj} look{s} considered without trying.",
        "Think {silhouette} cut, {pattern} design, and nothing extra to fuss over.",
    ],
    "silhouette": ["The {silhouette} cut sits well without fuss, so you spend less time adjusting.",
                   "{Its} {silhouette} cut gives you room to move and still looks like you tried."],
    "pattern": ["The {pattern} design adds just enough interest to the {noun} without shouting about it.",
                "A {pattern} design keeps {it} easy to pair with what you already own."],
    "occasion+season": [
        "Bring {it} along for {occasion} days, then keep {it} in rotation as a {season} favorite.",
        "{Itis} built for {occasion} days and make{s} a smart {season} staple.",
        "Made for {occasion} plans, {subj} earn{s} {its} keep as a {season} staple.",
        "We like {it} for {occasion} days, and you'll like {it} as a {season} pick.",
    ],
    "occasion": ["We like {it} for {occasion} days, and you will too.",
                 "{Itis} built for {occasion} days without a second thought."],
    "season": ["Think of the {noun} as a {season} staple that works hard and still looks good.",
               "{Itis} a {season} pick that earn{s} {its} keep."],
    "gender+style": [
        "{Itis} {a}{gender} {noun} with a {style} look that stays useful long after the trend cycle moves on.",
        "As a {gender} design with a {style} look, {subj} read{s} put-together without trying.",
        "The {gender} design and {style} look make {it} an easy gift, or an easy yes for yourself.",
        "There's a {style} ease to {it}, and the {gender} design was drawn with real people in mind.",
    ],
    "gender": ["{Itis} {a}{gender} design, drawn with real people in mind.",
               "The {gender} design was drawn with real people in mind."],
    "style": ["The look of the {noun} is {style}, and the whole thing just makes sense.",
              "There's a {style} ease to {it} that you'll notice right away."],
    "sizes": [
        "{It} come{s} in {sizes}, so finding your fit is straightforward.",
        "Pick from {sizes} and check the size chart if you're between two.",
        "Stocked in {sizes}.",
        "The {noun} {is} available in {sizes}.",
        "Choose from {sizes} and get on with your day.",
    ],
    "features": [
        "Small things you'll notice: {features}.", "The details earn their keep, with {features}.",
        "Look closer and you'll find {features}.", "{It} also {has} {features}, because the little things matter.",
        "Extras worth mentioning: {features}.",
    ],
    "close": [
        "Put {it} to work and let the {noun} prove {itself}.",
        "Keep {it} close; {subj}'ll be the first thing you reach for.",
        "Pair {it} with your favorites and see what happens.",
        "Give the {noun} a spot in your routine and see how quickly {subj} earn{s} {its} keep.",
        "If you've been waiting for the right {noun}, consider this your sign.",
        "Follow the care label and the {noun} will look this good for a long while.",
        "Try {it} for a month and see if you don't wonder how you managed before.",
    ],
    "extra": ["{Itis} the kind of {noun} you stop thinking about, in the best way.",
              "No gimmicks and no fuss, just {a}{noun} that {does} {its} job well.",
              "{It} {does} the job quietly, which is exactly the point."],
    "close:apparel": ["Dress {it} up, dress {it} back again, and let the {noun} do the rest.",
                      "Style {it} with what's already in your closet and see how far {subj} go{es}."],
    "close:footwear": ["Take {it} for a short walk first, then take {it} anywhere.",
                       "Lace up or slip on, and let the {noun} carry you through the day."],
    "close:bags_accessories": ["Load {it} up and head out; the {noun} can handle the rest.",
                               "Grab {it} on your way out and forget you were ever without {it}."],
    "close:home_kitchen": ["Set {it} out, use {it} often, and let {it} become part of how your home works.",
                           "Give the {noun} a spot on the counter and {subj}'ll earn it back in no time."],
    "close:sports_outdoors": ["Pack {it}, use {it}, and bring {it} back for the next outing.",
                              "Toss the {noun} in the car and see where the road takes you."],
    "close:beauty": ["Add {it} to your routine and see how easily {subj} fit{s} in.",
                     "Keep the {noun} in your bag or on your shelf, wherever you'll reach for it most."],
    "close:electronics": ["Plug in, pair up or charge up, and let the {noun} keep pace.",
                          "Set {it} up once and get back to the things you actually want to do."],
}

# ------------------------------------------------------------------------------------------------ held-out frames
# The same house voice and plan, in sentences training never uses: some rework house patterns (the way one
# copywriter rephrases herself), the rest are new.
HELD = {
    "hook:material": [
        "Meet the {title}, {a}{noun} made from {material} in {color} that earn{s} {its} keep from day one.",
        "With the {title}, the {material} does most of the talking, in {color}.",
        "This is the {title}, {a}{material} {noun} in {color} with a quiet kind of confidence.",
    ],
    "hook:occasion": [
        "Ready for {occasion} plans, the {title} show{s} up in {color} {material}.",
        "Got {occasion} plans? The {title} in {color} {material} is ready when you are.",
        "Ready for {occasion} plans, the {title} show{s} up in {color}.",
    ],
    "hook:color": [
        "Meet the {title}: {a}{color} {material} {noun} that earn{s} {its} keep from day one.",
        "The {title} from {brand} {is} {a}{color} {noun} in {material} that asks very little of you.",
        "Built for real days, the {title} pairs {color} with {material}.",
        "Meet the {title}, {a}{color} {noun} that {does} what {subj} say{s}.",
        "Let's talk about the {title}, {a}{color} {noun} from {brand} that makes a good first impression.",
    ],
    "silhouette+pattern": [
        "The {silhouette} cut and {pattern} design make {it} easy to wear with what you own.",
        "{Its} {silhouette} cut moves with you, and the {pattern} design keeps things interesting.",
    ],
    "silhouette": ["The {silhouette} cut moves with you and never fusses."],
    "pattern": ["The {pattern} design keeps the {noun} interesting without getting loud."],
    "occasion+season": [
        "Bring {it} to {occasion} days, then keep {it} around as a {season} favorite.",
        "Bring {it} to {occasion} plans or keep {it} for a {season} routine; either way, {subj} fit{s} right in.",
    ],
    "occasion": ["We like {it} for {occasion} days, and so will you.",
                 "Bring {it} to {occasion} days and {subj}'ll fit right in."],
    "season": ["Think of the {noun} as a {season} staple that works hard and looks the part.",
               "Call {it} a {season} favorite and you won't be wrong."],
    "gender+style": [
        "{Itis} {a}{gender} {noun} with a {style} look that stays useful long after the trends move on.",
        "The {style} feel comes through in the details, and the {gender} design keeps the proportions right.",
    ],
    "gender": ["{Itis} {a}{gender} design through and through."],
    "style": ["The look of the {noun} is {style}, and the whole idea just makes sense.",
              "The {style} feel comes through in the details."],
    "sizes": ["{It} come{s} in {sizes}, so finding your fit is easy.", "Available in {sizes}.",
              "You'll find {it} in {sizes}."],
    "features": ["Small touches you'll notice: {features}.", "Look closely and you'll see {features}.",
                 "Worth a mention: {features}.", "On top of that, {subj} {has} {features}."],
    "extra": ["{Itis} {a}{noun} that keep{s} things easy.", "Nothing fancy, just {a}{noun} that pull{s} {its} weight."],
    "close": [
        "Put {it} to good use and let the {noun} speak for {itself}.", "Keep {it} close; you'll reach for {it} first.",
        "Give the {noun} a place in your routine and watch {it} earn {its} keep.",
        "Follow the care label and enjoy the {noun} for a good long while.",
        "Take {it} home and find out why we like {it} so much.", "Use {it} often; that's what the {noun} {is} for.",
        "Grab {it} now and thank yourself later.", "Put the {noun} through {its} paces and see for yourself.",
    ],
}

# ------------------------------------------------------------------------------------------------ hand-written
HANDWRITTEN = [
    ({"title": "Ashgrove Linen Camp-Collar Shirt", "category": "Shirts & Tops", "brand": "Gable & Rye",
      "attributes": {"color": "green", "material": "linen", "occasion": "travel", "pattern": "solid",
                     "silhouette": "relaxed", "gender": "men", "season": "summer", "style": "classic",
                     "size": ["S", "M", "L", "XL"]}, "features": ["coconut buttons", "a straight hem"]},
     "The Ashgrove Linen Camp-Collar Shirt is the green linen shirt your suitcase has been missing. It's a men's "
     "shirt with a relaxed cut, a solid color and a classic collar that looks right untucked. Pack it for travel "
     "and wear it all summer; coconut buttons and a straight hem finish it off. It comes in sizes S, M, L, and XL. "
     "Roll the sleeves twice and call it done."),
    ({"title": "Penrose Cast Iron Skillet", "category": "Skillets & Frying Pans", "brand": "Brasswork Kitchen",
      "attributes": {"color": "black", "material": "cast iron", "pattern": "solid", "style": "rustic"},
      "features": ["two pour spouts", "a 10-inch cooking surface"]},
     "The Penrose Cast Iron Skillet is a black cast iron pan that doesn't mind being asked to do a lot. Its solid "
     "finish and rustic look suit the stove and the table alike. You get two pour spouts and a 10-inch "
     "cooking surface, which covers most of what a weeknight asks for. Cook in it, serve from it, and dry it well "
     "when you're done."),
    ({"title": "Dewpoint Tinted Lip Balm", "category": "Lipstick", "brand": "Dewpoint",
      "attributes": {"color": "pink", "gender": "unisex", "style": "minimalist"},
      "features": ["a sheer tint", "a twist-up tube"]},
     "The Dewpoint Tinted Lip Balm gives you a pink wash of color and not much else to think about. It's a unisex "
     "lip color with a minimalist look, the kind you swipe on without a mirror. A sheer tint and a twist-up tube "
     "keep it pocket-friendly. Keep one by the door and one in your jacket, and your lips will thank you."),
    ({"title": "Switchback Rolltop Daypack", "category": "Backpacks", "brand": "Switchback Gear",
      "attributes": {"color": "orange", "material": "nylon", "occasion": "hiking", "pattern": "solid",
                     "gender": "unisex", "season": "all season", "style": "sporty", "size": ["one size"]},
      "features": ["a rolltop closure", "a hip belt"]},
     "The Switchback Rolltop Daypack is an orange nylon pack that's easy to spot on a hiking path. It's a unisex, "
     "one size design with a solid color and a sporty look that works year-round. A rolltop closure and a hip "
     "belt keep the load steady when the climb gets steep. Pack light, roll the top twice, and go."),
    ({"title": "Halftone Studio Over-Ear Headphones", "category": "Headphones", "brand": "Halftone Audio",
      "attributes": {"color": "white", "material": "aluminium", "pattern": "solid", "style": "modern"},
      "features": ["a 40-hour battery", "a braided cable"]},
     "The Halftone Studio Over-Ear Headphones bring white and brushed aluminum together in a modern, solid "
     "design. They are made for long listening, with a 40-hour battery that outlasts most workdays and a braided "
     "cable for when it doesn't. Fold them into your bag, plug in, and let the rest of the room fade out."),
    ({"title": "Kelso Velvet Lumbar Pillow", "category": "Throw Pillows", "brand": "Lantern House",
      "attributes": {"color": "teal", "material": "velvet", "pattern": "solid", "season": "winter",
                     "style": "cozy", "size": ["one size"]}, "features": ["a hidden zip", "a plump insert"]},
     "The Kelso Velvet Lumbar Pillow is a teal velvet pillow that makes a sofa look like someone cares. The solid "
     "color and cozy look shine in winter, when you want every seat to feel softer. It comes in one size, with a "
     "hidden zip and a plump insert. Tuck it behind your back for movie night and see if you give it back."),
    ({"title": "Fieldmark Trail Running Shoes", "category": "Shoes", "brand": "Fieldmark",
      "attributes": {"color": "blue", "material": "nylon", "occasion": "gym", "pattern": "colorblock",
                     "gender": "women", "season": "all season", "style": "sporty", "size": ["7", "8", "9", "10"]},
      "features": ["a rock plate", "a gusseted tongue"]},
     "The Fieldmark Trail Running Shoes are blue nylon sneakers with a colorblock design that means business. "
     "They're a women's shoe with a sporty look, built for gym days and year-round miles. A rock plate and a "
     "gusseted tongue keep grit out and feet steady. Choose sizes 7, 8, 9, and 10. Lace them up and head out."),
    ({"title": "Marigold Lab Hydrating Night Cream", "category": "Lotion & Moisturizer", "brand": "Marigold Lab",
      "attributes": {"color": "white", "gender": "women", "style": "classic"},
      "features": ["a glass jar", "squalane"]},
     "The Marigold Lab Hydrating Night Cream is a white, women's night cream with a classic approach: apply, "
     "turn in, wake up. It comes in a glass jar and is made with squalane, which is about as fancy as we'll "
     "get. It's the last step before the lights go out, and an easy one to keep."),
]

SILHOUETTES = {2271: "flowy fitted a-line wrap shift", 1581: "a-line flowy fitted wrap straight",
               212: "relaxed fitted oversized slim straight", 204: "straight slim wide-leg relaxed",
               207: "relaxed straight slim", 5598: "relaxed fitted straight oversized", 5322: "fitted slim relaxed",
               211: "fitted", 2580: "relaxed oversized", 5250: "wide-leg relaxed fitted wrap"}
FAVORITE = 0.6  # how often the house favorite phrasing of a sentence kind is used
OPTIONAL_DROP = 0.12  # share of inputs missing each optional attribute: merchants rarely fill in everything


# ------------------------------------------------------------------------------------------------ generation
class Writer:
    """Draws product inputs and writes checked descriptions for one split (its own frames and vocabulary)."""

    def __init__(self, rng: random.Random, ontology, taxonomy, voice, split: str):
        self.rng, self.ontology, self.taxonomy, self.voice, self.split = rng, ontology, taxonomy, voice, split
        held = split == "heldout"
        self.frames = HELD if held else TRAIN
        self.collections = HELD_COLLECTIONS if held else TRAIN_COLLECTIONS
        self.brands = HELD_BRANDS if held else TRAIN_BRANDS
        self.sentence_uses: Counter = Counter()
        self.frame_uses: Counter = Counter()

    def values(self, text: str, attr: str) -> list[str]:
        canon = sorted(self.ontology.attributes[attr].values, key=len, reverse=True)
        return re.findall("|".join(re.escape(v) for v in canon), text) if text else []

    def applies(self, attr: str, dept: str) -> bool:
        spec = self.ontology.attributes[attr].applies_to
        return spec is None or dept in spec

    def draw_input(self, cid: int) -> DescribeInput:
        rng, (types, mats, occs, scheme, genders, colors, feats, held_feats) = self.rng, CATS[cid]
        dept = self.ontology.department_of(self.taxonomy.paths[cid])
        dcolors, dpatterns, dstyles, dseasons = DEPT[dept]
        kind = rng.choice(types.split("|"))
        pools = {"color": self.values(colors or dcolors, "color"), "material": self.values(mats, "material"),
                 "occasion": self.values(occs, "occasion"), "silhouette": self.values(SILHOUETTES.get(cid, ""),
                     "silhouette"),
                 "pattern": self.values(dpatterns, "pattern"), "gender": self.values(genders, "gender"),
                 "season": self.values(dseasons, "season"), "style": self.values(dstyles, "style")}
        attrs: dict = {a: rng.choice(v) for a, v in pools.items() if v and self.applies(a, dept)}
        if scheme in SIZE_SCHEMES and self.applies("size", dept):
            ladder = SIZE_SCHEMES[scheme]
            lo = rng.randrange(0, max(1, len(ladder) - 2))
            attrs["size"] = ladder[lo:rng.randint(min(len(ladder), lo + 2), len(ladder))]
        for m in find_mentions(kind, self.ontology):  # "Hiking Boots" is for hiking
            if self.applies(m.attribute, dept):
                attrs[m.attribute] = [m.value] if m.attribute == "size" else m.value
        for a in list(attrs):
            if a != "color" and rng.random() < OPTIONAL_DROP:
                del attrs[a]
        pool = (held_feats if self.split == "heldout" else feats).split("|")
        features = rng.sample(pool, rng.choice([0, 1, 2, 2, min(3, len(pool))]) if len(pool) > 1 else 1)
        return DescribeInput(title=self.title(kind, attrs), category=self.category_text(cid), brand=self.brand(dept),
                             attributes=attrs, features=features)

    def title(self, kind: str, attrs: dict) -> str:
        r, word = self.rng.random(), ""
        if r < 0.3 and "material" in attrs and attrs["material"] not in kind.lower():
            word = self.rng.choice(MATERIAL_WORDS.get(attrs["material"], [display("material", attrs["material"])]))
        elif r < 0.45:
            word = self.rng.choice([attrs["color"], *COLOR_WORDS.get(attrs["color"], [])])
        word = " ".join(w[:1].upper() + w[1:] for w in word.split())
        return " ".join(x for x in (self.rng.choice(self.collections), word, kind) if x)

    def brand(self, dept: str) -> str:
        return self.rng.choice(self.brands[dept]) if self.rng.random() < 0.9 else ""

    def category_text(self, cid: int) -> str:
        # Held-out inputs sometimes name the category by id, as a store's export would.
        return str(cid) if self.split == "heldout" and self.rng.random() < 0.3 else self.taxonomy.name(cid)

    # -------------------------------------------------------------------------------------------- descriptions
    def describe(self, item: DescribeInput) -> str | None:
        """A description of `item` from this split's frames that passes every check, or None."""
        p = resolve(item, SimpleNamespace(taxonomy=self.taxonomy, ontology=self.ontology))
        slots = dict(p.slots)
        attrs = item.attributes
        if attrs.get("color") in COLOR_WORDS and self.rng.random() < 0.25:
            slots["color"] = self.rng.choice(COLOR_WORDS[attrs["color"]])
        if attrs.get("material") in MATERIAL_WORDS and self.rng.random() < 0.25:
            slots["material"] = self.rng.choice(MATERIAL_WORDS[attrs["material"]])
        for _ in range(40):
            frames = self.pick_frames(slots, item, p.department)
            if frames is None:
                continue
            sentences = [self.fmt(f, slots, p.plural) for f in frames]
            if sum(len(x.split()) for x in sentences) < self.voice.min_words:
                extra = self.rng.choice(self.frames["extra"])
                frames.insert(-1, extra)
                sentences.insert(-1, self.fmt(extra, slots, p.plural))
            text = " ".join(sentences)
            if self.passes(text, item, sentences):
                self.sentence_uses.update(set(sentences))
                self.frame_uses.update(frames)
                return text
        return None

    def pick_frames(self, slots: dict, item: DescribeInput, dept: str) -> list[str] | None:
        """One frame per sentence of the house plan, saying exactly what that sentence must say."""
        frames = []
        for kind in house_plan(item.attributes, bool(item.features)):
            if kind.startswith("hook:"):
                need = {"color", "material", *(["occasion"] if kind == "hook:occasion" else [])} & set(slots)
            elif kind in ("sizes", "features"):
                need = {kind}
            else:
                need = set() if kind == "close" else set(kind.split("+"))
            options = [f for f in self.frames.get(kind, []) + (self.frames.get(f"close:{dept}", []) if kind == "close"
                                                             else [])
                       if set(FIELD.findall(f)) - AGREEMENT <= set(slots) and set(FIELD.findall(f)) & SAYS == need
                       and not (slots.get("sizes") == "one size" and re.search(r"\b(?:from|easy):? \{sizes\}", f))]
            if not options:
                return None
            # The first frame of a kind is the house favorite: a copywriter reaches for it more often than not.
            favorite = self.frames.get(kind, [None])[0]
            frames.append(favorite if favorite in options and self.rng.random() < FAVORITE else
                          self.rng.choice(options))
        return frames

    def fmt(self, frame: str, slots: dict, plural: bool) -> str:
        if plural:  # "The Alder Chelsea Boots are", not "is"
            frame = re.sub(r"(\{title\}(?: (?:in \{color\}|from \{brand\}|by \{brand\}))?) (is|has|does|\w+s)\b",
                           lambda m: f"{m.group(1)} {PLURAL_VERB.get(m.group(2), m.group(2)[:-1])}", frame)
        frame = re.sub(r"\{it\}(?=( \w+\{(?:s|es)\}| \{(?:is|has|was|does)\}|'ll| won't))", "{subj}", frame)
        agree = AGREE_PLURAL if plural else AGREE_SINGULAR
        text = frame.format(**slots, **agree)
        text = re.sub(r"(?<![\w'-])([Aa]n?) (?=([\w'-]+))",
                      lambda m: (_article(m.group(2)).capitalize() if m.group(1)[0] == "A" else
                                 _article(m.group(2))) + " ", text)
        return text[:1].upper() + text[1:]

    def passes(self, text: str, item: DescribeInput, sentences: list[str]) -> bool:
        if voice_problems(text, self.voice) or hallucinated_values(text, item, self.ontology):
            return False
        if coverage_of(text, item, self.ontology) < 1.0 or any(f.lower() not in text.lower() for f in item.features):
            return False
        return all(self.sentence_uses[s] < MAX_SENTENCE_REUSE for s in sentences)


FIELD = re.compile(r"\{(\w+)\}")
AGREE_SINGULAR = dict(a="a ", It="It", it="it", subj="it", Its="Its", its="its", Itis="It's", itself="itself",
                      s="s", es="es", was="was", does="does", has="has", **{"is": "is"})
AGREE_PLURAL = dict(a="", It="They", it="them", subj="they", Its="Their", its="their", Itis="They're",
                    itself="themselves", s="", es="", was="were", does="do", has="have", **{"is": "are"})
AGREEMENT = set(AGREE_SINGULAR)
SAYS = {"color", "material", "pattern", "silhouette", "occasion", "season", "style", "gender", "sizes", "features"}
PLURAL_VERB = {"is": "are", "has": "have", "does": "do"}


# ------------------------------------------------------------------------------------------------ splits
def build(writer: Writer, n: int, cids: list[int], tries: int = 30) -> list[dict]:
    """`n` rows cycling through the categories, each turn retried until it yields a row, so every category
    gets its share even where the sentence-reuse limit makes rows harder to write."""
    rows: list[dict] = []
    for k in range(n):
        for _ in range(tries):
            item = writer.draw_input(cids[k % len(cids)])
            text = writer.describe(item)
            if text is not None:
                rows.append({"input": item.model_dump(), "description": text})
                break
    return rows


def handwritten(ontology, voice) -> list[dict]:
    rows = []
    for data, text in HANDWRITTEN:
        item = DescribeInput.model_validate(data)
        problems = voice_problems(text, voice) + hallucinated_values(text, item, ontology)
        if coverage_of(text, item, ontology) < 1.0:
            problems.append(f"coverage {coverage_of(text, item, ontology):.2f}")
        if problems:
            raise SystemExit(f"hand-written row '{item.title}' breaks the rules: {problems}")
        rows.append({"input": item.model_dump(), "description": text})
    return rows


def drop_near_duplicates(train: list[dict], held: list[dict]) -> tuple[list[dict], int, int]:
    """Held-out rows whose input nearly equals a training input: rapidfuzz ratio >= 92 or MiniLM cosine >= 0.95."""
    from assistant.retrieval.embeddings import get_embedder

    t_text = [render_input(DescribeInput.model_validate(r["input"])) for r in train]
    h_text = [render_input(DescribeInput.model_validate(r["input"])) for r in held]
    fuzzy = {i for i, h in enumerate(h_text)
             if process.extractOne(h, t_text, scorer=fuzz.ratio, score_cutoff=92) is not None}
    emb = get_embedder()
    cos = emb.encode(h_text) @ emb.encode(t_text).T
    close = {i for i in range(len(held)) if cos[i].max() >= 0.95}
    keep = [r for i, r in enumerate(held) if i not in fuzzy | close]
    return keep, len(fuzzy), len(close)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT, help="repository root to write into")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--train", type=int, default=570)
    ap.add_argument("--heldout", type=int, default=150)
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    errors: list = []
    ontology = load_ontology(ROOT / "knowledge/ontology.yaml", errors)
    taxonomy = load_taxonomy(ROOT / "knowledge/taxonomy.txt", errors)
    voice = load_voice(ROOT / "knowledge/brand_voice.md")
    missing = sorted(taxonomy.leaves - set(CATS))
    if errors or missing:
        raise SystemExit(f"knowledge problems: {errors or ''} categories without facts: {missing}")
    cids = sorted(CATS)
    rng = random.Random(args.seed)
    train_writer = Writer(random.Random(rng.random()), ontology, taxonomy, voice, "train")
    train = build(train_writer, args.train, cids)
    held_writer = Writer(random.Random(rng.random()), ontology, taxonomy, voice, "heldout")
    held = build(held_writer, args.heldout - len(HANDWRITTEN), cids) + handwritten(ontology, voice)
    held, n_fuzzy, n_close = drop_near_duplicates(train, held)
    for path, rows in ((args.out / "knowledge/training/describe.jsonl", train),
                       (args.out / "evals/datasets/describe_heldout.jsonl", held)):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        log.info("wrote %d rows to %s", len(rows), path)
    unused = [f for frames in TRAIN.values() for f in frames if train_writer.frame_uses[f] == 0]
    log.info("near-duplicate held-out inputs dropped: %d by rapidfuzz ratio >= 92, %d by MiniLM cosine >= 0.95",
             n_fuzzy, n_close)
    log.info("most repeated training sentence: %s", train_writer.sentence_uses.most_common(1))
    log.info("training frames never used (check them for ontology words): %s", unused or "none")


if __name__ == "__main__":
    main()
