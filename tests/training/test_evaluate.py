"""`storefront evaluate` on a file labelled with other labels than the store's: a baseline that means something."""

from __future__ import annotations

import pytest

from assistant.tasks.base import build_context
from assistant.training.evaluate import evaluate_file
from tests.training.conftest import TITLES, rows, write_jsonl


@pytest.mark.parametrize("text_field, label_field", [
    pytest.param("text", "category", id="store-column-names"),
    pytest.param("title", "cat", id="the-files-own-column-names"),  # once: "" vs "" on every row, 1.000 for all
])
def test_zero_shot_baseline_is_scored_over_the_files_own_labels(tmp_path, settings_factory, embedder, text_field,
                                                                 label_field):
    """Flipkart-style labels ("dress", "mug", ...) are none of the store's category ids: the store's zero-shot
    once scored 0.000 on them by construction, so any model "beat" an empty comparison."""
    settings = settings_factory()
    data = write_jsonl(tmp_path / "other_store.jsonl",
                       [{text_field: r["text"], label_field: r["category"]} for r in rows()])
    result = evaluate_file("classify", data, build_context(settings, embedder), settings, text_field=text_field,
                           label_field=label_field)
    assert set(TITLES) <= set(result["per_class"])  # scored on the file's labels (beside the ids predicted)
    assert result["accuracy"] == 0.0  # the store's model gives the store's ids: honest, not an empty comparison
    base = result["baseline"]
    assert base["accuracy"] >= 0.5, base  # titles embed near their own label names: 0.000 only by construction
    assert set(base["per_class"]) == set(TITLES) and "file's own 4 labels" in base["note"]
