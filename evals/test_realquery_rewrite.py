"""Real shoppers' queries against the ontology: field F1 of the rewrite and no category for types we don't sell.

Reads the query text from ASSISTANT_REALDATA_DIR (skips when absent); accepted scores in
`evals/baselines_conversations.json` under "realquery" (held-out half reported, dev half tuned on)."""

from __future__ import annotations

import json

import pytest

from evals.realquery_rewrite import load, predictions, scores, sources
from evals.test_shopper_conversations import BASELINES


@pytest.fixture(scope="module")
def measured(eval_settings, services):
    realdata = eval_settings.realdata_dir
    missing = sorted(s for s in sources() if realdata is None or not (realdata / s).is_file())
    if missing:
        pytest.skip(f"ASSISTANT_REALDATA_DIR is not set or lacks {', '.join(missing)}: the real-query set needs it")
    rows = load(realdata)
    return scores(rows, predictions(rows, services))


def test_the_agent_rewrite_beats_the_model_alone_and_the_lexicon(measured):
    held = measured["heldout"]
    assert held["local+types"]["field_f1"] > held["local"]["field_f1"]
    assert held["local+types"]["field_f1"] > held["lexicon"]["field_f1"]
    assert held["local+types"]["unsupported_no_category"] > held["local"]["unsupported_no_category"]


def test_no_realquery_score_below_the_accepted_one(measured):
    accepted = json.loads(BASELINES.read_text())["realquery"]
    worse = [f"{split}.{model}.{metric}: {measured[split][model][metric]} < {value}"
             for split, models in accepted.items() for model, metrics in models.items()
             for metric, value in metrics.items() if measured[split][model][metric] < value]
    assert not worse, "\n".join(worse)
