"""`storefront evaluate` on a file labelled with other labels than the store's: a baseline that means something."""

from __future__ import annotations

from assistant.tasks.base import build_context
from assistant.training.evaluate import evaluate_file
from tests.training.conftest import TITLES, rows, write_jsonl


def test_zero_shot_baseline_is_scored_over_the_files_own_labels(tmp_path, settings_factory, embedder):
    """Flipkart-style labels ("dress", "mug", ...) are none of the store's category ids: the store's zero-shot
    once scored 0.000 on them by construction, so any model "beat" an empty comparison."""
    settings = settings_factory()
    data = write_jsonl(tmp_path / "other_store.jsonl", rows())
    result = evaluate_file("classify", data, build_context(settings, embedder), settings, text_field="text",
                           label_field="category")
    base = result["baseline"]
    assert base["accuracy"] >= 0.5, base  # titles embed near their own label names: 0.000 only by construction
    assert set(base["per_class"]) == set(TITLES) and "file's own 4 labels" in base["note"]
