"""The gate promotes a candidate that beats the baseline without regressing, refuses the rest, records both."""

from __future__ import annotations

import json

import pytest

from assistant.models import registry
from assistant.tasks.classify import ClassifyOutput
from assistant.training import candidates
from assistant.training.promote import HeldOut, SetResult, decide, promote
from assistant.training.taskdata import load_task_data
from tests.training.conftest import write_jsonl, rows


class Fake:
    """Right on the first `skill` share of the 32 distinct held-out titles (use multiples of 1/32), wrong on the rest."""

    kind, task = "fake", "classify"

    def __init__(self, skill: float, gold: dict[str, str], order: list[str]):
        self.name = f"fake-{skill}"
        self.right = set(order[: round(skill * len(order))])
        self.gold = gold

    def predict(self, inputs):
        return [ClassifyOutput(category=self.gold[x.text] if x.text in self.right else "wrong") for x in inputs]


@pytest.fixture
def heldout(tmp_path):
    path = write_jsonl(tmp_path / "classify_heldout.jsonl", rows() * 3)  # 96 rows: intervals narrow enough
    data = load_task_data("classify", path)
    return [HeldOut(path.name, path, data.examples)], {e.input.text: e.output.category for e in data.examples}, \
        list(dict.fromkeys(data.texts))


def artifact(folder, note):
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps({"task": "classify", "note": note}))
    return folder


def loader(models: dict, gold, order):
    return lambda choice: Fake(models[choice], gold, order)


def test_promotes_a_better_candidate_and_keeps_the_previous(settings, heldout, tmp_path):
    sets, gold, order = heldout
    current = artifact(registry.artifact_dir(settings, "classify"), "old")
    cand = artifact(tmp_path / "cand", "new")
    d = promote("classify", str(cand), None, settings, sets,
                loader({"baseline": 0.25, str(cand): 0.875, str(current): 0.75}, gold, order))
    assert d.promoted, d.reasons
    assert json.loads((current / "manifest.json").read_text())["note"] == "new"
    assert json.loads((current.with_name("previous") / "manifest.json").read_text())["note"] == "old"
    record = json.loads(open(d.record).read())
    assert record["promoted"] and record["sets"][0]["candidate"]["accuracy"] == 0.875
    md = open(d.record.replace(".json", ".md")).read()
    assert "PROMOTED" in md and "| accuracy | 0.8750 | 0.2500 | 0.7500 |" in md


def test_refuses_a_regression_beyond_the_noise(settings, heldout, tmp_path):
    sets, gold, order = heldout
    current = artifact(registry.artifact_dir(settings, "classify"), "old")
    cand = artifact(tmp_path / "cand", "new")
    d = promote("classify", str(cand), None, settings, sets,
                loader({"baseline": 0.25, str(cand): 0.625, str(current): 0.875}, gold, order))
    assert not d.promoted
    assert any("accuracy 0.6250 below the current model's 90% interval" in r for r in d.reasons)
    assert json.loads((current / "manifest.json").read_text())["note"] == "old"  # nothing replaced
    assert "REFUSED" in open(d.record.replace(".json", ".md")).read()


def test_refuses_a_candidate_that_does_not_beat_the_baseline(settings, heldout, tmp_path):
    sets, gold, order = heldout
    cand = artifact(tmp_path / "cand", "new")
    d = promote("classify", str(cand), None, settings, sets,
                loader({"baseline": 0.5, str(cand): 0.625}, gold, order))
    assert not d.promoted and d.current is None
    assert d.reasons == ["classify_heldout.jsonl: accuracy 0.6250 does not beat the baseline's 0.5000 by 0.15"]
    assert not registry.artifact_dir(settings, "classify").exists()


def test_openai_candidate_becomes_active_and_get_model_serves_it(settings, heldout, monkeypatch):
    sets, gold, order = heldout
    ft = "ft:gpt-4o-mini-2024-07-18:harbor-pine:classify:B7xKp2Qa"
    d = promote("classify", ft, None, settings, sets,
                loader({"baseline": 0.25, f"openai:{ft}": 0.9}, gold, order))
    assert d.promoted and d.candidate_kind == "openai"
    assert candidates.load_active(settings) == {"classify": f"openai:{ft}"}
    served = object()
    monkeypatch.setitem(registry.FACTORIES, ("classify", f"openai:{ft}"), lambda ctx, s: served)
    assert registry.get_model("classify", None, settings) is served  # the default "local" defers to active.json
    monkeypatch.setitem(registry.FACTORIES, ("classify", "baseline"), lambda ctx, s: "explicit")
    assert registry.get_model("classify", None, settings, choice="baseline") == "explicit"


def sr(cand, base, cur=None, ci=None):
    return SetResult(name="set", n=100, candidate=cand, baseline=base, current=cur, current_ci=ci)


@pytest.mark.parametrize("task, result, promoted", [
    pytest.param("rewrite", sr({"field_f1": 0.80, "exact_match": 0.5}, {"field_f1": 0.64}), True, id="margin-met"),
    pytest.param("rewrite", sr({"field_f1": 0.78, "exact_match": 0.5}, {"field_f1": 0.64}), False, id="margin-missed"),
    pytest.param("describe", sr({"rouge_l": 0.5, "hallucination_rate": 0.0, "coverage": 0.97}, {"rouge_l": 0.4}),
                 True, id="describe-safe"),
    pytest.param("describe", sr({"rouge_l": 0.5, "hallucination_rate": 0.01, "coverage": 0.97}, {"rouge_l": 0.4}),
                 False, id="describe-hallucinates"),
    pytest.param("describe", sr({"rouge_l": 0.5, "hallucination_rate": 0.0, "coverage": 0.9}, {"rouge_l": 0.4}),
                 False, id="describe-low-coverage"),
    pytest.param("describe", sr({"rouge_l": 0.5, "hallucination_rate": 0.02, "coverage": 0.97}, {"rouge_l": 0.4},
                                {"rouge_l": 0.5}, {"rouge_l": [0.45, 0.55], "hallucination_rate": [0.0, 0.01]}),
                 False, id="error-rate-above-interval"),
    pytest.param("extract", sr({"macro_f1": 0.8, "overall_macro_f1": 0.7}, {"macro_f1": 0.5},
                               {"macro_f1": 0.82}, {"macro_f1": [0.78, 0.86], "overall_macro_f1": [0.6, 0.8]}),
                 True, id="within-noise"),
])
def test_decide(task, result, promoted):
    assert decide(task, [result])[0] is promoted


def test_every_task_declares_its_gate():
    from assistant.tasks.specs import SPECS

    assert set(SPECS) == {"classify", "rewrite", "describe", "extract", "route"}
    assert all(s.gate.metric and s.gate.watched for s in SPECS.values())
