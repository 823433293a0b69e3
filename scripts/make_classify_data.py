"""Generate the classify task's data: supplier product titles labelled with a taxonomy leaf and attributes.

Writes two files (under ``--out DIR``, default the repository):

* ``knowledge/training/classify.jsonl``   training rows ``{"text", "category", "attributes"}``
* ``evals/datasets/classify_heldout.jsonl`` held-out rows, same format

Titles look like supplier feeds: brand first or last, SKUs, sizes, pack counts, marketplace filler ("Best Seller"),
abbreviations ("Blk", "Wmns", "SS", "Wtr Btl"), all caps and typos. Training and held-out rows come from SEPARATE code
paths: different templates, brands, product nouns, modifiers, filler and size spellings, each side with its own
random stream, plus hand-written held-out rows. A quarter of held-out titles print a leaf's plain core noun
("Dress"), since every feed does; the rest use nouns training never saw ("Frock", "Bookbag"). Abbreviations are feed
conventions, so both sides use them: the model has to learn them from the training rows.

Gold attributes are what the printed title says, as canonical ontology values: the slots the template printed, plus
ontology words inside the printed noun and modifiers. Ontology words that name no attribute of the product
("Face Cream" is not beige, "Full Tang" is no bed size) are not gold, so a model must learn to ignore them there.
Held-out rows equal or close to a training row (rapidfuzz ratio >= 92) are dropped and counted.

Usage: python scripts/make_classify_data.py [--out DIR] [--seed N]
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
DEFAULT_SEED = 20251117
TRAIN_PER_LEAF = 40  # 57 leaves x 40 = 2,280 rows (>= 1,600, >= 20 per leaf)
HELDOUT_PER_LEAF = 7  # 57 x 7 = 399 generated + hand-written rows (>= 400, >= 5 per leaf)
NEAR_DUP = 92  # rapidfuzz ratio at which a held-out title counts as a copy of a training title

# ------------------------------------------------------------------------------------------------ surface forms
# Feed spellings of canonical values. Abbreviations are not in the ontology: the model learns them from the data.
COLOR_FORMS = {
    "black": ["Black", "Jet Black", "Onyx", "Matte Black", "Blk", "BLK"],
    "white": ["White", "Ivory", "Off-White", "Wht", "WHT"],
    "gray": ["Gray", "Grey", "Charcoal", "Heather Grey", "Slate", "Gry"],
    "beige": ["Beige", "Oatmeal", "Sand", "Khaki", "Bge"],
    "brown": ["Brown", "Cognac", "Chocolate", "Tan", "Brn"],
    "red": ["Red", "Burgundy", "Crimson", "Maroon", "Wine"],
    "pink": ["Pink", "Blush", "Fuchsia", "Hot Pink", "Pnk"],
    "orange": ["Orange", "Rust", "Terracotta", "Coral"],
    "yellow": ["Yellow", "Mustard", "Lemon", "Ylw"],
    "green": ["Green", "Sage", "Olive", "Forest Green", "Grn", "Olv"],
    "blue": ["Blue", "Navy", "Cobalt", "Royal Blue", "Nvy", "Blu"],
    "teal": ["Teal", "Turquoise", "Aqua"],
    "purple": ["Purple", "Lavender", "Plum", "Lilac", "Prpl"],
    "gold": ["Gold", "Golden", "Gld"],
    "silver": ["Silver", "Chrome", "Platinum", "Slvr"],
    "multicolor": ["Multicolor", "Multi", "Assorted Colors", "Asst"],
}
MATERIAL_FORMS = {
    "cotton": ["Cotton", "Organic Cotton", "100% Cotton", "Ctn"], "linen": ["Linen", "Washed Linen"],
    "wool": ["Wool", "Merino", "Merino Wool"], "cashmere": ["Cashmere", "Cshmr"], "silk": ["Silk", "Mulberry Silk"],
    "satin": ["Satin"], "chiffon": ["Chiffon", "Georgette"], "denim": ["Denim", "Stretch Denim"],
    "leather": ["Leather", "Genuine Leather", "Full Grain", "Suede", "Lthr", "LTHR"],
    "vegan leather": ["Vegan Leather", "Faux Leather", "PU Leather"],
    "polyester": ["Polyester", "Poly", "Microfiber"], "nylon": ["Nylon", "Ripstop"],
    "spandex": ["Spandex", "Lycra"], "fleece": ["Fleece", "Sherpa"],
    "stainless steel": ["Stainless Steel", "Stainless", "18/8 Steel", "SS", "S/S"],
    "cast iron": ["Cast Iron", "Enameled Cast Iron"], "ceramic": ["Ceramic", "Stoneware", "Porcelain", "Cer"],
    "glass": ["Glass", "Borosilicate Glass", "Tempered Glass"], "bamboo": ["Bamboo"],
    "silicone": ["Silicone", "Food-Grade Silicone"], "aluminium": ["Aluminum", "Anodized Aluminum", "Alum", "Alu"],
    "wood": ["Wood", "Acacia", "Oak", "Walnut Wood"], "plastic": ["Plastic", "ABS", "TPU", "Polycarbonate"],
    "rubber": ["Rubber", "Natural Rubber", "Latex"], "cork": ["Cork"], "foam": ["Memory Foam", "EVA Foam", "Foam"],
    "neoprene": ["Neoprene"], "carbon fiber": ["Carbon Fiber", "Carbon"], "straw": ["Straw", "Raffia"],
    "velvet": ["Velvet", "Velour"], "down": ["Down", "Goose Down"], "soy wax": ["Soy Wax", "Soy"],
    "canvas": ["Canvas", "Waxed Canvas"],
}
GENDER_FORMS = {
    "women": ["Women's", "Womens", "Wmns", "WMNS", "Ladies", "Women"],
    "men": ["Men's", "Mens", "Mns", "MENS", "Gents"],
    "kids": ["Kids", "Kids'", "Boys", "Girls", "Youth", "Toddler"],
    "unisex": ["Unisex", "Unsx"],
}
PATTERN_FORMS = {
    "solid": ["Solid", "Plain"], "striped": ["Striped", "Stripe", "Strp"], "floral": ["Floral", "Flower Print"],
    "plaid": ["Plaid", "Gingham", "Tartan"], "polka dot": ["Polka Dot", "Dotted"],
    "animal print": ["Leopard Print", "Leopard"], "geometric": ["Geometric", "Geo Print"],
    "graphic": ["Graphic", "Logo"], "camo": ["Camo", "Camouflage"], "colorblock": ["Colorblock", "Two-Tone"],
    "tie-dye": ["Tie-Dye", "Tie Dye"],
}
EXTRAS = {  # attribute -> canonical -> feed phrases; each applies where the ontology says it does
    "occasion": {"wedding": ["Wedding Guest"], "party": ["Cocktail", "Night Out"], "work": ["Office", "Workwear"],
                 "casual": ["Everyday", "Weekend"], "travel": ["Travel"], "gym": ["Workout", "Fitness"],
                 "hiking": ["Trail", "Trekking"], "camping": ["Camping"], "formal": ["Evening"]},
    "season": {"summer": ["Summer"], "winter": ["Winter"], "fall": ["Fall", "Autumn"], "spring": ["Spring"],
               "all season": ["All-Season", "Year-Round"]},
    "style": {"vintage": ["Vintage", "Retro"], "bohemian": ["Boho"], "classic": ["Classic", "Heritage"],
              "minimalist": ["Minimalist"], "modern": ["Modern"], "glam": ["Glam", "Sequin"],
              "rustic": ["Rustic", "Farmhouse"], "preppy": ["Preppy"], "cozy": ["Cozy"]},
}
ALPHA = ["XS", "S", "M", "L", "XL", "XXL"]

WEAR = list(COLOR_FORMS)
NEUTRAL = ["black", "white", "gray", "beige", "brown", "blue", "green", "red"]
TECH = ["black", "white", "gray", "silver", "blue", "pink", "gold"]
HOME = ["white", "gray", "beige", "blue", "green", "red", "black", "teal", "yellow"]
SHADE = ["red", "pink", "purple", "brown", "orange", "beige"]


def leaf(core, train, held, tmods, hmods, mats=(), sizes=None, genders=(), colors=WEAR, pattern=False, pack=False):
    """One leaf's vocabulary: `core` nouns are shared, `train`/`held` nouns and modifiers belong to one side."""
    return dict(core=core, train=train, held=held, tmods=tmods, hmods=hmods, mats=list(mats), sizes=sizes,
                genders=list(genders), colors=colors, pattern=pattern, pack=pack)


WG, MG, ALLG = ["women"], ["men"], ["women", "men", "kids", "unisex"]
LEAVES = {
    5322: leaf(["Leggings"], ["Sports Bra", "Training Tights", "Track Jacket", "Jogger Pants", "Gym Tank",
                              "Running Jacket", "Training Hoodie", "Yoga Pants", "Active Tee"],
               ["Compression Tights", "Workout Top", "Running Tee Dri", "Yoga Capri", "Athletic Half-Zip"],
               ["Moisture Wicking", "4-Way Stretch", "High Waist", "Quick Dry", "Seamless"],
               ["Sweat-Wicking", "Squat Proof", "Racerback", "Reflective", "7/8 Length"],
               ["spandex", "polyester", "nylon"], "alpha", ["women", "men"]),
    2271: leaf(["Dress"], ["Midi Dress", "Maxi Dress", "Sundress", "Shirt Dress", "Slip Dress", "Sweater Dress",
                           "Wrap Dress", "Cocktail Dress Mini", "Bodycon Dress", "Party Dress",
                           "Fit and Flare Dress"],
               ["Tea Dress", "Gown", "Frock", "Tiered Dress", "Smock Dress"],
               ["Sleeveless", "V-Neck", "Smocked Waist", "Ruched", "Puff Sleeve"],
               ["Square Neck", "Tie Back", "Flutter Sleeve", "Halter Neck", "Button Front"],
               ["cotton", "linen", "satin", "chiffon", "silk", "polyester"], "alpha", WG, WEAR, True),
    5250: leaf(["Jumpsuit"], ["Romper", "Playsuit", "Boilersuit", "Wide Leg Jumpsuit", "Denim Jumpsuit",
                              "Short Romper"], ["Overalls One Piece", "Catsuit", "Coverall"],
               ["Belted", "Short Sleeve", "Utility", "Cropped Leg"], ["Strapless", "Cargo Pocket", "Tie Waist"],
               ["cotton", "linen", "denim", "polyester"], "alpha", WG, WEAR, True),
    5598: leaf(["Jacket", "Coat"], ["Puffer Jacket", "Parka", "Trench Coat", "Rain Jacket", "Bomber", "Down Jacket",
                                    "Fleece Jacket", "Wool Coat", "Denim Jacket", "Softshell", "Overcoat"],
               ["Anorak", "Peacoat", "Windbreaker", "Shacket", "Gilet Vest"],
               ["Hooded", "Water Resistant", "Insulated", "Zip Front", "Packable"],
               ["Storm Hood", "Quilted", "Double Breasted", "Sherpa Lined", "Waterproof"],
               ["down", "wool", "nylon", "polyester", "leather", "denim"], "alpha", ["women", "men", "kids"]),
    204: leaf(["Pants", "Trousers"], ["Chinos", "Jeans", "Cargo Pants", "Joggers", "Dress Pants", "Corduroy Pants",
                                      "Trousers Chino", "Skinny Jeans", "Linen Trousers"],
              ["Slacks", "Khakis Trouser", "Sweatpants", "Culottes", "Carpenter Pant"],
              ["Straight Leg", "Slim Fit", "Stretch Waist", "Pleated", "Drawstring"],
              ["Relaxed Fit", "Wide Leg", "Flat Front", "Tapered", "Elastic Waist"],
              ["cotton", "denim", "linen", "wool", "polyester"], "alpha", ["women", "men", "kids"]),
    212: leaf(["Shirt", "Top"], ["Tee", "T-Shirt", "Blouse", "Polo", "Henley", "Tank Top", "Sweatshirt", "Hoodie",
                                 "Graphic Tee", "Flannel Shirt", "Cardigan", "Sweater"],
              ["Button-Down", "Crop Top", "Camisole", "Oxford Shirt", "Tunic Top"],
              ["SS", "S/S", "Crew Neck", "Long Sleeve", "LS", "Pocket"],
              ["Short Sleeve", "Mock Neck", "Sleeveless", "Boat Neck", "Relaxed"],
              ["cotton", "linen", "silk", "polyester"], "alpha", ALLG, WEAR, True),
    207: leaf(["Shorts"], ["Chino Shorts", "Denim Shorts", "Bermuda Shorts", "Cargo Shorts", "Running Shorts",
                           "Athletic Shorts Mesh", "Walk Shorts", "Paperbag Shorts"],
              ["Board Short", "Bike Shorts", "Jorts", "Short Pants"],
              ["9 Inch Inseam", "7\" Inseam", "Flat Front", "Cuffed"], ["5in Inseam", "Pull-On", "Frayed Hem"],
              ["cotton", "denim", "linen", "nylon"], "alpha", ["women", "men", "kids"], WEAR, True),
    1581: leaf(["Skirt"], ["Midi Skirt", "Mini Skirt", "Pleated Skirt", "Pencil Skirt", "A-Line Skirt", "Slip Skirt",
                           "Denim Skirt", "Wrap Skirt"],
               ["Maxi Skirt", "Skort", "Tiered Skirt", "Tulle Skirt"],
               ["Elastic Waist", "Side Slit", "Button Front"], ["Tie Waist", "Wrap Front", "Knife Pleat"],
               ["cotton", "linen", "satin", "denim", "chiffon"], "alpha", WG, WEAR, True),
    2580: leaf(["Pajamas", "PJ Set"], ["Pajama Set", "Sleep Shorts Set", "Flannel PJs", "Pyjama Pants",
                                       "Pajama Pants", "Sleep Shirt", "Lounge Pants", "Robe And PJ Set",
                                       "Onesie Pajamas"],
               ["Sleepwear Set", "Nightgown", "Lounge Set Pjs", "Jammies"],
               ["2-Piece", "Button Up", "Long Sleeve"], ["Notch Collar", "Jogger Leg", "Short Sleeve"],
               ["cotton", "fleece", "satin", "bamboo", "silk"], "alpha", ALLG, WEAR, True),
    211: leaf(["Swimsuit"], ["Bikini Set", "One-Piece Swimsuit", "Swim Trunks", "Tankini", "Swim Briefs", "Swimwear",
                             "Bikini Top", "Bikini Bottom", "Swim Dress"],
              ["Bathing Suit", "Swim Shorts", "Rash Guard", "Monokini", "Boardshorts Swim"],
              ["UPF 50+", "Quick Dry", "Padded", "Lined"], ["Chlorine Resistant", "Underwire", "High Cut"],
              ["nylon", "spandex", "polyester"], "alpha", ALLG, WEAR, True),
    209: leaf(["Socks"], ["Crew Socks", "Ankle Socks", "Dress Socks", "Wool Hiking Socks", "Athletic Socks",
                          "Compression Socks", "Sock Pack", "Toe Socks"],
              ["No-Show Socks", "Quarter Socks", "Boot Socks", "Knee High Socks"],
              ["Cushioned", "Arch Support", "Breathable"], ["Seamless Toe", "Low Cut", "Moisture Control"],
              ["cotton", "wool", "bamboo", "nylon"], "alpha", ALLG, WEAR, True, True),
    169: leaf(["Belt"], ["Dress Belt", "Reversible Belt", "Braided Belt", "Ratchet Belt", "Leather Belt",
                         "Canvas Belt", "Stretch Belt", "Chain Belt"],
              ["Waist Belt", "Web Belt", "Buckle Belt", "Cinch Belt"],
              ["Pin Buckle", "1.5\" Wide", "Adjustable"], ["Automatic Buckle", "35mm", "Trim To Fit"],
              ["leather", "vegan leather", "canvas"], "alpha", ["women", "men"], NEUTRAL),
    170: leaf(["Gloves"], ["Mittens", "Touchscreen Gloves", "Ski Gloves", "Driving Gloves", "Knit Gloves",
                           "Leather Gloves", "Work Gloves", "Running Gloves"],
              ["Mitts", "Glove Liners", "Fingerless Gloves", "Winter Gloves"],
              ["Thermal", "Insulated", "Knit"], ["Texting Tips", "Windproof", "Fleece Lined"],
              ["wool", "leather", "fleece", "cashmere"], "alpha", ALLG, NEUTRAL),
    173: leaf(["Hat"], ["Baseball Cap", "Beanie", "Bucket Hat", "Sun Hat", "Fedora", "Cap", "Visor", "Panama Hat",
                        "Cowboy Hat", "Knit Hat"],
              ["Snapback", "Trucker Cap", "Toque", "Wide Brim Hat", "Dad Cap"],
              ["Adjustable Strap", "Embroidered", "Cuffed Knit"], ["Curved Brim", "Pom Pom", "UPF Brim"],
              ["cotton", "wool", "straw", "polyester"], "hat", ALLG, WEAR),
    543673: leaf(["Scarf"], ["Infinity Scarf", "Blanket Scarf", "Neck Scarf", "Oblong Scarf", "Silk Scarf",
                             "Wool Scarf", "Square Scarf", "Shawl Scarf"],
                 ["Muffler", "Pashmina Wrap", "Bandana Scarf", "Snood"],
                 ["Fringed", "Oversized", "Lightweight"], ["Tassel Trim", "Reversible", "Chunky Knit"],
                 ["wool", "cashmere", "silk", "cotton"], "onesize", ["women", "men", "unisex"], WEAR, True),
    178: leaf(["Sunglasses"], ["Aviator Sunglasses", "Polarized Sunglasses", "Cat Eye Sunglasses", "Sunglass",
                               "Square Sunglasses", "Retro Sunglasses", "Driving Sunglasses"],
              ["Shades", "Wayfarer Shades", "Round Sunnies", "Sport Sunglasses Wrap"],
              ["UV400", "Polarized Lens", "Mirrored"], ["100% UVA/UVB", "Gradient Lens", "Oversized Frame"],
              ["plastic", "aluminium"], None, ["women", "men", "unisex"], NEUTRAL),
    3032: leaf(["Handbag"], ["Tote Bag", "Crossbody Bag", "Shoulder Bag", "Satchel", "Clutch", "Hand Bag",
                             "Shopper Bag", "Evening Clutch", "Mini Bag", "Saddle Bag"],
               ["Hobo Bag", "Purse", "Bucket Bag", "Top Handle Bag", "Baguette Bag"],
               ["Zip Top", "Adjustable Strap", "Magnetic Snap"], ["Chain Strap", "Detachable Strap", "Quilted"],
               ["leather", "vegan leather", "canvas", "straw"], None, WG, NEUTRAL),
    2668: leaf(["Wallet"], ["Bifold Wallet", "Card Holder", "Money Clip", "Trifold Wallet", "Card Case",
                            "Slim Wallet", "Long Wallet", "Travel Wallet"],
               ["Cardholder Slim", "Zip Around Wallet", "Coin Purse", "Billfold"],
               ["RFID Blocking", "6 Card Slots", "ID Window"], ["RFID Safe", "Minimalist Front Pocket", "Snap"],
               ["leather", "vegan leather", "carbon fiber", "aluminium"], None, ["women", "men", "unisex"], NEUTRAL),
    187: leaf(["Shoes", "Sneakers"], ["Running Shoe", "Ankle Boots", "Loafers", "Sandals", "Trainers", "Boots",
                                      "Hiking Boots", "Flats", "Heels", "Slippers", "Clogs", "Espadrilles"],
              ["Kicks", "Chelsea Boot", "Mules", "Slip-On Shoes", "Oxfords"],
              ["Lace Up", "Non Slip", "Cushioned Sole"], ["Lightweight Knit", "Memory Foam Insole", "Wide Width"],
              ["leather", "canvas", "vegan leather", "rubber"], "shoe", ["women", "men", "kids"]),
    543626: leaf(["Headphones"], ["Earbuds", "Wireless Headphones", "Over-Ear Headphones", "Earphones",
                                  "Noise Cancelling Headphones", "Gaming Headset", "Wired Earphones",
                                  "Sport Earbuds", "Headphone"],
                 ["Headset", "In-Ear Monitors", "TWS Buds", "Cans"],
                 ["Bluetooth 5.3", "Noise Cancelling", "40H Playtime", "Foldable"],
                 ["ANC", "Hi-Res Audio", "Low Latency", "BT 5.2", "Closed-Back"], ["plastic", "aluminium"],
                 None, (), TECH),
    249: leaf(["Speaker"], ["Bluetooth Speaker", "Portable Speaker", "Bookshelf Speakers", "Soundbar",
                            "Outdoor Speaker", "Speaker System", "Subwoofer", "Computer Speakers"],
              ["Boombox", "Wireless Speaker Waterproof", "Party Speaker", "Smart Speaker"],
              ["IPX7", "20W", "Stereo Pairing"], ["360 Sound", "Bass Boost", "24H Battery"],
              ["plastic", "wood", "aluminium"], None, (), TECH),
    2353: leaf(["Phone Case"], ["iPhone 15 Case", "Galaxy S24 Case", "Cell Phone Cover", "Wallet Case",
                                "Case For iPhone", "Protective Case", "Silicone Case", "Phone Cover", "Rugged Case"],
               ["Pixel 8 Case", "iPhone 14 Pro Max Cover", "Bumper Case", "Folio Case"],
               ["Shockproof", "MagSafe Compatible", "Slim"], ["Drop Tested", "Kickstand", "Clear Back"],
               ["silicone", "plastic", "leather"], None, (), TECH, True),
    1763: leaf(["Cable"], ["USB-C Cable", "Lightning Cable", "HDMI Cable", "Power Cord", "USB Cable",
                           "Charging Cable", "Aux Cable", "Ethernet Cable", "Micro USB Cable"],
               ["Charging Cord", "Type C to C Cord", "Extension Cable", "DisplayPort Cable"],
               ["6ft", "3ft", "Braided", "60W"], ["10 ft", "2m", "100W PD", "Right Angle"],
               ["nylon", "plastic"], None, (), TECH, False, True),
    303: leaf(["Keyboard"], ["Mechanical Keyboard", "Wireless Keyboard", "Gaming Keyboard", "Bluetooth Keyboard",
                             "Wired Keyboard", "Compact Keyboard", "Keyboard Kit"],
              ["Keyboard Combo", "TKL Keyboard", "60% Keyboard", "Ergonomic Keyboard"],
              ["RGB Backlit", "Hot Swappable", "Full Size"], ["Tactile Switches", "Low Profile Keys", "Tenkeyless"],
              ["aluminium", "plastic"], None, (), TECH),
    304: leaf(["Mouse"], ["Wireless Mouse", "Gaming Mouse", "Trackball Mouse", "Vertical Mouse", "Computer Mouse",
                          "USB Mouse", "Trackball", "Travel Mouse"],
              ["Mice", "Optical Mouse", "Bluetooth Mouse Silent", "Trackpad Mouse"],
              ["16000 DPI", "2.4GHz", "Rechargeable"], ["Silent Click", "Ergonomic Grip", "6 Buttons"],
              ["plastic"], None, (), TECH),
    5468: leaf(["Screen Protector"], ["Tempered Glass Screen Protector", "Privacy Screen Protector",
                                      "Screen Guard", "Screen Protector Film", "Camera Lens Protector",
                                      "iPad Screen Protector", "Watch Screen Protector"],
               ["Screen Film", "Glass Protector iPad", "Anti-Glare Film", "Display Shield"],
               ["9H Hardness", "Bubble Free", "Case Friendly"], ["Anti Fingerprint", "Easy Install Tray", "HD Clear"],
               ["glass", "plastic"], None, (), ["black"], False, True),
    505295: leaf(["Charger"], ["Wall Charger", "USB C Charger", "Power Adapter", "Wireless Charger", "Car Charger",
                               "Fast Charger", "Charging Station", "Travel Adapter", "Laptop Charger",
                               "Magnetic Charger"],
                 ["Charging Block", "GaN Charger", "Laptop Power Supply", "Charging Pad", "Power Brick"],
                 ["65W", "20W PD", "Fast Charging", "Dual Port"], ["100W", "3-Port", "Qi", "Foldable Plug"],
                 ["plastic"], None, (), TECH, False, True),
    2834: leaf(["Mascara"], ["Volumizing Mascara", "Lengthening Mascara", "Waterproof Mascara", "Mascara Duo",
                             "Lash Mascara Black", "Brow Mascara"],
               ["Lash Mascara", "Tubing Mascara", "Lash Primer Mascara"],
               ["Carbon Black Formula", "Smudge Proof", "0.27 oz"], ["Clump-Free", "Curling Wand", "8ml"],
               (), None, (), ["black", "brown"]),
    2765: leaf(["Foundation", "Concealer"], ["Liquid Foundation", "Full Coverage Concealer", "Foundation Stick",
                                             "Concealer Stick", "Powder Foundation", "Tinted Foundation",
                                             "Under Eye Concealer"],
               ["BB Cream", "Skin Tint", "Color Corrector", "Cushion Compact Foundation"],
               ["SPF 15", "Matte Finish", "1 fl oz"], ["Dewy", "Shade 220", "30ml"],
               (), None, (), ["beige", "brown"]),
    3021: leaf(["Lipstick"], ["Matte Lipstick", "Liquid Lipstick", "Lip Crayon", "Lipstick Set", "Lip Stick",
                              "Sheer Lipstick", "Lipstick Pencil"],
               ["Lip Color", "Lip Stain Stick", "Satin Lipstick Bullet"],
               ["Long Wear", "Transfer Proof", "Hydrating"], ["Creamy Finish", "Vitamin E", "16hr"],
               (), None, (), SHADE),
    2683: leaf(["Nail Polish"], ["Nail Lacquer", "Gel Polish", "Nail Color", "Nail Enamel", "Polish Set",
                                 "Gel Nail Polish Kit"],
               ["Nail Varnish", "Gel Nail Paint", "Top Coat Polish"],
               ["Chip Resistant", "Quick Dry", "0.5 fl oz"], ["Long Lasting Shine", "Vegan Formula", "15ml"],
               (), None, (), SHADE + ["red", "blue", "teal", "black"]),
    479: leaf(["Perfume"], ["Eau de Parfum", "Cologne", "Body Mist", "Eau de Cologne", "Perfume Spray",
                            "Fragrance Oil", "Aftershave Cologne"],
              ["EDT Spray", "Fragrance", "Parfum", "Eau de Toilette"],
              ["3.4 oz", "Spray", "Travel Size"], ["100ml", "Rollerball", "50 ML"],
              (), None, ["women", "men", "unisex"], ()),
    2592: leaf(["Moisturizer", "Lotion"], ["Body Lotion", "Face Cream", "Night Cream", "Hand Cream",
                                           "Moisturizing Cream", "Face Lotion", "Body Cream", "Hand Lotion",
                                           "Face Moisturizer"],
               ["Face Moisturiser", "Body Butter", "Hydrating Gel Cream", "Day Lotion"],
               ["Hyaluronic Acid", "Fragrance Free", "8 oz"], ["Ceramides", "Shea Butter", "250ml"],
               (), None, ["women", "men", "unisex"], ()),
    2844: leaf(["Sunscreen"], ["Sunscreen Lotion", "Mineral Sunscreen", "Sun Cream", "Sunblock", "Sunscreen Spray",
                               "Face Sunscreen", "Sport Sunscreen", "Tinted Sunscreen"],
               ["Sunscreen Stick", "Sun Protection Spray", "Face Sunscreen Fluid"],
               ["SPF 50", "Broad Spectrum", "Reef Safe"], ["SPF 30", "Water Resistant 80min", "Zinc Oxide"],
               (), None, ["kids", "unisex"], ()),
    2801: leaf(["Insoles"], ["Shoe Inserts", "Orthotic Insoles", "Gel Insoles", "Insole", "Foot Insoles",
                             "Memory Foam Insoles", "Arch Insert"],
               ["Arch Support Inserts", "Foot Pads Insole", "Heel Cups", "Shoe Liners"],
               ["Plantar Fasciitis", "Trim To Fit", "Shock Absorbing"], ["Deep Heel Cup", "All Day Comfort", "Pair"],
               ["foam", "cork", "silicone"], "shoe", ["women", "men", "unisex"], NEUTRAL, False, True),
    543615: leaf(["Shampoo"], ["Clarifying Shampoo", "Dry Shampoo", "Anti-Dandruff Shampoo", "Shampoo For Oily Hair",
                               "Volumizing Shampoo", "Moisturizing Shampoo", "Kids Shampoo"],
                 ["Hair Wash", "Shampoo Bar", "Purple Toning Shampoo", "Scalp Cleanser"],
                 ["Sulfate Free", "12 fl oz", "Argan Oil"], ["Tea Tree", "500ml", "Color Safe"],
                 (), None, ["women", "men", "unisex"], (), False, True),
    588: leaf(["Candle"], ["Scented Candle", "Jar Candle", "Pillar Candle", "Tealight Candles", "Candle Jar",
                           "Soy Candle", "Wood Wick Candle", "Candle Set"],
              ["Votive Candles", "3-Wick Candle", "Candle Tin", "Taper Candles"],
              ["Sea Salt Scent", "40 Hr Burn", "8 oz"], ["Vanilla Bean", "60 Hour Burn", "14oz"],
              ["soy wax", "glass"], None, (), HOME, False, True),
    4454: leaf(["Throw Pillow"], ["Decorative Pillow", "Pillow Cover", "Lumbar Pillow", "Cushion Cover", "Pillow",
                                  "Cushion", "Throw Pillow Cover", "Outdoor Pillow"],
               ["Accent Pillow", "Sofa Cushion", "Toss Pillow", "Couch Pillow Case"],
               ["18x18", "Insert Included", "Zipper"], ["20\" x 20\"", "Hidden Zip", "12x20 Lumbar"],
               ["velvet", "linen", "cotton"], None, (), HOME, True, True),
    657: leaf(["Dutch Oven"], ["Enameled Dutch Oven", "Casserole Pot", "Braiser", "Dutch Oven Pot", "Enamel Pot",
                               "Cast Iron Pot", "Round Dutch Oven"],
              ["Cocotte", "Round Oven Pot", "French Oven", "Stew Pot Lidded"],
              ["5.5 Qt", "With Lid", "Oven Safe"], ["7 Quart", "Self-Basting Lid", "6qt"],
              ["cast iron", "ceramic"], None, (), HOME),
    662: leaf(["Skillet", "Frying Pan"], ["Fry Pan", "Nonstick Skillet", "Saute Pan", "Grill Pan",
                                          "Nonstick Frying Pan", "Cast Iron Skillet", "Pan", "Griddle Pan"],
              ["Omelette Pan", "Wok", "Crepe Pan", "Chef's Pan"],
              ["10 Inch", "12\"", "Induction Ready"], ["Pre-Seasoned", "28cm", "PFOA Free"],
              ["cast iron", "stainless steel", "aluminium"], None, (), ["black", "gray", "silver", "red"]),
    3809: leaf(["Water Bottle"], ["Insulated Water Bottle", "Sports Bottle", "Hydration Flask",
                                  "Water Bottle With Straw", "Kids Water Bottle", "Glass Water Bottle",
                                  "Vacuum Bottle"],
               ["Tumbler With Straw", "Drink Bottle", "Canteen", "Squeeze Bottle"],
               ["32 oz", "Leak Proof", "Wide Mouth"], ["24oz", "1 Liter", "Chug Lid"],
               ["stainless steel", "plastic", "glass"], None, (), HOME + ["pink", "purple"], False, True),
    1388: leaf(["Coffee Maker"], ["Drip Coffee Maker", "Programmable Coffee Maker", "Coffee Machine",
                                  "Coffee Brewer", "Single Serve Coffee Maker", "Drip Machine"],
               ["Coffeemaker 12-Cup", "Filter Coffee Brewer", "Pour Over Brewer Electric"],
               ["12 Cup", "Auto Shutoff", "Thermal Carafe"], ["10-Cup", "Brew Strength Control", "Glass Carafe"],
               ["stainless steel", "plastic"], None, (), ["black", "silver", "white", "red"]),
    1557: leaf(["French Press"], ["Coffee Press", "Cafetiere", "Press Pot", "French Press Coffee Maker",
                                  "Coffee Plunger", "Travel French Press"],
               ["Plunger Coffee Maker", "Cold Brew Press", "Tea Press"],
               ["34 oz", "4 Level Filter", "8 Cup"], ["1L", "Double Wall", "350ml"],
               ["glass", "stainless steel"], None, (), ["black", "silver", "gold", "white"]),
    751: leaf(["Electric Kettle"], ["Tea Kettle Electric", "Gooseneck Kettle", "Water Boiler", "Kettle",
                                    "Glass Kettle", "Electric Tea Kettle", "Travel Kettle"],
              ["Cordless Kettle", "Hot Water Kettle", "Variable Temp Kettle"],
              ["1.7L", "1500W", "Auto Shut-Off"], ["1.2 Liter", "Keep Warm", "Boil Dry Protection"],
              ["stainless steel", "glass", "plastic"], None, (), ["black", "silver", "white", "gray"]),
    665: leaf(["Knife"], ["Chef Knife", "Santoku Knife", "Paring Knife", "Knife Set", "Steak Knives",
                          "Kitchen Knife", "Knife Block Set", "Boning Knife", "Nakiri"],
              ["Cleaver", "Bread Knife", "Utility Knife", "Gyuto"],
              ["8 Inch", "Full Tang", "German Steel"], ["Japanese Steel", "Ergonomic Handle", "6in"],
              ["stainless steel", "carbon fiber", "wood"], None, (), ["black", "silver"], False, True),
    2169: leaf(["Mug"], ["Coffee Mug", "Travel Mug", "Tea Cup", "Camp Mug", "Mug Set", "Ceramic Mug", "Coffee Cup",
                         "Insulated Mug"],
               ["Cup", "Latte Mug", "Espresso Cups", "Beer Stein"],
               ["12 oz", "Microwave Safe", "Dishwasher Safe"], ["16oz", "With Handle", "Set"],
               ["ceramic", "glass", "stainless steel"], None, (), HOME, True, True),
    2314: leaf(["Sheet Set"], ["Bed Sheets", "Fitted Sheet", "Flat Sheet", "Sheets", "Sheet", "Fitted Sheet Set",
                               "Sateen Sheets", "Flannel Sheets"],
               ["Bedsheet Set", "Deep Pocket Sheets", "Bed Linens", "Pillowcase Sheet Bundle"],
               ["400 Thread Count", "4 Piece", "Deep Pocket"], ["1800 Series", "16\" Pocket", "Wrinkle Free"],
               ["cotton", "linen", "bamboo", "polyester"], "bed", (), HOME, True),
    576: leaf(["Bath Towel"], ["Towel Set", "Hand Towel", "Washcloth", "Bath Sheet", "Beach Towel", "Bath Towel Set",
                               "Towel", "Hand Towels"],
              ["Face Cloth", "Towels", "Guest Towel", "Wash Cloths"],
              ["600 GSM", "Quick Dry", "Absorbent"], ["Hotel Quality", "Turkish", "Plush"],
              ["cotton", "bamboo", "linen"], None, (), HOME, True, True),
    100: leaf(["Backpack"], ["Laptop Backpack", "Daypack", "School Bag", "Rucksack", "Backpack Bag", "Kids Backpack",
                             "Travel Backpack", "Mini Backpack"],
              ["Knapsack", "Bookbag", "Travel Pack 40L", "Hiking Daypack"],
              ["15.6 Inch Laptop", "Water Resistant", "USB Port"], ["28L", "Anti Theft", "Padded Straps"],
              ["nylon", "canvas", "polyester", "leather"], None, ["women", "men", "kids", "unisex"], NEUTRAL),
    103: leaf(["Duffel Bag"], ["Gym Bag", "Weekender Bag", "Travel Duffel", "Holdall", "Duffel", "Travel Bag",
                               "Weekend Bag", "Rolling Duffel"],
              ["Duffle", "Overnight Bag", "Sports Duffle", "Carryall"],
              ["45L", "Shoe Compartment", "Shoulder Strap"], ["60 Liter", "Wet Pocket", "Foldable"],
              ["canvas", "nylon", "leather", "polyester"], None, ["women", "men", "unisex"], NEUTRAL),
    5869: leaf(["Resistance Bands"], ["Exercise Bands", "Loop Bands", "Pull Up Band", "Booty Bands",
                                      "Resistance Band", "Fitness Bands", "Workout Bands", "Band Set"],
               ["Stretch Bands", "Mini Bands", "Therapy Band", "Tube Resistance Set"],
               ["5 Levels", "Set of 5", "Heavy"], ["Light Medium Heavy", "Door Anchor", "With Handles"],
               ["rubber"], None, ["women", "unisex"], WEAR, False, True),
    3164: leaf(["Dumbbell"], ["Dumbbells Pair", "Kettlebell", "Weight Plate", "Hex Dumbbell", "Dumbbells",
                              "Kettlebells", "Weights Set", "Barbell"],
               ["Hand Weights", "Barbell Plate", "Adjustable Dumbbells", "Kettle Bell"],
               ["10 lb", "Pair", "Rubber Coated"], ["25lbs", "Anti-Roll", "5kg"],
               ["cast iron", "rubber"], None, (), ["black", "gray", "blue", "pink"], False, True),
    3640: leaf(["Yoga Mat"], ["Exercise Mat", "Pilates Mat", "Fitness Mat", "Mat", "Yoga Mat Thick",
                              "Exercise Mat Large", "Gym Mat"],
               ["Non Slip Mat Yoga", "Travel Yoga Mat", "Workout Floor Mat", "Hot Yoga Mat"],
               ["6mm", "Extra Thick", "Carry Strap"], ["4 mm", "Alignment Lines", "72\" x 24\""],
               ["cork", "rubber", "foam"], None, (), WEAR),
    1019: leaf(["Lantern"], ["Camping Lantern", "LED Lantern", "Headlamp", "Tent Light", "Lantern Light",
                             "Camping Light", "LED Headlamp", "Flashlight"],
               ["Camp Light", "Flashlight Lantern Combo", "Solar Lantern", "Head Torch"],
               ["1000 Lumens", "Rechargeable", "IPX4"], ["USB Rechargeable", "SOS Mode", "500lm"],
               ["aluminium", "plastic"], None, (), ["black", "green", "orange", "gray"]),
    3738: leaf(["Trekking Poles"], ["Hiking Poles", "Walking Sticks", "Trekking Pole Pair", "Trekking Pole",
                                    "Walking Poles", "Hiking Stick"],
               ["Hiking Staff", "Nordic Walking Poles", "Collapsible Walking Stick"],
               ["Collapsible", "Cork Grip", "Quick Lock"], ["Shock Absorbent", "Foldable Z-Pole", "Pair"],
               ["aluminium", "carbon fiber"], None, (), ["black", "blue", "red", "gray"], False, True),
    1020: leaf(["Sleeping Bag"], ["Mummy Sleeping Bag", "Rectangular Sleeping Bag", "Sleep Sack", "Sleeping Bags",
                                  "Down Sleeping Bag", "Kids Sleeping Bag", "Sleeping Bag Liner"],
               ["Camping Quilt", "Bivy Bag", "Backpacking Bag Sleeping"],
               ["20 Degree", "Compression Sack", "Lightweight"], ["0F Rated", "3-Season", "Double Zipper"],
               ["down", "polyester", "nylon"], None, ["kids", "unisex"], NEUTRAL),
    1022: leaf(["Tent"], ["Camping Tent", "Backpacking Tent", "Dome Tent", "Pop Up Tent", "Tents", "Family Tent",
                          "Tent 3 Person", "Beach Tent"],
               ["Shelter", "Cabin Tent", "Bivy Tent", "Instant Tent"],
               ["2 Person", "4-Person", "Rainfly"], ["6P", "Easy Setup", "Waterproof Floor"],
               ["nylon", "polyester", "canvas"], None, (), ["green", "orange", "gray", "blue"]),
}

# Feed shorthand for product words (a supplier's convention, used on both sides: the model learns it from data).
NOUN_SHORT = {
    "bottle": "Btl", "water": "Wtr", "pillow": "Plw", "towel": "Twl", "towels": "Twls", "candle": "Cndl",
    "candles": "Cndls", "jacket": "Jkt", "coat": "Ct", "pants": "Pnts", "pant": "Pnt", "trousers": "Trsrs",
    "shirt": "Shrt", "dress": "Drs", "skirt": "Skrt", "shorts": "Shrts", "socks": "Sks", "gloves": "Glvs",
    "scarf": "Scrf", "sunglasses": "Sunglss", "bag": "Bg", "wallet": "Wllt", "shoes": "Shs", "boots": "Bts",
    "headphones": "Hdphns", "speaker": "Spkr", "case": "Cs", "cable": "Cbl", "cord": "Crd", "keyboard": "Kybd",
    "mouse": "Mse", "screen": "Scrn", "protector": "Prtctr", "charger": "Chrgr", "mascara": "Msc",
    "foundation": "Fndtn", "lipstick": "Lpstk", "polish": "Pol", "perfume": "Prfm", "lotion": "Ltn",
    "moisturizer": "Mstrzr", "sunscreen": "Snscrn", "insoles": "Insls", "shampoo": "Shmp", "oven": "Ovn",
    "skillet": "Sklt", "pan": "Pn", "coffee": "Cof", "maker": "Mkr", "press": "Prs", "kettle": "Ktl",
    "knife": "Knf", "mug": "Mg", "sheet": "Sht", "sheets": "Shts", "backpack": "Bkpk", "duffel": "Dfl",
    "bands": "Bnds", "dumbbell": "Dmbl", "mat": "Mt", "lantern": "Lntrn", "poles": "Pls", "sleeping": "Slpng",
    "tent": "Tnt", "jumpsuit": "Jmpst", "swimsuit": "Swmst", "pajama": "Pjma", "leggings": "Lggngs",
    "belt": "Blt", "hat": "Ht", "handbag": "Hndbg", "throw": "Thrw", "bath": "Bth", "yoga": "Yg",
}
NOUN_SHORT_RATE = 0.3


def shorten(rng: random.Random, noun: str) -> str:
    """Some feeds squeeze titles into 40-character fields: "Water Bottle" -> "Wtr Btl"."""
    if rng.random() >= NOUN_SHORT_RATE:
        return noun
    return " ".join(NOUN_SHORT.get(w.lower(), w) for w in noun.split())


# Words inside product nouns that the ontology lists but that name no attribute of the product.
TRAPS = {"cream", "espresso", "full"}

TRAIN_BRANDS = ["Aster & Vale", "Marlow Thread", "Tidewater", "Northline", "Juniper Lane", "Kindred Loom",
                "Cobble & Crest", "Stridewell", "Larkspur", "Halcyon Goods", "Hearth & Harbor", "Copperleaf",
                "Stillwater Home", "Ironbark", "Summit Ridge", "Evergrove", "Kinetic Pine", "Petal & Pestle",
                "Lumen Beauty", "Larkmoor Beauty", "Voltwave", "Quillon", "Ampersand Tech", "Loop Labs", "ACME",
                "Brightline", "Oakmere", "Wick & Willow"]
HELDOUT_BRANDS = ["Rivenrock", "Pallas Home", "Cinder & Salt", "Bluefen", "Orrery", "Mossgiel", "Tanager",
                  "Kittiwake", "Hollowell", "ZENTRO", "Brisa", "Nomadik", "Pellucid", "Quartzline", "Greyhaven",
                  "Solenne", "Vantor", "Alpenlite", "Corvid Audio", "Lumaro"]


def load_ontology(root: Path) -> tuple[dict, dict, dict[int, str]]:
    """(departments, attributes, leaf id -> path) read straight from the knowledge folder."""
    onto = yaml.safe_load((root / "knowledge/ontology.yaml").read_text())
    paths = {}
    for line in (root / "knowledge/taxonomy.txt").read_text().splitlines():
        m = re.match(r"^(\d+) - (.+)$", line.strip())
        if m:
            paths[int(m.group(1))] = m.group(2)
    return onto["departments"], onto["attributes"], paths


class Gold:
    """Which attributes apply where, and the ontology words a phrase names (for nouns and modifiers)."""

    def __init__(self, root: Path):
        self.departments, self.attributes, self.paths = load_ontology(root)
        self.lexicon = {}
        for name, spec in self.attributes.items():
            for value, syns in spec["values"].items():
                for form in [str(value), *(syns or [])]:
                    key = " ".join(words(form))
                    if name == "size" and (len(key) <= 2 or key.isdigit()):
                        continue  # "m", "9": sizes are only ever gold from the size slot
                    self.lexicon.setdefault(key, (name, str(value)))

    def department(self, cid: int) -> str:
        path = self.paths[cid]
        return max(((d, len(p)) for d, ps in self.departments.items() for p in ps
                    if path == p or path.startswith(p + " > ")), key=lambda x: x[1])[0]

    def applies(self, attr: str, dept: str) -> bool:
        scope = self.attributes[attr].get("applies_to")
        return scope is None or dept in scope

    def hits(self, phrase: str, dept: str) -> dict[str, str]:
        toks, out, i = words(phrase), {}, 0
        while i < len(toks):
            for n in range(min(4, len(toks) - i), 0, -1):
                key = " ".join(toks[i:i + n])
                if key in self.lexicon and key not in TRAPS:
                    attr, value = self.lexicon[key]
                    if self.applies(attr, dept):
                        out.setdefault(attr, value)
                    i += n
                    break
            else:
                i += 1
        return out


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:[/'][a-z0-9]+)*", text.lower().replace("-", " "))


# ------------------------------------------------------------------------------------------------ slots

def pick_size(rng: random.Random, scheme: str | None, heldout: bool) -> tuple[str, list[str]]:
    """A size as a feed prints it, and the canonical sizes it names."""
    if scheme == "alpha":
        if rng.random() < 0.3:
            i = rng.randrange(0, 3)
            j = rng.randrange(i + 2, 6)
            if heldout:  # held-out feeds print a pair ("S/M"), training feeds a range ("S-XL")
                return f"{ALPHA[i]}/{ALPHA[i + 1]}", ALPHA[i:i + 2]
            return f"{ALPHA[i]}-{ALPHA[j]}", ALPHA[i:j + 1]
        s = rng.choice(ALPHA)
        forms = ["Size: {}", "sz {}", "[{}]", "{}"] if heldout else ["Size {}", "Sz {}", "{}", "- {}"]
        return rng.choice(forms).format(s), [s]
    if scheme == "shoe":
        s = str(rng.randint(6, 13))
        forms = ["US Size {}", "Sz: {}", "size {}"] if heldout else ["Size {}", "Sz {}", "US {}"]
        return rng.choice(forms).format(s), [s]
    if scheme == "bed":
        s = rng.choice(["twin", "full", "queen", "king"])
        forms = ["{} Size", "{} Bed"] if heldout else ["{}", "{} Size"]
        return rng.choice(forms).format(s.title()), [s]
    if scheme == "hat":
        if rng.random() < 0.5:
            return rng.choice(["One Size", "OSFM", "One-Size"]), ["one size"]
        pair = rng.choice([("S", "M"), ("L", "XL")])
        return "/".join(pair), list(pair)
    if scheme == "onesize":
        return rng.choice(["One Size", "OSFM"]), ["one size"]
    return "", []


def pack(rng: random.Random, heldout: bool) -> str:
    n = rng.choice([2, 3, 4, 6, 10])
    forms = ["{} PK", "Set of {}", "{}pcs", "x{}"] if heldout else ["{}pk", "{}-Pack", "Pack of {}", "{} Count"]
    return rng.choice(forms).format(n)


def sku(rng: random.Random, heldout: bool, color_code: str = "") -> str:
    letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTVWXZ") for _ in range(2))
    if heldout:
        return rng.choice([f"Item {rng.randint(10000, 99999)}-{rng.randint(1, 40):02d}",
                           f"SKU#{letters}{rng.randint(100, 999)}", f"{rng.randint(100000, 999999)}"])
    return rng.choice([f"{letters}-{rng.randint(1000, 9999)}" + (f"-{color_code}" if color_code else ""),
                       f"#{rng.randint(10000, 99999)}", f"{letters}{rng.randint(100, 999)}"])


def typo(rng: random.Random, word: str, heldout: bool) -> str:
    """One slip of the keyboard: train feeds swap letters or drop one, held-out feeds double or drop one."""
    spots = [i for i in range(1, len(word) - 2) if word[i:i + 2].isalpha()]
    if len(word) < 5 or not spots:
        return word
    i = rng.choice(spots)
    if heldout:
        return word[:i] + word[i] + word[i:] if rng.random() < 0.5 else word[:i] + word[i + 1:]
    if rng.random() < 0.5:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + word[i + 1:]


COLOR_CODES = {"black": "BLK", "white": "WHT", "blue": "NVY", "gray": "GRY", "red": "RED", "green": "GRN"}


def draw(rng: random.Random, gold: Gold, cid: int, heldout: bool) -> tuple[dict[str, str], dict]:
    """The slots of one title (as printed) and its gold attributes, each with the slot that carries it."""
    spec, dept = LEAVES[cid], gold.department(cid)
    if heldout:  # a quarter of held-out titles print the plain noun ("Dress"), the rest nouns training never saw
        noun = rng.choice(spec["core"] if rng.random() < 0.25 else spec["held"])
    else:
        noun = rng.choice(spec["core"] + spec["train"])
    noun = typo(rng, noun, heldout) if rng.random() < 0.12 else shorten(rng, noun)
    mods = rng.sample(spec["hmods"] if heldout else spec["tmods"], k=rng.choice([1, 1, 2, 3]))
    slots = {"noun": noun, "mod": " ".join(mods)}
    attrs = {a: (v, "mod") for a, v in gold.hits(slots["mod"], dept).items()}
    attrs.update({a: (v, "noun") for a, v in gold.hits(noun, dept).items()})
    if spec["colors"] and "color" not in attrs and rng.random() < 0.8:
        value = rng.choice(spec["colors"])
        attrs["color"], slots["color"] = (value, "color"), rng.choice(COLOR_FORMS[value])
    if spec["mats"] and "material" not in attrs and rng.random() < 0.6:
        value = rng.choice(spec["mats"])
        attrs["material"], slots["material"] = (value, "material"), rng.choice(MATERIAL_FORMS[value])
    if spec["genders"] and "gender" not in attrs and rng.random() < 0.7:
        value = rng.choice(spec["genders"])
        attrs["gender"], slots["gender"] = (value, "gender"), rng.choice(GENDER_FORMS[value])
    if spec["sizes"] and rng.random() < 0.5:
        slots["size"], sizes = pick_size(rng, spec["sizes"], heldout)
        attrs["size"] = (sizes, "size")
    if spec["pattern"] and "pattern" not in attrs and rng.random() < 0.3:
        value = rng.choice(list(PATTERN_FORMS))
        attrs["pattern"], slots["pattern"] = (value, "pattern"), rng.choice(PATTERN_FORMS[value])
    extras = [a for a in EXTRAS if gold.applies(a, dept) and a not in attrs]
    if extras and rng.random() < 0.2:
        attr = rng.choice(extras)
        value = rng.choice(list(EXTRAS[attr]))
        attrs[attr], slots["extra"] = (value, "extra"), rng.choice(EXTRAS[attr][value])
    if spec["pack"] and rng.random() < 0.35:
        slots["pack"] = pack(rng, heldout)
    brands = HELDOUT_BRANDS if heldout else TRAIN_BRANDS
    slots["brand"] = rng.choice(brands)
    slots["promo"] = rng.choice(HELDOUT_PROMOS if heldout else TRAIN_PROMOS) if rng.random() < 0.35 else ""
    color = attrs.get("color", ("", ""))[0]
    slots["sku"] = sku(rng, heldout, COLOR_CODES.get(color, "")) if rng.random() < 0.45 else ""
    return slots, attrs


# Marketplace filler that feeds put in titles; it says nothing about the product.
TRAIN_PROMOS = ["New Arrival", "Best Seller", "Free Shipping", "Premium Quality", "2024 Model", "Limited Edition",
                "Gift Idea", "Hot Item"]
HELDOUT_PROMOS = ["Top Rated", "Ships Fast", "Upgraded", "2025 Version", "Clearance Sale", "Great Gift",
                  "Customer Favorite"]

TRAIN_TEMPLATES = [
    "{brand} {gender} {color} {material} {pattern} {mod} {noun} {size} {pack} {promo}",
    "{BRAND} {noun} - {color} - {size} - {promo}",
    "{gender} {mod} {extra} {noun} {color} {sku}",
    "{promo} {brand} {noun}, {material}, {color}, {pack}",
    "!{gender} {color} {pattern} {noun} {size} {pack}",
    "{noun} {gender} {material} {color} {size} {brand}",
    "{sku} {brand} {mod} {extra} {noun} {color} {size}",
    "{brand} {extra} {pattern} {material} {noun} {mod} {gender} {size}",
]
HELDOUT_TEMPLATES = [
    "{noun} by {brand} | {color} | {gender} | {size} | {promo}",
    "{brand}: {mod} {material} {noun} ({color}) [{pack}]",
    "NEW {gender} {noun} {mod} in {color} - {sku}",
    "{color} {pattern} {noun} for {gender} - {brand} {extra}",
    "!{brand} {noun} {color} {material} {size} {promo}",
    "{mod} {noun} {size} {color}, {brand} {sku} {pack}",
    "{extra} {material} {noun} / {gender} / {color} / {brand} / {promo}",
]


def render(rng: random.Random, template: str, slots: dict[str, str]) -> str:
    """Fill a template, drop empty slots and their separators; a leading "!" means the feed is in capitals."""
    upper = template.startswith("!")
    values = {k: slots.get(k, "") for k in ("brand", "gender", "color", "material", "pattern", "mod", "noun",
                                            "size", "pack", "sku", "extra", "promo")}
    values["BRAND"] = values["brand"].upper()
    text = template.lstrip("!").format(**values)
    for empty in ("()", "[]", "in  -", "for  -"):
        text = text.replace(empty, "")
    text = re.sub(r"\s*([|/,-])(\s*[|/,-])+", r" \1", f" {text} ")  # "a | | b" -> "a | b"
    text = re.sub(r"^[\s|/,-]+|[\s|/,:-]+$", "", text)
    text = re.sub(r"\s+", " ", text).replace(" ,", ",")
    return text.upper() if upper else text


def H(text: str, category: int, **attributes) -> dict:
    return {"text": text, "category": str(category), "attributes": attributes}


# Held-out rows written by hand, in the shapes real supplier feeds take.
HAND_WRITTEN = [
    H("Rivenrock Mens Waterproof Hiking Boot Brn Sz 11", 187, gender="men", color="brown", occasion="hiking",
      size=["11"]),
    H("2PK WMNS SEAMLESS SPORTS BRA BLK/GRY M", 5322, gender="women", size=["M"]),
    H("Cast Iron Skillet 12in Pre-Seasoned w/ Helper Handle", 662, material="cast iron"),
    H("Ceramic Coffee Mug 14oz, Set of 4 - Speckled Cream", 2169, material="ceramic", color="beige"),
    H("Bluetooth 5.3 True Wireless Earbuds w/ Charging Case - White", 543626, color="white"),
    H("USB C to USB C Cable 6.6ft 100W Braided (2-Pack) Gry", 1763, color="gray"),
    H("Queen Sheet Set 100% Cotton Percale 4pc White", 2314, size=["queen"], material="cotton", color="white"),
    H("Organic Cotton Bath Towels 6 Piece Set Sage", 576, material="cotton", color="green"),
    H("Eucalyptus & Mint Soy Candle 3-Wick 16 oz", 588, material="soy wax"),
    H("Wmns Linen Wide Leg Pant Oatmeal L", 204, gender="women", material="linen", silhouette="wide-leg",
      color="beige", size=["L"]),
    H("Kids' Fleece Pajama Set Red Plaid 2T", 2580, gender="kids", material="fleece", color="red", pattern="plaid"),
    H("SPF 50+ Mineral Sunscreen Lotion for Kids 3 fl oz", 2844, gender="kids"),
    H("Hydrating Face Moisturizer w/ Hyaluronic Acid 1.7oz Fragrance-Free", 2592),
    H("Volumizing Mascara Blackest Black Waterproof", 2834, color="black"),
    H("Nail Polish - Cherry Red - 0.5oz", 2683, color="red"),
    H("Matte Liquid Lipstick 'Dusty Rose' Long-Wear", 3021, color="pink"),
    H("Clarifying Shampoo Sulfate-Free 16 FL OZ Salon Size", 543615),
    H("Stainless Steel Insulated Water Bottle 32oz Wide Mouth Navy", 3809, material="stainless steel", color="blue"),
    H("12-Cup Programmable Drip Coffeemaker, Black/SS", 1388, color="black", material="stainless steel"),
    H("Enameled Cast Iron Dutch Oven 5.5 Qt Cerise", 657, material="cast iron"),
    H("Mens Leather Bifold Wallet RFID Brown", 2668, gender="men", material="leather", color="brown"),
    H("Polarized Aviator Sunglasses Unisex Gold Frame", 178, gender="unisex", color="gold"),
    H("2 Person Backpacking Tent Ultralight Green", 1022, color="green"),
    H("LED Camping Lantern Rechargeable 1000LM 2 Pack", 1019, occasion="camping"),
    H("Carbon Fiber Trekking Poles Collapsible Pair w/ Cork Grips", 3738, material="carbon fiber"),
    H("20 Degree Mummy Sleeping Bag Adult Navy", 1020, color="blue"),
    H("Cork Yoga Mat 5mm Non Slip", 3640, material="cork"),
    H("Adjustable Dumbbell Set 5-52.5 lbs", 3164),
    H("Fabric Resistance Bands Set of 3 Booty Loop Pink", 5869, color="pink"),
    H("Velvet Throw Pillow Cover 18x18 Emerald", 4454, material="velvet", color="green"),
    H("Womens Wool Blend Double Breasted Coat Camel Size S", 5598, gender="women", material="wool", color="beige",
      size=["S"]),
    H("Floral Wrap Midi Dress Short Sleeve Womens Blue XS", 2271, pattern="floral", silhouette="wrap",
      gender="women", color="blue", size=["XS"]),
    H("Men's Quick Dry Swim Trunks 7\" Navy Stripe Sz L", 211, gender="men", color="blue", pattern="striped",
      size=["L"]),
    H("Merino Wool Hiking Socks 3pk Men's L Charcoal", 209, material="wool", occasion="hiking", gender="men",
      size=["L"], color="gray"),
    H("Leather Crossbody Bag for Women Cognac", 3032, material="leather", gender="women", color="brown"),
    H("Laptop Backpack 15.6\" Water Resistant Blk", 100, color="black"),
    H("Weekender Duffel Canvas w/ Shoe Compartment Olive", 103, material="canvas", color="green"),
    H("65W GaN USB-C Wall Charger 3 Port Foldable Wht", 505295, color="white"),
    H("Tempered Glass Screen Protector for iPhone 15 (3 Pack)", 5468, material="glass"),
    H("Wireless Ergonomic Vertical Mouse 2.4G Gry", 304, color="gray"),
    H("75% Mechanical Keyboard Hot-Swap RGB Wht", 303, color="white"),
    H("Clear MagSafe Case for iPhone 15 Pro Shockproof", 2353),
    H("Portable Bluetooth Speaker IPX7 Waterproof Teal", 249, color="teal"),
    H("Gooseneck Electric Kettle 0.9L Matte Black Temp Control", 751, color="black"),
    H("Glass French Press 34oz w/ Stainless Filter", 1557, material="glass"),
    H("8\" Chef's Knife German Stainless Steel Pakkawood Handle", 665, material="stainless steel"),
    H("Gel Insoles Plantar Fasciitis Men Size 9-12", 2801, gender="men", size=["9", "10", "11", "12"]),
    H("EDP Spray for Her 3.4 oz Vanilla Amber", 479, gender="women"),
    H("Full Coverage Foundation Warm Beige 30ml", 2765, color="beige"),
    H("Ruffled Satin Slip Skirt Midi", 1581, style="romantic", material="satin"),
    H("Womens Satin Button Up PJ Set Long Sleeve Lilac M", 2580, gender="women", material="satin", color="purple",
      size=["M"]),
    H("Kids Denim Overalls Jumpsuit Blu 4T", 5250, gender="kids", material="denim", color="blue"),
    H("Relaxed Fit Cargo Shorts Mens Khaki 34", 207, silhouette="relaxed", gender="men", color="beige"),
    H("Oversized Graphic Tee Unisex Wht S-XL", 212, silhouette="oversized", pattern="graphic", gender="unisex",
      color="white", size=["S", "M", "L", "XL"]),
    H("Knit Beanie Hat Cuffed Unisex Charcoal One Size", 173, gender="unisex", color="gray", size=["one size"]),
    H("Touchscreen Winter Gloves Womens Blk M", 170, season="winter", gender="women", color="black", size=["M"]),
    H("Cashmere Blend Scarf Plaid Camel", 543673, material="cashmere", pattern="plaid", color="beige"),
    H("Reversible Leather Dress Belt Men's Black/Brown 36", 169, material="leather", gender="men"),
]


def make_rows(gold: Gold, seed: int, per_leaf: int, heldout: bool) -> list[dict]:
    """Rows from one side's own random stream, vocabulary and templates; no title twice."""
    rng = random.Random(seed)
    templates = HELDOUT_TEMPLATES if heldout else TRAIN_TEMPLATES
    rows, seen = [], set()
    for cid in sorted(LEAVES):
        made = 0
        while made < per_leaf:
            slots, drawn = draw(rng, gold, cid, heldout)
            template = rng.choice(templates)
            text = render(rng, template, slots)
            # Gold is what the printed title says: a slot the template leaves out carries no attribute.
            attrs = {a: v for a, (v, slot) in drawn.items() if "{" + slot + "}" in template.lower()}
            if text.lower() in seen:
                continue
            seen.add(text.lower())
            rows.append({"text": text, "category": str(cid), "attributes": attrs})
            made += 1
    return rows


def drop_near_duplicates(train: list[dict], heldout: list[dict]) -> tuple[list[dict], int]:
    """Held-out rows whose title is within NEAR_DUP (rapidfuzz ratio) of a training title are dropped."""
    train_texts = [r["text"].lower() for r in train]
    kept, dropped = [], 0
    for row in heldout:
        best = process.extractOne(row["text"].lower(), train_texts, scorer=fuzz.ratio, score_cutoff=NEAR_DUP)
        if best is None:
            kept.append(row)
        else:
            dropped += 1
    return kept, dropped


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT, help="repository root to write into (default: this repo)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    gold = Gold(ROOT)
    leaves = {c for c in gold.paths if not any(p.startswith(gold.paths[c] + " > ") for p in gold.paths.values())}
    if leaves != set(LEAVES):
        sys.exit(f"leaves without vocabulary: {sorted(leaves - set(LEAVES))}; "
                 f"vocabulary for non-leaves: {sorted(set(LEAVES) - leaves)}")
    train = make_rows(gold, args.seed, TRAIN_PER_LEAF, heldout=False)
    generated = make_rows(gold, args.seed + 1, HELDOUT_PER_LEAF, heldout=True)
    heldout, dropped = drop_near_duplicates(train, generated + HAND_WRITTEN)
    write_jsonl(args.out / "knowledge/training/classify.jsonl", train)
    write_jsonl(args.out / "evals/datasets/classify_heldout.jsonl", heldout)
    per_leaf = Counter(r["category"] for r in heldout)
    print(f"train: {len(train)} rows; held-out: {len(heldout)} rows ({len(HAND_WRITTEN)} hand-written, "
          f"{dropped} near-duplicates of training titles dropped); fewest held-out per leaf: "
          f"{min(per_leaf.values())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
