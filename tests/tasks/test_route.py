"""The router decides one message from its embedding with sklearn's own arithmetic, without sklearn's input checks:
the probabilities must be `predict_proba`'s, bit for bit."""

from __future__ import annotations

import json

import numpy as np
import pytest

from assistant.models.registry import get_model
from assistant.config import REPO_ROOT

OTHERS = ["red dress under $100", "hello", "write a description for HP-00017", "classify these titles: Bamboo Towel",
          "i want to talk to a person", "what do reviewers say about the second one", "tell me a joke"]


@pytest.fixture(scope="module")
def router(settings_factory, ctx):
    return get_model("route", ctx, settings_factory())


def test_the_probabilities_are_predict_proba_s(router, ctx):
    questions = [json.loads(line)["question"] for line in
                 (REPO_ROOT / "tests/data/retrieval_questions.jsonl").read_text().splitlines() if line.strip()]
    for vec in ctx.embedder.encode(questions + OTHERS):
        x = vec.reshape(1, -1)
        assert np.array_equal(router._probs(x), router.model.predict_proba(x))
