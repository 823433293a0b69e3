"""Local training reads the split's train part plus accepted feedback, and `storefront train` goes through the gate."""

from __future__ import annotations

import dataclasses
import json

import pytest

from assistant.models import registry
from assistant.tasks.classify import ClassifyOutput
from assistant.training.local import train_task
from assistant.models.artifacts import accepted_file, store_file
from assistant.training.split import naive_split, split_dir
from tests.training.conftest import rows, write_jsonl

GOLD = {r["text"]: r["category"] for r in rows()}


class Trained:
    """A fake trainable model: right on every known title when `good`, always wrong otherwise."""

    kind, task, good = "fake", "classify", True

    def __init__(self, n=0, good=None):
        self.n, self.good = n, type(self).good if good is None else good
        self.name = f"fake-{'good' if self.good else 'bad'}"

    @classmethod
    def train(cls, examples, ctx, progress=True):
        return cls(len(examples), cls.good)

    def predict(self, inputs):
        return [ClassifyOutput(category=GOLD.get(x.text, "?") if self.good else "wrong") for x in inputs]

    def save(self, folder):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "fake.json").write_text(json.dumps({"n": self.n, "good": self.good}))

    @classmethod
    def load(cls, folder, ctx):
        return cls(**json.loads((folder / "fake.json").read_text()))


class Bad(Trained):
    good = False


@pytest.fixture
def fake_classify(monkeypatch):
    """The classify spec with fake models, swapped in where every caller looks specs up."""
    s = dataclasses.replace(registry.spec("classify"), local=Trained, baseline=lambda ctx: Bad())
    monkeypatch.setitem(registry.SPECS, "classify", s)
    return s


def test_out_trains_on_the_split_train_part_plus_accepted_rows(settings, fake_classify):
    split = naive_split("classify", store_file(settings, "classify"), split_dir(settings, "classify"), 0.25, seed=2)
    write_jsonl(accepted_file(settings, "classify"), [{"text": "Brass Floor Lamp", "category": "lamp"}])
    manifest = train_task("classify", None, settings, out=settings.artifacts_dir / "m", progress=False)
    assert manifest["examples"] == split.info.counts["train"] + 1 and manifest["accepted"] == 1
    assert manifest["split"] == str(split.folder) and manifest["data"] == str(split.train)


def test_train_goes_through_the_gate(settings, ctx, fake_classify, monkeypatch, tmp_path):
    user = write_jsonl(tmp_path / "mine.jsonl", rows())
    first = train_task("classify", ctx, settings, data=user, progress=False)
    assert first["gate"]["promoted"], first["gate"]["reasons"]
    current = registry.artifact_dir(settings, "classify")
    assert json.loads((current / "fake.json").read_text())["good"] is True
    monkeypatch.setitem(registry.SPECS, "classify", dataclasses.replace(fake_classify, local=Bad))
    second = train_task("classify", ctx, settings, data=user, progress=False)
    assert not second["gate"]["promoted"]
    assert any("does not beat the baseline" in r for r in second["gate"]["reasons"])
    assert json.loads((current / "fake.json").read_text())["good"] is True  # unchanged
    history = list((settings.artifacts_dir / "registry" / "history").glob("*-classify.md"))
    assert len(history) == 2


def test_data_errors_stop_training(settings, ctx, fake_classify, tmp_path):
    from assistant.errors import AssistantError

    bad = write_jsonl(tmp_path / "bad.jsonl", rows()[:5] + [{"text": "no label"}])
    with pytest.raises(AssistantError, match=r"bad.jsonl:6: category: missing"):
        train_task("classify", ctx, settings, data=bad, progress=False)
    assert not registry.artifact_dir(settings, "classify").exists()
