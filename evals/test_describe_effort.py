"""Issue 13 item 3's target for descriptions: at least 30% less editing than the baseline's text, on the held-out set.

Editing effort is the word-level edit distance from the generated text to the held-out reference, as a share of the
reference's length (lower is better); saved = 1 - ours / baseline's, with a paired bootstrap interval
(`edit_effort_reduction`, evaluation/harness.py). The template generator does not reach it, and no generator that
reuses the store's training sentences can. Measured 2026-12-04, training rows only for development:

                                          effort   baseline   saved
  5-fold CV on the training rows          0.453    0.783      42.2%   (the store's own phrasing on both sides)
  held-out set                            0.678    0.775      12.6%   (retrained here; the eval run: 0.683, 12.0%)
  held-out, best training sentence per
  reference sentence (an oracle)          0.447    0.775      42.4%   (the ceiling for reused sentences)
  held-out, the reference's own sentence
  plan, usual sentence per step (oracle)  0.633    0.775      18.4%   (a perfect plan; 52.1% on a training split)

What the gap is made of: the structure transfers (the sentence plan, what each sentence says in which order, equals
the reference's for 100 of 150 held-out products, 80 of 114 on a training split), the phrasing does not: 7 of 825
held-out sentences occur in the training rows, against 591 of 602 on a training split. The store picks its phrasing
for a sentence by chance (its favorite 23-87% of the time, by kind), so even with every phrasing known the best
blind choice gets 42% of the way from the baseline to an exact copy; here 30% saved would need 71% of the oracle's
gain (we get 30%). Tried on the training split and 5-fold CV, no gain: the department's usual sentence instead of
the neighbors' votes (0.453 -> 0.454), a whole-text minimum-Bayes-risk choice among the neighbors' descriptions
refilled for the product (0.450 -> 0.452; held-out 12.6% -> 13.3% with 9% of texts out of the voice), the
most common plan of the training products with the same attributes to mention (CV 0.453 -> 0.456-0.458).
A model that writes new sentences is needed: a generative model fine-tuned on knowledge/training/describe.jsonl
(`openai:<fine-tuned id>` through the OpenAI job path, or a local seq2seq once weights can be shipped), judged here
before it is adopted; a single-reference edit distance may still bound it.
Strict: the day a model reaches the target this test fails, so the mark is removed and the number accepted.
"""

from __future__ import annotations

import pytest

TARGET = 0.30


@pytest.mark.xfail(strict=True, reason="the template generator saves 12-13% (target 30%; 42% on the store's own "
                                       "phrasing): the held-out phrasings are not in the training rows, see above")
def test_descriptions_need_at_least_30_percent_less_editing_than_the_baselines(scores):
    r = scores.get("describe")
    assert r.metrics["edit_effort_reduction"] >= TARGET, r.metrics
