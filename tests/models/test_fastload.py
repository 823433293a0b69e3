"""The quick start-up paths of the artifact layer serve exactly what the slow ones did.

A model loaded from its plain-pickle copies (assistant/models/fastload.py) must predict what the joblib-loaded model
predicts on every task's held-out set, and the remembered code hash must say "stale" exactly when the parsed one does.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import joblib
import pytest

from assistant.config import REPO_ROOT
from assistant.models.artifacts import artifact_dir, code_hash, current_code_hash, heldout_file
from assistant.models import artifacts, fastload
from assistant.models.fastload import copy_path, ensure_copies
from assistant.models.registry import get_model, spec
from assistant.tasks.base import build_context
from assistant.tasks.specs import SPECS

JOBLIB_TASKS = [t for t in SPECS if t != "describe"]  # describe's artifact is JSON and numpy only


@pytest.fixture(scope="module")
def settings(settings_factory):
    return settings_factory()


@pytest.fixture(scope="module")
def ctx(settings, embedder):
    return build_context(settings, embedder)


def copied_artifact(settings, task: str, tmp_path: Path) -> Path:
    folder = tmp_path / task
    shutil.copytree(artifact_dir(settings, task), folder, ignore=shutil.ignore_patterns(".*.pickle"))
    return folder


@pytest.mark.parametrize("task", JOBLIB_TASKS)
def test_fast_copies_predict_what_joblib_did_on_the_held_out_set(task, settings, ctx, tmp_path, monkeypatch):
    folder = copied_artifact(settings, task, tmp_path)
    joblib_files = sorted(folder.glob("*.joblib"))
    assert joblib_files, f"{task}: no joblib file in its artifact"
    s = spec(task)
    inputs = [e.input for e in s.load_examples(heldout_file(settings, task, REPO_ROOT))]
    assert inputs

    with monkeypatch.context() as m:  # the reference: the task's own loader reading every file with joblib
        m.setattr(fastload, "load", joblib.load)
        slow = s.local.load(folder, ctx).predict(inputs)
    assert not list(folder.glob(".*.pickle")), "the joblib load must not write copies"
    first = s.local.load(folder, ctx)  # makes the copies
    assert all(copy_path(f).exists() for f in joblib_files)
    from_copies = s.local.load(folder, ctx)  # reads them

    assert first.predict(inputs) == slow
    assert from_copies.predict(inputs) == slow
    for f in joblib_files:  # and the objects themselves, beyond what the held-out set exercises
        assert joblib.hash(fastload.load(f)) == joblib.hash(joblib.load(f)), f.name


def test_a_retrained_file_gets_a_new_copy_and_the_old_one_goes(settings, ctx, tmp_path):
    folder = copied_artifact(settings, "route", tmp_path)
    get_model("route", ctx, settings, choice=str(folder))
    model_file = folder / "model.joblib"
    old = copy_path(model_file)
    model_file.write_bytes(model_file.read_bytes())  # as a retrain writes it: a new modification time
    get_model("route", ctx, settings, choice=str(folder))
    assert copy_path(model_file) != old and copy_path(model_file).exists()
    assert not old.exists()


def test_a_damaged_copy_is_reported_and_replaced(settings, ctx, tmp_path, caplog):
    folder = copied_artifact(settings, "route", tmp_path)
    get_model("route", ctx, settings, choice=str(folder))
    copy = copy_path(folder / "model.joblib")
    copy.write_bytes(b"not a pickle")
    with caplog.at_level(logging.WARNING, logger="assistant.models.fastload"):
        model = get_model("route", ctx, settings, choice=str(folder))
    assert "unreadable" in caplog.text
    vec = ctx.embedder.encode(["where is my order"])[0]
    assert model.decide(vec) == spec("route").local.load(folder, ctx).decide(vec)
    assert copy.read_bytes() != b"not a pickle"


@pytest.fixture
def task_code(tmp_path, monkeypatch) -> Path:
    """A copy of the route task's code, for edits the real tree must not see."""
    root = tmp_path / "tasks"
    shutil.copytree(artifacts.TASKS_DIR / "route", root / "route")
    for name in artifacts.SHARED_CODE:
        shutil.copy(artifacts.TASKS_DIR / name, root / name)
    monkeypatch.setattr(artifacts, "TASKS_DIR", root)
    return root


def test_the_remembered_code_hash_is_the_parsed_one_and_follows_edits(task_code, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    assert current_code_hash("route", cache) == code_hash("route")
    assert (cache / "code_hashes.json").exists()

    parsed = code_hash("route")
    with monkeypatch.context() as m:  # unchanged files: no parse at all
        m.setattr(artifacts, "code_hash", lambda task: pytest.fail("parsed again"))
        assert current_code_hash("route", cache) == parsed

    model = task_code / "route" / "model.py"
    model.write_text(model.read_text() + "\n# a comment: the artifact stays current\n")
    assert current_code_hash("route", cache) == parsed
    model.write_text(model.read_text() + "\nLIMIT = 3\n")
    assert current_code_hash("route", cache) == code_hash("route") != parsed


def test_a_damaged_code_hash_cache_is_parsed_again(task_code, tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "code_hashes.json").write_text("{not json")
    assert current_code_hash("route", cache) == code_hash("route")


def test_prepare_makes_the_missing_copies_once(settings, tmp_path):
    folder = copied_artifact(settings, "classify", tmp_path)
    assert ensure_copies([folder]) == 1
    assert copy_path(folder / "model.joblib").exists()
    assert ensure_copies([folder]) == 0


def test_only_the_code_a_model_is_made_from_makes_it_stale(tmp_path, monkeypatch):
    """Editing the rewrite task's product-type check (it runs after the model) or its scoring must not retrain the
    model; editing a module the model imports, or the stop words its features skip, must."""
    root = tmp_path / "assistant"
    shutil.copytree(artifacts.TASKS_DIR, root / "tasks")
    shutil.copytree(artifacts.TASKS_DIR.parent / "retrieval", root / "retrieval")
    monkeypatch.setattr(artifacts, "TASKS_DIR", root / "tasks")
    before = code_hash("rewrite")
    for after_model in ("carried.py", "score.py", "baseline.py"):
        path = root / "tasks" / "rewrite" / after_model
        path.write_text(path.read_text() + "\nLIMIT = 3\n")
    assert code_hash("rewrite") == before
    stop = root / "retrieval" / "stopwords.py"
    stop.write_text(stop.read_text() + "\nEXTRA = 1\n")
    with_stop_words = code_hash("rewrite")
    assert with_stop_words != before
    heads = root / "tasks" / "rewrite" / "heads.py"
    heads.write_text(heads.read_text() + "\nLIMIT = 3\n")
    assert code_hash("rewrite") != with_stop_words


def test_a_change_to_the_policy_search_makes_the_trained_policy_models_stale(tmp_path, monkeypatch):
    """The query adapter's gate and the unit selector learn from what the policy search returns: a fusion change in
    retrieval/search.py or lexical.py must retrain them, a reworded comment must not."""
    search = tmp_path / "search.py"
    search.write_text("WEIGHT = 0.2\n")
    monkeypatch.setattr(artifacts, "SEARCH_CODE", (search,))
    made = artifacts.PolicyArtifact(tmp_path / "art", artifacts.TASKS_DIR / "retrieve", tmp_path, tmp_path / "q.jsonl",
                                    "the adapter")
    before = made.code_hash()
    search.write_text("WEIGHT = 0.2  # a reworded note\n")
    assert made.code_hash() == before
    search.write_text("WEIGHT = 0.3\n")
    assert made.code_hash() != before
