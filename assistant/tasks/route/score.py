"""How routing is scored: accuracy and macro-F1 over routes, as for any classifier."""

from __future__ import annotations

from assistant.tasks.base import Example
from assistant.tasks.metrics import classification_metrics
from assistant.tasks.route.schema import RouteOutput
from assistant.tasks.spec import Outcome


def score(predictions: list[RouteOutput], golds: list[RouteOutput]) -> dict:
    return classification_metrics([p.route for p in predictions], [g.route for g in golds])


def outcome(pred: RouteOutput, gold: RouteOutput, _input=None) -> Outcome:
    ok = pred.route == gold.route
    return Outcome(float(ok), "ok" if ok else f"routed to {pred.route}, expected {gold.route}")


def label_of(output: RouteOutput, field: str | None = None) -> str:
    return output.route


def class_labels(example: Example, label_field: str | None = None) -> list[str]:
    return [example.output.route]
