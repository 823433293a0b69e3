"""Grounding: does retrieval find the sections that answer, does the agent cite only those, and refuse otherwise.

For every question of `evals/datasets/grounding.jsonl` the retriever runs once (k=4) and the agent answers once.
Retrieval is scored with ragas's ID-based and non-LLM context metrics (the older `ragas.metrics` API: the only
one that has them in ragas 0.4.3); answers are scored by citation correctness (every cited section was retrieved
for that answer, and at least one is a reference section) and, on unanswerable questions, refusal correctness.
With an OpenAI-compatible model configured, ragas Faithfulness and ResponseRelevancy judge the answers too.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
import warnings
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from assistant.config import Settings, REPO_ROOT
from assistant.errors import DataError, DataErrors
from assistant.evaluation.harness import SuiteResult, bootstrap_means
from assistant.evaluation.scoring import dataset_hash
from assistant.knowledge import chunk_policy, policy_pages
from assistant.retrieval.embeddings import get_embedder
from assistant.tasks.rows import parse_rows

log = logging.getLogger(__name__)
GROUNDING_FILE = REPO_ROOT / "evals" / "datasets" / "grounding.jsonl"
TOP_K = 4
RAGAS_METRICS = {  # our name -> ragas class in ragas.metrics
    "id_context_precision": "IDBasedContextPrecision",
    "id_context_recall": "IDBasedContextRecall",
    "nonllm_context_precision": "NonLLMContextPrecisionWithReference",
    "nonllm_context_recall": "NonLLMContextRecall",
}


class GroundingCase(BaseModel):
    id: str
    question: str = Field(min_length=1)
    reference_sections: list[str] = Field(default_factory=list)
    reference_answer: str = ""
    kind: Literal["single", "paraphrase", "multi", "unanswerable"]


def load_cases(path: Path = GROUNDING_FILE, known_sections: set[str] | None = None) -> list[GroundingCase]:
    """The grounding set; a reference to a section the policies do not have is a data error, by line."""

    def build(line: int, row: dict) -> GroundingCase:
        case = GroundingCase.model_validate(row)
        if (case.kind == "unanswerable") != (not case.reference_sections):
            raise DataError(path, line, "reference_sections", "unanswerable questions, and only they, have none")
        for sid in case.reference_sections:
            if known_sections is not None and sid not in known_sections:
                raise DataError(path, line, "reference_sections", f"'{sid}' is not a section of the policies")
        return case

    return parse_rows(path, build)


def policy_sections(knowledge_dir: Path) -> dict[str, str]:
    """Section id -> text, chunked exactly as ingest chunks them."""
    errors: list = []
    out = {}
    for page in policy_pages(knowledge_dir / "policies"):
        out.update({c.id: c.text for c in chunk_policy(page, errors)})
    if errors:
        raise DataErrors(errors)
    return out


def _ragas_metrics() -> dict:
    os.environ.setdefault("RAGAS_DO_NOT_TRACK", "true")
    with warnings.catch_warnings():
        # ragas 0.4.3 warns that these move to ragas.metrics.collections, which does not have them yet
        warnings.simplefilter("ignore", DeprecationWarning)
        # ragas pulls in langchain: imported only when grounding is scored (start-up time).
        import ragas.metrics as rm

        return {name: getattr(rm, cls)() for name, cls in RAGAS_METRICS.items()}


async def _score_retrieval(samples: list, metrics: dict) -> list[dict]:
    async def one(sample) -> dict:
        names = list(metrics)
        values = await asyncio.gather(*(metrics[n].single_turn_ascore(sample) for n in names))
        return {n: round(float(v), 4) for n, v in zip(names, values)}

    return list(await asyncio.gather(*(one(s) for s in samples)))


def retrieval_rows(cases: list[GroundingCase], retriever, embedder, sections: dict[str, str],
                   k: int = TOP_K) -> tuple[list[dict], list[list]]:
    """ragas context metrics per answerable question (None for unanswerable ones), and the hits per question."""
    # ragas pulls in langchain: imported only when grounding is scored (start-up time).
    from ragas import SingleTurnSample

    vecs = [embedder.encode_query(c.question) for c in cases]  # cached: the agent's turn reuses the vector
    hits = [retriever.search(v, k=k, query=c.question) for c, v in zip(cases, vecs)]
    answerable = [i for i, c in enumerate(cases) if c.reference_sections]
    samples = [SingleTurnSample(user_input=cases[i].question,
                                retrieved_context_ids=[h.id for h in hits[i]],
                                reference_context_ids=cases[i].reference_sections,
                                retrieved_contexts=[h.text for h in hits[i]],
                                reference_contexts=[sections[s] for s in cases[i].reference_sections])
               for i in answerable]
    scored = asyncio.run(_score_retrieval(samples, _ragas_metrics()))
    rows: list[dict] = [{n: None for n in RAGAS_METRICS} for _ in cases]
    for i, r in zip(answerable, scored):
        rows[i] = r
    return rows, hits


def answer_row(case: GroundingCase, answer) -> dict:
    """Citation correctness (answerable) or refusal correctness (unanswerable) of one agent answer."""
    retrieved = {h["id"] for t in answer.tools if t.name == "search_policies" and isinstance(t.output, dict)
                 for h in t.output.get("hits", [])}
    cited = [c.id for c in answer.citations]
    refused = answer.refusal == "dont_know" or (answer.route != "policy" and not cited)
    row = {"route": answer.route, "cited": cited, "refused": refused}
    if case.kind == "unanswerable":
        row.update(refusal_correct=float(refused), citation_correct=None, answered=None, cited_reference=None)
        why = "refused" if refused else f"answered instead of refusing (cited {cited or 'nothing'})"
    else:
        ok = bool(cited) and set(cited) <= retrieved and bool(set(cited) & set(case.reference_sections))
        row.update(citation_correct=float(ok), refusal_correct=None, answered=float(not refused),
                   cited_reference=(len(set(cited) & set(case.reference_sections)) / len(cited)) if cited else 0.0)
        if ok:
            why = "ok"
        elif refused:
            why = f"refused (route {answer.route})"
        elif not set(cited) <= retrieved:
            why = f"cited {sorted(set(cited) - retrieved)} that were not retrieved"
        else:
            why = f"cited {cited}, none of the reference sections {case.reference_sections}"
    row["outcome"] = why
    return row


def evaluate_grounding(assistant, services, path: Path = GROUNDING_FILE,
                       settings: Settings | None = None) -> SuiteResult:
    """Run the retriever and the agent over the grounding set; ragas context metrics, citations and refusals."""
    start = time.perf_counter()
    settings = settings or services.settings
    sections = policy_sections(settings.knowledge_dir)
    cases = load_cases(path, set(sections))
    rows, hits = retrieval_rows(cases, services.policies, services.embedder, sections)
    samples, per_kind = {}, {}
    for case, row, hit in zip(cases, rows, hits):
        answer = assistant.ask(case.question, thread_id=f"grounding-{case.id}", role="shopper")
        row.update(answer_row(case, answer))
        row["retrieved"] = [h.id for h in hit]
        correct = row["refusal_correct"] if case.kind == "unanswerable" else row["citation_correct"]
        samples[case.id] = {"score": correct, "outcome": row["outcome"], "text": case.question,
                            "kind": case.kind, "retrieved": row["retrieved"], "cited": row["cited"],
                            "reference": case.reference_sections, "answer": answer.answer[:300]}
        per_kind.setdefault(case.kind, []).append(row)
    metric_names = [*RAGAS_METRICS, "citation_correctness", "refusal_correctness", "answered_rate",
                    "cited_reference_share"]
    keys = {"citation_correctness": "citation_correct", "refusal_correctness": "refusal_correct",
            "answered_rate": "answered", "cited_reference_share": "cited_reference"}
    flat = [{m: r[keys.get(m, m)] for m in metric_names} for r in rows]
    metrics = {m: _mean([r[m] for r in flat]) for m in metric_names}
    result = SuiteResult(
        name="grounding", model=f"retriever k={TOP_K} + agent ({getattr(services.writer, 'name', '?')} writer)",
        metrics={m: v for m, v in metrics.items() if v is not None}, ci=bootstrap_means(flat),
        datasets={str(path.relative_to(REPO_ROOT)) if path.is_relative_to(REPO_ROOT) else str(path):
                  dataset_hash(path)},
        samples=samples,
        details={"n": len(cases), "by_kind": {k: {"n": len(rs), **{m: _mean([r[keys.get(m, m)] for r in rs])
                                                                     for m in metric_names}}
                                              for k, rs in sorted(per_kind.items())}},
    )
    result.metrics["n"] = len(cases)
    llm_metrics(result, cases, samples, sections, settings)
    result.seconds = round(time.perf_counter() - start, 2)
    return result


def _mean(values: list) -> float | None:
    vals = [float(v) for v in values if v is not None]
    return round(sum(vals) / len(vals), 4) if vals else None


def llm_judge_configured(settings: Settings) -> str | None:
    """None when an OpenAI-compatible model can judge answers, else the reason it cannot."""
    if settings is None or (settings.openai_api_key is None and not settings.openai_base_url):
        return "no OpenAI-compatible model configured (set OPENAI_API_KEY, or OPENAI_BASE_URL for a local server)"
    return None


def llm_metrics(result: SuiteResult, cases: list[GroundingCase], samples: dict, sections: dict,
                settings: Settings) -> None:
    """ragas Faithfulness and ResponseRelevancy on answered questions, when a model is configured."""
    reason = llm_judge_configured(settings)
    if reason:
        result.skipped.update(faithfulness=reason, response_relevancy=reason)
        return
    try:
        values = asyncio.run(_llm_scores(cases, samples, sections, settings))
    except Exception as exc:  # noqa: BLE001 - any client or judge failure is reported, never fatal to the suite
        why = f"the judge model failed: {type(exc).__name__}: {exc}"
        result.skipped.update(faithfulness=why, response_relevancy=why)
        return
    for name, vals in values.items():
        if vals:
            result.details[name] = vals
            result.metrics[name] = round(sum(vals) / len(vals), 4)


async def _llm_scores(cases, samples, sections, settings: Settings) -> dict[str, list[float]]:
    # ragas pulls in langchain: imported only when grounding is scored (start-up time).
    from openai import AsyncOpenAI
    from ragas import SingleTurnSample
    from ragas.llms import llm_factory

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        # ragas pulls in langchain: imported only when grounding is scored (start-up time).
        from ragas.metrics import Faithfulness, ResponseRelevancy

    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
    client = AsyncOpenAI(base_url=settings.openai_base_url, api_key=key)
    llm = llm_factory(settings.openai_model, client=client)
    faith = Faithfulness(llm=llm)
    relevancy = ResponseRelevancy(llm=llm, embeddings=_ragas_embeddings())
    out: dict[str, list[float]] = {"faithfulness": [], "response_relevancy": []}
    for case in cases:
        s = samples[case.id]
        if case.kind == "unanswerable" or not s["cited"]:
            continue
        sample = SingleTurnSample(user_input=case.question, response=s["answer"],
                                  retrieved_contexts=[sections[c] for c in s["cited"] if c in sections])
        out["faithfulness"].append(float(await faith.single_turn_ascore(sample)))
        out["response_relevancy"].append(float(await relevancy.single_turn_ascore(sample)))
    return out


def _ragas_embeddings():
    """The store's own MiniLM embedder behind ragas's embeddings interface (no embedding API needed)."""
    # ragas pulls in langchain: imported only when grounding is scored (start-up time).
    from langchain_core.embeddings import Embeddings
    from ragas.embeddings import LangchainEmbeddingsWrapper


    class _MiniLM(Embeddings):
        def __init__(self):
            self.e = get_embedder()

        def embed_documents(self, texts):
            return [list(map(float, v)) for v in self.e.encode(texts)]

        def embed_query(self, text):
            return list(map(float, self.e.encode_query(text)))

    return LangchainEmbeddingsWrapper(_MiniLM())
