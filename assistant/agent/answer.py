"""Writing a policy answer from retrieved sections: extractive offline, or by an LLM when one is configured."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Callable, Protocol

from assistant.agent import prompts
from assistant.retrieval.clauses import unquote
from assistant.retrieval.paraphrase import formal_words
from assistant.retrieval.search import SectionHit
from assistant.retrieval.stopwords import OVERLAP_STOP as STOP
from assistant.knowledge import GENERIC_STORE, Unit, singular, units
from assistant.models.providers import Deadline, within
from assistant.schemas import Citation

log = logging.getLogger(__name__)

CITATION = re.compile(r"\[([A-Za-z0-9_.\-]+\.(?:md|txt)#[a-z0-9\-]+)\]")
WORD = re.compile(r"[a-z0-9$%]+")
# Sections scoring within this of the best one are candidates too (the LLM writer reads them all).
SECOND_SECTION_MARGIN = 0.06
LLM_DOWN = "(The assistant's language model did not answer in time; this answer is quoted from our policies.)"
PART_NOT_FOUND = "I couldn't find anything in our policies about \"{part}\"."


class Writer(Protocol):
    name: str

    def write(self, question: str, hits: list[SectionHit], emit: Callable[[str], None]) -> tuple[str, list[Citation]]:
        ...


def _stem(word: str) -> str:
    # The singular first: "kettles" and "kettle" must meet (cutting "es" gave "kettl" and "kettle").
    word = singular(word)
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    # "charge", "charged" and "charging" meet at "charg"
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def _terms(text: str) -> set[str]:
    return set(_term_list(text))


def _term_list(text: str) -> list[str]:
    return [_stem(w) for w in WORD.findall(text.lower()) if w not in STOP and (len(w) > 1 or w.isdigit())]


def _pairs(text: str) -> set[tuple[str, str]]:
    """Neighbouring words: "return shipping" is not "free shipping" for a question about return shipping. A
    hyphenated word is one ("pre-order" is not a phrase to match twice)."""
    t = [w if w not in STOP and (len(w) > 1 or w.isdigit()) else "" for w in
         re.findall(r"[a-z0-9$%]+(?:-[a-z0-9]+)*", text.lower())]
    # Next to each other as written: "paid with PayPal" is not the phrase "paid by PayPal" asks about
    return {(_stem(a), _stem(b)) for a, b in zip(t, t[1:]) if a and b}


def department_terms(taxonomy, ontology) -> dict[str, set[str]]:
    """A product word of the taxonomy -> the terms of its store department: policies speak of departments
    ("Footwear: 30 days"), shoppers of products ("shoes"). Words of more than one department are left out."""
    found: dict[str, set[str]] = {}
    for path in taxonomy.paths.values():
        dept = ontology.department_of(path)
        if dept is None:
            continue
        for word in _terms(path.rsplit(" > ", 1)[-1].split()[-1]):  # the leaf's head noun: "Shoes", "Clips"
            found.setdefault(word, set()).add(dept)
    return {word: _terms(depts.pop().replace("_", " ")) for word, depts in found.items() if len(depts) == 1}


def _expand(q: set[str], said: set[str], related: dict[str, set[str]] | None) -> set[str]:
    # A word the section uses itself ("one", "good") is matched as it is; a product word brings its department.
    return q | {t for word in q - said for t in (related or {}).get(word, ())}


# What a question asks for, and the words a unit that answers it holds.
ASKS = [
    (re.compile(r"\bhow (long|soon|fast)\b|^\s*(until )?when\b|\bwindow\b|\bdeadline\b|\bexpire|\bperiod\b", re.I),
     re.compile(r"\b\d[\d,.-]*\s*(business |calendar |working |banking )?"
                r"(day|days|week|weeks|month|months|year|years|hour|hours|minutes)\b|"
                r"\blifetime\b|\b(noon|p\.m\.|a\.m\.)", re.I)),
    (re.compile(r"\bhow much\b|\bcost|\bprice\b|\bfee\b|\bcharge|\bminimum\b|\bspend\b|\bthreshold|\bwho pays\b", re.I),
     re.compile(r"\$\s?\d|\bfree\b|%", re.I)),
    # "when do you charge me": an event answers as well as a date ("charged when they ship")
    (re.compile(r"^\s*when\b", re.I), re.compile(r"\b(when|once|as soon as|until)\b", re.I)),
    (re.compile(r"\bhow many\b|\bhow old\b|\bper dollar\b|\bper \$", re.I), re.compile(r"\d")),
]
ASK_WORDS = {"long", "soon", "fast", "many", "day", "week", "month", "year"}  # how a question asks for its number
ASKED = 2.0  # a unit holding the kind of number asked for ("how long" -> "15 days") answers before one that doesn't
UNIT_DENSE = 8.0  # weight of a unit's own cosine (MiniLM matched it) against shared words (1 each)
SECTION_DENSE = 1.0  # weight of its section's retrieval score
SECOND_UNIT = 0.85  # a second unit is quoted only when nearly as relevant as the first: no padding
OTHER_SECTION = 0.9  # ... and a second section only when its best unit is as relevant as that
RIVAL_MARGIN = 0.0
MIN_OVERLAP = 1.0  # shared words (or the asked-for number) a quoted unit needs
PHRASE = 1.0  # a pair of the question's words in the same order counts once more


# A sentence that cannot stand alone, continuing the one before it ("If it still has not turned up, contact us
# within 14 days"): quoted with it, since the first half of a procedure is not an answer.
CONTINUES = re.compile(r"^(?:if (?:it|they|this|that|the \w+) (?:still|then)|if not\b|otherwise\b|in that case\b|"
                       r"after (?:that|those|this)\b|then\b|until then\b|if (?:it|they) (?:has|have) not\b)", re.I)


REFUSAL = re.compile(r"\b(?:not|cannot|can't|won't|never|no longer|unable)\b", re.I)
INSTEAD_MARGIN = 0.03  # cosine a refusal's next sentence may be below it and still come with it


@dataclass
class _Scored:
    score: float
    lexical: float
    unit: Unit
    hit: SectionHit
    units: list[Unit]
    index: int
    label: str = ""  # the paragraph's bold lead-in ("Canada, the UK and the EU: Delivered Duty Paid (DDP).")


def _labels(hit: SectionHit, units_: list[Unit]) -> dict[int, int]:
    """Unit index -> the index of its paragraph's bold lead-in. A lead-in ("**Pre-orders.** Pre-order items ...")
    names what the paragraph is about: alone it answers nothing, and the paragraph's sentences mean it."""
    raw = " ".join(hit.text.split())
    out: dict[int, int] = {}
    for i, u in enumerate(units_):
        first = i == 0 or units_[i - 1].group != u.group
        if u.kind == "sentence" and first and f"**{u.text}**" in raw:
            out.update({j: i for j in range(i + 1, len(units_)) if units_[j].group == u.group})
    return out


def _covers(q_raw: set[str], named: set[str], row: set[str], related: dict[str, set[str]]) -> bool:
    """Whether a table row (with its columns) answers every word of the question, a product by its department."""
    asked = {w for w in q_raw if w in ASK_WORDS}
    return all(w in row or w in asked or (w in named and related[w] & row) for w in q_raw) \
        and any(related[w] & row for w in named)


def _score_units(clause: str, hits: list[SectionHit], related: dict[str, set[str]]) -> list[_Scored]:
    """Every unit of the clause's sections, scored by the terms it shares with the clause (numbers count more,
    a unit holding what the clause asks for more still), by its own cosine and by its section's."""
    clause = unquote(clause)
    # the formal words for the shopper's everyday ones count as asked: "quit" is answered by "terminate"
    q_raw = _terms(clause) | _terms(formal_words(clause))
    q_pairs = _pairs(clause)
    wants = [found for asks, found in ASKS if asks.search(clause)]
    out = []
    for hit in hits:
        units_ = units(hit.text)
        terms = [_terms(u.text) for u in units_]
        columns: list[set[str]] = []  # a row means what its columns say: "Footwear: 30 days" is a return window
        header: set[str] = set()
        for i, u in enumerate(units_):
            header = terms[i] if u.kind == "header" else header if u.kind == "row" else set()
            columns.append(header if u.kind == "row" else set())
        said = set().union(*terms) if terms else set()
        q = _expand(q_raw, said, related)
        named = {w for w in q_raw - said if w in related}  # products the section speaks of by department only
        labels = _labels(hit, units_)
        cosine = {int(i): c for i, c in hit.units}
        floor = min(cosine.values(), default=hit.score) - 0.05  # not among the nearest vectors
        # A section titled like the question ("Accepted payment methods") answers in its opening ("We accept:").
        titled = len(q & _terms(hit.section)) * 0.75
        if units_ and units_[0].kind == "intro":  # "Accepted payment methods" / "We accept:" and its list
            titled += PHRASE * len(q_pairs & _pairs(hit.section))
        for i, (u, t) in enumerate(zip(units_, terms)):
            if u.kind == "header" or i in labels.values():
                continue  # "Department: Warranty period" never answers, nor does a lead-in; their rows do
            shared = q & t
            lexical = len(shared) + 0.5 * sum(1 for w in shared if any(ch.isdigit() for ch in w))
            lexical += 0.5 * len((q & columns[i]) - shared)
            lexical += PHRASE * len(q_pairs & _pairs(u.text))
            if i in labels:  # "... Canada ...: Delivered Duty Paid (DDP)." says whom "You will not pay more" is for
                lexical += 0.5 * len((q & terms[labels[i]]) - shared)
            if wants and any(f.search(u.text) for f in wants):
                lexical += ASKED
            if named and u.kind == "row" and _covers(q_raw, named, t | columns[i], related):
                # "warranty on headphones": the electronics row says all that was asked; among rows that all
                # hold a number, the one for the product's department is the answer
                lexical += ASKED
            if i == 0:
                lexical += titled
            score = lexical + UNIT_DENSE * cosine.get(i, floor) + SECTION_DENSE * hit.score - 0.01 * i
            out.append(_Scored(score, lexical, u, hit, units_, i,
                               units_[labels[i]].text if i in labels else ""))
    return sorted(out, key=lambda s: -s.score)


def _with_list(best: _Scored) -> list[str]:
    """A list's intro brings its whole list ("we ship to:" and every country), an item its intro; a sentence
    brings its paragraph's lead-in and a next sentence that continues it."""
    u, us = best.unit, best.units
    if u.kind == "intro":
        items = [x.text for x in us[best.index + 1:] if x.kind == "item" and x.group == u.group + 1]
        return [u.text, *items] if items else [u.text]
    if u.kind == "item":
        intro = next((x for x in reversed(us[:best.index]) if x.kind == "intro" and x.group == u.group - 1), None)
        return [intro.text, u.text] if intro else [u.text]
    out = [best.label, u.text] if best.label else [u.text]
    after = us[best.index + 1] if best.index + 1 < len(us) else None
    if after is not None and after.group == u.group and (CONTINUES.match(after.text) or _instead(best, after)):
        out.append(after.text)
    return out


def _instead(best: _Scored, after: Unit) -> bool:
    """A refusal's next sentence, when MiniLM puts it as near the question: what the shopper can do instead ("the
    exchange option will not show it." + "You can sign up for a back-in-stock email ... or return the item")."""
    if not REFUSAL.search(best.unit.text):
        return False
    cosine = {int(i): c for i, c in best.hit.units}
    return best.index in cosine and cosine.get(best.index + 1, -1.0) >= cosine[best.index] - INSTEAD_MARGIN


def answer_clause(clause: str, hits: list[SectionHit],
                  related: dict[str, set[str]]) -> list[tuple[list[str], SectionHit]]:
    """The units that answer one question, grouped by section, best section first; empty when nothing shares
    enough with the question to be worth quoting."""
    scored = [s for s in _score_units(clause, hits, related) if s.lexical >= MIN_OVERLAP]
    if not scored:
        return []
    best = scored[0]
    picked = [best]
    second = next((s for s in scored[1:] if s.hit.id == best.hit.id and s.unit.text != best.unit.text), None)
    if second is not None and second.score >= SECOND_UNIT * best.score \
            and not (second.unit.kind == "row" and best.unit.kind == "row"):  # one row answers; its neighbours pad
        picked.append(second)
    other = next((s for s in scored[1:] if s.hit.id != best.hit.id), None)
    # A second section is quoted when its best unit is nearly as good, or when retrieval ranked that section
    # above the one whose unit won: where the two signals disagree, the shopper sees both.
    top = max(hits, key=lambda h: h.score)
    rival = next((s for s in scored if s.hit.id == top.id), None) if top.id != best.hit.id else None
    if other is not None and other.score >= OTHER_SECTION * best.score:
        picked.append(other)
    elif rival is not None and top.score >= best.hit.score + RIVAL_MARGIN:
        picked.append(rival)
    by_section: dict[str, tuple[list[str], SectionHit]] = {}
    for p in picked:  # the best first: it holds what was asked
        texts, _ = by_section.setdefault(p.hit.id, ([], p.hit))
        texts += [t for t in _with_list(p) if t not in texts]
    return list(by_section.values())


# A yes/no question ("does my gift card expire?", "can I return a gift card?") and the quoted rule's plain verdict
# on its verb: "never expire" -> "No."; "can be exchanged" -> "Yes.". A rule with a condition ("if", "unless",
# "only") gets no verdict: "Yes." to "can I return opened makeup?" would drop the condition that matters.
YES_NO = re.compile(r"^\s*(?:(?:hey|hi|so|ok|okay|and|but|also|um)[,\s]+)*(?:can|could|may|do|does|is|are|will)\b",
                    re.I)
# A limit is a condition too: "can I use 5 gift cards?" against "up to 3 per order" must not start with "Yes."
CONDITION = re.compile(r"\b(?:if|unless|only|except|provided|as long as|when|once|within|until|but|up to|at most|"
                       r"no more than|maximum|limit(?:ed)?)\b", re.I)
NEGATED = re.compile(r"\b(?:cannot|can't|can not|could not|may not|do not|does not|don't|doesn't|are not|is not|"
                     r"isn't|aren't|will not|won't|never|no longer)\s+(?:be\s+)?(\w+)", re.I)
ALLOWED = re.compile(r"\b(?:you|we|they|it|items?|orders?)\s+(?:can|may)\s+(?:be\s+)?(\w+)|"
                     r"\bcan\s+be\s+(\w+)", re.I)


def verdict(clause: str, quoted: str) -> str:
    """"Yes." or "No." when a yes/no question's verb is plainly allowed or refused by the quoted rule, else ""."""
    if not YES_NO.match(clause) or CONDITION.search(quoted):
        return ""
    asked = _terms(clause)
    if any(_stem(m.group(1).lower()) in asked for m in NEGATED.finditer(quoted)):
        return "No."
    if any(_stem((m.group(1) or m.group(2)).lower()) in asked for m in ALLOWED.finditer(quoted)):
        return "Yes."
    return ""


def _sentence(text: str) -> str:
    return text if text[-1] in ".!?:;" else f"{text}."  # "." after a table row


def chosen_sections(hits: list[SectionHit], min_score: float) -> list[SectionHit]:
    if not hits or hits[0].score < min_score:
        return []
    top = hits[0].score
    return [h for h in hits[:3] if h.score >= max(min_score, top - SECOND_SECTION_MARGIN)]


def to_citation(hit: SectionHit) -> Citation:
    return Citation(id=hit.id, source=hit.source, section=hit.section, text=hit.text)


def clauses_of(question: str, hits: list[SectionHit]) -> list[tuple[str, list[SectionHit]]]:
    """Each question the retriever searched for, with the sections it found for it (the whole question and all
    sections when the hits carry no questions, as an older index's or a test's do)."""
    order: dict[str, list[SectionHit]] = {}
    for h in hits:
        for c in h.clauses or [question]:
            order.setdefault(c, []).append(h)
    return list(order.items()) or [(question, hits)]


class ExtractiveWriter:
    """Offline: for each question in the message, quotes the units that answer it (a sentence, a table row, a
    whole list), each cited; the unit holding the number a question asks for comes first."""

    name = "extractive"

    def __init__(self, min_score: float, related: dict[str, set[str]] | None = None):
        self.min_score = min_score
        self.related = related or {}

    def write(self, question, hits, emit):
        if not chosen_sections(hits, self.min_score):
            emit(prompts.DONT_KNOW)
            return prompts.DONT_KNOW, []
        # One paragraph per section, in the order first quoted: two questions answered by the same passage ("how
        # long does shipping to Alaska take, and how much") read as one answer, not the same citation twice.
        paragraphs: dict[str, list[str]] = {}
        cited, quoted = {}, set()
        for clause, found in clauses_of(question, hits):
            usable = [h for h in found if h.score >= self.min_score]
            got = answer_clause(clause, usable, self.related) if usable else []
            if not got:
                paragraphs[f"?{clause}"] = [PART_NOT_FOUND.format(part=clause)]
                continue
            say = verdict(clause, got[0][0][0])
            for texts, hit in got:
                new = [_sentence(t) for t in texts if t not in quoted]
                quoted.update(texts)
                cited.setdefault(hit.id, hit)
                if new:  # a verdict leads its own paragraph only ("No." mid-paragraph would answer nothing)
                    lead = [say] if say and hit.id not in paragraphs else []
                    paragraphs.setdefault(hit.id, []).extend([*lead, *new])
                    say = ""
        if not cited:
            emit(prompts.DONT_KNOW)
            return prompts.DONT_KNOW, []
        text = "\n\n".join(" ".join(p) + ("" if k.startswith("?") else f" [{k}]") for k, p in paragraphs.items())
        emit(text)
        return text, [to_citation(h) for h in cited.values()]


class LLMWriter:
    """An OpenAI-compatible model writes from the same sections; citations outside them are dropped.

    The model has `timeout` seconds in all, retries included. When it fails (rate limit, server error, no
    answer, a stream that stalls or breaks, malformed or empty output) the offline writer answers, after a
    one-line notice; the provider's error text goes to the log, never to the shopper. A stream that stalls
    after some words is dropped whole: the answer ends with the quoted one, and the chat's final message
    replaces what was streamed, so half a sentence never stays."""

    name = "llm"

    def __init__(self, client, model: str, min_score: float, timeout: float = 15.0,
                 fallback: Writer | None = None, store: str = GENERIC_STORE):
        self.client, self.model, self.min_score, self.timeout = client, model, min_score, timeout
        self.fallback, self.store = fallback or ExtractiveWriter(min_score), store

    def write(self, question, hits, emit):
        chosen = [h for h in hits if h.score >= self.min_score]
        if not chosen:
            emit(prompts.DONT_KNOW)
            return prompts.DONT_KNOW, []
        streamed: list[str] = []
        try:
            text = self._stream(question, chosen, Deadline(self.timeout), lambda t: (streamed.append(t), emit(t)))
        except Exception as e:  # noqa: BLE001 - any SDK, network or parsing failure: the offline writer answers
            log.warning("the LLM answer writer failed (%s: %s); quoting the policies instead", type(e).__name__, e)
            text = ""
        allowed = {h.id: h for h in chosen}
        text = CITATION.sub(lambda m: m.group(0) if m.group(1) in allowed else "", text).strip()
        if not text:
            return self._fall_back(question, hits, emit, after_text=bool(streamed))
        cited = [allowed[i] for i in dict.fromkeys(CITATION.findall(text))]
        return text, [to_citation(h) for h in cited]

    def _stream(self, question: str, chosen: list[SectionHit], deadline: Deadline, emit) -> str:
        context = "\n\n".join(f"[{h.id}] {h.page_title}: {h.section}\n{h.text}" for h in chosen)
        messages = [{"role": "system", "content": prompts.POLICY_SYSTEM.format(store=self.store)},
                    {"role": "user", "content": f"Policy sections:\n\n{context}\n\nQuestion: {question}"}]
        stream = within(self.client, deadline, lambda c: c.chat.completions.create(
            model=self.model, temperature=0, stream=True, messages=messages))
        pieces = []
        try:
            for chunk in stream:  # each read waits at most the time left (the client's timeout)
                if deadline.passed():
                    raise TimeoutError(f"the stream was still going after {deadline.seconds:g} s")
                delta = chunk.choices[0].delta.content if chunk.choices else None
                if delta:
                    pieces.append(delta)
                    emit(delta)
        finally:
            stream.close()  # a stream given up on must not keep the connection
        return "".join(pieces)

    def _fall_back(self, question, hits, emit, after_text: bool):
        emit(("\n\n" if after_text else "") + LLM_DOWN + "\n\n")
        text, citations = self.fallback.write(question, hits, emit)
        return f"{LLM_DOWN}\n\n{text}", citations
