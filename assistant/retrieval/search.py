"""Search over the policy sections: by meaning and by words, a two-question message part by part.

Products are searched in `retrieval/products.py`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Callable

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from assistant.errors import ToolError
from assistant.knowledge import sentences, singular
from assistant.retrieval.clauses import letter_body, split_clauses, unquote
from assistant.retrieval.departments import Departments
from assistant.retrieval.embeddings import get_embedder
from assistant.retrieval.lexical import Lexical, said_in_one
from assistant.retrieval.paraphrase import bridged, formal_words
from assistant.retrieval.places import Places, carry_names, home_of, names_in
from assistant.retrieval.spelling import Speller
from assistant.retrieval.stopwords import GENERIC
from assistant.retrieval.store import Snapshot, Store


@dataclass
class SectionHit:
    id: str
    source: str
    section: str
    page_title: str
    text: str
    score: float  # cosine similarity
    # The question (spelled right) or part of a two-question message it was retrieved for: the writer answers each.
    clauses: list[str] = field(default_factory=list)
    # [unit index, cosine] of its sentences among the nearest vectors: the writer quotes what MiniLM matched too.
    units: list[list[float]] = field(default_factory=list)
    # The same, per question of a two-question message that found this section: each question's own cosines.
    clause_units: dict[str, list[list[float]]] = field(default_factory=dict)
    # What the search ranked it by: the cosine plus the lexical share (see LEXICAL_WEIGHT); `score` stays the cosine.
    rank: float = 0.0


# Dense: the best sentence and the whole section count equally (found on tests/data/retrieval_questions.jsonl; the
# adapter was trained on that mix). With raw MiniLM (long terms pages) the best sentence counts more: a 120-word
# passage's one vector over several clauses blurs. On 108 real-terms questions (dev and our paraphrases) the right
# passage ranked first for 0.65 with 0.7 (0.60 with 0.5; 0.8, 1.0 no better), evidence cited 0.73 -> 0.75.
SENTENCE_WEIGHT, RAW_SENTENCE_WEIGHT = 0.5, 0.7
# Lexical: BM25 over each section (`retrieval/lexical.py`), as the share of the query's possible BM25 score a section
# matches, added to the cosine, so exact words ("Afterpay", "clearance", a clause number) move a section up while the
# cosine decides the rest. Linear beat reciprocal-rank fusion (k=60; it ranks by position only, and on short sections
# the cosine's margins matter): top-3 1.00 on retrieval_questions.jsonl (RRF 0.98-1.00, dense 0.93). Until session
# 13 the query's best section scored 1 whatever it matched (weight 0.1); 5-fold CV on policy_qa (806, hit@1): that
# 0.753, no lexical 0.731, share-of-possible 0.1 / 0.2 / 0.3 / 0.4: 0.749 / 0.756 / 0.752 / 0.750 (0.746 with
# unknown words ignored), scaled by the top's gap over the second 0.744 / 0.752 (bench/retrieve_cv.py --grid).
LEXICAL_WEIGHT = 0.2
SPLITS_KEPT = 64  # queries whose spelling and split are remembered (see PolicyRetriever._parts)
# A larger corpus needs the words more: among 470 passages of long terms pages many sit in one band of cosines (one
# topic, several documents, summaries and full text); exact words set the one that answers apart. The weight grows
# with the square root of the sections past LEXICAL_SECTIONS (never below LEXICAL_WEIGHT): the store's 88 keep 0.1;
# the real terms get 0.15: a passage holding the answer first for 29 of 36 dev questions (from 26), in the top 4 for
# all (from 35). 0.3 flat did as well there but answered 2 of the store's 21 compound dev questions fewer.
LEXICAL_SECTIONS = 200
# Sentence and section vectors fetched per query. A section whose best sentence is not among them is scored by its
# whole vector alone, which a long list blurs (with 60 of the terms' 2,900 vectors, Amazon's exceptions to the right
# of cancellation scored 0.34 for "can I return makeup I opened? hygiene stuff"). 150: terms dev cited 0.89 -> 0.92.
CANDIDATES = 150
FULL_UNITS = 4  # top sections whose every sentence gets its cosine (see PolicyRetriever._complete_units)
PER_CLAUSE = 2  # sections kept per question of a two-question message
# A question whose content words never occur in any policy ("gift wrapping", "student discount") is most likely
# one the policies do not answer, unless retrieval is confident anyway. On grounding.jsonl and retrieval_questions
# this refuses 89% of unanswerable questions (from 55%) and answers 85% of answerable ones (from 93%).
CONFIDENT = 0.5
UNKNOWN_SHARE = 0.25  # see PolicyRetriever.answerable

# Long terms pages repeat passages (one per country, a summary and the full text): one sharing this much of its
# words with a better-ranked one adds nothing for the writer and pushes another out of the top k.
REPEAT = 0.8
DISTINCT_SCAN = 12  # how far down the ranking repeats are looked for (past it the order no longer matters)


def _distinct(ranked: list["SectionHit"], sections: "_Sections") -> list["SectionHit"]:
    """The ranking without passages that repeat a better-ranked one (word-set Jaccard >= REPEAT)."""
    kept: list[SectionHit] = []
    seen: set[str] = set()
    for n, h in enumerate(ranked):
        if n < DISTINCT_SCAN and sections.repeats(h.id) & seen:
            continue
        kept.append(h)
        seen.add(h.id)
    return kept


def _scored(hit: SectionHit, score: float, units: list[list[float]], rank: float) -> SectionHit:
    """`replace(hit, score=score, units=units, rank=rank)` at a third of its cost: every section of every ranking
    is one."""
    return SectionHit(hit.id, hit.source, hit.section, hit.page_title, hit.text, score, list(hit.clauses), units,
                      {}, rank)


def _stems(text: str) -> list[str]:  # first five letters: "returns", "returned", "returning" meet; cheap enough
    return [w[:5] for w in re.findall(r"[a-z0-9]+", text.lower())]


@dataclass
class _Sections:
    """All sections of one live collection, with lexical indexes; rebuilt when the collection changes."""

    name: str
    hits: dict[str, "SectionHit"]
    ids: list[str]
    tfidf: TfidfVectorizer
    matrix: object
    owner: dict[str, tuple[str, bool, int]]  # vector id -> (its section's id, whether it is the section's own,
    #                                         its sentence's index in the section, -1 for the section's own)
    lexical: Lexical
    speller: Speller
    catalog: set[str]  # stems of the words products are named by: things the store sells, not unknown topics
    departments: Departments  # product-type phrases -> their department's words ("yoga mat" -> "sports outdoors")
    names: set[str]  # words the policies only ever capitalise: places, programmes, tiers ("canada", "afterpay")
    places: Places  # the cities of the regions they name ("honolulu": Hawaii)
    words: dict[str, frozenset[str]]  # each section's words, to tell a repeated passage from a new one
    _repeats: dict[str, frozenset[str]] = field(default_factory=dict)

    def repeats(self, sid: str) -> frozenset[str]:
        """The sections whose words repeat this one's (Jaccard >= REPEAT), found on first asking: a search checked
        some 80 pairs of its top sections, 0.5 ms of a 2.7 ms search (measured 2026-12-05)."""
        if (got := self._repeats.get(sid)) is None:
            w = self.words.get(sid, frozenset())
            # sizes first: a Jaccard of REPEAT needs the smaller set at least REPEAT of the larger
            got = self._repeats[sid] = frozenset(
                k for k, o in self.words.items() if w and o and k != sid
                and REPEAT * max(len(w), len(o)) <= min(len(w), len(o)) + 1e-9 and len(w & o) / len(w | o) >= REPEAT)
        return got


class PolicyRetriever:
    """Hybrid retrieval: Chroma vectors for sections and their sentences fused with BM25, ranked per section.

    The query is spelled against the store's own words first, and a message asking two things is searched once
    per question. `embedder` re-embeds a corrected or split query; without one the process's shared MiniLM is
    used, the same model the index was built with."""

    def __init__(self, store: Store, embedder=None, judge: Callable[[str, list[SectionHit]], bool] | None = None,
                 adapter=None):
        self.store = store
        self.adapter = adapter  # trained query adapter and gate (assistant/tasks/retrieve/); None: raw MiniLM, rules
        self.embedder = embedder
        self._sections: _Sections | None = None
        # Whether the sections hold a unit that answers: the answer writer's trained selector, when it has one
        # (set by the agent's services); without it, the hand-set thresholds of `answerable` decide.
        self.judge = judge
        self._snapshot: Snapshot | None = None
        self._split: dict[tuple[str, str], tuple[str, tuple[str, ...], tuple[str, ...]]] = {}  # see _parts

    def _load_sections(self, col) -> _Sections:
        if self._sections is None or self._sections.name != col.name:
            got = col.get(include=["documents", "metadatas"])
            hits, owner = {}, {}
            for id_, doc, meta in zip(got["ids"], got["documents"], got["metadatas"]):
                own = meta.get("kind") == "section"
                owner[id_] = (meta["section_id"], own, -1 if own else int(id_.rsplit("@s", 1)[1]) - 1)
                if meta.get("kind") == "section":
                    body = doc.split("\n", 1)[1] if "\n" in doc else doc  # drop the "Page: Section" line we embedded
                    hits[id_] = SectionHit(id_, meta["source"], meta["section"], meta["page_title"], body, 0.0)
            ids = list(hits)
            texts = [f"{hits[i].page_title} {hits[i].section} {hits[i].text}" for i in ids]
            tfidf = TfidfVectorizer(analyzer=_stems, sublinear_tf=True)
            matrix = tfidf.fit_transform(texts)
            catalog, departments = self._catalog_words()
            speller = Speller.from_texts([*texts, *catalog])
            catalog_stems = {w for t in catalog for w in _stems(t)}
            names = names_in(texts)
            places = Places(names, {w for t in [*texts, *catalog] for w in re.findall(r"[a-z]+", t.lower())},
                            home_of(texts))
            self._sections = _Sections(col.name, hits, ids, tfidf, matrix, owner, Lexical(texts), speller,
                                       catalog_stems, departments, names, places,
                                       {i: frozenset(re.findall(r"[a-z0-9]+", hits[i].text.lower())) for i in ids})
        return self._sections

    def _catalog_words(self) -> tuple[list[str], Departments]:
        """Product titles, brands and categories (shoppers name products in policy questions: "earbuds"), and the
        product-type phrases that name one department (see `retrieval/departments.py`)."""
        col = self.store.collection("products")
        if col is None:
            return [], Departments()
        metas = col.get(include=["metadatas"])["metadatas"]
        texts = [f"{m.get('title', '')} {m.get('brand', '')} {m.get('category', '')}" for m in metas]
        return texts, Departments.from_products(metas)

    def _with_department(self, sections: _Sections, query: str) -> str:
        """The query plus the department of a product it names: policies say "Sports & outdoors: 30 days" or
        "Electronics accessories: 1 year", shoppers say "a yoga mat" or "headphones"."""
        extra = sections.departments.named(query, sections.words)
        return f"{query} ({', '.join(extra)})" if extra else query

    def correct(self, query: str) -> str:
        """The query with misspellings corrected against this store's words. The words last loaded serve as they
        are (the understanding step spells every message; reading which build is live costs 0.3-0.7 ms): the
        search that follows checks for a new build."""
        if self._sections is not None:
            return self._sections.speller.correct(query)
        col = self.store.collection("policies")
        return self._load_sections(col).speller.correct(query) if col is not None else query

    def carried(self, questions: list[str]) -> list[str]:
        """A message's questions, asked apart (the agent cuts it into tool calls), each naming no place or programme
        given the one a question before it named, as `search` does for a message it cuts itself ("whats regular
        shipping to vancouver, and am i gonna get hit with duties" asked its second without Canada: declined)."""
        col = self.store.collection("policies")
        if col is None or len(questions) < 2:
            return questions
        sections = self._load_sections(col)
        written = [sections.places.written(sections.speller.correct(q)) for q in questions]
        return [q if c == w else f"{q} {c[len(w):].strip()}"
                for q, w, c in zip(questions, written, carry_names(written, sections.names))]

    def _embedder(self):
        if self.embedder is None:
            self.embedder = get_embedder()
        return self.embedder

    def query_texts(self, text: str) -> list[str]:
        """What a search for the question `text` embeds besides it: each question of a two-question message, and
        each with its product's department ("... a yoga mat? (sports outdoors)"). The understanding step embeds
        them with the message, for the router, in one pass over the weights (`Embedder.encode_query(also=...)`: a
        second long question then costs about 9 ms instead of 14, measured 2026-12-04). From the sections the last
        search loaded, none before one (a start-up that never searches the policies does not load them): only speed
        depends on the list, the search embeds what it lacks."""
        sections = self._sections
        return [t for t in self._texts(sections, text) if t != text] if sections is not None else []

    def _texts(self, sections: _Sections, query: str) -> list[str]:
        fixed, _, asked = self._parts(sections, query)
        return list(dict.fromkeys([fixed, *asked, *(self._with_department(sections, p) for p in [fixed, *asked])]))

    def _parts(self, sections: _Sections, query: str) -> tuple[str, list[str], list[str]]:
        """The query spelled right, its questions, and those questions with a place one of them names carried to
        the next (empty for a single question). Remembered for the last few queries: a turn asks three times (the
        understanding step's texts, the search, its texts)."""
        key = (sections.name, query)
        if (got := self._split.get(key)) is None:
            said = unquote(sections.speller.correct(letter_body(query)))
            # a place's region is written into each question once the message is cut: "(Canada, outside the
            # United States)" is no thing for a later question's "it" to stand for
            fixed, parts = sections.places.written(said), [sections.places.written(p) for p in split_clauses(said)]
            asked = carry_names(parts, sections.names) if len(parts) > 1 else []
            if len(self._split) >= SPLITS_KEPT:
                self._split.clear()  # whole: turns run in several threads, and a clear is one step
            got = self._split[key] = (fixed, tuple(asked or parts), tuple(asked))
        return got[0], list(got[1]), list(got[2])

    def _vectors(self, texts: list[str], known: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Query vectors for every text a search needs: the router's (`query_texts`), the rest in one pass, each as
        embedded alone; without a trained adapter (terms pages) with the formal words for its everyday ones
        ("postage": "shipping"; real terms dev cited 152 -> 155 of 210, the store's adapted dev answers 321 -> 319)."""
        emb = self._embedder()
        adapter = self._adapter()  # applied last: the embedder's cache keeps raw vectors, the router reads them too
        formal = {} if adapter else {t: f"{t} {f}" for t in dict.fromkeys(texts) if (f := formal_words(t))}
        for t in dict.fromkeys(texts):
            if t not in known and t not in formal and (hit := emb.cached(t)) is not None:
                known[t] = hit
        need = [t for t in dict.fromkeys(texts) if t not in known or t in formal]
        if need:
            known.update(zip(need, emb.encode_each([formal.get(t, t) for t in need])))
        return {t: adapter.adapt(v) for t, v in known.items()} if adapter else known

    def _adapter(self):
        """The trained adapter when the live sections are the ones it was trained on (the store's own policies)."""
        a, sections = self.adapter, self._sections
        return a if a is not None and sections is not None and a.fits(sections.name, sections.ids) else None

    def search(self, query_vec: np.ndarray, k: int = 4, query: str = "") -> list[SectionHit]:
        col = self.store.collection("policies")
        if col is None:
            raise ToolError("the policy index is empty: run `storefront ingest` first")
        sections = self._load_sections(col)
        if not query:  # a vector alone (tests, tools): adapted like a question's, its scores are shifted alike
            vec = adapter.adapt(query_vec) if (adapter := self._adapter()) else query_vec
            return self._rank(self._batch(col, [vec]), sections, vec, "")[:k]
        fixed, parts, asked = self._parts(sections, query)
        texts = self._texts(sections, query)
        vecs = self._vectors(texts, {query: query_vec})
        col = self._batch(col, [vecs[t] for t in texts])  # every text below is ranked: one Chroma query for all
        if not asked:
            return [replace(h, clauses=[fixed]) for h in self._search_one(col, sections, vecs, fixed)[:k]]
        # Each question's own best sections, then the whole message's: a part that leans on the other ("and how
        # much does it cost?") is often found better by the message as a whole.
        found = {part: self._search_one(col, sections, vecs, part) for part in parts}
        ranked = [(part, found[part][:PER_CLAUSE]) for part in parts]
        whole = self._search_one(col, sections, vecs, fixed)
        merged: dict[str, SectionHit] = {}
        for part, hits in ranked:
            own = {h.id: h for h in found[part]}
            for h in [*hits, *whole[:PER_CLAUSE]]:
                if h.id not in merged:
                    merged[h.id] = replace(h, clauses=[], clause_units={})
                hit = merged[h.id]
                hit.score = max(hit.score, h.score)
                if part not in hit.clauses:
                    hit.clauses.append(part)
                    if h.id in own and own[h.id].units:  # this question's cosines, not the first finder's
                        hit.clause_units[part] = own[h.id].units
        firsts = list(dict.fromkeys(hits[0].id for _, hits in ranked if hits))
        rest = sorted((h for h in merged.values() if h.id not in firsts), key=lambda h: -h.score)
        out = [merged[i] for i in firsts] + rest
        out += [replace(h, clauses=list(parts)) for h in whole if h.id not in merged][:max(0, k - len(out))]
        return out[:max(k, PER_CLAUSE * len(parts))]

    def _batch(self, col, vectors: list[np.ndarray]):
        """The collection for one search: the nearest vectors of each of `vectors` fetched in one query, stored
        vectors read from memory (see `store.Snapshot`)."""
        if self._snapshot is None or self._snapshot.name != col.name:
            self._snapshot = Snapshot(col)
        return self._snapshot.batch(vectors, n_results=CANDIDATES, include=["distances"])

    def _search_one(self, col, sections: _Sections, vecs: dict[str, np.ndarray], text: str) -> list[SectionHit]:
        """One question: as asked, and, when it names a product, with the product's department too; each section
        keeps the better of its two rankings' scores. By the fused score, not the cosine: merged by cosine, a question
        naming a product lost its lexical side ("can i get nail polishes shipped overnight" ranked international
        restricted items, cosine 0.593, above shipping's ground-only rule, 0.588, which its words match better)."""
        plain = self._rank(col, sections, vecs[text], text)
        full = self._with_department(sections, text)
        if full == text:
            return _distinct(plain, sections)
        best = {h.id: h for h in plain}
        for h in self._rank(col, sections, vecs[full], full, by_sentence=True):
            if h.id not in best or h.rank > best[h.id].rank:
                best[h.id] = h
        return _distinct(sorted(best.values(), key=lambda h: -h.rank), sections)

    def _rank(self, col, sections: _Sections, query_vec: np.ndarray, query: str,
              by_sentence: bool = False) -> list[SectionHit]:
        """Every candidate section, best first, scored by cosine (best sentence and whole section).

        `by_sentence`: the query was given its product's department, so one row ("Sports & outdoors: 30 days") is
        what should match, and the best sentence alone scores the section (the whole section's vector, about all
        departments, would dilute it)."""
        # Ids and distances only: which section a vector belongs to is known from the load, and fetching 60 rows'
        # metadata would cost more than the vector search itself.
        res = col.query(query_embeddings=[query_vec], n_results=CANDIDATES, include=["distances"])
        best_sentence: dict[str, float] = {}
        section_score: dict[str, float] = {}
        unit_scores: dict[str, list[list[float]]] = {}
        for id_, dist in zip(res["ids"][0], res["distances"][0]):
            if id_ not in sections.owner:
                continue
            sid, own, index = sections.owner[id_]
            target = section_score if own else best_sentence
            target[sid] = max(target.get(sid, -1.0), 1.0 - dist)
            if not own:
                unit_scores.setdefault(sid, []).append([index, round(1.0 - dist, 4)])
        dense, by = {}, SENTENCE_WEIGHT if self._adapter() is not None else RAW_SENTENCE_WEIGHT
        for sid in set(best_sentence) | set(section_score):
            if sid in sections.hits:
                sent = best_sentence.get(sid, section_score.get(sid, 0.0))
                dense[sid] = by * sent + (1.0 - by) * section_score.get(sid, sent)
                if by_sentence:
                    dense[sid] = max(dense[sid], sent)
        fused = dict(dense)
        if query:
            # with the formal words for a shopper's everyday ones: "quit" finds "terminate"
            scores = sections.lexical.scores(f"{query} {formal_words(query)}")
            lexical = [i for i in np.argsort(-scores)[:CANDIDATES] if scores[i] > 0]
            # A section only BM25 found gets its own cosine: its vectors were not among the nearest candidates.
            missing = [sections.ids[i] for i in lexical[:4] if sections.ids[i] not in dense]
            dense.update(self._cosines(col, query_vec, missing))
            weight = LEXICAL_WEIGHT * max(1.0, (len(sections.ids) / LEXICAL_SECTIONS) ** 0.5)
            for i in lexical:
                sid = sections.ids[i]
                fused[sid] = dense.get(sid, 0.0) + weight * scores[i]
        ranked = sorted(fused, key=lambda s: -fused[s])
        self._complete_units(col, sections, query_vec, ranked[:FULL_UNITS], unit_scores)
        shift = adapter.shift if (adapter := self._adapter()) else 0.0  # adapted cosines sit lower: see the adapter
        return [_scored(sections.hits[sid], round(dense.get(sid, 0.0) + shift, 4), unit_scores.get(sid, []),
                        round(float(fused[sid]) + shift, 4)) for sid in ranked]

    @staticmethod
    def _complete_units(col, sections: _Sections, query_vec: np.ndarray, sids: list[str],
                        unit_scores: dict[str, list[list[float]]]) -> None:
        """Cosines of every sentence of the top sections, not only those among the nearest vectors: the writer
        picks the row for "earbuds" among seven rows by how close MiniLM puts each."""
        want = []
        for sid in sids:
            have = {int(i) for i, _ in unit_scores.get(sid, [])}
            want += [f"{sid}@s{n + 1}" for n in range(len(sentences(sections.hits[sid].text))) if n not in have]
        for id_, cos in PolicyRetriever._cosines(col, query_vec, want).items():
            sid, _, index = sections.owner.get(id_, (None, True, -1))
            if sid is not None:
                unit_scores.setdefault(sid, []).append([index, round(cos, 4)])

    @staticmethod
    def _cosines(col, query_vec: np.ndarray, ids: list[str]) -> dict[str, float]:
        """Cosine of sections found only lexically (their vectors were not among the nearest candidates)."""
        if not ids:
            return {}
        got = col.get(ids=ids, include=["embeddings"])
        q = np.asarray(query_vec, dtype=np.float32)
        q = q / (np.linalg.norm(q) or 1.0)
        out = {}
        for id_, vec in zip(got["ids"], got["embeddings"]):
            v = np.asarray(vec, dtype=np.float32)
            out[id_] = float(q @ (v / (np.linalg.norm(v) or 1.0)))
        return out

    def unknown_terms(self, query: str) -> list[str]:
        """Content words of the query (spelled right) that no policy section contains."""
        if self._sections is None:  # normally loaded by the search this question just ran
            if (col := self.store.collection("policies")) is None:
                return []
            self._load_sections(col)
        vocab = self._sections.tfidf.vocabulary_
        fixed = self._sections.speller.correct(query)
        words = [w for w in re.findall(r"[a-z]+", fixed.lower()) if len(w) >= 4 and w not in GENERIC]
        # "smashed" is a word no policy uses, but "damaged", which it means, is one the policies may use
        formal = {w[:5] for w in formal_words(fixed).split()} & set(vocab)
        near = bridged(fixed) if formal else set()
        return [w for w in words if w[:5] not in vocab and w[:5] not in self._sections.catalog and w not in near]

    def unknown_share(self, query: str) -> float:
        """The share of the query's content words (four letters or more, not GENERIC) that no policy contains: what
        `answerable`'s hand rule declines by, and a signal of the writer's trained selector."""
        unknown = self.unknown_terms(query)
        if not unknown:
            return 0.0
        fixed = self._sections.speller.correct(query) if self._sections else query
        content = [w for w in re.findall(r"[a-z]+", fixed.lower()) if len(w) >= 4 and w not in GENERIC]
        return min(1.0, len(unknown) / max(1, len(content)))

    def answerable(self, query: str, hits: list[SectionHit], min_score: float) -> bool:
        """Whether the retrieved sections can be trusted to answer: similar enough, and about the same things.

        A product the store sells ("frying pan", "yoga mat") is never an unknown topic: the policies speak of its
        department. Below CONFIDENT, a question is declined when a share of its content words no policy uses.
        With a `judge` (the writer's trained unit selector) the judge decides instead of those thresholds; with a
        trained adapter, its gate, trained with it on the store's policy questions, replaces the hand rules. Before
        any of them: a short question whose every content word one sentence of the best section holds is answered
        (`lexical.said_in_one`)."""
        if hits and said_in_one(self.correct(letter_body(query)), hits[0].text):
            return self.judge is None or self.judge(query, hits)  # the best section says what was asked
        if (adapter := self._adapter()) is not None:
            return adapter.answers(self, query, hits) and (self.judge is None or self.judge(query, hits))
        if not hits or hits[0].score < min_score:
            return False
        if self.judge is not None:
            return self.judge(query, hits)
        if hits[0].score >= CONFIDENT:
            return True
        return self.unknown_share(query) < UNKNOWN_SHARE
