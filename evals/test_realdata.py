"""The real-world suite: public data written by real people; skipped, with the reason, without it.

Set ASSISTANT_REALDATA_DIR to a folder shaped like ../shared/realdata/ (scripts/test.sh does when it exists).
These are sanity floors, not accepted scores: the data is not the store's, and it is not versioned here.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.realdata


def test_realdata_flipkart_classifier_beats_zero_shot_and_majority(scores):
    r = scores.get("realdata_flipkart")
    assert r.metrics["accuracy"] > r.baseline["accuracy"] + 0.15, (r.metrics, r.baseline)
    assert r.metrics["accuracy"] > r.metrics["majority_accuracy"] + 0.15


def test_realdata_uci_sentiment_of_the_shipped_extractor(scores):
    r = scores.get("realdata_uci")
    # Sentences from another store and product range, never trained on: well above chance (0.5) is the bar.
    assert r.metrics["accuracy"] >= 0.6, r.metrics


def test_realdata_semeval14_aspect_sentiment(scores):
    r = scores.get("realdata_semeval14")
    assert r.metrics["polar_accuracy"] >= 0.6, r.metrics


def test_realdata_terms_retrieval(scores):
    r = scores.get("realdata_terms")
    failed = {k: s["outcome"] for k, s in r.samples.items() if not s["score"]}
    assert r.metrics["hit_at_4"] >= 0.75, failed
