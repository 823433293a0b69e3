"""Issue 13 item 3's target for descriptions: at least 30% less editing than the baseline's text, on the held-out set.

Editing effort is the word-level edit distance from the generated text to the held-out reference, as a share of the
reference's length (lower is better); saved = 1 - ours / baseline's, with a paired bootstrap interval
(`edit_effort_reduction`, evaluation/harness.py). The template generator does not reach it: it can only reuse
sentences of the training descriptions, and the held-out references share under 5% of their sentences with them
(tests/tasks/test_describe.py). Measured 2026-12-04: 12.0% saved (0.6826 vs the baseline's 0.7754); even an oracle
that picks, for every reference sentence, the training sentence with the fewest edits reaches 0.458 (41% saved).
Strict: the day a model reaches the target this test fails, so the mark is removed and the number accepted.
"""

from __future__ import annotations

import pytest

TARGET = 0.30


@pytest.mark.xfail(strict=True, reason="the template generator saves 12% (target 30%): a model that writes new "
                                       "sentences is needed, see the module docstring")
def test_descriptions_need_at_least_30_percent_less_editing_than_the_baselines(scores):
    r = scores.get("describe")
    assert r.metrics["edit_effort_reduction"] >= TARGET, r.metrics
