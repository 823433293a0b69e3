"""The `storefront` command as a user runs it."""

from __future__ import annotations

import json

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
