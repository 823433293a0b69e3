"""Training the unit selector from the store's policy questions, and serving it only while it is current.

`prepare_selector` (called by `storefront prepare`) retrieves every training question through the real policy
search over a throwaway index of the store, labels each retrieved unit (`data.py`), chooses the thresholds by
cross-validation over questions (5 folds: a question's units are never split), trains on all of them and saves
the artifact with a manifest: the data and code it was made from, and the cross-validated comparison with the
hand-set scorer it replaces. `load_selector` serves it, or None (the hand-set scores then pick) when it is
missing or stale: the answer writer never fails for want of it.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

from assistant.config import Settings
from assistant.models.artifacts import PolicyArtifact, write_manifest
from assistant.retrieval.ingest import ingest
from assistant.retrieval.search import PolicyRetriever
from assistant.retrieval.store import Store, connect
from assistant.tasks.base import TaskContext
from assistant.tasks.quote.data import TRAIN_FILE, QuoteRow, clause_parts, has_fact, in_sections, labels, load_rows
from assistant.tasks.quote.features import Candidate, candidates, matrix
from assistant.tasks.quote.model import UnitSelector, question_row
from assistant.tasks.quote.select import by_rules, clauses_of, grouped, pick, several
from assistant.tasks.quote.words import department_terms

log = logging.getLogger(__name__)
TASK = "quote"
FOLDS = 5
ANSWER_GRID = np.round(np.arange(0.05, 0.96, 0.025), 3)
EXTRA_GRID = (0.3, 0.5, 0.7, 0.8, 0.9, 1.01)  # a second unit of the best one's section; 1.01: never
OTHER_GRID = (0.5, 0.7, 0.9, 1.01)  # the best unit of another section; 1.01: never
SPLIT_GRID = (0.3, 0.5, 0.7, 0.9, 1.01)  # ... when the message holds several questions
COARSE = ANSWER_GRID[::2]  # the quoting thresholds are searched on every other decline threshold
ASK_GRID = np.round(np.arange(0.0, 0.91, 0.05), 3)  # the question gate's threshold; 0: no question declined by it
# What a padded answer (a section cited that no part of the question asks for, as the shopper eval counts it)
# costs, in answerable questions right: the eval's "every fact present" never penalises padding, so without a
# cost the search quoted every other section's best unit a third as likely (0.82 of its answers padded, cross-
# validated, against the hand-set rules' 0.50); at 0.05 per extra unit it still padded 0.55-0.71 of its answers
# on the shopper splits. From 0.3 up the search quotes one section per question of a message; at 0.25 it quotes
# a second one for a message of several questions (a compound one the retriever split) when it is likely enough.
PADDED = 0.25
# A unit quoted beyond one per question, in the answer's own section (the eval counts no padding there), costs
# this much: a neighbouring sentence that only sometimes holds a fact ("Virgin Islands ... $9.95" beside the Alaska
# rates) is quoted when it is nearly as likely, not whenever it is a third as likely.
EXTRA_UNIT = 0.05
MAX_FALSE_DECLINES = 0.05  # issue 11's limit: thresholds that decline more answerable questions are not chosen

@dataclass
class Asked:
    """One training question as the policy search found it: candidates per question of the message."""

    row: QuoteRow
    clauses: list[tuple[str, list[Candidate]]]
    hits: dict[str, list]  # clause -> its usable sections (the baseline's second-section rule reads them)
    hand_answerable: bool  # the retriever's hand-set decision (the baseline declines by it)


def selector_dir(settings: Settings) -> Path:
    return settings.artifacts_dir / TASK / "current"


def train_file(settings: Settings) -> Path:
    return settings.knowledge_dir / TRAIN_FILE


def artifact(settings: Settings) -> PolicyArtifact:
    return PolicyArtifact(selector_dir(settings), Path(__file__).parent, settings.knowledge_dir, train_file(settings),
                          "the selector")


def stale_reason(settings: Settings) -> str | None:
    return artifact(settings).stale_reason()


def load_selector(settings: Settings) -> UnitSelector | None:
    """The current selector, or None (with the reason in the log) when there is none to trust.

    Made by other code it is not served; trained on other questions or policies it still is (it reads signals,
    not wording: the same selector answers from another store's pages), until `storefront prepare` retrains it."""
    why = artifact(settings).stale_reason(data=False)
    if why is None:
        try:
            return UnitSelector.load(selector_dir(settings))
        except Exception as exc:  # noqa: BLE001 - an unreadable artifact: the hand-set scores answer instead
            why = f"it no longer loads ({type(exc).__name__}: {exc})"
    (log.info if why == "no artifact" else log.warning)(
        "no unit selector in %s (%s): policy answers use the hand-set scores; run `storefront prepare`",
        selector_dir(settings), why)
    return None


def prepare_selector(ctx: TaskContext, settings: Settings) -> tuple[bool, str, float]:
    """Train the selector when it is missing or stale and the store has training questions:
    (trained, why, seconds)."""
    if not train_file(settings).exists():
        return False, f"no {TRAIN_FILE} in the knowledge folder", 0.0
    why = stale_reason(settings)
    if why is None:
        return False, "current", 0.0
    start = time.perf_counter()
    train(ctx, settings, selector_dir(settings))
    return True, why, round(time.perf_counter() - start, 1)


def retrieve(rows: list[QuoteRow], ctx: TaskContext, settings: Settings) -> list[Asked]:
    """Every row's question through the policy search over a throwaway index of the store's knowledge."""
    related = department_terms(ctx.taxonomy, ctx.ontology, ctx.knowledge_dir)
    tmp = Path(tempfile.mkdtemp(prefix="quote-train-"))
    try:
        store = Store(connect(tmp / "index"))
        ingest(settings.knowledge_dir, store, ctx.embedder, progress=False)
        retriever = PolicyRetriever(store, ctx.embedder)
        out = []
        for row in rows:
            hits = retriever.search(ctx.embedder.encode_query(row.question), k=settings.policy_top_k,
                                    query=row.question)
            hand = retriever.answerable(row.question, hits, settings.answer_min_score)
            found, usable = [], {}
            if hits and hits[0].score >= settings.answer_min_score:
                for clause, section_hits in clauses_of(row.question, hits):
                    usable[clause] = [h for h in section_hits if h.score >= settings.answer_min_score]
                    found.append((clause, candidates(clause, usable[clause], related, retriever.unknown_share(clause))
                                   if usable[clause] else []))
            out.append(Asked(row, found, usable, hand))
        return out
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def outcome(asked: Asked, picked: list[list[Candidate]]) -> tuple[bool, bool]:
    """(right, declined) for one question given the units picked for each of its clauses, scored as the shopper
    eval scores an answer: every part's section cited and every fact in the quoted text."""
    return _outcome(asked, picked)[:2]


def _outcome(asked: Asked, picked: list[list[Candidate]]) -> tuple[bool, bool, bool, int]:
    """`outcome`, whether the answer is padded as the shopper eval reads it (`evals/shoppers.score_policy`: a
    section cited that no part of the question asks for), and the units quoted beyond one per question."""
    extra = max(0, sum(len(p) for p in picked) - len(asked.clauses))
    quotes = [q for p in picked for q in grouped(p)]
    cited = [hit.id for _, hit in quotes]
    text = " ".join(t for texts, _ in quotes for t in texts)
    declined = not cited
    parts = asked.row.expected()
    if not parts:
        return declined, declined, False, extra
    right = all(any(in_sections(c, p.sections) for c in cited) and all(has_fact(text, f) for f in p.facts)
                for p in parts)
    padded = any(not any(in_sections(c, p.sections) for p in parts) for c in cited)
    return right, declined, padded, extra


def rates(results: list[tuple], asked: list[Asked]) -> dict[str, float]:
    """Answerable questions right, unanswerable ones declined, answerable ones declined, and the answered
    answerable ones padded (the shopper eval's four numbers, given `_outcome`'s results); and the units quoted
    beyond one per question."""
    answerable = [r for r, a in zip(results, asked) if a.row.expected()]
    unanswerable = [r for r, a in zip(results, asked) if not a.row.expected()]
    answered = [r[2] for r in answerable if not r[1]]
    return {"answerable_right": round(float(np.mean([r[0] for r in answerable])) if answerable else 0.0, 4),
            "unanswerable_declined": round(float(np.mean([r[1] for r in unanswerable])) if unanswerable else 1.0, 4),
            "false_declines": round(float(np.mean([r[1] for r in answerable])) if answerable else 0.0, 4),
            "padded": round(float(np.mean(answered)) if answered else 0.0, 4),
            "extra_units": round(float(np.mean([r[3] for r in results])) if results else 0.0, 4)}


def baseline_rates(asked: list[Asked]) -> dict[str, float]:
    """The hand-set scorer and the retriever's hand-set decision on the same retrieved sections."""
    return rates([_outcome(a, [by_rules(found, a.hits[clause]) if found and a.hand_answerable else []
                              for clause, found in a.clauses]) for a in asked], asked)


def _objective(r: dict[str, float], forced: float = 0.0) -> tuple[bool, float]:
    """Thresholds that decline at most MAX_FALSE_DECLINES more answerable questions than retrieval forces (no
    section scored high enough to read), then the most questions right, answerable or not, less PADDED for each
    answered one padded (the shares the shopper eval reports) and EXTRA_UNIT for each unit quoted beyond one per
    question."""
    return r["false_declines"] <= forced + MAX_FALSE_DECLINES, \
        r["answerable_right"] + r["unanswerable_declined"] - PADDED * r["padded"] - EXTRA_UNIT * r["extra_units"]


def forced_declines(asked: list[Asked]) -> float:
    """The share of answerable questions no threshold can answer: retrieval found no section to read."""
    answerable = [a for a in asked if a.row.expected()]
    return sum(not a.clauses for a in answerable) / max(1, len(answerable))


@dataclass
class Chosen:
    """What cross-validation chose: the thresholds, the rates they scored out of fold, and the question gate's
    training rows (its signals from out-of-fold unit probabilities, as it meets them when serving)."""

    answer_at: float
    extra_at: float
    ask_at: float
    rates: dict[str, float]
    gate_x: np.ndarray
    gate_y: np.ndarray
    other_at: float = 1.01
    split_at: float = 1.01


def cross_validate(asked: list[Asked]) -> Chosen:
    """Out-of-fold probabilities for every unit, then for every question from the gate (trained on the other
    folds' out-of-fold rows), then the thresholds that score best on them: the quoting ones first without the
    gate, then the gate's with the decline threshold."""
    per_clause, gate, gate_x, gate_y = out_of_fold(asked)
    forced = forced_declines(asked)

    def scored(answer_at: float, extra_at: float, other: tuple[float, float], ask_at: float) -> dict[str, float]:
        return rates([_outcome(a, [pick(found, p, answer_at, extra_at, other[several(a.hits[clause])],
                                        several(a.hits[clause]))
                                   if gate.get((q, c), 0.0) >= ask_at else []
                                   for c, ((clause, found), p) in enumerate(zip(a.clauses, ps))])
                      for q, (a, ps) in enumerate(zip(asked, per_clause))], asked)

    best = max(((_objective(r := scored(a, e, (o, s), 0.0), forced), float(a), (float(e), (float(o), float(s))), r)
                for a in COARSE for e in EXTRA_GRID for o in OTHER_GRID for s in SPLIT_GRID), key=lambda b: b[0])
    extra_at, other = best[2]
    best = max([(best[0], best[1], 0.0, best[3])] +
               [(_objective(r := scored(a, extra_at, other, k), forced), float(a), float(k), r)
                for a in ANSWER_GRID for k in ASK_GRID], key=lambda b: b[0])
    return Chosen(best[1], extra_at, best[2], best[3], gate_x, gate_y, *other)


def out_of_fold(asked: list[Asked]):
    """Every unit's probability from a model that did not train on its question (5 folds grouped by question),
    per question and clause; the gate's probability per (question, clause) the same way, from the other folds'
    out-of-fold rows; and the gate's training rows."""
    x, y, groups = _dataset(asked)
    probs = np.zeros(len(y))
    fold_of: dict[int, int] = {}
    folds = list(GroupKFold(n_splits=min(FOLDS, len(set(groups)))).split(x, y, groups))
    for n, (train_idx, test_idx) in enumerate(folds):
        fold_of.update({int(g): n for g in set(groups[test_idx])})
        if len(set(y[train_idx])) < 2:
            continue
        probs[test_idx] = UnitSelector.fit(x[train_idx], y[train_idx]).predict_proba(x[test_idx])[:, 1]
    per_clause = _split(asked, probs)
    gate_x, gate_y, owner = _gate_rows(asked, per_clause)
    asks = np.ones(len(gate_y))
    for n in range(len(folds)):
        test = np.array([fold_of.get(q, -1) == n for q, _ in owner], dtype=bool)
        if test.any() and len(set(gate_y[~test])) == 2:
            asks[test] = UnitSelector.fit(gate_x[~test], gate_y[~test]).predict_proba(gate_x[test])[:, 1]
    return per_clause, {key: p for key, p in zip(owner, asks)}, gate_x, gate_y


def _gate_rows(asked: list[Asked], per_clause: list[list[np.ndarray]]):
    """The gate's rows, one per question of a message with candidates: signals, whether the message is answerable
    (labelled so, it scored better out of fold than "one of its units answers"), and (message, question) for each."""
    xs, ys, owner = [], [], []
    for q, (a, ps) in enumerate(zip(asked, per_clause)):
        for c, ((_, found), p) in enumerate(zip(a.clauses, ps)):
            if found:
                xs.append(question_row(found, p))
                ys.append(int(bool(a.row.expected())))
                owner.append((q, c))
    return np.array(xs, dtype=np.float64).reshape(len(xs), -1), np.array(ys), owner


def _dataset(asked: list[Asked]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xs, ys, groups = [], [], []
    for n, a in enumerate(asked):
        for (_, found), parts in zip(a.clauses, clause_parts(a.row, len(a.clauses))):
            if found:
                xs.append(matrix(found))
                ys += labels(found, parts)
                groups += [n] * len(found)
    return np.vstack(xs), np.array(ys), np.array(groups)


def _split(asked: list[Asked], probs: np.ndarray) -> list[list[np.ndarray]]:
    """The flat out-of-fold probabilities back per question and clause (in `_dataset`'s order)."""
    out, at = [], 0
    for a in asked:
        mine = []
        for _, found in a.clauses:
            mine.append(probs[at:at + len(found)])
            at += len(found)
        out.append(mine)
    return out


def train(ctx: TaskContext, settings: Settings, out: Path) -> dict:
    """Retrieve, cross-validate, fit on every question and save into `out` (swapped in whole)."""
    source = train_file(settings)
    rows = load_rows(source)
    start = time.perf_counter()
    asked = retrieve(rows, ctx, settings)
    chosen = cross_validate(asked)
    answer_at, extra_at, cv = chosen.answer_at, chosen.extra_at, chosen.rates
    x, y, _ = _dataset(asked)
    gate = UnitSelector.fit(chosen.gate_x, chosen.gate_y) if chosen.ask_at > 0 else None
    selector = UnitSelector(UnitSelector.fit(x, y), answer_at, extra_at,
                            {"model": cv, "baseline": baseline_rates(asked)}, gate, chosen.ask_at, chosen.other_at,
                            chosen.split_at)
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    selector.save(tmp)
    made = artifact(settings)
    manifest = write_manifest(tmp, task=TASK, model=selector.name, data=str(source), data_hash=made.data_hash(),
                              code_hash=made.code_hash(), examples=len(rows), units=int(len(y)), positives=int(y.sum()),
                              answer_at=answer_at, extra_at=extra_at, other_at=chosen.other_at,
                              split_at=chosen.split_at, ask_at=chosen.ask_at,
                              cv=selector.cv,
                              train_seconds=round(time.perf_counter() - start, 2))
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    log.info("trained the unit selector on %d questions (%d units): cross-validated %s, baseline %s",
             len(rows), len(y), cv, selector.cv["baseline"])
    return manifest
