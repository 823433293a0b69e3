"""The words a question and a policy unit share: stems, neighbouring pairs, what a question asks for."""

from __future__ import annotations

import functools
import re

from pathlib import Path

from assistant.knowledge import read_jsonl, singular
from assistant.retrieval.departments import Departments
from assistant.retrieval.stopwords import OVERLAP_STOP as STOP
from assistant.schemas import Product

WORD = re.compile(r"[a-z0-9$%]+")
CATALOG = "catalog/products.jsonl"  # in the knowledge folder
# Where a product title's name ends: its colour or variant after a comma, a dash, "in", "for", "with", a bracket.
TITLE_TAIL = re.compile(r",|\s[-–]\s|\s(?:in|for|with)\s|\(", re.I)
COUNTS = {"pack", "pair", "set", "inch", "quart", "duo", "trio", "piece", "kit", "bundle", "count"}
SIZE = re.compile(r"\d[\d.,/]*\s*(?:ml|oz|g|kg|l|cm|mm|in|ft|pack|pc|pcs|x)?\b", re.I)

# An instruction: an imperative opening the sentence (after "To do this," or "Please"), a menu path, an address.
# "...; reply STOP to any text": an imperative after a semicolon is one too.
INSTRUCTION = re.compile(r"(?:^|;\s*)(?:to [^,]{3,60},\s*|please\s+)?(?:go|use|sign|email|call|contact|choose|select|"
                         r"click|tap|visit|open|enter|fill|start|send|write|pack|print|drop|describe|upload|log|reply|"
                         r"text)\b|\s>\s|\S@\S", re.I)

# What a question asks for, and the words a unit that answers it holds.
ASKS = [
    # "if i cancel when do i get my money back": "when" after an if-clause asks it too
    (re.compile(r"\bhow (long|soon|fast)\b|^\s*(until )?when\b|\bwindow\b|\bdeadline\b|\bexpire|\bperiod\b|"
                r"^\s*if\b[^,?]*?,?\s*when (?:do|will|would|can) (?:i|we) ", re.I),
     re.compile(r"\b\d[\d,.-]*\)?\s*(business |calendar |working |banking )?"
                r"(day|days|week|weeks|month|months|year|years|hour|hours|minutes)\b|"
                r"\blifetime\b|\b(noon|p\.m\.|a\.m\.)", re.I)),
    (re.compile(r"\bhow much\b|\bcost|\bprice\b|\bfee\b|\bcharge|\bminimum\b|\bspend\b|\bthreshold|\bwho pays\b", re.I),
     re.compile(r"\$\s?\d|\bfree\b|%", re.I)),
    # "when do you charge me": an event answers as well as a date ("charged when they ship")
    (re.compile(r"^\s*when\b", re.I), re.compile(r"\b(when|once|as soon as|until)\b", re.I)),
    (re.compile(r"\bhow many\b|\bhow old\b|\bper dollar\b|\bper \$", re.I), re.compile(r"\d")),
    # "do i pay shipping on the new pair", "will i have to pay duties": what it costs, or that it costs nothing ("at no
    # charge", "You will not be asked to pay anything more", "Our prices do not include import duties")
    (re.compile(r"\b(?:do|does|did|will|would|should|must) (?:i|we|you|they) (?:still |also )?(?:have to |need to )?"
                r"pay\b|\bpay (?:extra|anything|more)\b|\bfor free\b", re.I),
     re.compile(r"\$\s?\d|\bfree\b|%|\bno (?:charge|cost|fee)\b|\bnot (?:be )?(?:asked to |required to )?pay\b|"
                r"\bdo(?:es)? not include\b|\byour responsibility\b", re.I)),
    # "how do i get my account deleted": the way to do it, an instruction ("To make a request, use Account > Privacy
    # Requests or email ..."), not a sentence about what deleting does
    (re.compile(r"\bhow (?:do|can|would|should) (?:i|we)\b|\bhow to\b|\bwhere do i\b", re.I), INSTRUCTION),
]
ASK_WORDS = {"long", "soon", "fast", "many", "day", "week", "month", "year"}  # how a question asks for its number


# Forms a suffix cut does not bring together, and the conditions the policies state ("unworn", "unused") with the
# acts shoppers tell ("i wore them outside once", "used it one time"): the rule about the condition answers them.
WORD_FORMS = {"wore": "wear", "worn": "wear", "unworn": "wear", "used": "use", "using": "use", "unused": "use",
              "unopened": "open", "unwashed": "wash", "unaltered": "alter"}


# Who does a verb. "can i cancel my order" asks what the shopper may do; "We may cancel an order ..." says what the
# store does with the same verb, and "you can cancel" what the shopper may. Read by the quote's ranking
# (`agree.shoppers_act`) and the yes/no verdict (`agent/answer.verdict`).
ASKED_OF = re.compile(r"\b(?:can|could|may|do|does|will|how|if)\s+(i|we|you|u)\s+(?:still\s+|just\s+|even\s+)?"
                      r"([a-z]+)", re.I)  # "if i cancel, when do i get my money back": what the shopper does
# the words between a doer and its verb: "we may not be able to", "you can also"
BETWEEN = {"may", "might", "will", "can", "could", "also", "sometimes", "not", "cannot", "can't", "do", "does", "don't",
           "doesn't", "never", "no", "longer", "be", "able", "to", "won't", "must", "should", "would", "still", "only",
           "usually", "always", "just"}


def asked_of(clause: str) -> tuple[str, str] | None:
    """("shopper" or "store", the verb's stem) of the first "can i ...", "do you ..." in a question, if any."""
    m = ASKED_OF.search(clause)
    if m is None:
        return None
    return ("shopper" if m.group(1).lower() in ("i", "we") else "store"), stem(m.group(2).lower())


def doer(text: str, at: int) -> str | None:
    """"store" ("we") or "shopper" ("you") doing the verb starting at `at` in a rule, past the modals and negations
    before it ("We may cancel", "you cannot return"); None when the rule names neither."""
    for word in reversed(re.findall(r"[\w']+", text[:at])[-7:]):
        if word.lower() not in BETWEEN:
            return {"we": "store", "you": "shopper"}.get(word.lower())
    return None


@functools.lru_cache(maxsize=1 << 16)  # pure, and called about a thousand times per policy answer
def stem(word: str) -> str:
    if word in WORD_FORMS:
        return WORD_FORMS[word]
    # The singular first: "kettles" and "kettle" must meet (cutting "es" gave "kettl" and "kettle").
    word = singular(word)
    # "replacement" and "replace", "adjustment" and "adjust": the noun meets its verb
    if word.endswith("ment") and len(word) >= 9:
        word = word[:-4]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    # "charge", "charged" and "charging" meet at "charg"
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def terms(text: str) -> set[str]:
    return {stem(w) for w in WORD.findall(text.lower()) if w not in STOP and (len(w) > 1 or w.isdigit())}


def pairs(text: str) -> set[tuple[str, str]]:
    """Neighbouring words: "return shipping" is not "free shipping" for a question about return shipping. A
    hyphenated word is one ("pre-order" is not a phrase to match twice)."""
    t = [w if w not in STOP and (len(w) > 1 or w.isdigit()) else "" for w in
         re.findall(r"[a-z0-9$%]+(?:-[a-z0-9]+)*", text.lower())]
    # Next to each other as written: "paid with PayPal" is not the phrase "paid by PayPal" asks about
    return {(stem(a), stem(b)) for a, b in zip(t, t[1:]) if a and b}


class DepartmentTerms(dict):
    """A product word -> its department's terms, as a plain dict (what `features.py` and the trained selector read),
    with the catalog's product-type phrases: "sleeping bag" names sports & outdoors where "bag" names no department,
    and the phrases decide which row of a department table answers (`select.for_department`)."""

    departments: Departments | None = None


def department_terms(taxonomy, ontology, knowledge_dir: Path | None = None) -> DepartmentTerms:
    """A product word of the taxonomy (and, given the knowledge folder, of the catalog's product titles) -> the terms
    of its store department: policies speak of departments ("Footwear: 30 days"), shoppers of products ("shoes").
    Words of more than one department are left out. The titles' types name departments through `Departments` only
    ("a wireless mouse": the taxonomy says "Mice", the titles "Gaming Mouse"), which uses a title's head noun alone
    only where the policies use it for its department alone ("cover", "pack", "pair" of titles are ordinary words)."""
    leaves = [{"category": path.rsplit(" > ", 1)[-1], "department": dept}
              for c in sorted(taxonomy.leaves) if (dept := ontology.department_of(path := taxonomy.paths[c]))]
    types = leaves + (title_types(knowledge_dir / CATALOG, taxonomy, ontology) if knowledge_dir else [])
    found: dict[str, set[str]] = {}
    for path in taxonomy.paths.values():
        dept = ontology.department_of(path)
        if dept is None:
            continue
        for word in terms(path.rsplit(" > ", 1)[-1].split()[-1]):  # the leaf's head noun: "Shoes", "Clips"
            found.setdefault(word, set()).add(dept)
    out = DepartmentTerms({word: terms(depts.pop().replace("_", " ")) for word, depts in found.items()
                           if len(depts) == 1})
    out.departments = Departments.from_products(types)
    return out


def title_types(catalog: Path, taxonomy, ontology) -> list[dict]:
    """The product type each catalog title ends on, as a category name with its department: "Briar Gaming Mouse in Jet
    Black" -> "Gaming Mouse" (electronics), "Concealer 30 ml, Quill" -> "Concealer" (beauty). A missing or unreadable
    catalog gives none (it is checked where it is loaded)."""
    if not catalog.exists():
        return []
    out = []
    for _, product in read_jsonl(catalog, Product, []):
        dept = ontology.department_of(taxonomy.paths.get(product.category_id, ""))
        name = TITLE_TAIL.split(product.title)[0]
        words = [w for w in re.findall(r"[A-Za-z]+", SIZE.sub(" ", name)) if len(w) > 2]
        while words and words[-1].lower() in COUNTS:  # "Socks Pack", "Dumbbell Pair": the type is before it
            words.pop()
        if dept and words:
            out.append({"category": " ".join(words[-2:]), "department": dept})
    return out


def expand(q: set[str], said: set[str], related: dict[str, set[str]] | None) -> set[str]:
    # A word the section uses itself ("one", "good") is matched as it is; a product word brings its department.
    return q | {t for word in q - said for t in (related or {}).get(word, ())}
