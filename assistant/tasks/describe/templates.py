"""Templates: sentences with their values replaced by typed slots, filled again for another product."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.knowledge import Ontology
from assistant.tasks.describe.mentions import find_mentions, input_values
from assistant.tasks.describe.slots import Product, slot_attributes


@dataclass
class Template:
    text: str  # with {slot} placeholders
    role: str  # hook | body | close
    slots: list[str]
    example: int  # the training example it came from
    position: float  # 0 = first sentence, 1 = last
    typicality: float = 0.0  # mean edit distance to the other ways the store says the same thing; lower = more usual

    @property
    def signature(self) -> str:
        """What the sentence says: the attributes (and features) it mentions."""
        return signature(self.slots)


def signature(slots) -> str:
    slots = set(slots)
    return "+".join(sorted(slot_attributes(slots) | ({"features"} if "features" in slots else set())))


def delexicalize(text: str, p: Product, ontology: Ontology) -> str:
    """Replace what came from the input (title, brand, features, sizes, values, noun) with typed slots.

    A size named outside the rendered size list becomes `{?size}`: that sentence cannot be reused.
    """
    spans: list[tuple[int, int, str]] = []

    def claim(start: int, end: int, slot: str) -> None:
        if all(end <= s or start >= e for s, e, _ in spans):
            spans.append((start, end, slot))

    for slot in sorted(("title", "brand", "features", "sizes", *[s for s in p.slots if s.startswith("feature")]),
                       key=lambda s: -len(p.slots.get(s, ""))):
        if p.slots.get(slot):
            for m in re.finditer(re.escape(p.slots[slot]), text, re.I):
                claim(m.start(), m.end(), slot)
    # The head noun before values: a "Night Cream" is a cream, whatever its color.
    for m in re.finditer(rf"(?<![\w-]){re.escape(p.noun)}(?![\w-])", text, re.I):
        claim(m.start(), m.end(), "noun")
    values = input_values(p.item, ontology)
    for m in find_mentions(text, ontology):
        if m.attribute == "size":
            claim(m.start, m.end, "?size")
        elif m.value in values.get(m.attribute, []):
            claim(m.start, m.end, m.attribute)
    out, pos = [], 0
    for start, end, slot in sorted(spans):
        out += [text[pos:start].replace("{", "(").replace("}", ")"), "{" + slot + "}"]
        pos = end
    out.append(text[pos:].replace("{", "(").replace("}", ")"))
    return "".join(out)


def _article(word: str) -> str:
    w = word.lower()
    if re.match(r"(?:[xmlsfhnr](?:[^a-z]|$)|x[sl])", w):  # letters said with a vowel: "an XL", "an M"
        return "an"
    if re.match(r"(?:uni|use|usu|one|eu|ye)", w):
        return "a"
    return "an" if w[:1] in "aeiou" else "a"


def fill(template: str, slots: dict[str, str]) -> str:
    """Fill every slot, fix 'a'/'an' before a filled value, capitalize the sentence."""
    def sub(m: re.Match) -> str:
        value = slots[m.group(2)]
        if not m.group(1):
            return value
        art = _article(value)
        return (art.capitalize() if m.group(1)[0].isupper() else art) + " " + value

    text = re.sub(r"(?:(?<![\w'’-])([Aa]n?) )?\{([a-z0-9_]+)\}", sub, template)
    return text[:1].upper() + text[1:]


def fillable(t: Template, p: Product) -> bool:
    return all(s in p.slots for s in t.slots)


# A last resort when no learned sentence mentions an attribute: plain, and free of ontology words of its own.
FALLBACK = {
    "color": "The color is {color}.", "material": "It is made of {material}.",
    "pattern": "The pattern is {pattern}.", "silhouette": "The cut is {silhouette}.",
    "occasion": "It was made with {occasion} plans in mind.", "season": "Think of it as a {season} pick.",
    "style": "The look is {style}.", "gender": "It is cut as a {gender} style.",
    "size": "Available in {sizes}.", "features": "The details: {features}.",
}
