"""Splits are deterministic and stratified, keep near-duplicate groups together, and pass the leakage check;
a naive random split of the same file fails it, naming the pairs."""

from __future__ import annotations

import json
from collections import Counter

from typer.testing import CliRunner

from assistant.training import taskdata
from assistant.training.leakage import check_task, find_leaks
from assistant.training.split import load_split, make_split, naive_split
from tests.training.conftest import NEAR, TITLES, rows, write_jsonl

# Every dress and boot has a size variant ("(M)", cosine 0.90-0.99, mean 0.95): 16 pairs a random split cuts through.
VARIANTS = [(f"{t} (M)", "dress") for t in TITLES["dress"]] + [(f"{t} (L)", "boot") for t in TITLES["boot"]]


def test_split_is_deterministic_stratified_and_grouped(tmp_path, ctx, no_heldout):
    source = write_jsonl(tmp_path / "src.jsonl", rows(VARIANTS))
    a = make_split("classify", ctx, source, tmp_path / "a", eval_fraction=0.25, seed=3)
    b = make_split("classify", ctx, source, tmp_path / "b", eval_fraction=0.25, seed=3)
    assert a.info.sha256 == b.info.sha256 and a.info.source_sha256 == b.info.source_sha256
    assert a.info.counts["train"] + a.info.counts["eval"] == len(rows(VARIANTS))
    assert load_split(None, "classify", tmp_path / "a").info == a.info
    train, ev = a.train_data(), a.eval_data()
    assert set(Counter(ev.labels())) == {"dress", "mug", "boot", "lamp"}  # every class on both sides
    train_texts = set(train.texts)
    data = taskdata.load_task_data("classify", source)
    pairs = taskdata.similar_pairs(taskdata.embed(ctx, data.texts))
    assert len(pairs) >= 8  # most of the 16 size variants
    for i, j, _ in pairs:  # each near-duplicate pair on one side
        assert (data.texts[i] in train_texts) == (data.texts[j] in train_texts), (data.texts[i], data.texts[j])
    assert find_leaks(train, [ev], ctx).ok


def test_naive_split_leaks_and_the_check_names_the_pairs(tmp_path, ctx, no_heldout, settings):
    source = write_jsonl(tmp_path / "src.jsonl", rows(VARIANTS))
    naive = naive_split("classify", source, tmp_path / "naive", eval_fraction=0.3, seed=1)
    report = check_task("classify", ctx, settings, naive.folder)
    assert not report.ok
    leak = report.leaks[0]
    assert leak.cosine >= 0.92 and leak.train.startswith(str(naive.train)) and leak.eval.startswith(str(naive.eval))
    runner = CliRunner()
    from assistant.cli import app

    result = runner.invoke(app, ["data", "leakage", "classify", "--split", str(naive.folder), "--json",
                                 "--knowledge", str(settings.knowledge_dir)])
    assert result.exit_code == 1
    assert json.loads(result.stdout.strip().splitlines()[-1])["leaks"]


def test_exact_leak_is_found(tmp_path, ctx):
    train = taskdata.load_task_data("classify", write_jsonl(tmp_path / "t.jsonl", rows()))
    ev = taskdata.load_task_data("classify", write_jsonl(tmp_path / "e.jsonl", [{"text": "stoneware COFFEE mug 12 oz",
                                                                                 "category": "mug"}]))
    leaks = find_leaks(train, [ev], ctx).leaks
    assert [(x.kind, x.eval) for x in leaks] == [("exact", f"{ev.path}:1")]


def test_rows_near_an_eval_set_in_evals_are_kept_out(tmp_path, ctx, monkeypatch):
    held = write_jsonl(tmp_path / "classify_heldout.jsonl", [{"text": NEAR[0], "category": "dress"}])
    monkeypatch.setattr(taskdata, "heldout_files", lambda task: [held])
    source = write_jsonl(tmp_path / "src.jsonl", rows())
    split = make_split("classify", ctx, source, tmp_path / "s", eval_fraction=0.25)
    assert split.info.counts["dropped_near_heldout"] == 1
    assert TITLES["dress"][0] not in split.train_data().texts + split.eval_data().texts


def test_committed_splits_match_their_files():
    """The splits in knowledge/training/splits are what split.json says (hashes of files and source)."""
    from assistant.config import REPO_ROOT
    from assistant.training.split import sha256

    for meta in (REPO_ROOT / "knowledge/training/splits").glob("*/split.json"):
        info = json.loads(meta.read_text())
        for name, digest in info["sha256"].items():
            assert sha256(meta.parent / name) == digest, meta.parent / name
        assert sha256(REPO_ROOT / info["source"]) == info["source_sha256"], f"{meta}: stale, re-run data split"


def test_split_of_another_file_leaves_the_store_split_alone(tmp_path, settings, no_heldout, monkeypatch):
    """`data split --data FILE` without --out once overwrote knowledge/training/splits/TASK, which the live
    classify tool and `evaluate` read: it now writes a folder of its own and says where."""
    from assistant.cli import app
    from assistant.models.artifacts import split_dir, store_file

    monkeypatch.setenv("ASSISTANT_ARTIFACTS_DIR", str(settings.artifacts_dir))
    runner = CliRunner()
    knowledge = ["--knowledge", str(settings.knowledge_dir)]
    store = runner.invoke(app, ["data", "split", "classify", "--naive", *knowledge])
    assert store.exit_code == 0, store.output
    committed = {p.name: p.read_bytes() for p in split_dir(settings, "classify").iterdir()}
    assert json.loads(committed["split.json"])["source"].endswith("classify.jsonl")

    other = write_jsonl(tmp_path / "flipkart.jsonl", rows())
    result = runner.invoke(app, ["data", "split", "classify", "--naive", "--data", str(other), *knowledge])
    assert result.exit_code == 0, result.output
    assert {p.name: p.read_bytes() for p in split_dir(settings, "classify").iterdir()} == committed
    written = settings.artifacts_dir / "splits" / "classify-flipkart"
    assert json.loads((written / "split.json").read_text())["counts"]["train"] > 0
    said = result.output.replace("\n", "")
    assert str(written) in said and "unchanged" in said

    same = runner.invoke(app, ["data", "split", "classify", "--naive", "--data",
                               str(store_file(settings, "classify")), *knowledge])
    assert same.exit_code == 0 and "unchanged" not in same.output  # the store's own file: the store's split
