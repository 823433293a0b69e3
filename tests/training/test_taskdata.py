"""Shared plumbing: the on-disk embedding cache returns what the embedder does, and groups follow chains."""

from __future__ import annotations

import numpy as np

from assistant.training.taskdata import embed, group_ids


def test_embedding_cache_matches_the_embedder(ctx, tmp_path):
    texts = ["Red Chiffon Midi Dress", "Stoneware Mug", "Red Chiffon Midi Dress"]
    plain = embed(ctx, texts)
    ctx.extra["embedding_cache"] = tmp_path / "cache"
    first, again = embed(ctx, texts), embed(ctx, texts[:2] + ["Brass Desk Lamp"])
    assert np.allclose(first, plain, atol=1e-6) and np.allclose(again[:2], plain[:2], atol=1e-6)
    assert again.shape == (3, plain.shape[1])


def test_groups_follow_chains():
    assert list(group_ids(4, [(0, 1, 0.95), (1, 2, 0.93)])) == [0, 0, 0, 1]
