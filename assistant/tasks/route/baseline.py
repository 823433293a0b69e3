"""The zero-shot baseline: the route whose description embeds closest to the message. No training."""

from __future__ import annotations

import numpy as np

from assistant.tasks.base import TaskContext
from assistant.tasks.route.schema import RouteInput, RouteOutput

# What each route means, in the words a shopper or merchant might use: the baseline compares messages to these.
DESCRIPTIONS = {
    "policy": "a question about the store's policies: returns, refunds, shipping, delivery, payments, warranty, "
              "privacy, exchanges, order changes, promotions, gift cards, loyalty points",
    "search": "looking for a product to buy, with its color, size, material or price",
    "reviews": "what do reviews and customers say about a product",
    "describe": "write a product description for a product",
    "classify": "classify supplier product titles into catalog categories",
    "insights": "review insights and statistics across products or a category",
    "handoff": "talk to a human, a person, a customer service agent",
    "tickets": "show the open support tickets",
    "other": "small talk, a greeting, a joke, anything unrelated to the store",
}
TEMPERATURE = 0.05  # cosines sit in a narrow band: unscaled, every route would look equally likely


class ZeroShotRouter:
    """Cosine between the message's embedding and each route's description."""

    task = "route"
    kind = "baseline"
    name = "zero-shot-route-description"

    def __init__(self, ctx: TaskContext):
        self.ctx = ctx
        self.routes = list(DESCRIPTIONS)
        self.vecs = ctx.embedder.encode([DESCRIPTIONS[r] for r in self.routes])

    def predict(self, inputs: list[RouteInput]) -> list[RouteOutput]:
        if not inputs:
            return []
        sims = self.ctx.embedder.encode([x.text for x in inputs]) @ self.vecs.T
        z = np.exp((sims - sims.max(axis=1, keepdims=True)) / TEMPERATURE)
        probs = z / z.sum(axis=1, keepdims=True)
        out = []
        for p in probs:
            scores = {r: float(v) for r, v in zip(self.routes, p)}
            best = self.routes[int(p.argmax())]
            out.append(RouteOutput(route=best, confidence=scores[best], scores=scores))
        return out
