"""The router: which kind of request a message is, learned from labelled utterances in `knowledge/router/`.

A task like the others: trained (`storefront train route`), gated against a zero-shot baseline (the route whose
description embeds closest), and evaluated on messages its training rows never saw.

Stages, one module each: schema, model (trained), baseline, data, score, prompt.
"""

from __future__ import annotations

from assistant.tasks.route.baseline import DESCRIPTIONS, ZeroShotRouter
from assistant.tasks.route.data import load_examples
from assistant.tasks.route.model import Router
from assistant.tasks.route.prompt import INSTRUCTION, render_input, system_prompt
from assistant.tasks.route.schema import RouteDecision, RouteInput, RouteOutput
from assistant.tasks.route.score import class_labels, label_of, outcome, score
from assistant.tasks.spec import GateRule, TaskSpec

__all__ = ["SPEC", "DESCRIPTIONS", "RouteDecision", "RouteInput", "RouteOutput", "Router", "ZeroShotRouter",
           "load_examples"]

SPEC = TaskSpec(
    name="route",
    input_model=RouteInput,
    output_model=RouteOutput,
    local=Router,
    baseline=ZeroShotRouter,
    train_file="router/utterances.jsonl",
    eval_file="knowledge/training/route_heldout.jsonl",
    instruction=INSTRUCTION,
    prompt=system_prompt,
    render_input=render_input,
    load_examples=load_examples,
    score=score,
    outcome=outcome,
    class_labels=class_labels,
    label_of=label_of,
    # 0.15 as for every classifier (see classify)
    gate=GateRule(metric="accuracy", margin=0.15, watched=("accuracy", "macro_f1")),
)
