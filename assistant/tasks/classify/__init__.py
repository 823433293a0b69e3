"""Supplier title classification: a raw feed title in, a taxonomy leaf (or store label) and attributes out.

The fine-tuned model reads a title two ways: its MiniLM embedding (what the product is, even when worded in a way
training never saw) and character n-gram TF-IDF of the raw title (SKUs, abbreviations, typos: "Blk", "Wmns",
"Snuscreen"). One logistic regression over both picks the category; its top probability is the confidence.
Attributes come from the ontology's synonyms plus what the training rows teach about them, per department:
abbreviations ("Blk" -> black, "SS" -> stainless steel in the kitchen but nothing on a tee) are adopted, and
ontology words that rows show are not attributes there ("cream" in a face cream) are ignored. Sizes are read by
rules that need context (a lone "M" is a size, the "L" of "1.7 L" is not) and expand ranges ("S-XL").

The baseline is zero-shot: cosine between the title's embedding and each label's name, attributes by the
ontology's synonyms alone.

`flipkart_examples` and `split_near_duplicates` build the real-data sanity check (Flipkart titles labelled with
second-level category paths); the eval harness reuses them.

Stages, one module each: schema, attributes, model (fine-tuned), baseline, data, score, prompt.
"""

from __future__ import annotations

from assistant.tasks.base import Example
from assistant.tasks.classify.attributes import AttributeTagger, read_sizes, taxonomy_path, words
from assistant.tasks.classify.baseline import ZeroShotClassifier, label_texts, label_vectors
from assistant.tasks.classify.data import (FLIPKART_CSV, flipkart_examples, label_of, load_examples,
                                           near_duplicate_groups, split_near_duplicates)
from assistant.tasks.classify.model import TitleClassifier, char_vectorizer
from assistant.tasks.classify.prompt import INSTRUCTION, render_input, system_prompt
from assistant.tasks.classify.schema import ClassifyInput, ClassifyOutput, unknown
from assistant.tasks.classify.score import outcome, score
from assistant.tasks.spec import GateRule, TaskSpec

__all__ = ["SPEC", "AttributeTagger", "ClassifyInput", "ClassifyOutput", "FLIPKART_CSV", "TitleClassifier",
           "ZeroShotClassifier", "char_vectorizer", "flipkart_examples", "label_of", "label_texts", "label_vectors",
           "load_examples", "near_duplicate_groups", "read_sizes", "render_input", "score",
           "split_near_duplicates", "system_prompt", "taxonomy_path", "words"]


def class_labels(example: Example, label_field: str | None = None) -> list[str]:
    """A title counts towards its category (or the scored attribute's value)."""
    return [label_of(example.output, label_field)]


SPEC = TaskSpec(
    name="classify",
    input_model=ClassifyInput,
    output_model=ClassifyOutput,
    local=TitleClassifier,
    baseline=ZeroShotClassifier,
    train_file="training/classify.jsonl",
    eval_file="evals/datasets/classify_heldout.jsonl",
    instruction=INSTRUCTION,
    prompt=system_prompt,
    render_input=render_input,
    load_examples=load_examples,
    score=score,
    outcome=outcome,
    class_labels=class_labels,
    unknown=unknown,
    label_of=label_of,
    # 0.15: a fine-tuned model that cannot beat a model with no training by 15 points is not worth its training
    # data, its artifact and its upkeep.
    gate=GateRule(metric="accuracy", margin=0.15, watched=("accuracy", "macro_f1")),
)
