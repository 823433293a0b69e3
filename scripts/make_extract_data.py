"""Generate the review-extraction data: a training file and, from separate code paths, a held-out eval set.

Writes
* ``knowledge/training/extract.jsonl``      training reviews (``{"text", "category", "overall_sentiment", "aspects",
                                            "use_cases", "mentions_difficulty"}``), from the TRAIN phrase banks, plus
                                            the catalog's reviews and their labels when ``knowledge/catalog`` has them;
* ``evals/datasets/extract_heldout.jsonl``  held-out reviews from the EVAL phrase banks (other product nouns, aspect
                                            wording, sentiment words, negations, contrasts, typos, ESL phrasing) and
                                            hand-written rows, none of which the training path ever reads.

Labels are known by construction: a review is a list of clauses, each carrying one (aspect, polarity) or one use case.
As in make_catalog.py, the overall sentiment (the mood) is drawn first and the remarks agree with it: a positive
review praises, a mixed one praises and complains, a negative one complains (and may open with one good word, in
which case a closing verdict says so). A negative remark on a difficulty aspect (care, cleaning, ease of use,
assembly) is a difficulty.

Usage: python scripts/make_extract_data.py [--out DIR] [--seed N] [--train N] [--heldout N]
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import sys
from pathlib import Path

from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.tasks.extract import load_vocabulary  # noqa: E402

VOCABULARY = load_vocabulary(ROOT / "knowledge")  # the demo store's review_aspects.yaml
ASPECTS, DIFFICULTY_ASPECTS = VOCABULARY.aspects, VOCABULARY.difficulty

log = logging.getLogger("make_extract_data")
DEFAULT_SEED = 20251105
NEAR_DUPLICATE = 92  # rapidfuzz ratio at or above which an eval row counts as a copy of a training row

# Which use cases a reviewer of each department plausibly mentions.
DEPT_USES = {
    "apparel": ["wedding", "work", "travel", "party", "everyday", "beach", "gift", "lounging", "gym"],
    "footwear": ["hiking", "running", "work", "everyday", "travel", "wedding", "commute", "gym"],
    "bags_accessories": ["travel", "work", "commute", "everyday", "gift", "beach", "hiking", "camping"],
    "home_kitchen": ["family_meals", "entertaining", "everyday", "gift", "sleep", "work_from_home"],
    "sports_outdoors": ["camping", "hiking", "gym", "yoga", "running", "travel", "beach"],
    "beauty": ["everyday", "wedding", "party", "travel", "gift", "work"],
    "electronics": ["work_from_home", "commute", "travel", "gaming", "gym", "running", "work", "gift"],
}
# The category a row names: the department key most of the time, sometimes a taxonomy leaf, sometimes nothing.
DEPT_LEAVES = {
    "apparel": ["Dresses", "Pants", "Shirts & Tops", "Activewear"], "footwear": ["Shoes"],
    "bags_accessories": ["Handbags", "Luggage & Bags", "Hats"], "home_kitchen": ["Cookware & Bakeware", "Kitchen Appliances"],
    "sports_outdoors": ["Camping & Hiking", "Exercise & Fitness"], "beauty": ["Cosmetics", "Hair Care"],
    "electronics": ["Headphones", "Keyboards"],
}

# ================================================================================================= TRAIN banks
TRAIN_NOUNS = {
    "apparel": ["dress", "shirt", "pair of jeans", "sweater", "skirt", "jacket", "hoodie"],
    "footwear": ["sneakers", "boots", "sandals", "loafers"],
    "bags_accessories": ["backpack", "tote", "wallet", "belt", "sunglasses"],
    "home_kitchen": ["kettle", "skillet", "blender", "sheet set", "chef's knife"],
    "sports_outdoors": ["yoga mat", "tent", "dumbbell set", "water bottle", "trekking poles"],
    "beauty": ["foundation", "lipstick", "shampoo", "serum", "mascara"],
    "electronics": ["headphones", "earbuds", "charger", "keyboard", "speaker"],
}
TRAIN_TERMS = {
    "fit": ["the fit", "the cut"], "fabric": ["the fabric", "the material"], "length": ["the length", "the hem length"],
    "color_accuracy": ["the color", "the colour"], "comfort": ["the comfort", "comfort"],
    "durability": ["durability", "how it holds up"], "ease_of_care": ["washing it", "the care"],
    "value": ["the price", "value for money"], "support": ["the arch support", "support"],
    "grip": ["the grip", "traction"], "break_in": ["the break-in period", "breaking them in"],
    "capacity": ["the capacity", "storage space"], "build_quality": ["the build quality", "the construction"],
    "design": ["the design", "the look"], "ease_of_use": ["setup", "using it"],
    "performance": ["performance", "how it works"], "ease_of_cleaning": ["cleaning it", "cleanup"],
    "size": ["the size", "the dimensions"], "noise": ["the noise", "the noise level"],
    "weight": ["the weight", "how heavy it is"], "assembly": ["assembly", "putting it together"],
    "scent": ["the scent", "the smell"], "texture": ["the texture", "the consistency"],
    "longevity": ["the staying power", "how long it lasts"], "shade_match": ["the shade match", "the shade"],
    "skin_reaction": ["how my skin reacted"], "results": ["the results", "the effect"],
    "packaging": ["the packaging", "the bottle"], "sound_quality": ["the sound quality", "the sound"],
    "battery_life": ["the battery life", "the battery"], "connectivity": ["the bluetooth connection", "pairing"],
    "noise_cancelling": ["the noise cancelling", "the ANC"], "charging_speed": ["charging speed", "how fast it charges"],
}
TRAIN_IDIOMS = {  # aspect -> (positive clauses, negative clauses)
    "fit": (["it fits true to size", "it fits like a glove", "the fit is perfect on me"],
            ["it runs small", "it runs a full size large", "it's way too tight across the shoulders"]),
    "fabric": (["the fabric feels soft and substantial", "the material is thick and good quality"],
               ["the fabric is thin and see-through", "the material feels cheap and scratchy"]),
    "length": (["the length is just right", "it hits exactly at the ankle"],
               ["it's way too short", "it drags on the floor"]),
    "color_accuracy": (["the color is exactly as pictured", "the colour matches the photos"],
                       ["the color looks nothing like the picture", "it came in a totally different shade"]),
    "comfort": (["it's super comfortable", "so comfy I forget I'm wearing it"],
                ["it's really uncomfortable", "it digs in and hurts after an hour"]),
    "durability": (["it still looks new after months", "it's held up really well"],
                   ["it fell apart after two weeks", "the seams ripped after a few uses"]),
    "ease_of_care": (["it washes really well", "it comes out of the dryer looking new"],
                     ["it shrank in the wash", "it has to be hand washed and ironed every time"]),
    "value": (["great value for the price", "worth every penny"],
              ["way overpriced", "not worth the money"]),
    "support": (["great arch support", "my feet feel well supported all day"],
                ["zero arch support", "my feet ache because there's no support"]),
    "grip": (["the grip is excellent even on wet floors", "the soles grip really well"],
             ["I slipped on wet tiles", "the soles have no grip at all"]),
    "break_in": (["no break-in needed", "comfortable right out of the box"],
                 ["breaking them in took weeks of blisters", "the break-in period was painful"]),
    "capacity": (["it holds way more than I expected", "there's plenty of room for everything"],
                 ["it barely fits my phone and keys", "it's too small to hold anything useful"]),
    "build_quality": (["it feels really well made", "the construction is solid"],
                      ["it feels cheap and flimsy", "a part broke off on day one"]),
    "design": (["it looks beautiful", "I love the design"],
               ["it looks cheap", "the design is ugly in person"]),
    "ease_of_use": (["it's very easy to use", "setup took two minutes"],
                    ["it's so confusing to use", "the setup was a nightmare"]),
    "performance": (["it works perfectly", "it does the job really well"],
                    ["it barely works", "it doesn't do what it promises"]),
    "ease_of_cleaning": (["it's easy to clean", "it wipes clean in seconds"],
                         ["it's a pain to clean", "food gets stuck everywhere and it won't come clean"]),
    "size": (["the size is perfect", "it's just the right size"],
             ["it's much smaller than I expected", "it's too big for my space"]),
    "noise": (["it's really quiet", "it barely makes a sound"],
              ["it's so loud", "it makes an awful rattling noise"]),
    "weight": (["it's really lightweight", "it's light enough to carry all day"],
               ["it's way too heavy", "it weighs a ton"]),
    "assembly": (["assembly was quick and easy", "it was easy to put together"],
                 ["assembly was a nightmare", "it was really hard to put together"]),
    "scent": (["it smells amazing", "the scent is lovely and light"],
              ["it smells awful", "the scent is overpowering"]),
    "texture": (["the texture is smooth and silky", "it blends in easily"],
                ["the texture is greasy", "it feels sticky and cakey"]),
    "longevity": (["it lasts all day", "it stays put for hours"],
                  ["it fades within an hour", "it wears off after lunch"]),
    "shade_match": (["the shade matches my skin perfectly", "the shade is a perfect match"],
                    ["the shade is way too orange on me", "the shade doesn't match my skin at all"]),
    "skin_reaction": (["no irritation at all on my sensitive skin", "it didn't break me out"],
                      ["it gave me a rash", "it made my skin break out"]),
    "results": (["I saw results within a week", "it really works, my hair is so much softer"],
                ["I saw no results at all", "it did nothing for my skin"]),
    "packaging": (["the packaging is pretty and sturdy", "the pump works perfectly"],
                  ["the bottle leaked in the box", "the packaging is flimsy and the cap broke"]),
    "sound_quality": (["the sound is crisp and clear", "the sound quality is amazing"],
                      ["the sound is tinny", "the audio is muddy and distorted"]),
    "battery_life": (["the battery lasts for days", "the battery life is excellent"],
                     ["the battery dies in a couple of hours", "the battery life is terrible"]),
    "connectivity": (["it pairs instantly", "the bluetooth connection is rock solid"],
                     ["it keeps disconnecting", "pairing fails every other time"]),
    "noise_cancelling": (["the noise cancelling blocks out everything", "the ANC is amazing on planes"],
                         ["the noise cancelling barely does anything", "the ANC is weak"]),
    "charging_speed": (["it charges really fast", "it charges my phone in no time"],
                       ["it charges painfully slowly", "charging takes forever"]),
}
TRAIN_GENERIC = {
    "positive": ["is great", "is excellent", "is really good", "is fantastic", "is perfect", "is amazing",
                 "is impressive", "is spot on", "is not bad at all", "is first-rate", "is stellar", "is a delight",
                 "is flawless", "is exceptional", "is way better than I expected", "is very nice", "is terrific",
                 "really impressed me", "is incredible", "is just right", "is excellent quality", "is fab",
                 "is beyond my expectations", "makes me happy", "is the best part", "is very good indeed",
                 "has no flaws I can find", "gets full marks from me", "is honestly faultless", "is second to none",
                 "couldn't ask for more", "is as good as it gets", "is really really good", "has zero issues"],
    "negative": ["is terrible", "is poor", "is disappointing", "is awful", "is really bad", "is a letdown",
                 "is the worst part", "is not great", "isn't good at all", "is dreadful", "is lousy",
                 "is mediocre at best", "is unacceptable", "is appalling", "is pathetic", "is garbage", "is junk",
                 "let me down", "is not good", "is worse than I expected", "is a big problem", "is very poor",
                 "is honestly bad", "annoys me every day", "is cheap and nasty", "is nothing like advertised",
                 "is well below par", "is a real weak point", "misses the mark", "is not up to scratch",
                 "falls short", "is nowhere near good enough", "could hardly be worse", "is a deal breaker",
                 "needs a lot of work", "is not nice at all"],
    "neutral": ["is okay", "is average", "is fine, nothing special", "is about what I expected", "is acceptable",
                "is alright", "is decent enough", "is adequate", "is standard", "is ok I guess",
                "is neither great nor terrible", "is fair, not special", "is meh, just average", "is middling"],
}
# Composed remarks ("{term} is really sturdy", "{term} isn't very reliable"): many sentiment words in many frames,
# so the model learns the sentiment itself rather than a few stock phrases.
TRAIN_ADJECTIVES = {
    "positive": ["excellent", "good", "fantastic", "amazing", "impressive", "lovely", "nice", "awesome", "terrific",
                 "fabulous", "marvelous", "splendid", "stunning", "solid", "sturdy", "reliable", "pleasant",
                 "delightful", "gorgeous", "beautiful", "phenomenal", "exceptional", "incredible", "ideal",
                 "remarkable", "first-class", "premium", "satisfying", "magnificent", "cool", "neat", "dependable",
                 "spectacular", "tremendous", "great"],
    "negative": ["terrible", "awful", "poor", "bad", "disappointing", "dreadful", "lousy", "cheap", "flimsy",
                 "useless", "worthless", "pathetic", "appalling", "atrocious", "abysmal", "dire", "crummy",
                 "inferior", "defective", "faulty", "unreliable", "frustrating", "annoying", "mediocre", "weak",
                 "lame", "trashy", "nasty", "unpleasant", "unacceptable", "dismal", "woeful", "shabby", "sloppy",
                 "second-rate", "irritating", "unusable"],
}
TRAIN_INTENSIFIERS = ["", "", "really ", "very ", "so ", "truly ", "pretty ", "absolutely ", "quite ", "super ",
                      "incredibly ", "honestly "]
TRAIN_NEGATED_COPULAS = ["is not", "isn't", "was not", "is not at all", "wasn't very"]
TRAIN_ESL = {  # learner-English frames, other words than the eval set's
    "positive": ["{term} is good for me, I am happy", "I like {term} so much", "{term} is really good, very happy"],
    "negative": ["{term} is not good, I am sad", "I don't like {term}, it is bad", "{term} is bad quality for me"],
}
TRAIN_USES = {
    "wedding": ["I wore it to a wedding", "bought it for my brother's wedding"],
    "work": ["I use it at work every day", "great for the office"],
    "travel": ["took it on a trip to Italy", "great for travel"],
    "party": ["wore it to a party", "great for nights out"],
    "everyday": ["I use it every day", "it's my daily go-to"],
    "beach": ["took it to the beach", "perfect for the beach"],
    "gift": ["bought it as a gift for my mom", "got this as a present for my sister"],
    "lounging": ["perfect for lounging at home", "I lounge around the house in it"],
    "gym": ["I take it to the gym", "great for workouts"],
    "hiking": ["took it on a long hike", "great for hiking"],
    "running": ["I use it when I go running", "great for running"],
    "commute": ["I use it on my commute", "great for commuting"],
    "camping": ["took it camping", "great for camping trips"],
    "family_meals": ["I use it cooking dinner for the family", "great for family meals"],
    "entertaining": ["great for hosting", "used it when we had guests over"],
    "sleep": ["it helps me sleep", "great for sleeping"],
    "work_from_home": ["great for working from home", "I use it in my home office"],
    "gaming": ["great for gaming", "I use it for gaming"],
    "yoga": ["I use it for yoga", "great for yoga class"],
}
TRAIN_OPENERS = ["", "", "", "Honestly, ", "Ok so ", "I ordered this {noun} last month. ", "Review after a month: ",
                 "Bought the {noun}. "]
TRAIN_JOINERS = {"same": [". ", ". ", " and ", "; ", ". Also, "], "contrast": [", but ", ". However, ", "; "]}
TRAIN_CLOSERS = {
    "positive": ["Highly recommend.", "Would buy again.", "Five stars from me.", "Love it!", "Very happy with it.",
                 "No regrets at all.", "Totally worth it.", "Great purchase.", "So glad I bought it.",
                 "Best buy this year.", "Full marks.", "Couldn't be happier.", "Will order another one."],
    "negative": ["Returning it.", "Would not recommend.", "Save your money.", "Very disappointed.", "One star.",
                 "Sending it back.", "Not buying again.", "What a waste.", "Really unhappy with it.",
                 "Don't bother.", "Never again.", "Complete waste of money.", "Zero stars if I could."],
    "mixed": ["Mixed feelings overall.", "It's okay overall.", "Three stars.", "Some good, some bad.",
              "Pros and cons.", "Not sure how I feel about it.", "Decent but flawed.", "Good and bad in equal measure.",
              "Half happy, half not."],
}


# ================================================================================================= EVAL banks
EVAL_NOUNS = {
    "apparel": ["blouse", "jumpsuit", "cardigan", "leggings", "wool coat", "pair of shorts"],
    "footwear": ["trainers", "hiking shoes", "slippers", "ballet flats"],
    "bags_accessories": ["duffel", "crossbody bag", "scarf", "sun hat", "carry-on suitcase"],
    "home_kitchen": ["toaster", "dutch oven", "coffee maker", "duvet cover", "mixing bowls"],
    "sports_outdoors": ["sleeping bag", "resistance bands", "camp stove", "bike helmet", "cooler"],
    "beauty": ["concealer", "conditioner", "blush", "moisturizer", "hair oil"],
    "electronics": ["mouse", "power bank", "phone case", "gaming headset", "USB-C cable"],
}
EVAL_TERMS = {
    "fit": ["the sizing", "how it fits"], "fabric": ["the cloth", "the knit"], "length": ["the inseam", "how long it is"],
    "color_accuracy": ["the hue", "the actual color compared to the photos"], "comfort": ["how comfy it is"],
    "durability": ["how well it lasts", "the wear resistance"], "ease_of_care": ["laundering it", "looking after it"],
    "value": ["what I paid", "the price tag"], "support": ["the ankle support", "the footbed support"],
    "grip": ["the tread", "the non-slip surface"], "break_in": ["the first few wears", "wearing them in"],
    "capacity": ["the room inside", "how much it holds"], "build_quality": ["the craftsmanship", "the workmanship"],
    "design": ["the styling", "the aesthetic"], "ease_of_use": ["the controls", "figuring it out"],
    "performance": ["how it performs", "its power"], "ease_of_cleaning": ["washing it up", "getting it clean"],
    "size": ["the footprint", "how big it is"], "noise": ["how loud it is", "the racket it makes"],
    "weight": ["the heft", "its weight"], "assembly": ["building it", "the assembly instructions"],
    "scent": ["the fragrance", "the perfume of it"], "texture": ["the formula's feel", "the finish"],
    "longevity": ["the wear time", "how long it stays put"], "shade_match": ["the color match to my skin", "the undertone"],
    "skin_reaction": ["my sensitive skin's response"], "results": ["the difference it made", "the outcome"],
    "packaging": ["the tube", "the pump"], "sound_quality": ["the audio", "the bass and treble"],
    "battery_life": ["battery endurance", "the time between charges"], "connectivity": ["the wireless link", "the connection"],
    "noise_cancelling": ["the noise cancellation", "blocking out sound"], "charging_speed": ["the charge rate", "recharge time"],
}
EVAL_IDIOMS = {
    "fit": (["sizing was spot on", "it hugs me in all the right places"],
            ["it came up tiny, I had to size up twice", "the fit is not flattering at all", "it's baggy everywhere"]),
    "fabric": (["the cloth is buttery and thick", "lovely heavyweight knit"],
               ["the cloth pills after one wear", "the knit is so flimsy you can see through it"]),
    "length": (["it's the perfect length for someone 5'2", "the inseam is ideal"],
               ["the sleeves end halfway up my arms", "the hem is way too long, needs tailoring"]),
    "color_accuracy": (["the hue is identical to the website", "true to the photos color-wise"],
                       ["the 'navy' is basically purple", "the shade is way duller than online"]),
    "comfort": (["I can wear it for 12 hours and still feel fine", "feels like a cloud"],
                ["it is not comfortable at all", "rubs my skin raw", "itchy and stiff"]),
    "durability": (["after a year of heavy use it looks brand new", "built to last"],
                   ["the zip broke", "a hole appeared in the second week", "the strap snapped within a month"]),
    "ease_of_care": (["throw it in the machine and it comes out perfect", "no ironing needed"],
                     ["dry clean only, such a hassle", "the colour bled onto everything else in the wash"]),
    "value": (["a bargain for the quality", "you get a lot for your money"],
              ["I paid way too much for this", "total ripoff at this price"]),
    "support": (["my arches finally feel cradled", "solid support for my flat feet"],
                ["flat as a pancake underfoot", "my knees hurt because they offer no support"]),
    "grip": (["they stick to wet rocks like glue", "never once slipped on ice"],
             ["slippery as soap on wet pavement", "I skidded on the gym floor"]),
    "break_in": (["comfy from the very first wear", "didn't have to wear them in at all"],
                 ["the first few wears left my heels bloody", "wearing them in took a month of pain"]),
    "capacity": (["swallows a laptop, lunch and a change of clothes", "fits a surprising amount"],
                 ["can't even fit a water bottle inside", "cramped, nothing fits"]),
    "build_quality": (["the craftsmanship is excellent", "solidly made with no wobble"],
                      ["the handle snapped off", "the seams are glued and already peeling"]),
    "design": (["it's gorgeous on the counter", "the aesthetic is sleek and modern"],
               ["it looks tacky", "the styling is dated and clunky"]),
    "ease_of_use": (["the controls are intuitive", "even my grandma figured it out"],
                    ["the app setup took me an hour", "the buttons are baffling and the manual useless"]),
    "performance": (["it heats up in seconds", "it performs like a pro model"],
                    ["it struggles with anything tough", "it stopped working after a week"]),
    "ease_of_cleaning": (["a quick rinse and it's spotless", "dishwasher safe and comes out sparkling"],
                         ["a nightmare to clean", "grime gets trapped in every crevice"]),
    "size": (["compact and fits my tiny counter", "the footprint is small"],
             ["it's enormous and hogs the whole counter", "much tinier than the photos suggest"]),
    "noise": (["whisper quiet", "I can run it while the baby sleeps"],
              ["it sounds like a jet engine", "the racket wakes up the whole house"]),
    "weight": (["feather light in my pack", "barely notice carrying it"],
               ["heavy as a brick", "the heft makes it a chore to carry"]),
    "assembly": (["it went together in ten minutes without tools", "building it was a breeze"],
                 ["the assembly instructions made zero sense", "the holes didn't line up so building it took hours"]),
    "scent": (["the fragrance is divine", "smells like a spa"],
              ["the perfume of it gives me a headache", "stinks of chemicals"]),
    "texture": (["melts into my skin", "lightweight and not sticky"],
                ["it pills and flakes on my face", "gloopy and heavy"]),
    "longevity": (["still on at midnight", "survives a full workday without touch ups"],
                  ["gone after my morning coffee", "need to reapply every hour"]),
    "shade_match": (["the undertone is perfect for my olive skin", "disappears into my skin"],
                    ["the undertone is way too pink", "it turned grey on my skin"]),
    "skin_reaction": (["my sensitive skin had zero reaction", "no redness at all"],
                      ["broke me out in little bumps", "my face burned and went red"]),
    "results": (["my frizz is gone", "my dark spots faded noticeably"],
                ["no difference whatsoever after a month", "zero change in my hair"]),
    "packaging": (["the tube is travel friendly and never leaks", "the pump dispenses the right amount"],
                  ["the pump stopped working halfway through", "arrived leaking all over the box"]),
    "sound_quality": (["the bass is deep and the vocals crisp", "the audio is rich and balanced"],
                      ["the audio crackles", "sounds like a tin can"]),
    "battery_life": (["goes a whole week without charging", "battery endurance is insane"],
                     ["needs charging twice a day", "battery dead after a single movie"]),
    "connectivity": (["connects the moment I open the case", "never drops the wireless link"],
                     ["the connection drops every few minutes", "it won't stay paired with my laptop"]),
    "noise_cancelling": (["it silences the subway completely", "blocking out sound is superb"],
                         ["I can still hear every word around me", "the noise cancellation is a joke"]),
    "charging_speed": (["tops up my phone in under an hour", "the charge rate is blazing"],
                       ["recharge time is forever", "trickles power so slow it's useless"]),
}
EVAL_GENERIC = {
    "positive": ["is superb", "is top notch", "is brilliant", "is wonderful", "is outstanding", "could not be better",
                 "is nothing to complain about"],
    "negative": ["is shoddy", "is subpar", "is rubbish", "is horrible", "is a total disappointment",
                 "leaves a lot to be desired", "is far from good", "is not up to standard"],
    "neutral": ["is so-so", "is middle of the road", "is neither good nor bad", "is passable"],
}
EVAL_ESL = {  # learner-English frames: (subject, polarity) -> clause
    "positive": ["{term} is very much good", "I am very satisfy with {term}", "{term} is so nice, I like very much"],
    "negative": ["{term} is not so good for me", "I am not happy about {term}, is very bad", "{term} very poor quality"],
}
EVAL_USES = {
    "wedding": ["had it on as a wedding guest", "it survived a whole wedding reception"],
    "work": ["it's my go-to for client meetings", "fine for my shifts at the hospital"],
    "travel": ["it came along on a two-week vacation", "packed it for a road trip"],
    "party": ["for a birthday celebration", "at a holiday party last weekend"],
    "everyday": ["I reach for it daily", "it's in constant use around here"],
    "beach": ["lived in it at the shore", "for poolside days"],
    "gift": ["gave it to my dad for Father's Day", "a birthday present for my niece"],
    "lounging": ["ideal for lazy Sundays on the couch", "great for movie nights in"],
    "gym": ["used it for my lifting sessions", "for spin class"],
    "hiking": ["did a 10 mile trail with it", "on a mountain trek last weekend"],
    "running": ["did my morning jogs with it", "trained for a half marathon"],
    "commute": ["on the train every morning", "for my daily bus ride"],
    "camping": ["at the campsite", "a weekend in the woods in a tent"],
    "family_meals": ["feeding my family of five", "Sunday dinners with the kids"],
    "entertaining": ["when I host friends for brunch", "served guests at a barbecue"],
    "sleep": ["I've slept better since", "for a good night's rest"],
    "work_from_home": ["on Zoom calls all day at my kitchen-table desk", "for remote work"],
    "gaming": ["for long sessions of online games", "playing Fortnite with friends"],
    "yoga": ["in my yoga flows", "hot yoga sessions"],
}
EVAL_OPENERS = ["", "", "So, ", "Where do I start. ", "Got the {noun} on sale. ", "Update after 3 weeks - ",
                "My honest opinion: ", "Received my {noun} yesterday. "]
EVAL_JOINERS = {"same": [". ", "! ", " - ", "... ", ", plus ", ". Oh and "],
                "contrast": [", though ", " but ", ", yet ", ". On the other hand, ", " - ", "... "]}
EVAL_CLOSERS = {
    "positive": ["Ten out of ten.", "Already ordered a second one.", "Can't fault it.", "A keeper."],
    "negative": ["Back it goes.", "Huge regret.", "Avoid.", "Wish I could give zero stars."],
    "mixed": ["Not sure if I'll keep it.", "Could go either way.", "Has its ups and downs."],
}
EVAL_TYPOS = {"really": "realy", "because": "becuase", "definitely": "definately", "comfortable": "comfortible",
              "quality": "qualty", "great": "graet", "received": "recieved", "it's": "its", "the": "teh",
              "color": "colur", "would": "woud", "disappointed": "dissapointed", "cheap": "cheep"}

# Hand-written held-out rows: sarcasm, long contrasts, and phrasings no template produces.
HAND_WRITTEN = [
    ("Oh great, another kettle whose lid pops open mid-boil. Just what I needed.", "home_kitchen", "negative",
     {"build_quality": "negative"}, [], False),
    ("Wow, the battery lasted a whole 40 minutes. Truly impressive engineering.", "electronics", "negative",
     {"battery_life": "negative"}, [], False),
    ("Love the colour but the zip broke on day three.", "apparel", "mixed",
     {"color_accuracy": "positive", "durability": "negative"}, [], False),
    ("Fantastic if you enjoy spending an evening scrubbing burnt egg out of a pan.", "home_kitchen", "negative",
     {"ease_of_cleaning": "negative"}, [], True),
    ("Not comfortable at all. Pinches my toes and the soles are slick as ice.", "footwear", "negative",
     {"comfort": "negative", "grip": "negative"}, [], False),
    ("i buy this for my wife birthday, she say the smell is very nice and last long time", "beauty", "positive",
     {"scent": "positive", "longevity": "positive"}, ["gift"], False),
    ("Sound is amazing, mic is fine, but after 2 hrs my ears are sore.", "electronics", "mixed",
     {"sound_quality": "positive", "comfort": "negative"}, [], False),
    ("The tent took forever to pitch with those instructions, but it stayed bone dry in a storm.", "sports_outdoors",
     "mixed", {"assembly": "negative", "performance": "positive"}, ["camping"], True),
    ("Perfect dress for my cousin's wedding - got so many compliments on the colour!", "apparel", "positive",
     {"color_accuracy": "positive"}, ["wedding"], False),
    ("Cheap feeling plastic, and it squeaks. Returned.", "electronics", "negative",
     {"build_quality": "negative", "noise": "negative"} if False else {"build_quality": "negative"}, [], False),
    ("Couldn't figure out how to pair it for the life of me; the manual is written in riddles.", "electronics",
     "negative", {"ease_of_use": "negative"}, [], True),
    ("The backpack swallowed everything for a week in Japan and my shoulders never complained.", "bags_accessories",
     "positive", {"capacity": "positive", "comfort": "positive"}, ["travel"], False),
    ("Beautiful mugs. One arrived chipped though, and customer service took ages.", "home_kitchen", "mixed",
     {"design": "positive", "build_quality": "negative"}, [], False),
    ("Shade was meant to be 'warm beige'. On me it's a traffic cone.", "beauty", "negative",
     {"shade_match": "negative"}, [], False),
    ("Blender crushes ice like nothing, sounds like a helicopter landing in my kitchen.", "home_kitchen", "mixed",
     {"performance": "positive", "noise": "negative"}, [], False),
    ("These leggings are my gym uniform now. Squat proof and they don't roll down.", "apparel", "positive",
     {"fabric": "positive", "fit": "positive"}, ["gym"], False),
    ("Weighs next to nothing on the trail, but the zipper keeps snagging.", "sports_outdoors", "mixed",
     {"weight": "positive", "durability": "negative"}, ["hiking"], False),
    ("it is good product, fast charging my phone and not hot. recomend", "electronics", "positive",
     {"charging_speed": "positive"}, [], False),
    ("Mattress protector is noisy like a chip bag every time I roll over, so much for a good night's sleep.",
     "home_kitchen", "negative", {"noise": "negative"}, ["sleep"], False),
    ("Not the worst wallet I've owned, not the best either. Does the job.", "bags_accessories", "mixed",
     {"performance": "neutral"} if False else {}, [], False),
    ("Stains if you look at it wrong and it's a pain to wash.", "apparel", "negative",
     {"ease_of_care": "negative"}, [], True),
    ("Ordered for work-from-home calls; people say I sound crystal clear now.", "electronics", "positive",
     {"sound_quality": "positive"}, ["work_from_home"], False),
    ("Great serum. My skin is glowing and no breakouts, which is rare for me.", "beauty", "positive",
     {"results": "positive", "skin_reaction": "positive"}, [], False),
    ("Yoga mat smells like a tire factory and I slide around in downward dog.", "sports_outdoors", "negative",
     {"grip": "negative"}, ["yoga"], False),
    ("The boots are gorgeous but needed two weeks and a lot of plasters to break in.", "footwear", "mixed",
     {"break_in": "negative"}, [], False),
    ("Hosting Thanksgiving with this roaster was a dream, and it cleaned up in minutes.", "home_kitchen", "positive",
     {"performance": "positive", "ease_of_cleaning": "positive"}, ["entertaining"], False),
    ("Sizing chart is a lie. Ordered my normal M and it fits like an XS.", "apparel", "negative",
     {"fit": "negative"}, [], False),
    ("Kids love it, easy to assemble, sturdy. What more could you want?", "sports_outdoors", "positive",
     {"assembly": "positive", "durability": "positive"}, [], False),
    ("My commute is 90 min each way and these earbuds make it bearable. Battery could be better.", "electronics",
     "mixed", {"battery_life": "negative"}, ["commute"], False),
    ("The suitcase rolls smoothly, but one wheel cracked after the first flight.", "bags_accessories", "mixed",
     {"performance": "positive", "durability": "negative"} if False else {"durability": "negative"}, ["travel"], False),
    ("Gift for my mother in law. She returned it. Says the fabric is itchy.", "apparel", "negative",
     {"fabric": "negative"}, ["gift"], False),
    ("Five stars for the smell, one star for the pump that broke on day two.", "beauty", "mixed",
     {"scent": "positive", "packaging": "negative"}, [], False),
    ("Keyboard feels premium and typing is a joy. Bluetooth drops sometimes though.", "electronics", "mixed",
     {"build_quality": "positive", "connectivity": "negative"}, [], False),
    ("Very good pan, heat is even, but very heavy for me to lift with one hand.", "home_kitchen", "mixed",
     {"performance": "positive"}, [], False),
    ("Super cute on, stretchy, wore it all day at the beach with no complaints.", "apparel", "positive",
     {"comfort": "positive", "design": "positive"} if False else {"comfort": "positive"}, ["beach"], False),
]


# ================================================================================================= shared plumbing

def overall(polarities: list[str]) -> str:
    """positive with no negative remark, negative with no positive one, mixed otherwise (before the mood decides)."""
    pols = set(polarities)
    if "positive" in pols and "negative" in pols:
        return "mixed"
    return "negative" if "negative" in pols else "positive"


def row(text: str, category: str | None, aspects: dict[str, str], uses: list[str], mood: str) -> dict:
    difficulty = any(aspects.get(a) == "negative" for a in DIFFICULTY_ASPECTS)
    out = {"text": text, "overall_sentiment": mood, "aspects": aspects,
           "use_cases": sorted(set(uses)), "mentions_difficulty": difficulty}
    if category is not None:
        out = {"text": text, "category": category, **{k: v for k, v in out.items() if k != "text"}}
    return out


def capitalize(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def pick_category(rng: random.Random, dept: str) -> str | None:
    r = rng.random()
    if r < 0.7:
        return dept
    if r < 0.85:
        return rng.choice(DEPT_LEAVES[dept])
    return None


def pick_polarities(rng: random.Random, n: int) -> tuple[str, list[str]]:
    """(overall, aspect polarities), drawn the way make_catalog.py draws them: the mood first, then remarks that
    agree with it. A negative review may open with one good word; a mixed one has both kinds; neutral remarks
    (about 1 in 12) never decide the overall sentiment."""
    mood = rng.choice(["positive", "positive", "negative", "negative", "mixed"]) if n > 1 else \
        rng.choice(["positive", "negative"])
    pols = [mood if mood != "mixed" else "negative" for _ in range(n)]
    if mood == "mixed":
        k = rng.randint(1, n - 1)
        pols = ["positive"] * k + ["negative"] * (n - k)
        rng.shuffle(pols)
    elif mood == "negative" and n > 2 and rng.random() < 0.3:
        pols[0] = "positive"
    for k in range(n):
        if rng.random() < 0.08 and pols.count(pols[k]) > 1:
            pols[k] = "neutral"
    return mood, pols


# ================================================================================================= TRAIN path

def train_clause(rng: random.Random, aspect: str, pol: str) -> str:
    r = rng.random()
    if pol != "neutral" and r < 0.08:
        return rng.choice(TRAIN_ESL[pol]).format(term=rng.choice(TRAIN_TERMS[aspect]))
    if pol != "neutral" and r < 0.45:
        return rng.choice(TRAIN_IDIOMS[aspect][0 if pol == "positive" else 1])
    if pol != "neutral" and r < 0.75:
        return composed_clause(rng, rng.choice(TRAIN_TERMS[aspect]), pol)
    return f"{rng.choice(TRAIN_TERMS[aspect])} {rng.choice(TRAIN_GENERIC[pol])}"


def composed_clause(rng: random.Random, term: str, pol: str) -> str:
    """A sentiment word in a frame; one time in five the opposite word negated ("isn't very reliable")."""
    if rng.random() < 0.2:
        word = rng.choice(TRAIN_ADJECTIVES["negative" if pol == "positive" else "positive"])
        return f"{term} {rng.choice(TRAIN_NEGATED_COPULAS)} {word}"
    word = rng.choice(TRAIN_ADJECTIVES[pol])
    frame = rng.choice(["{t} is {i}{w}", "{t} was {i}{w}", "{t} feels {i}{w}", "I found {t} {i}{w}",
                        "{t}? {i}{w}"])
    return frame.format(t=term, i=rng.choice(TRAIN_INTENSIFIERS), w=word)


def train_typo(rng: random.Random, text: str) -> str:
    """Drop one letter from a longer word: the kind of slip a phone keyboard makes."""
    words = text.split(" ")
    long = [i for i, w in enumerate(words) if len(w) > 5 and w.isalpha()]
    if not long:
        return text
    i = rng.choice(long)
    j = rng.randrange(1, len(words[i]) - 1)
    words[i] = words[i][:j] + words[i][j + 1:]
    return " ".join(words)


def train_review(rng: random.Random) -> dict:
    dept = rng.choice(list(ASPECTS))
    aspects = rng.sample(ASPECTS[dept], rng.choice([1, 1, 2, 2, 2, 3, 3, 4]))
    mood, pols = pick_polarities(rng, len(aspects))
    clauses = [(train_clause(rng, a, p), p) for a, p in zip(aspects, pols)]
    uses = rng.sample(DEPT_USES[dept], 1) if rng.random() < 0.35 else []
    for u in uses:
        clauses.insert(rng.randrange(len(clauses) + 1), (rng.choice(TRAIN_USES[u]), None))
    labels = {a: p for a, p in zip(aspects, pols)}
    # A closer says the verdict outright; always so when the remarks alone do not (one good word in a bad review).
    closer = rng.random() < 0.4 or overall(pols) != mood
    opener = rng.choice(TRAIN_OPENERS).format(noun=rng.choice(TRAIN_NOUNS[dept]))
    text = opener + (capitalize(clauses[0][0]) if opener.endswith((". ", ": ")) or not opener else clauses[0][0])
    for (c, p), (_, before) in zip(clauses[1:], clauses):
        joiner = rng.choice(TRAIN_JOINERS["contrast" if {p, before} == {"positive", "negative"} else "same"])
        text += joiner + (capitalize(c) if joiner == ". " else c)
    text += "."
    if closer:
        text += " " + rng.choice(TRAIN_CLOSERS[mood])
    if rng.random() < 0.1:
        text = train_typo(rng, text)
    return row(text.replace("..", "."), pick_category(rng, dept), labels, uses, mood)


def catalog_rows(knowledge: Path) -> list[dict]:
    """The catalog's reviews with their ground-truth labels (category: the product's department), when
    make_catalog.py has written them."""
    paths = [knowledge / "catalog" / n for n in ("products.jsonl", "reviews.jsonl", "reviews_labels.jsonl")]
    if not all(p.exists() for p in paths):
        log.info("no catalog reviews/labels in %s: training on generated reviews only", knowledge)
        return []
    products, reviews, labels = ([json.loads(ln) for ln in p.read_text().splitlines() if ln.strip()] for p in paths)
    leaf_dept = catalog_departments(knowledge)
    dept_of_product = {p["id"]: leaf_dept.get(p["category_id"]) for p in products}
    text_of = {r["id"]: (r["text"], r["product_id"]) for r in reviews}
    out = []
    for lab in labels:
        if lab["id"] not in text_of:
            continue
        text, product_id = text_of[lab["id"]]
        r = row(text, dept_of_product.get(product_id), dict(lab["aspects"]), list(lab["use_cases"]),
                lab["overall_sentiment"])
        r["mentions_difficulty"] = bool(lab["mentions_difficulty"])
        out.append(r)
    log.info("catalog reviews added to training: %d", len(out))
    return out


def catalog_departments(knowledge: Path) -> dict[int, str]:
    """Taxonomy leaf id -> department, from taxonomy.txt and ontology.yaml."""
    from assistant.knowledge import load_ontology, load_taxonomy

    errors: list = []
    taxonomy, ontology = load_taxonomy(knowledge / "taxonomy.txt", errors), load_ontology(knowledge / "ontology.yaml", errors)
    return {cid: ontology.department_of(path) for cid, path in taxonomy.paths.items()}


# ================================================================================================= EVAL path

def eval_clause(rng: random.Random, aspect: str, pol: str) -> str:
    r = rng.random()
    if pol != "neutral" and r < 0.12:
        return rng.choice(EVAL_ESL[pol]).format(term=rng.choice(EVAL_TERMS[aspect]))
    if pol != "neutral" and r < 0.65:
        return rng.choice(EVAL_IDIOMS[aspect][0 if pol == "positive" else 1])
    return f"{rng.choice(EVAL_TERMS[aspect])} {rng.choice(EVAL_GENERIC[pol])}"


def eval_typos(rng: random.Random, text: str) -> str:
    """Common misspellings, and one swapped pair of letters."""
    words = [EVAL_TYPOS.get(w, w) if rng.random() < 0.6 else w for w in text.split(" ")]
    long = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
    if long:
        i = rng.choice(long)
        w = words[i]
        j = rng.randrange(1, len(w) - 2)
        words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    return " ".join(words)


def eval_review(rng: random.Random) -> dict:
    dept = rng.choice(list(ASPECTS))
    aspects = rng.sample(ASPECTS[dept], rng.choice([1, 2, 2, 3, 3, 4]))
    mood, pols = pick_polarities(rng, len(aspects))
    clauses = [(eval_clause(rng, a, p), p) for a, p in zip(aspects, pols)]
    uses = rng.sample(DEPT_USES[dept], rng.choice([1, 1, 2])) if rng.random() < 0.4 else []
    for u in uses:
        clauses.insert(rng.randrange(len(clauses) + 1), (rng.choice(EVAL_USES[u]), None))
    labels = {a: p for a, p in zip(aspects, pols)}
    closer = rng.random() < 0.35 or overall(pols) != mood
    opener = rng.choice(EVAL_OPENERS).format(noun=rng.choice(EVAL_NOUNS[dept]))
    text = opener + (clauses[0][0] if opener.endswith(", ") else capitalize(clauses[0][0]))
    previous = clauses[0][1]
    for c, p in clauses[1:]:
        contrast = p in ("positive", "negative") and previous in ("positive", "negative") and p != previous
        joiner = rng.choice(EVAL_JOINERS["contrast" if contrast else "same"])
        text += joiner + (capitalize(c) if joiner in (". ", "! ") else c)
        previous = p
    text += rng.choice(["", "!", "."])
    if closer:
        text += " " + rng.choice(EVAL_CLOSERS[mood])
    if rng.random() < 0.15:
        text = eval_typos(rng, text)
    if rng.random() < 0.1:
        text = text.lower()
    return row(text, pick_category(rng, dept), labels, uses, mood)


def hand_written_rows() -> list[dict]:
    out = []
    for text, category, sentiment, aspects, uses, difficulty in HAND_WRITTEN:
        assert set(aspects) <= set(ASPECTS[category]), text
        r = row(text, category, aspects, uses, sentiment)
        r.update(mentions_difficulty=difficulty)
        out.append(r)
    return out


# ================================================================================================= main

def unique(rows: list[dict]) -> list[dict]:
    seen, out = set(), []
    for r in rows:
        key = r["text"].lower()
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def drop_near_copies(eval_rows: list[dict], train_rows: list[dict]) -> list[dict]:
    """Remove any eval row whose text is a near copy (rapidfuzz ratio >= NEAR_DUPLICATE) of a training text."""
    train_texts = [r["text"].lower() for r in train_rows]
    scores = process.cdist([r["text"].lower() for r in eval_rows], train_texts, scorer=fuzz.ratio, workers=2)
    keep = [r for r, s in zip(eval_rows, scores) if s.max() < NEAR_DUPLICATE]
    log.info("near copies of training rows removed from the eval set: %d", len(eval_rows) - len(keep))
    return keep


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    log.info("wrote %d rows to %s", len(rows), path)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT, help="repository root to write into")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--train", type=int, default=1500, help="generated training reviews")
    parser.add_argument("--heldout", type=int, default=340, help="generated held-out reviews (plus hand-written)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    # Two generators from two seeds: the eval draw never depends on how many training rows were drawn.
    train_rng, eval_rng = random.Random(args.seed), random.Random(args.seed + 1)
    train = unique([train_review(train_rng) for _ in range(args.train)] + catalog_rows(ROOT / "knowledge"))
    held = unique(hand_written_rows() + [eval_review(eval_rng) for _ in range(args.heldout)])
    held = drop_near_copies(held, train)
    write_jsonl(args.out / "knowledge/training/extract.jsonl", train)
    write_jsonl(args.out / "evals/datasets/extract_heldout.jsonl", held)


if __name__ == "__main__":
    main()
