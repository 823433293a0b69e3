"""Review extraction: a customer review -> overall sentiment, aspects with their sentiment, use cases, difficulty.

The local model reads a review at two levels. The whole review gives the overall sentiment, the use cases and
whether it mentions a difficulty; use cases come from a review-level ridge regression on the embedding, word and
character n-grams and use-case keyword hits, so misspelt occasions ("weding") still count. Its clauses (split at
sentence ends, ";" and contrast words such as "but") give the aspects: a clause-level tagger (multi-output ridge
regression on embeddings) says which aspect or use case a clause talks about and a clause-level sentiment head
(logistic regression) says how; the tagger still learns use cases, which helps place the aspects beside them.
Training labels name aspects per review, not per clause, so each gold tag is first attributed to the clause a
first-pass regression finds most likely to carry it (a multiple-instance assignment). Sentiment features are
MiniLM embeddings joined with word n-gram TF-IDF, which keeps negations ("not comfortable") visible, and the
counts of a small sentiment lexicon.

What the store reads its reviews for (aspects per department, use cases) comes from its knowledge folder's
`review_aspects.yaml` (vocabulary.py). Stages, one module each: vocabulary, schema, lexicon, features, heads, model
(fine-tuned), baseline, score, data, prompt.
"""

from __future__ import annotations

from assistant.tasks.base import Example
from assistant.tasks.extract.baseline import LexiconBaseline
from assistant.tasks.extract.data import load_examples, normalize_sentiment
from assistant.tasks.extract.lexicon import lexicon_counts, lexicon_polarity
from assistant.tasks.extract.model import ExtractModel
from assistant.tasks.extract.prompt import INSTRUCTION, render_input, system_prompt
from assistant.tasks.extract.schema import (ExtractInput, ExtractOutput, allowed_aspects, clause_around,
                                            department_of, split_clauses, unknown)
from assistant.tasks.extract.score import details, label_of, outcome, score
from assistant.tasks.extract.vocabulary import Vocabulary, load_vocabulary, vocabulary
from assistant.tasks.spec import GateRule, TaskSpec

__all__ = ["SPEC", "ExtractInput", "ExtractModel", "ExtractOutput", "LexiconBaseline", "Vocabulary",
           "allowed_aspects", "clause_around", "department_of", "label_of", "load_vocabulary", "vocabulary",
           "lexicon_counts", "lexicon_polarity", "load_examples", "normalize_sentiment", "render_input", "score",
           "split_clauses", "system_prompt"]


def class_labels(example: Example, label_field: str | None = None) -> list[str]:
    """A review counts towards its overall sentiment (or the scored field's value)."""
    return [label_of(example.output, label_field)]


SPEC = TaskSpec(
    name="extract",
    input_model=ExtractInput,
    output_model=ExtractOutput,
    local=ExtractModel,
    baseline=LexiconBaseline,
    train_file="training/extract.jsonl",
    eval_file="evals/datasets/extract_heldout.jsonl",
    instruction=INSTRUCTION,
    prompt=system_prompt,
    render_input=render_input,
    load_examples=load_examples,
    score=score,
    outcome=outcome,
    class_labels=class_labels,
    label_of=label_of,
    details=details,
    unknown=unknown,
    # macro_f1 weighs the four fields equally; 0.15 as for every classifier (see classify)
    gate=GateRule(metric="macro_f1", margin=0.15, watched=("macro_f1", "overall_macro_f1")),
)
