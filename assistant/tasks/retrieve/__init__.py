"""The policy search, trained: a query adapter over the frozen MiniLM and an answerability gate.

Served when `retrieve_model=local` (`PolicyRetriever(adapter=load_adapter(settings))`); `baseline` is raw MiniLM
with the hand-set thresholds (`answer_min_score`, CONFIDENT, UNKNOWN_SHARE). Stages: `model.py` (the adapter, the
gate's signals, save and load), `train.py` (fit, out-of-fold signals, the artifact and its manifest).

Why (tune10, 2026-12-05): on the 591 training questions the raw cosines of answerable and unanswerable questions
overlap (AUC of the top score 0.84), so every hand-set threshold traded 2-4 answerable questions for each
unanswerable one. The adapter (I + A, 384 x 384, A under L2) is fitted so a question's adapted vector scores its
gold sections above the rest and an unanswerable one scores every section below a learned floor (a 'none' option
in the same softmax over the 88 sections, scored as the search scores them: half best sentence, half section).
Out of fold the top score then separates them far better (AUC 0.93-0.94), and a logistic regression over six
signals (`model.SIGNALS`) decides instead of the thresholds.

Measured by 5-fold cross-validation over policy_qa (folds by question id, stratified by kind; each fold's adapter
and gate never saw its questions), through the agent's path (search, decision, extractive writer); hit@1 / recall@4
of the gold sections, answerable right / false declines / unanswerable declined / padded:
  hand-set rules (today)                          0.717 / 0.898 / 0.581 / 0.168 / 0.702 / 0.474
  adapter, L2 1, hand-set rules                   0.717 / 0.935 / 0.396 / 0.453 / 0.930  (scores sit lower: the
                                                  0.40 floor declines; the adapter alone is no use with the rules)
  adapter with the 'none' floor, L2 3, rules      0.738 / 0.937 / 0.442 / 0.377 / 0.965
  the same + the gate (simulated, UD 0.8 target)  0.738 / 0.937 / 0.665 / 0.073 / 0.789
  served code (train.py per outer fold)           0.738 / 0.937 / 0.654 / 0.086 / 0.798 / 0.466 (compound right
                                                  0.524 -> 0.583)
  (L2 0.1 overfit: hit@1 0.675; L2 10 as good as 3; temperature 0.1 worse than 0.05; a gate over raw MiniLM's
  signals alone: 0.606 / 0.119 / 0.702 at the rules' decline rate, 0.522 / 0.243 / 0.781 at 0.8.)
Shopper set, dev split (answerable right / unanswerable declined / false declines / padded): rules 0.880 / 0.656 /
0.022 / 0.333, adapter and gate 0.880 / 0.844 / 0.022 / 0.300. The real terms pages (dev) are unchanged by
construction: the adapter serves only the sections it was trained on (`QueryAdapter.fits`).
Cost: search and decision 7.8 -> 8.7 ms mean per policy question (no extra encoding); training 1-5 minutes in
`storefront prepare` (six fits: five out-of-fold, one on all). Issue 11's targets (false declines <= 0.05 with
0.90 declined) are still not met together: at 0.90 declined about 0.12 of answerable questions are declined.
Fine-tuning MiniLM itself was not tried: the adapter won, and one fold of fine-tuning took 490 s here (quote notes).
"""

from assistant.tasks.retrieve.model import QueryAdapter
from assistant.tasks.retrieve.train import load_adapter, prepare_adapter

__all__ = ["QueryAdapter", "load_adapter", "prepare_adapter"]
