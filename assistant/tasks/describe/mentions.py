"""Which ontology values a text states: coverage of the input's attributes, and hallucinated values."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.knowledge import Ontology
from assistant.tasks.describe.schema import DescribeInput, KEY_ATTRIBUTES, SENTENCE_END, SIZE_CODE


@dataclass
class Mention:
    start: int
    end: int
    form: str
    attribute: str
    value: str


TOKEN = re.compile(r"[A-Za-z0-9%/]+(?:['’-][A-Za-z0-9%/]*)*")


@dataclass
class _Lexicon:
    forms: dict[str, tuple[str, str]]  # lower-case form, tokens joined by one space -> (attribute, value)
    codes: dict[str, tuple[str, str]]  # size codes as printed: "XS", "M", "9"
    longest: int


def _lexicon(ontology: Ontology) -> _Lexicon:
    """Surface forms keyed by their tokens; built once per ontology and kept on it."""
    cached = ontology.__dict__.get("_describe_lexicon")
    if cached:
        return cached
    forms, codes = {}, {}
    for form, av in ontology.lexicon.items():
        if av[0] == "size" and SIZE_CODE.match(form.upper()):
            codes[form.upper()] = av
        else:
            forms[" ".join(TOKEN.findall(form.lower().replace("’", "'")))] = av
    lex = _Lexicon(forms, codes, max(len(f.split()) for f in forms) if forms else 1)
    ontology.__dict__["_describe_lexicon"] = lex
    return lex


def find_mentions(text: str, ontology: Ontology) -> list[Mention]:
    """Every ontology surface form in `text`, longest first, with the value it names.

    Words are whole tokens: "multi-purpose" is not "multi", "it's" holds no size S. Size codes count only as
    printed on labels (upper case: "M", not "m"), and numeric sizes only in a sentence that says "size":
    "12 cups" is not a shoe size.
    """
    lex = _lexicon(ontology)
    out: list[Mention] = []
    for sent_start, sentence in _sentences_with_offsets(text):
        tokens = [(m.start() + sent_start, m.end() + sent_start, m.group(0)) for m in TOKEN.finditer(sentence)]
        low = [t[2].lower().replace("’", "'") for t in tokens]
        has_size_word = any(w in ("size", "sizes") for w in low)
        k = 0
        while k < len(tokens):
            for n in range(min(lex.longest, len(tokens) - k), 0, -1):
                hit = lex.forms.get(" ".join(low[k:k + n]))
                if hit:
                    start, end = tokens[k][0], tokens[k + n - 1][1]
                    out.append(Mention(start, end, text[start:end], *hit))
                    k += n
                    break
            else:
                word = tokens[k][2]
                if word in lex.codes and (not word.isdigit() or has_size_word):
                    out.append(Mention(tokens[k][0], tokens[k][1], word, *lex.codes[word]))
                k += 1
    return out


def _sentences_with_offsets(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for part in SENTENCE_END.split(text):
        start = text.index(part, pos)
        out.append((start, part))
        pos = start + len(part)
    return out


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text.strip()) if s.strip()]


def input_values(item: DescribeInput, ontology: Ontology) -> dict[str, list[str]]:
    """The input's attributes as canonical values (a synonym given as a value is mapped to its canonical form)."""
    out: dict[str, list[str]] = {}
    for attr, raw in item.attributes.items():
        values = raw if isinstance(raw, list) else [raw]
        canon = []
        for v in values:
            v = str(v).strip()
            hit = ontology.lexicon.get(v.lower())
            canon.append(hit[1] if hit and hit[0] == attr else v)
        if canon:
            out[attr] = canon
    return out


def _allowed(item: DescribeInput, ontology: Ontology) -> set[tuple[str, str]]:
    """(attribute, value) pairs the input states: its attributes, and any value its own words name."""
    pairs = {(a, v) for a, vs in input_values(item, ontology).items() for v in vs}
    own_text = " . ".join([item.title, item.brand, *item.features])
    return pairs | {(m.attribute, m.value) for m in find_mentions(own_text, ontology)}


NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,/]\d+)*")


def foreign_numbers(text: str, item: DescribeInput, ontology: Ontology) -> list[str]:
    """Numbers in `text` that the input never states ("a 12-cup carafe" for a product with no 12 in it).

    A number inside an ontology form ("18/8 steel" is stainless steel) is that value's, judged as a value."""
    own = [item.title, item.brand, *item.features,
           *(v for raw in item.attributes.values() for v in (raw if isinstance(raw, list) else [raw]))]
    known = {n for part in own for n in NUMBER.findall(str(part))}
    spans = [(m.start, m.end) for m in find_mentions(text, ontology)]
    return [m.group(0) for m in NUMBER.finditer(text)
            if m.group(0) not in known and not any(s <= m.start() < e for s, e in spans)]


def hallucinated_values(text: str, item: DescribeInput, ontology: Ontology,
                        allowed: set[tuple[str, str]] | None = None) -> list[str]:
    """What `text` states that the input does not: attribute values as 'form (attr: value)', numbers as
    '12 (number)'."""
    allowed = _allowed(item, ontology) if allowed is None else allowed
    return [f"{m.form} ({m.attribute}: {m.value})" for m in find_mentions(text, ontology)
            if (m.attribute, m.value) not in allowed] + [f"{n} (number)" for n in foreign_numbers(text, item, ontology)]


def key_values(item: DescribeInput, ontology: Ontology) -> list[tuple[str, str]]:
    """The (attribute, value) pairs a description must mention."""
    values = input_values(item, ontology)
    return [(a, v) for a in KEY_ATTRIBUTES for v in values.get(a, [])]


def coverage_of(text: str, item: DescribeInput, ontology: Ontology) -> float:
    keys = key_values(item, ontology)
    if not keys:
        return 1.0
    said = {(m.attribute, m.value) for m in find_mentions(text, ontology)}
    return sum(k in said for k in keys) / len(keys)
