"""Product descriptions: attributes in, a description in the store's brand voice out.

The local model is a data-to-text generator learned from examples. Training delexicalizes every example
description: the title, brand, features, size list, head noun and every ontology surface form of an input value
become typed slots (`{title}`, `{color}`, `{sizes}`, ...). Each sentence becomes a template with its role (hook,
body, closing), its signature (which attributes it mentions) and its typicality (mean edit distance to the other
sentences the store wrote with that signature). To describe a product the model
  1. finds the nearest training products (MiniLM embedding of category, title and attribute values, with a bonus
     for the same category and the same set of attributes to mention);
  2. takes their sentence plans (role:signature sequences) and keeps the one closest to the others (MBR);
  3. realizes each step with the template the neighbors used most for it, else the department's most usual one,
     that the input can fill, adapting a step to the attributes the input has;
  4. adds the usual one-attribute sentence for anything still unmentioned, and trims to the neighbors' length;
  5. for a merchant's tone ("shorter", "playful", "formal"), picks among the same step's sentences the shortest,
     chattiest or plainest instead of the most usual (tones.py).
Every filled sentence is checked against the ontology first: one that names a value the input lacks is never used,
so the generator does not state an attribute it was not given.

Stages, one module each: schema, voice, mentions, slots, templates, tones, model (learned), baseline, score, data,
prompt.
"""

from __future__ import annotations

from assistant.tasks.base import Example
from assistant.tasks.describe.baseline import GenericTemplateBaseline
from assistant.tasks.describe.data import load_examples
from assistant.tasks.describe.mentions import (Mention, coverage_of, find_mentions, hallucinated_values,
                                               input_values, key_values, split_sentences)
from assistant.tasks.describe.model import TemplateDescriber
from assistant.tasks.describe.prompt import INSTRUCTION, render_input, system_prompt
from assistant.tasks.describe.schema import KEY_ATTRIBUTES, VOICE_FILE, DescribeInput, DescribeOutput
from assistant.tasks.describe.score import default_ontology, default_voice, outcome, score
from assistant.tasks.describe.slots import Product, display, join_and, resolve
from assistant.tasks.describe.templates import Template, _article, delexicalize, fill
from assistant.tasks.describe.tones import TONES, Tone, tone_of
from assistant.tasks.describe.voice import Voice, load_voice, voice_problems
from assistant.tasks.spec import GateRule, TaskSpec

__all__ = ["SPEC", "TONES", "Tone", "KEY_ATTRIBUTES", "VOICE_FILE", "DescribeInput", "DescribeOutput",
           "GenericTemplateBaseline", "Mention", "Product", "Template", "TemplateDescriber", "Voice", "_article",
           "coverage_of", "default_ontology", "default_voice", "delexicalize", "display", "fill", "find_mentions",
           "hallucinated_values", "input_values", "join_and", "key_values", "label_of", "load_examples",
           "load_voice", "render_input", "resolve", "score", "split_sentences", "system_prompt", "tone_of",
           "voice_problems"]


def label_of(output: DescribeOutput, field: str | None = None) -> str:
    """The text itself: `storefront evaluate` shows it, but describe has no class to count."""
    return output.description


def class_labels(example: Example, label_field: str | None = None) -> list[str]:
    """A product counts towards its category: splits keep every category on both sides."""
    return [example.input.category or "(no category)"]


SPEC = TaskSpec(
    name="describe",
    input_model=DescribeInput,
    output_model=DescribeOutput,
    local=TemplateDescriber,
    baseline=GenericTemplateBaseline,
    train_file="training/describe.jsonl",
    eval_file="evals/datasets/describe_heldout.jsonl",
    instruction=INSTRUCTION,
    prompt=system_prompt,
    render_input=render_input,
    load_examples=load_examples,
    score=score,
    outcome=outcome,
    class_labels=class_labels,
    label_of=None,  # free text: no contradictions to find, no label to stratify on
    scores_inputs=True,
    ci_per_sample=True,
    # Describe is generative: ROUGE-L must be higher (any margin) and the text must be safe to publish: no
    # hallucinated attribute (rate 0) and >= 95% of the input's key attributes mentioned.
    gate=GateRule(metric="rouge_l", margin=0.0, watched=("rouge_l", "coverage", "hallucination_rate"),
                  lower_is_better=frozenset({"hallucination_rate", "edit_effort"}),
                  at_most={"hallucination_rate": 0.0}, at_least={"coverage": 0.95}),
)
