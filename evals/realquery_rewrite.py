"""Real shoppers' queries (public ESCI and WANDS query logs) labelled against the store's ontology.

The labels (`datasets/realquery_rewrite_labels.jsonl`) hold the query's position in the log, a hash of its text
and our gold filters; the text itself is read from `ASSISTANT_REALDATA_DIR` at test time (the data stays out of
the project). `carried: false` marks product types the store does not sell: the right rewrite has no category.
Rows with an even index are the `dev` half (read while building the product-type check), odd ones `heldout`.
A source is ESCI's query-set JSON (`querySetQueries`) or WANDS' tab-separated `query.csv`; the index is the
query's position in the file.
"""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

from pydantic import BaseModel

from assistant.schemas import SearchFilters

LABELS = Path(__file__).parent / "datasets" / "realquery_rewrite_labels.jsonl"


class Row(BaseModel):
    source: str
    index: int
    sha1: str
    split: str
    carried: bool
    gold: SearchFilters
    text: str = ""


def _rows() -> list[Row]:
    return [Row.model_validate_json(line) for line in LABELS.read_text().splitlines() if line.strip()]


def sources() -> set[str]:
    """The query-log files (relative to ASSISTANT_REALDATA_DIR) the labels point into."""
    return {r.source for r in _rows()}


def load(realdata: Path) -> list[Row]:
    """The labelled rows with their text; a row whose text no longer matches its hash is an error, not a skip."""
    rows = _rows()
    cache: dict[str, list[str]] = {}
    for r in rows:
        if r.source not in cache:
            cache[r.source] = _queries(realdata / r.source)
        r.text = cache[r.source][r.index]
        if hashlib.sha1(r.text.encode()).hexdigest()[:10] != r.sha1:
            raise ValueError(f"{LABELS}: {r.source}[{r.index}] is not the query that was labelled")
    return rows


def _queries(path: Path) -> list[str]:
    if path.suffix == ".csv":  # WANDS: query_id, query, query_class, tab-separated
        with path.open(newline="") as f:
            return [row["query"] for row in csv.DictReader(f, delimiter="\t")]
    return [q["queryText"] for q in json.loads(path.read_text())["querySetQueries"]]


def predictions(rows: list[Row], services) -> dict[str, list[SearchFilters]]:
    """The lexicon baseline, the local rewrite model, and the model checked against the store's product types
    (what the agent's product search applies: nothing when it tells the shopper the store lacks the type)."""
    from assistant.tasks.rewrite import LexiconBaseline, RewriteInput, ground

    inputs = [RewriteInput(query=r.text) for r in rows]
    local = services.task("rewrite").predict(inputs)
    grounded = [ground(f, r.text, services.types, services.embedder) for f, r in zip(local, rows)]
    # "We don't carry that" runs no search: the agent applies no filters at all.
    return {"lexicon": LexiconBaseline(services.task_context).predict(inputs), "local": local,
            "local+types": [SearchFilters() if missing else f for f, missing in grounded]}


def scores(rows: list[Row], preds: dict[str, list[SearchFilters]]) -> dict:
    from assistant.tasks.rewrite import score

    out = {}
    for split in ("dev", "heldout", "all"):
        keep = [i for i, r in enumerate(rows) if split == "all" or r.split == split]
        lacking = [i for i in keep if not rows[i].carried]
        out[split] = {name: {"field_f1": score([p[i] for i in keep], [rows[i].gold for i in keep])["field_f1"],
                             "category_f1": score([p[i] for i in keep],
                                                  [rows[i].gold for i in keep])["per_field"]["category"]["f1"],
                             "unsupported_no_category": round(sum(not p[i].category_ids for i in lacking)
                                                              / len(lacking), 4) if lacking else None}
                      for name, p in preds.items()}
        out[split]["n"] = len(keep)
    return out
