"""Query rewriting: a shopper's words mapped onto the catalog's categories, attributes and price.

Two implementations share one interface (`RewriteInput` -> `RewriteOutput`, a `SearchFilters`):

* `LexiconRewriter` (the baseline, and the agent's fast path): the ontology's synonyms matched word for word.
* `SlotRewriter` (the fine-tuned local model): a trained slot model with ontology normalization. Spelt-out
  prices ("under fifty") are first read as digits. A per-token linear-SVM tagger (context-window words, char
  affixes, exact and rapidfuzz-fuzzy ontology matches, singular or plural, the lexicon's reading of each price,
  MiniLM word vectors) marks which words name an attribute, a product type or a price bound. Each attribute span
  is then normalized to a canonical value (exact ontology form, a form seen in training, a rapidfuzz match for
  misspellings, else a learned span classifier), a learned negation-scope classifier on the span's context (its
  words, and MiniLM vectors of the content words before it) decides included vs excluded, and query-level
  classifiers (MiniLM query embedding + char n-grams) pick the category leaf (or none) and read in-stock asks.
  A leaf is kept when a word names or is tagged as a product type, else only when its margin clears a bar chosen
  by cross-validation on the training rows. Attributes that do not apply to the predicted category's department
  are dropped.
  Training rows carry only filters, not spans: each gold value is first aligned to the words that express it
  (exact ontology form, else fuzzy, else the unclaimed words closest in MiniLM space to the value).

The model's category is then checked against the store's product types (`carried.ground`): a category the
query's own words name wins, and a type the store does not sell gives no category and its name, so the shopper
is told instead of shown unrelated products. The agent's search applies the model and this check together.

Stages, one module each: lexicon, schema, tokens, index, features, align, encoding, heads, decoding, model
(fine-tuned), carried (the product-type check after the model), baseline, score, data, prompt.
"""

from __future__ import annotations

from assistant.tasks.rewrite.baseline import LexiconBaseline
from assistant.tasks.rewrite.carried import ProductTypes, ground
from assistant.tasks.rewrite.data import TRAIN_FILE, knowledge_of, load_examples
from assistant.tasks.rewrite.lexicon import Lexicon, LexiconRewriter, merge
from assistant.tasks.rewrite.model import SlotRewriter
from assistant.tasks.rewrite.prompt import INSTRUCTION, render_input, system_prompt
from assistant.tasks.rewrite.schema import FIELDS, RewriteInput, RewriteOutput, unknown, units
from assistant.tasks.rewrite.score import class_labels, label_of, outcome, score
from assistant.tasks.rewrite.tokens import Tokens, tokenize
from assistant.tasks.spec import GateRule, TaskSpec

__all__ = ["SPEC", "FIELDS", "Lexicon", "LexiconBaseline", "LexiconRewriter", "ProductTypes", "RewriteInput",
           "RewriteOutput", "SlotRewriter", "Tokens", "ground", "knowledge_of", "label_of", "load_examples", "merge",
           "render_input", "score", "system_prompt", "tokenize", "units"]

SPEC = TaskSpec(
    name="rewrite",
    input_model=RewriteInput,
    output_model=RewriteOutput,
    local=SlotRewriter,
    baseline=LexiconBaseline,
    train_file=TRAIN_FILE,
    eval_file="evals/datasets/rewrite_heldout.jsonl",
    instruction=INSTRUCTION,
    prompt=system_prompt,
    render_input=render_input,
    load_examples=load_examples,
    score=score,
    outcome=outcome,
    class_labels=class_labels,
    label_of=label_of,
    unknown=unknown,
    # 0.15 as for every classifier (see classify), on the field-level F1 that gives partial credit per unit
    gate=GateRule(metric="field_f1", margin=0.15, watched=("field_f1", "exact_match")),
)
