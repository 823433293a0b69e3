"""Writing a policy answer from retrieved sections: extractive offline, or by an LLM when one is configured."""

from __future__ import annotations

import re
from typing import Callable, Protocol

from assistant.agent import prompts
from assistant.retrieval.search import SectionHit
from assistant.knowledge import sentences
from assistant.schemas import Citation

CITATION = re.compile(r"\[([A-Za-z0-9_.\-]+\.(?:md|txt)#[a-z0-9\-]+)\]")
WORD = re.compile(r"[a-z0-9$%]+")
STOP = set("""a an the and or of to in on for at by is are was be can i my me you your we our do does did it
this that with from if what how when where which who will would should could as any about have has get
there their them they its not no yes so than then after before much many up""".split())
# Sections scoring within this of the best one also answer (a question that needs two policies).
SECOND_SECTION_MARGIN = 0.06
SENTENCES_PER_SECTION = 2


class Writer(Protocol):
    name: str

    def write(self, question: str, hits: list[SectionHit], emit: Callable[[str], None]) -> tuple[str, list[Citation]]:
        ...


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _terms(text: str) -> set[str]:
    return {_stem(w) for w in WORD.findall(text.lower()) if w not in STOP}


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


def best_sentences(question: str, text: str, n: int = SENTENCES_PER_SECTION,
                   related: dict[str, set[str]] | None = None) -> list[str]:
    """The sentences sharing most terms with the question, in page order: numbers count double. `related` adds
    the department of a product the question names (see department_terms)."""
    sents = sentences(text)
    sent_terms = [_terms(s) for s in sents]
    q = _terms(question)
    said = set().union(*sent_terms)  # a word the section uses itself ("one", "good") is matched as it is
    q |= {t for word in q - said for t in (related or {}).get(word, ())}
    scored = []
    for i, (s, terms) in enumerate(zip(sents, sent_terms)):
        overlap = len(q & terms) + 0.5 * sum(1 for t in q & terms if any(ch.isdigit() for ch in t))
        scored.append((overlap + (0.3 if re.search(r"\d", s) else 0) - 0.01 * i, i))
    keep = sorted(i for _, i in sorted(scored, reverse=True)[:n])
    return [sents[i] for i in keep]


def chosen_sections(hits: list[SectionHit], min_score: float) -> list[SectionHit]:
    if not hits or hits[0].score < min_score:
        return []
    top = hits[0].score
    return [h for h in hits[:3] if h.score >= max(min_score, top - SECOND_SECTION_MARGIN)]


def to_citation(hit: SectionHit) -> Citation:
    return Citation(id=hit.id, source=hit.source, section=hit.section, text=hit.text)


class ExtractiveWriter:
    """Offline: quotes the most relevant sentences of each answering section, each cited."""

    name = "extractive"

    def __init__(self, min_score: float, related: dict[str, set[str]] | None = None):
        self.min_score = min_score
        self.related = related or {}

    def write(self, question, hits, emit):
        chosen = chosen_sections(hits, self.min_score)
        if not chosen:
            emit(prompts.DONT_KNOW)
            return prompts.DONT_KNOW, []
        paragraphs = []
        for hit in chosen:
            quoted = [q if q[-1] in ".!?" else f"{q}." for q in  # "." after a table row
                      best_sentences(question, hit.text, related=self.related)]
            paragraph = f"{' '.join(quoted)} [{hit.id}]"
            emit(paragraph + "\n\n")
            paragraphs.append(paragraph)
        return "\n\n".join(paragraphs), [to_citation(h) for h in chosen]


class LLMWriter:
    """An OpenAI-compatible model writes from the same sections; citations outside them are dropped."""

    name = "llm"

    def __init__(self, client, model: str, min_score: float):
        self.client, self.model, self.min_score = client, model, min_score

    def write(self, question, hits, emit):
        chosen = [h for h in hits if h.score >= self.min_score]
        if not chosen:
            emit(prompts.DONT_KNOW)
            return prompts.DONT_KNOW, []
        context = "\n\n".join(f"[{h.id}] {h.page_title}: {h.section}\n{h.text}" for h in chosen)
        stream = self.client.chat.completions.create(
            model=self.model, temperature=0, stream=True,
            messages=[{"role": "system", "content": prompts.POLICY_SYSTEM},
                      {"role": "user", "content": f"Policy sections:\n\n{context}\n\nQuestion: {question}"}],
        )
        pieces = []
        for chunk in stream:
            delta = chunk.choices[0].delta.content if chunk.choices else None
            if delta:
                pieces.append(delta)
                emit(delta)
        text = "".join(pieces)
        allowed = {h.id: h for h in chosen}
        text = CITATION.sub(lambda m: m.group(0) if m.group(1) in allowed else "", text)
        cited = [allowed[i] for i in dict.fromkeys(CITATION.findall(text))]
        return text.strip(), [to_citation(h) for h in cited]
