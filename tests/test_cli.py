"""The `storefront` command as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from assistant.cli import app

runner = CliRunner()


def _env(settings) -> dict:
    return {"ASSISTANT_DATA_DIR": str(settings.data_dir), "ASSISTANT_ARTIFACTS_DIR": str(settings.artifacts_dir)}


def test_ask_json_has_the_documented_shape(demo_settings):
    result = runner.invoke(app, ["ask", "--json", "--index", str(demo_settings.index_dir),
                                 "How many days do I get to send back a charger or headphones?"], env=_env(demo_settings))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"answer", "citations", "products", "route"}
    assert data["route"] == "policy"
    assert data["citations"] and set(data["citations"][0]) >= {"source", "section", "text"}


def test_ask_questions_file_prints_one_json_per_line(demo_settings, tmp_path):
    questions = tmp_path / "q.txt"
    questions.write_text("How much is express shipping?\n\nred dress under $100\ntell me a joke\n")
    result = runner.invoke(app, ["ask", "--json", "--questions", str(questions), "--index",
                                 str(demo_settings.index_dir)], env=_env(demo_settings))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["route"] for r in rows] == ["policy", "search", "other"]
    assert rows[1]["products"]


def test_ask_needs_a_question():
    result = runner.invoke(app, ["ask"])
    assert result.exit_code == 2


def test_openai_backend_without_key_fails_at_start_with_what_to_set(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    result = runner.invoke(app, ["ask", "hi"], env={"ASSISTANT_BACKEND": "openai"})
    assert result.exit_code == 2
    assert "OPENAI_API_KEY" in result.output


def test_errors_keep_long_paths_whole_in_a_narrow_log(small_store, tmp_path, monkeypatch):
    """rich wrapped errors at 80 columns when output is not a terminal (a file, CI): a path split over two lines
    cannot be found by a person grepping the log, nor by a test (issue 14 item 13)."""
    from assistant import cli

    for console in (cli.err, cli.out):
        monkeypatch.setattr(console, "_width", 80)  # what rich picks for a pipe or a file
    deep = tmp_path / ("a-folder-name-long-enough-to-push-the-path-past-eighty-columns-" * 2) / "knowledge"
    shutil.copytree(small_store, deep)
    bad = deep / "catalog/products.jsonl"
    lines = bad.read_text().splitlines()
    lines[2] = '{"id": "HP-X", "title": '
    bad.write_text("\n".join(lines) + "\n")
    result = runner.invoke(app, ["ingest", "--knowledge", str(deep), "--index", str(tmp_path / "index"), "-q"])
    assert result.exit_code != 0
    assert f"{bad}:3: json: not valid JSON" in result.output


def test_each_questions_run_is_its_own_set_of_conversations(demo_settings, tmp_path):
    """Line i of a questions file was thread `cli-i` in the shared store, so a second run continued the first
    run's conversations (issue 14 item 14)."""
    questions = tmp_path / "q.txt"
    questions.write_text("red dress under $100\nHow much is express shipping?\n")
    data = tmp_path / "data"
    env = {**_env(demo_settings), "ASSISTANT_DATA_DIR": str(data)}
    for _ in range(2):
        result = runner.invoke(app, ["ask", "--json", "--questions", str(questions), "--index",
                                     str(demo_settings.index_dir)], env=env)
        assert result.exit_code == 0, result.output
    con = sqlite3.connect(data / "checkpoints.sqlite")
    threads = {r[0] for r in con.execute("SELECT DISTINCT thread_id FROM checkpoints")}
    assert len(threads) == 4


def test_tests_never_write_into_the_users_data_folder():
    from assistant.config import Settings

    assert Path.home() / ".cache" not in Settings().data_dir.parents


def test_ask_prints_no_library_debug_notes(demo_settings):
    # bm25s sets its own logger to DEBUG, so a shopper's one question printed "DEBUG bm25s: Building index..."
    env = {**os.environ, **_env(demo_settings)}
    done = subprocess.run([sys.executable, "-m", "assistant.cli", "ask", "--index", str(demo_settings.index_dir),
                           "How much is express shipping?"], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "DEBUG" not in done.stderr, done.stderr
