"""The curation report finds what was planted: duplicates, near-duplicates, contradictions, bad rows; CI exit codes."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.models.openai_pricing import count_text
from assistant.training import export
from assistant.training.curate import curate
from tests.training.conftest import CONTRADICTION, EXACT, NEAR, rows, write_jsonl


def test_report_finds_planted_problems(dirty_file, ctx):
    r = curate("classify", ctx, dirty_file)
    assert r.errors == []
    assert r.n == 35
    assert r.exact_duplicates == 4  # the dress typed twice, the mug typed twice
    assert r.contradictions == 2  # the mug labelled as a lamp
    pair = r.contradiction_pairs[0]
    assert {pair.a_label, pair.b_label} == {"mug", "lamp"} and pair.a_text == CONTRADICTION[0]
    near_texts = {t for p in r.near_pairs for t in (p.a_text, p.b_text)}
    assert NEAR[0] in near_texts and all(p.cosine >= 0.92 for p in r.near_pairs)
    assert any("likely to overfit" in w for w in r.warnings)
    assert r.tokens["total"] > 0 and r.cost["usd"] > 0
    assert set(r.summary()) == {"n", "errors", "exact_duplicates", "near_duplicates", "contradictions", "warnings"}


def test_clean_file_has_no_findings(clean_file, ctx):
    r = curate("classify", ctx, clean_file)
    assert (r.exact_duplicates, r.near_duplicates, r.contradictions) == (0, 0, 0)
    assert r.class_counts == {"dress": 8, "mug": 8, "boot": 8, "lamp": 8}


def test_bad_rows_are_errors_naming_file_line_field(tmp_path, ctx):
    path = write_jsonl(tmp_path / "bad.jsonl", rows()[:3] + [{"text": "Red Dress"}])
    r = curate("classify", ctx, path)
    assert r.errors == [f"{path}:4: category: missing (columns: text)"]


@pytest.mark.parametrize("example, problem", [
    pytest.param({"message": []}, "messages: missing or empty list", id="no-messages"),
    pytest.param({"messages": [{"role": "robot", "content": "hi"}, {"role": "assistant", "content": "x"}]},
                 "messages.0.role: unrecognized role 'robot'", id="bad-role"),
    pytest.param({"messages": [{"role": "user", "content": ""}, {"role": "assistant", "content": "x"}]},
                 "messages.0.content: missing", id="missing-content"),
    pytest.param({"messages": [{"role": "user", "content": "hi"}]}, "messages: no assistant message",
                 id="no-assistant"),
    pytest.param({"messages": [{"role": "user"}, {"role": "assistant", "content": "x"}]},
                 "messages.0: needs role and content", id="no-content-key"),
])
def test_openai_format_checks(example, problem):
    assert problem in export.format_problems(example)


def test_over_the_token_limit(monkeypatch):
    monkeypatch.setattr(export, "MAX_TOKENS_PER_EXAMPLE", 10)
    chat = {"messages": [{"role": "user", "content": "word " * 50}, {"role": "assistant", "content": "ok"}]}
    assert any("over the 10 limit" in p for p in export.format_problems(chat))


def test_tokens_counted_offline():
    pytest.importorskip("bpe_openai")
    assert count_text("Hello world") == 2  # o200k_base: "Hello", " world"
    assert export.training_cost(1_000_000, 2, "gpt-4o-mini-2024-07-18") == 6.0


def test_cli_exit_status_and_json(dirty_file, tmp_path, monkeypatch):
    from assistant.cli import app

    monkeypatch.setenv("ASSISTANT_ARTIFACTS_DIR", str(tmp_path / "artifacts"))
    runner = CliRunner()
    ok = runner.invoke(app, ["data", "check", "classify", "--data", str(dirty_file), "--json"])
    assert ok.exit_code == 0, ok.output  # warnings only
    summary = json.loads(ok.stdout.strip().splitlines()[-1])
    assert summary["contradictions"] == 2 and summary["errors"] == []
    bad = write_jsonl(tmp_path / "bad.jsonl", [{"text": "Red Dress"}])
    failed = runner.invoke(app, ["data", "check", "classify", "--data", str(bad), "--json"])
    assert failed.exit_code == 1
    assert json.loads(failed.stdout.strip().splitlines()[-1])["errors"]
    assert (tmp_path / "artifacts" / "curation" / "classify-bad.json").exists()


def test_csv_with_user_fields(tmp_path, ctx):
    path = tmp_path / "titles.csv"
    lines = ["sku,name,dept"] + [f"{i},{r['text']},{r['category']}" for i, r in enumerate(rows([EXACT]))]
    path.write_text("\n".join(lines) + "\n")
    r = curate("classify", ctx, path, text_field="name", label_field="dept")
    assert r.errors == [] and r.exact_duplicates == 2 and r.exact_pairs[0].a.startswith(f"{path}:")
