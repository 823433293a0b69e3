"""Which units of the retrieved policy sections a policy answer quotes, and whether any answers at all.

The baseline is the hand-set scorer (`features.py` signals summed with hand weights, `select.by_rules`); the
trained model is a unit selector (`model.py`): P(this unit answers this question) from the same signals, learned
from `knowledge/training/policy_qa.jsonl` (questions written by a stranger, with the sections, facts and answer
text that answer them), with thresholds to decline and to quote a second unit chosen by 5-fold cross-validation
over those questions (`train.py`). `storefront prepare` trains it; the manifest records its cross-validated
comparison with the baseline on the same retrieved sections.

Measured 2026-12-04 (592 training questions):
  cross-validated on the training questions  answerable right 0.531 -> 0.592, unanswerable declined 0.658 ->
                                             0.632, answerable declined 0.155 -> 0.119 (baseline -> selector);
  shopper set, dev split                     answerable right 0.870 -> 0.750, unanswerable declined 0.625 -> 0.594;
  real terms pages, dev split                evidence cited 0.889 -> 0.806, quoted 0.806 -> 0.583.
The hand weights were tuned on both dev splits, so they favour the baseline there; still, the selector does not
pass the dev check, and the setting `quote_model` serves the baseline until it does (`local` serves the selector).

Stages, one module each: words, features (signals), select (baseline and model picking), data, model, train.
"""
