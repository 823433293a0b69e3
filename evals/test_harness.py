"""The harness itself, on made-up results: regression messages, accepting scores, the report folder."""

from __future__ import annotations

import json

from assistant.evaluation import regression
from assistant.evaluation.harness import SuiteResult
from assistant.evaluation.report import write_report


def _result(acc: float, hall: float, outcomes: dict[str, float]) -> SuiteResult:
    return SuiteResult(
        name="classify", model="m", metrics={"n": 3, "accuracy": acc, "hallucination_rate": hall},
        ci={"accuracy": [acc - 0.05, acc + 0.05], "hallucination_rate": [0.0, hall + 0.01]},
        datasets={"evals/datasets/x.jsonl": "abcd" * 4},
        samples={k: {"score": v, "outcome": "ok" if v else "wrong", "text": f"title {k}"} for k, v in outcomes.items()},
        baseline={"accuracy": 0.5, "hallucination_rate": 0.2}, baseline_model="b",
        lower_is_better=frozenset({"hallucination_rate"}),  # as a task's GateRule declares it
        details={"gates": [{"task": "classify", "metric": "accuracy", "rule": "above the baseline by 0.15",
                            "value": acc, "target": 0.65, "passed": acc >= 0.65}],
                 "model_full": {"confusion": {"labels": ["a", "b"], "matrix": [[2, 0], [1, 0]]}}})


def test_accept_then_a_drop_names_metric_values_and_changed_samples(tmp_path):
    base, samples = tmp_path / "baselines.json", tmp_path / "accepted_samples.json"
    diff = regression.accept([_result(0.9, 0.0, {"s1": 1, "s2": 1, "s3": 0})], base, samples)
    assert any("classify.accuracy: (none) -> 0.9000" in d for d in diff)
    accepted = json.loads(base.read_text())["suites"]["classify"]
    assert accepted["accuracy"]["ci"] == [0.85, 0.95] and accepted["hallucination_rate"]["direction"] == "lower"

    worse = _result(0.6, 0.05, {"s1": 1, "s2": 0, "s3": 0})
    found = regression.check(worse, regression.load(base), regression.load(samples))
    by = {x.metric: x for x in found}
    assert set(by) == {"accuracy", "hallucination_rate"}  # lower-is-better fails above its upper bound
    msg = by["accuracy"].message()
    assert "accepted 0.9000" in msg and "now 0.6000" in msg and "lower bound 0.8500" in msg
    assert "s2" in msg and "title s2" in msg and "s1" not in msg.split("changed")[1]

    assert regression.check(_result(0.88, 0.0, {"s1": 1, "s2": 1, "s3": 0}), regression.load(base),
                            regression.load(samples)) == []  # inside the interval: noise, not a regression
    diff = regression.accept([worse], base, samples)
    assert "classify.accuracy: 0.9000 -> 0.6000 (-0.3000)" in diff and "classify: 1 sample(s) changed outcome" in diff


def test_changed_eval_data_asks_for_a_deliberate_accept(tmp_path):
    base, samples = tmp_path / "b.json", tmp_path / "s.json"
    regression.accept([_result(0.9, 0.0, {"s1": 1})], base, samples)
    moved = _result(0.9, 0.0, {"s1": 1})
    moved.datasets = {"evals/datasets/x.jsonl": "ffff" * 4}
    found = regression.check(moved, regression.load(base), regression.load(samples))
    assert found and "eval data changed" in found[0].message() and "--accept" in found[0].message()


def test_report_folder_has_json_markdown_plots_and_failures(tmp_path):
    r = _result(0.9, 0.0, {"s1": 1, "s2": 0})
    md = write_report([r], tmp_path, [], {"grounding.faithfulness": "no model configured"}, 1.0)
    text = md.read_text()
    assert "| accuracy | 0.9000" in text and "no model configured" in text
    data = json.loads((tmp_path / "report.json").read_text())
    assert data["datasets"] == {"evals/datasets/x.jsonl": "abcd" * 4}
    assert (tmp_path / "plots" / "confusion_classify.png").stat().st_size > 1000
    assert (tmp_path / "plots" / "bars_classify.png").exists()
    assert [json.loads(x)["key"] for x in (tmp_path / "failures.jsonl").read_text().splitlines()] == ["s2"]
