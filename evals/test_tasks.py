"""Every task: the active model against its zero-shot baseline on the held-out set, and against accepted scores.

`pytest evals/ -k classify` runs one task. Each test reads the session's cached scores (conftest.py).
"""

from __future__ import annotations

import pytest

from assistant.evaluation import regression
from assistant.evaluation.suite import TASK_PARTS

# What each task must report (issue #5, "Metrics, chosen per task").
REQUIRED = {
    "classify": ["accuracy", "macro_f1"],
    "rewrite": ["field_precision", "field_recall", "field_f1"],
    "describe": ["coverage", "hallucination_rate", "rouge_l", "edit_effort", "voice_ok"],
    "extract": ["overall_accuracy", "overall_macro_f1", "aspect_f1", "use_case_f1", "difficulty_f1", "macro_f1"],
    "route": ["accuracy", "macro_f1"],
}
REQUIRED_DETAIL = {"classify": ["per_class", "confusion"], "rewrite": ["per_field"], "extract": ["overall_per_class"],
                   "route": ["per_class"]}


@pytest.mark.parametrize("task", TASK_PARTS)
def test_reports_the_task_metrics(scores, task):
    r = scores.get(task)
    missing = [m for m in REQUIRED[task] if m not in r.metrics]
    missing += [m for m in REQUIRED_DETAIL.get(task, []) if m not in r.details["model_full"]]
    assert not missing, f"{task} does not report {missing}"
    assert r.baseline and set(REQUIRED[task]) <= set(r.baseline), "the baseline is scored on the same set"
    assert r.datasets and all(len(h) == 16 for h in r.datasets.values()), "every dataset's content hash is recorded"


@pytest.mark.parametrize("task", TASK_PARTS)
def test_model_beats_baseline_by_the_gate_margin(scores, task):
    r = scores.get(task)
    failed = [g for g in r.details["gates"] if not g["passed"]]
    assert r.details["gates"], f"no gate is defined for {task}"
    assert not failed, "\n".join(
        f"{task}.{g['metric']}: model {g['value']:.4f}, baseline {r.baseline.get(g['metric'], float('nan')):.4f}; "
        f"must be {g['rule']} (target {g['target']:.4f})" for g in failed)


@pytest.mark.parametrize("task", TASK_PARTS)
def test_no_metric_below_its_accepted_bound(scores, task):
    if task not in regression.load().get("suites", {}):
        pytest.skip(f"{task} has no accepted scores yet: review them, then `storefront eval --task {task} --accept`")
    found = regression.check(scores.get(task))
    assert not found, "\n\n".join(x.message() for x in found)


def test_rewrite_gives_partial_credit_per_field():
    """A filter with 9 of 10 units right scores 0.9, not 0."""
    from assistant.schemas import PriceRange, SearchFilters
    from assistant.tasks.rewrite import score

    gold = SearchFilters(category_ids=[1], attributes={"color": ["red", "blue"], "material": ["silk"],
                                                       "size": ["S", "M", "L"]},
                         excluded={"pattern": ["floral"]}, price=PriceRange(min=20, max=100))
    pred = gold.model_copy(deep=True)
    pred.attributes["size"] = ["S", "M"]  # one of the ten units missing
    m = score([pred], [gold])
    assert m["field_precision"] == 1.0 and m["field_recall"] == 0.9
    assert m["field_f1"] == pytest.approx(0.9474, abs=1e-4)
    assert m["exact_match"] == 0.0
