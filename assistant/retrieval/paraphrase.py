"""Shoppers' words for what policies and legal terms say in their own: "quit" is "terminate", "ran out" is
"expired", "money back" is a "refund". MiniLM bridges some of these; BM25 bridges none, so the lexical half of the
policy search also looks for the formal words (issue 11: "resell" vs "commercial trade").

The list is of everyday words and the register shift any terms page makes, not of any one document's phrases; it
only adds words to the query, so a shopper's own word still counts as typed. The lexical half always reads them; the
dense half only where no trained query adapter serves (raw MiniLM over long terms pages: `PolicyRetriever._vectors`).
"""

from __future__ import annotations

import re

FORMAL: dict[str, str] = {
    # leaving, ending
    "quit": "terminate close account", "leave": "terminate close", "unsubscribe": "terminate opt out",
    "stop using": "terminate close", "delete my account": "close terminate account",
    # money back
    "money back": "refund reimburse", "pay back": "refund reimburse", "paid back": "refund reimburse",
    "get back": "refund reimburse", "give back": "refund reimburse", "refunded": "refund reimburse",
    "reimbursed": "refund reimburse", "who pays": "cost bear fee",
    "take a cut": "fee charge", "commission": "fee", "costs anything": "fee charge free",
    "cost anything": "fee charge free", "surcharge": "fee charge",
    # ending by time
    "ran out": "expire expiry", "run out": "expire expiry", "runs out": "expire expiry", "lapse": "expire",
    "disappear": "expire forfeit", "vanish": "expire forfeit", "go away": "expire",
    "use it or lose it": "expire", "lose": "forfeit expire", "good for": "valid expire",
    "still valid": "expire valid", "forgot to use": "expire redeem", "forget to use": "expire redeem",
    "before the date": "expire expiry",
    # using part of it
    "the rest": "remaining difference partially", "leftover": "remaining difference partially",
    "left over": "remaining difference partially",
    # arriving, appearing
    "show up": "credited appear", "shows up": "credited appear", "showed up": "arrived delivered",
    "turned up": "arrived delivered", "hit my account": "credited",
    "land": "credited delivered", "arrive": "delivered delivery",
    # selling on, passing on
    "resell": "commercial trade sell transfer", "sell it": "commercial trade transfer", "flip": "commercial trade",
    "give it to": "transfer", "friend": "person transfer third party", "someone else": "transfer third party person",
    "share": "transfer person",
    # trouble
    "broken": "damaged defective", "broke": "damaged defective", "smashed": "damaged", "cracked": "damaged",
    "busted": "damaged defective", "chewed": "damage damaged", "ripped": "damage damaged", "torn": "damage damaged",
    "scratched": "damage damaged", "dented": "damage damaged", "faulty": "defective", "fix": "repair", "scam": "fraud", "scammed": "fraud",
    "hacked": "unauthorised unauthorized fraud", "stolen": "unauthorised unauthorized fraud",
    "without permission": "unauthorised unauthorized", "without my permission": "unauthorised unauthorized",
    # a parcel that never came is one "you cannot find" that "has not turned up" (the store's lost-package rule)
    "never came": "not received cannot find", "never arrived": "not received cannot find",
    "didnt arrive": "not received cannot find", "didn't arrive": "not received cannot find",
    "hasnt arrived": "not received cannot find", "hasn't arrived": "not received cannot find",
    "never showed up": "not received cannot find", "never got": "not received cannot find",
    # ... as the agent writes the shopper's "hasnt" out (`agent/policy_asks.policy_words`)
    "not arrived": "not received cannot find", "did not arrive": "not received cannot find",
    "not come": "not received cannot find", "not here yet": "not received cannot find",
    "not as described": "significantly described", "fake": "counterfeit",
    "sue": "courts claim law", "lawsuit": "courts claim", "complain": "complaint",
    "the most": "maximum limit liability",
    "max": "maximum limit", "at most": "maximum limit liability", "cap": "maximum limit",
    # people (the legal register's words for them, not a list of relatives: "someone else" is a third party)
    "kid": "minor under 18 parent guardian", "teen": "minor under 18", "teenager": "minor under 18",
    "year old": "age under 18", "yr old": "age under 18", "yrs old": "age under 18", "underage": "minor under 18",
    # changing one's mind, not liking it (the register: "you didn't want it", "did not meet your expectations")
    "don't like it": "not want expectations", "dont like it": "not want expectations",
    "do not like it": "not want expectations", "didn't like it": "not want expectations",
    "change my mind": "cancel withdraw", "changed my mind": "cancel withdraw", "back out": "cancel withdraw",
    "swap": "exchange", "switch": "exchange change", "whenever": "any time", "anytime": "any time",
    "opened": "unsealed opened", "open": "unsealed", "info": "information data", "my data": "personal data information",
    "coupon": "voucher code", "deal": "voucher offer",
    # being new ("is there a discount for new customers", "any newbie discount": the store's "first order")
    "new customer": "first order welcome", "new customers": "first order welcome", "newbie": "first order welcome",
    "first purchase": "first order welcome", "first time buyer": "first order welcome",
    # not using, putting together, how many (issue 11's stranger-written terms questions, and paraphrases of ours)
    "havent used": "inactive", "haven't used": "inactive", "not used": "inactive", "havent touched": "inactive",
    "haven't touched": "inactive", "dont use": "inactive", "don't use": "inactive",
    "put together": "pooled combined", "together": "pooled combined", "combine": "pooled combined", "pool": "pooled combined",
    "merge": "pooled combined", "that many": "quantities quantity", "in bulk": "quantities quantity",
    "bulk": "quantities quantity", "postage": "shipping delivery", "heads up": "notice advance",
    "warning": "notice", "took ages": "delay late", "closed down": "cease cannot provide",
    "shut down": "cease terminate close", "out of business": "cease cannot provide", "hand over": "transfer assign",
    "stop the service": "terminate cease",
    # having used it (a return asks what condition it is in: "unworn, unwashed", "Cookware that has been heated")
    "wore": "worn unworn condition", "worn it": "unworn condition", "wore it": "unworn condition",
    "used it": "unused condition", "used them": "unused condition", "used once": "unused condition",
    "use it one time": "unused condition", "wear it one time": "unworn condition", "wore it one time": "unworn condition",
    "wear them": "unworn condition", "wear it": "unworn condition", "try it on": "unworn tried on",
    "try them on": "unworn tried on", "around the house": "indoors", "inside the house": "indoors",
    "cooked": "heated unused", "cook with": "heated unused", "cooked in": "heated unused",
    "washed it": "washed unwashed condition", "washed them": "washed unwashed condition",
    # seeing the money again, a price that fell ("how long until I see the money", "now it's $40 cheaper on your site")
    "see the money": "refund credited", "see my money": "refund credited", "money come back": "refund credited",
    "money comes back": "refund credited", "money to come back": "refund credited", "get my money": "refund",
    "cheaper on": "price drops", "went on sale": "price drops", "goes on sale": "price drops",
    "went down in price": "price drops", "price went down": "price drops", "cut the price": "price drops",
    "dropped the price": "price drops", "lowered the price": "price drops",
    # a replacement in everyday words ("do u fix it or just send a new one")
    "send a new one": "replacement replace", "ship a new one": "replacement replace",
    "send another one": "replacement replace", "ship another one": "replacement replace",
    "get a new one": "replacement replace",
    # the everyday words for the store's acts ("how do i send something back", "how do i spend my points", "wheres
    # my package", "do you have express shipping")
    "send it back": "return", "send them back": "return", "send something back": "return", "send back": "return",
    "mail it back": "return", "ship it back": "return", "spend my points": "redeem certificate",
    "spend points": "redeem certificate", "use my points": "redeem certificate", "use points": "redeem certificate",
    "cash in": "redeem", "wheres my": "tracking", "where's my": "tracking", "where is my": "tracking",
    "express": "expedited overnight",
    # money in words ("points per dollar": "1 point for every $1")
    "per dollar": "every $1", "each dollar": "every $1", "a dollar": "$1", "one dollar": "$1",
}
_PATTERN = re.compile(r"\b(" + "|".join(sorted(map(re.escape, FORMAL), key=len, reverse=True)) + r")\b", re.I)


def formal_words(text: str) -> str:
    """The formal words for the everyday ones in `text`, space-separated ("" when there are none)."""
    return " ".join(dict.fromkeys(FORMAL[m.group(1).lower()] for m in _PATTERN.finditer(text)))


def bridged(text: str) -> set[str]:
    """The words of `text` that have a formal counterpart here ("smashed", "swap"): for a store whose pages use the
    formal word, they are not topics the policies are silent on."""
    return {w for m in _PATTERN.finditer(text) for w in m.group(1).lower().split()}
