"""A product resolved into the slot values a template fills: display names, sizes, the head noun."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.knowledge import Ontology, Taxonomy
from assistant.tasks.base import TaskContext
from assistant.tasks.describe.mentions import _allowed, input_values, key_values
from assistant.tasks.describe.schema import DISPLAY, DescribeInput, KEY_ATTRIBUTES


def join_and(items: list[str]) -> str:
    """US list style with the serial comma: 'a', 'a and b', 'a, b, and c'."""
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]


def display(attr: str, value: str) -> str:
    return DISPLAY.get((attr, value), value)


def render_sizes(sizes: list[str], ontology: Ontology) -> str:
    order = list(ontology.attributes["size"].values) if "size" in ontology.attributes else []
    ranked = sorted(sizes, key=lambda s: order.index(s) if s in order else len(order))
    if ranked == ["one size"]:
        return "one size"
    return "sizes " + join_and(ranked)


# Where a title stops naming the product and starts listing a variant: "Braiser in Mustard", "Wallet, Chestnut",
# "Kettle 1.7L - Stainless Steel, White", "Screen Protector (iPad 10th Gen)".
VARIANT_START = re.compile(r"\s+-\s+|,|\s\(|\s+(?:in|for|with)\s+(?=[A-Z])|\s\|\s")
PACK_END = re.compile(r"\s+(?:pair|set) of \d+(?: ?lbs?)?$", re.I)  # "Camp Mug Set of 2": a mug
# Trailing measures and packs ("16 oz", "5-Pack", "SPF 50+", "0.5 fl oz"): sizes of the product, not the product.
MEASURE = re.compile(r"^(?:.*\d.*|oz|fl|ml|l|lb|lbs|ft|mm|cm|inch|quart|qt|pack|spf|iphone|ipad|pixel|galaxy|pro|max|"
                     r"plus|mini|gen)$", re.I)
NOUN_WORD = re.compile(r"[a-z][a-z'’-]{2,}")


def head_noun(title: str, category_name: str) -> str:
    """What the product is called in running text: the last word of the title's product part, never a variant.

    "Driftwood Braiser in Mustard" is a braiser, not a mustard: the variant after " in ", " for ", " with ", a
    comma, a dash or a bracket is cut, then trailing measures and device names ("Mug, 16 oz", "Case iPhone 14");
    the category's word when nothing is left that names a thing. A trailing word that is also an attribute value
    stays: a "Night Cream" is a cream whatever its color, and the catalog writes colors after a separator.
    """
    core = PACK_END.sub("", VARIANT_START.split(title.strip(), maxsplit=1)[0]).strip()
    words = core.split()
    while words and MEASURE.match(words[-1]):
        words.pop()
    last = words[-1].lower() if words else ""
    if NOUN_WORD.fullmatch(last):
        return last
    word = re.split(r"\s*(?:&|,| and )\s*", category_name.lower())[0].split()[-1:] or ["piece"]
    return word[0][:-1] if word[0].endswith("s") and not word[0].endswith("ss") else word[0]


def is_plural(noun: str) -> bool:
    return noun.endswith("s") and not noun.endswith(("ss", "us", "is"))


@dataclass
class Product:
    """An input resolved against the taxonomy and ontology: what slots it can fill."""

    item: DescribeInput
    category_id: int | None
    department: str | None
    noun: str
    plural: bool
    slots: dict[str, str]  # slot name -> text
    keys: list[tuple[str, str]]
    allowed: set[tuple[str, str]]  # values a sentence may name


def resolve_category(category: str, taxonomy: Taxonomy) -> int | None:
    """A leaf id from an id, a leaf name or a full path (case-insensitive); None when unknown."""
    text = str(category).strip()
    if text.isdigit():
        return int(text) if int(text) in taxonomy.paths else None
    low = text.lower()
    for cid, path in taxonomy.paths.items():
        if path.lower() == low or taxonomy.name(cid).lower() == low:
            return cid
    return None


def resolve(item: DescribeInput, ctx: TaskContext) -> Product:
    cid = resolve_category(item.category, ctx.taxonomy)
    cat_name = ctx.taxonomy.name(cid) if cid is not None else item.category
    dept = ctx.ontology.department_of(ctx.taxonomy.paths[cid]) if cid is not None else None
    noun = head_noun(item.title, cat_name or "piece")
    values = input_values(item, ctx.ontology)
    slots = {"title": item.title.strip(), "noun": noun}
    if item.brand.strip():
        slots["brand"] = item.brand.strip()
    feats = [f.strip().rstrip(".") for f in item.features if f.strip()]
    if feats:
        slots["features"] = join_and(feats)
        slots.update({f"feature{i + 1}": f for i, f in enumerate(feats)})
    for attr, vs in values.items():
        if attr == "size":
            slots["sizes"] = render_sizes(vs, ctx.ontology)
        elif attr in ctx.ontology.attributes:
            slots[attr] = join_and([display(attr, v) for v in vs])
    return Product(item, cid, dept, noun, is_plural(noun), slots, key_values(item, ctx.ontology),
                   _allowed(item, ctx.ontology))


def slot_attributes(slots: frozenset[str] | set[str]) -> set[str]:
    """The key attributes a template's slots mention."""
    return {"size" if s == "sizes" else s for s in slots} & set(KEY_ATTRIBUTES)
