"""The answer writer is chosen through the registry, like the task models and the embedder."""

from __future__ import annotations

import pytest

from assistant.agent.context import default_writer
from assistant.config import Settings
from assistant.errors import ModelError
from assistant.models import writer as registry


class Canned:
    name = "canned"

    def write(self, question, hits, emit):
        emit("canned")
        return "canned", []


def test_the_backend_chooses_the_writer(tmp_path):
    assert default_writer(Settings(data_dir=tmp_path)).name == "extractive"
    llm = Settings(data_dir=tmp_path, backend="openai", openai_base_url="http://127.0.0.1:9/v1")
    assert default_writer(llm).name == "llm"


def test_a_registered_writer_serves_when_chosen(monkeypatch, tmp_path):
    monkeypatch.setitem(registry.WRITERS, "extractive", lambda settings, related, client: Canned())
    assert default_writer(Settings(data_dir=tmp_path)).write("q", [], lambda t: None) == ("canned", [])


def test_an_unknown_writer_is_a_model_error(tmp_path):
    with pytest.raises(ModelError, match="no answer writer named 'nope'"):
        registry.get_writer(Settings(data_dir=tmp_path), name="nope")
