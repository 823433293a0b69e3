"""Writing a policy answer from retrieved sections: extractive offline, or by an LLM when one is configured."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Callable, Protocol

from assistant.agent import prompts
from assistant.knowledge import GENERIC_STORE
from assistant.models.providers import Deadline, within
from assistant.policy_pages import SENTENCE_END
from assistant.retrieval.clauses import DETERMINERS
from assistant.retrieval.lexical import said_in_one
from assistant.retrieval.search import SectionHit
from assistant.schemas import Citation
from assistant.tasks.quote.features import YES_NO
from assistant.tasks.quote.select import Selector, answer_clause, clauses_of
from assistant.tasks.quote.words import asked_of, department_terms, doer, stem, terms

__all__ = ["CITATION", "ExtractiveWriter", "LLMWriter", "Writer", "answer_clause", "department_terms", "merged",
           "verdict"]

log = logging.getLogger(__name__)

CITATION = re.compile(r"\[([A-Za-z0-9_.\-]+\.(?:md|txt)#[a-z0-9\-]+)\]")
# Sections scoring within this of the best one are candidates too (the LLM writer reads them all).
SECOND_SECTION_MARGIN = 0.06
LLM_DOWN = "(The assistant's language model did not answer in time; this answer is quoted from our policies.)"
PART_NOT_FOUND = "I couldn't find anything in our policies about \"{part}\"."


class Writer(Protocol):
    name: str

    def write(self, question: str, hits: list[SectionHit], emit: Callable[[str], None]) -> tuple[str, list[Citation]]:
        ...


# A yes/no question ("does my gift card expire?", "can I return a gift card?") and the quoted rule's plain verdict
# on its verb: "never expire" -> "No."; "can be exchanged" -> "Yes.". A rule with a condition ("if", "unless",
# "only") gets no verdict: "Yes." to "can I return opened makeup?" would drop the condition that matters.
# A limit is a condition too: "can I use 5 gift cards?" against "up to 3 per order" must not start with "Yes."
CONDITION = re.compile(r"\b(?:if|unless|only|except|provided|as long as|when|once|within|until|but|up to|at most|"
                       r"no more than|maximum|limit(?:ed)?|some|certain)\b", re.I)
NEGATED = re.compile(r"\b(?:cannot|can't|can not|could not|may not|do not|does not|don't|doesn't|are not|is not|"
                     r"isn't|aren't|will not|won't|never|no longer)\s+(?:be\s+)?(\w+)", re.I)
ALLOWED = re.compile(r"\b(?:you|we|they|it|items?|orders?)\s+(?:can|may)\s+(?:be\s+)?(\w+)|"
                     r"\bcan\s+be\s+(\w+)", re.I)


# No verdict either where the question is not a plain yes/no: a count the rule does not state ("can I use two promo
# codes?" against "one promo code per order" was answered "Yes."), a choice ("before or after my code?"), a question
# asked in the negative ("is it true that I can't add an item?": "No." would read both ways), or a word the rule
# uses as its verb that the question uses as a noun ("is your shipping carbon neutral?": "No. Oversized items cannot
# be shipped ...").
# How many, not a percentage or an amount ("my 15% code", "a $40 order").
COUNT = re.compile(r"(?<![$.,\d])\b(?:\d+(?![%.,\d])|one|two|three|four|five|six|seven|eight|nine|ten|several|"
                   r"multiple)\b", re.I)
# A refusal for one purpose ("It cannot be used to buy gift cards") is no verdict on a question about using it at
# all ("can i use afterpay?"): the purpose's words must be asked for the refusal to answer.
PURPOSE = re.compile(r"\s+(?:to|for)\s+(\w+(?:\s+\w+){0,3})", re.I)
CHOICE = re.compile(r"\b\w+\s+or\s+(?!not\b)\w+\b", re.I)
NOUN_AFTER = re.compile(rf"\b(?:{'|'.join(DETERMINERS)})\s+(\w+)", re.I)


def first_rule(texts: list[str]) -> str:
    """The first quoted text, with its first list item when it leads one in ("... can be used together with:")."""
    return " ".join(texts[:2]) if texts[0].rstrip().endswith(":") else texts[0]


def verdict(clause: str, quoted: str) -> str:
    """"Yes." or "No." when a yes/no question's verb is plainly allowed or refused by the quoted rule (the first
    quote, a list's lead-in with its first item), else ""."""
    if (not YES_NO.match(clause) or CONDITION.search(quoted) or CHOICE.search(clause)
            or NEGATED.search(clause) or not {w.lower() for w in COUNT.findall(clause)}
            <= {w.lower() for w in COUNT.findall(quoted)}):
        return ""
    asked = terms(clause) - {stem(w.lower()) for w in NOUN_AFTER.findall(clause)}
    if any(stem(m.group(1).lower()) in asked and _purpose_asked(quoted[m.end():], asked)
           and _same_actor(clause, quoted, m) for m in NEGATED.finditer(quoted)):
        return "No."
    if any(stem((m.group(1) or m.group(2)).lower()) in asked and _same_actor(clause, quoted, m)
           for m in ALLOWED.finditer(quoted)):
        return "Yes."
    return ""


def _same_actor(clause: str, quoted: str, m: re.Match) -> bool:
    """False where the question asks what the shopper can do and the rule says what the store may do ("can i cancel
    my order?" against "We may cancel an order ... in these situations"), or the other way round."""
    asked, actor = asked_of(clause), doer(quoted, m.start(m.lastindex or 0))
    return asked is None or actor is None or asked[0] == actor


def _purpose_asked(after: str, asked: set[str]) -> bool:
    """Whether the purpose a refusal names right after its verb, if any, is among the question's words."""
    purpose = PURPOSE.match(after)
    return purpose is None or bool(terms(purpose.group(1)) & asked)


CITED = re.compile(r"^(.*?)((?:\s\[[^\]\s]+\])?)$", re.S)  # a written paragraph: its text, then its citation
VERDICT = re.compile(r"(?:Yes|No)\.")


def merged(before: str, text: str) -> str:
    """`text` written after `before` without a sentence `before` already says: two parts of a message answered from
    one passage ("how long does shipping to Alaska take? how much is it?") quote it once. A paragraph citing a
    section `before` cites adds its new sentences to that paragraph (a verdict, "Yes.", leads its own paragraph
    only: mid-paragraph it would answer nothing)."""
    paragraphs = [list(CITED.match(p).groups()) for p in before.split("\n\n") if p]
    said = {s for body, _ in paragraphs for s in SENTENCE_END.split(body)}
    for p in text.split("\n\n"):
        body, cite = CITED.match(p).groups()
        same = next((q for q in paragraphs if cite and q[1] == cite), None)
        new = [s for s in SENTENCE_END.split(body) if s and s not in said and not (same and VERDICT.fullmatch(s))]
        if not new or all(VERDICT.fullmatch(s) for s in new):
            continue
        said.update(new)
        if same is not None:
            same[0] = " ".join([same[0], *new])
        else:
            paragraphs.append([" ".join(new), cite])
    return "\n\n".join(body + cite for body, cite in paragraphs)


def _sentence(text: str) -> str:
    return text if text[-1] in ".!?:;" else f"{text}."  # "." after a table row


def chosen_sections(hits: list[SectionHit], min_score: float) -> list[SectionHit]:
    if not hits or hits[0].score < min_score:
        return []
    top = hits[0].score
    return [h for h in hits[:3] if h.score >= max(min_score, top - SECOND_SECTION_MARGIN)]


# A question of a two-question message is offered the sections the whole message found too (a part leaning on the
# other, "and how much is it?", is often found better so), but the selector reads a section by the cosines of the
# question that found it first: "can I give my points to my sister" after "do my points ever expire" was answered
# from points-expiry (its own best sentence 0.255) and not from joining's "cannot be transferred" (0.343). A section
# whose best sentence, by this question's own cosines, is this far below the best section's is not offered to it.
# Dev compound 89 -> 91 of 110 at 0.08 (0.03: 88, 0.05: 90, 0.10: 90, 0.15: 90; nothing else on dev moved); then
# held-out right over heldout..heldout13 599 -> 601, conversations unchanged, terms evidence cited unchanged.
OWN_MARGIN = 0.08


def own_sections(clause: str, found: list[SectionHit]) -> list[SectionHit]:
    """The sections `found` for one question of a message, without those its own words hardly match."""
    own = {h.id: max((u[1] for u in h.clause_units[clause]), default=0.0) for h in found if h.clause_units.get(clause)}
    if len(own) < 2:
        return found
    best = max(own.values())
    return [h for h in found if own.get(h.id, 0.0) >= best - OWN_MARGIN]


def to_citation(hit: SectionHit) -> Citation:
    return Citation(id=hit.id, source=hit.source, section=hit.section, text=hit.text)


class ExtractiveWriter:
    """Offline: for each question in the message, quotes the units that answer it (a sentence, a table row, a
    whole list), each cited; the unit holding the number a question asks for comes first."""

    name = "extractive"

    def __init__(self, min_score: float, related: dict[str, set[str]] | None = None,
                 selector: Selector | None = None, unknown_share: Callable[[str], float] | None = None):
        self.min_score = min_score
        self.related = related or {}
        # the trained unit selector (`assistant/tasks/quote/`): it picks the units and declines a question none of
        # whose units likely answers; without one (an older cache) the hand-set scores pick, as before it
        self.selector = selector
        # the share of a question's words no policy uses (`PolicyRetriever.unknown_share`), a signal of the
        # selector: pass the retriever's whenever there is a selector (without it the signal reads 0: every word
        # known, and the selector's question gate declines less)
        self.unknown = unknown_share
        # the search's two signals outvote the shared words where they agree (`select.agreed`): set for a raw
        # search (no trained adapter: the terms pages, a store without policy questions), where it was measured
        self.agree = False

    def _answer(self, clause: str, hits: list[SectionHit]):
        if self.selector is not None:
            try:
                return answer_clause(clause, hits, self.related, self.selector,
                                     self.unknown(clause) if self.unknown else 0.0)
            except Exception as e:  # noqa: BLE001 - a failing selector (an artifact of other code) never stops an answer
                log.warning("the unit selector failed (%s: %s); the hand-set scores pick", type(e).__name__, e)
                self.selector = None
        return answer_clause(clause, hits, self.related, agree=self.agree)

    def _clauses(self, question: str, hits: list[SectionHit]):
        # the hand-set rules rank each question's sentences by its own cosines; the selector by those it trained on
        return [(c, own_sections(c, found)) for c, found in clauses_of(question, hits, own_units=self.selector is None)]

    def _usable(self, clause: str, found: list[SectionHit]) -> list[SectionHit]:
        """The sections similar enough to quote, and the best one whatever its score when one of its sentences holds
        every word of a short question: what made the retriever answer it (`PolicyRetriever.answerable`), so "do you
        have gift cards" (0.398) is not declined here after being found answerable there."""
        return [h for i, h in enumerate(found) if h.score >= self.min_score
                or (i == 0 and said_in_one(clause, h.text))]

    def answers(self, question: str, hits: list[SectionHit]) -> bool:
        """Whether any question of the message has a unit worth quoting among these sections (what the retriever
        asks before an answer is written, when the writer has a selector)."""
        return any(self._answer(clause, usable) for clause, found in self._clauses(question, hits)
                   if (usable := self._usable(clause, found)))

    def write(self, question, hits, emit):
        clauses = self._clauses(question, hits) if hits else []
        if not chosen_sections(hits, self.min_score) and not any(self._usable(c, found) for c, found in clauses):
            emit(prompts.DONT_KNOW)
            return prompts.DONT_KNOW, []
        # One paragraph per section, in the order first quoted: two questions answered by the same passage ("how
        # long does shipping to Alaska take, and how much") read as one answer, not the same citation twice.
        paragraphs: dict[str, list[str]] = {}
        cited, quoted = {}, set()
        for clause, found in clauses:
            usable = self._usable(clause, found)
            got = self._answer(clause, usable) if usable else []
            if not got:
                paragraphs[f"?{clause}"] = [PART_NOT_FOUND.format(part=clause)]
                continue
            say = verdict(clause, first_rule(got[0][0]))
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
