"""How describe is scored: ROUGE-L, edit effort, coverage, hallucinations and voice, per sample."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from assistant.config import REPO_ROOT
from assistant.knowledge import Ontology, load_ontology
from assistant.tasks.base import TaskContext
from assistant.tasks.describe.mentions import coverage_of, find_mentions, hallucinated_values
from assistant.tasks.describe.schema import DescribeInput, DescribeOutput, VOICE_FILE, WORD
from assistant.tasks.describe.voice import Voice, load_voice, voice_problems
from assistant.tasks.spec import Outcome


@lru_cache(maxsize=1)
def default_ontology() -> Ontology:
    """The demo store's: only for a call that names no store (`score(pred, gold)` on bare texts)."""
    return load_ontology(REPO_ROOT / "knowledge" / "ontology.yaml", [])


@lru_cache(maxsize=8)
def _voice_at(path: Path) -> Voice:
    return load_voice(path) if path.exists() else Voice()


def default_voice() -> Voice:
    return _voice_at(REPO_ROOT / "knowledge" / VOICE_FILE)


def store_rules(ctx: TaskContext | None, ontology: Ontology | None = None,
                voice: Voice | None = None) -> tuple[Ontology, Voice]:
    """The ontology and voice a description is judged by: the given ones, else the store's (its knowledge folder),
    else the demo store's."""
    if ctx is not None:
        return ontology or ctx.ontology, voice or _voice_at(Path(ctx.knowledge_dir) / VOICE_FILE)
    return ontology or default_ontology(), voice or default_voice()


def _words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def score(predictions: list[DescribeOutput], golds: list[DescribeOutput], inputs: list[DescribeInput] | None = None,
          ctx: TaskContext | None = None, ontology: Ontology | None = None, voice: Voice | None = None) -> dict:
    """rouge_l (headline), edit_effort, coverage, hallucination_rate, voice_ok.

    Coverage and hallucinations are judged against `inputs` when given; without them (the generic
    `score(pred, gold)` call) the values the reference description states stand in for the input. The store's
    ontology and brand voice come from `ctx` (the demo store's without one).
    """
    ontology, voice = store_rules(ctx, ontology, voice)
    # Imported here: rouge_score pulls in nltk and absl (about 0.3 s of CPU), and every cold ask imports this module.
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rougeL"], use_stemmer=True)
    rouge, edits, cover, halluc, voice_ok = [], [], [], [], []
    for k, (pred, gold) in enumerate(zip(predictions, golds)):
        rouge.append(scorer.score(gold.description, pred.description)["rougeL"].fmeasure)
        gw, pw = _words(gold.description), _words(pred.description)
        edits.append(Levenshtein.distance(pw, gw) / max(1, len(gw)))
        if inputs is not None:
            cover.append(coverage_of(pred.description, inputs[k], ontology))
            halluc.append(bool(hallucinated_values(pred.description, inputs[k], ontology)))
        else:
            stated = {(m.attribute, m.value) for m in find_mentions(gold.description, ontology)}
            said = {(m.attribute, m.value) for m in find_mentions(pred.description, ontology)}
            cover.append(len(stated & said) / len(stated) if stated else 1.0)
            halluc.append(bool(said - stated))
        voice_ok.append(not voice_problems(pred.description, voice))
    n = max(1, len(golds))
    return {"n": len(golds), "rouge_l": round(sum(rouge) / n, 4), "edit_effort": round(sum(edits) / n, 4),
            "coverage": round(sum(cover) / n, 4), "hallucination_rate": round(sum(halluc) / n, 4),
            "voice_ok": round(sum(voice_ok) / n, 4)}


def outcome(pred: DescribeOutput, gold: DescribeOutput, item: DescribeInput, ctx: TaskContext | None = None) -> Outcome:
    """One description: publishable (nothing hallucinated, every key attribute, in the voice) or what is wrong;
    `rouge_l` beside it for a publishable one."""
    r = score([pred], [gold], inputs=[item], ctx=ctx)
    ok = not r["hallucination_rate"] and r["coverage"] >= 1.0 and r["voice_ok"]
    problems = (("hallucinated", r["hallucination_rate"]), (f"coverage {r['coverage']:.2f}", r["coverage"] < 1.0),
                ("voice", not r["voice_ok"]))
    return Outcome(1.0 if ok else 0.0, "ok" if ok else ", ".join(w for w, bad in problems if bad),
                   {"rouge_l": round(r["rouge_l"], 3) if ok else 0.0})
