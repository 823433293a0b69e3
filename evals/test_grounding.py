"""Grounding: retrieval (ragas ID-based and non-LLM context metrics), citations, refusals; LLM judges if configured."""

from __future__ import annotations

from collections import Counter

import pytest

from assistant.evaluation import regression
from assistant.evaluation.grounding import GROUNDING_FILE, load_cases, llm_judge_configured, policy_sections


def test_grounding_set_covers_every_kind():
    cases = load_cases(GROUNDING_FILE, set(policy_sections(GROUNDING_FILE.parents[2] / "knowledge")))
    kinds = Counter(c.kind for c in cases)
    assert len(cases) >= 80
    assert kinds["paraphrase"] >= 10 and kinds["multi"] >= 10 and kinds["unanswerable"] >= 10, kinds
    assert all(len(c.reference_sections) >= 2 for c in cases if c.kind == "multi")


def test_grounding_reports_ragas_context_metrics(scores):
    g = scores.get("grounding")
    for m in ("id_context_precision", "id_context_recall", "nonllm_context_precision", "nonllm_context_recall",
              "citation_correctness", "refusal_correctness"):
        assert 0.0 <= g.metrics[m] <= 1.0, m
        assert m in g.ci


def test_grounding_never_cites_a_section_it_did_not_retrieve(scores):
    g = scores.get("grounding")
    bad = {k: s for k, s in g.samples.items() if s["cited"] and "not retrieved" in s["outcome"]}
    assert not bad, "\n".join(f"{k}: {s['text']} -> {s['outcome']}" for k, s in bad.items())


def test_grounding_no_metric_below_its_accepted_bound(scores):
    found = regression.check(scores.get("grounding"))
    assert not found, "\n\n".join(x.message() for x in found)


def test_grounding_llm_judged_metrics(scores, eval_settings):
    why = llm_judge_configured(eval_settings)
    if why:
        pytest.skip(f"ragas Faithfulness and ResponseRelevancy skipped: {why}")
    g = scores.get("grounding")
    assert "faithfulness" in g.metrics and "response_relevancy" in g.metrics, g.skipped
