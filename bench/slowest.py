"""The chat turns that make the p95: each timed turn's CPU time beside its raw one, the texts it embedded and in
how many passes over the weights.

On 2 cores the p95 of 60 turns is about the 4th slowest turn, and a turn's cost is mostly the texts it embeds: a
policy question put in the store's words ("swap" -> "exchange"), with its product's department, or in two parts,
embeds 2-3 texts. Where the BLAS keeps a row's bits beside other rows (`NumpyMiniLM.one_pass`), they take one pass,
which costs about what their word pieces cost (the products are most of an encode); else each costs a whole encode.
`bench/bench.py` prints this table under its own.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from rich.table import Table

SHOWN = 8


@contextmanager
def counting_texts(embedder) -> Iterator[list[int]]:
    """Count the texts the numpy MiniLM encodes while the block runs (in `box[0]`, and its passes over the weights
    in `box[1]`; the caller resets them). A query, or several texts in one pass (`encode_each`), go through
    `_ragged`; a padded batch of several through `_batch`."""
    model = getattr(embedder.model, "small", embedder.model)
    box, ragged, batch = [0, 0], model._ragged, model._batch

    def counted_ragged(enc):
        box[0], box[1] = box[0] + len(enc), box[1] + 1
        return ragged(enc)

    def counted_batch(texts):
        if len(texts) > 1:  # one text goes on to `_ragged`, counted there
            box[0], box[1] = box[0] + len(texts), box[1] + 1
        return batch(texts)

    model._ragged, model._batch = counted_ragged, counted_batch  # instance attributes: the class is untouched
    try:
        yield box
    finally:
        del model._ragged, model._batch


def slowest_table(turns: dict) -> Table:
    """The slowest turns by CPU time; `turns` as `bench_turns` returns it."""
    rows = sorted(zip(turns["messages"], turns["cpu"]["ours"], turns["cpu"]["raw"], turns["texts"], turns["passes"]),
                  key=lambda r: -r[1])[:SHOWN]
    n = len(turns["messages"])
    table = Table(title=f"Slowest chat turns by CPU time (the p95 of {n} turns is about the turn "
                        f"no. {n - int(0.95 * (n - 1))} from the top)")
    for col in ("message", "ours CPU ms", "raw CPU ms", "ratio", "texts embedded", "passes"):
        table.add_column(col)
    for message, ours, raw, texts, passes in rows:
        table.add_row(message[:70], f"{ours * 1000:.1f}", f"{raw * 1000:.1f}", f"{ours / raw:.2f}×", str(texts),
                      str(passes))
    return table
