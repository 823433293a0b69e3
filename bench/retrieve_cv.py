"""5-fold cross-validation of the trained policy search on the training questions (`policy_qa.jsonl`), through the
agent's own policy path (search, the adapter's gate, the extractive writer, `evals/shoppers.py`'s scoring).

Fast form (as session 12 measured): each fold's adapter is fitted without that fold's questions (`Examples.fit`,
the production fit), the gate and the score shift from every question's out-of-fold signals, as `train.train`
does. Folds are by question, stratified by kind (`train.FOLDS`, seed 0). Questions numbered at or past `--new-from`
are always trained on and never scored, so a before/after on the same scored questions says what added rows did.
The fold matrices are cached by training file and fit code (`--cache`): re-ranking experiments (fusion weights in
`retrieval/search.py`) reuse them, since the adapter's fit never reads the lexical side.

    .venv/bin/python -m bench.retrieve_cv [--new-from 822] [--cache DIR] [--json out.json]   # in the checkout
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import re
import tempfile
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from assistant.agent.context import Services
from assistant.config import REPO_ROOT, Settings
from assistant.retrieval import lexical, search
from assistant.retrieval.embeddings import CachedEmbedder, get_embedder
from assistant.retrieval.ingest import ingest
from assistant.retrieval.store import Snapshot, Store, connect
from assistant.tasks.base import build_context
from assistant.tasks.quote.data import in_sections, load_rows
from assistant.tasks.retrieve import train as rt
from assistant.tasks.retrieve.model import QueryAdapter, sections_key, signals
from assistant.training.local import prepare
from bench.compound import case_of
from evals import shoppers
from tests.offline import EMBEDDING_CACHE, MODEL_CACHE

QA = REPO_ROOT / "knowledge" / "training" / "policy_qa.jsonl"


def number(row_id: str) -> int:
    return int(re.sub(r"\D", "", row_id) or 0)


def fold_matrices(ctx, retriever, rows, vectors, folds, cache: Path) -> list[np.ndarray]:
    """Each fold's adapter matrix, from the cache when the training rows and the fit code are the same."""
    h = hashlib.sha256(QA.read_bytes() + inspect.getsource(rt).encode())
    h.update(json.dumps([sorted(map(int, f)) for f, _ in folds]).encode())
    path = cache / f"folds-{h.hexdigest()[:16]}.npz"
    if path.exists():
        got = np.load(path)
        return [got[f"m{n}"] for n in range(len(folds))]
    examples = rt.Examples(ctx, retriever, rows, vectors)
    out = [examples.fit(vectors, fit_on) for fit_on, _ in folds]
    cache.mkdir(parents=True, exist_ok=True)
    np.savez(path, **{f"m{n}": m for n, m in enumerate(out)})
    return out


def first_pass(folds, matrices, rows, retriever, emb, key, k):
    """Every scored question's out-of-fold search and gate signals (the gate and shift learn from them)."""
    x, found = {}, {}
    for (_, held), m in zip(folds, matrices):
        retriever.adapter = QueryAdapter(m, 0.0, None, 0.0, key)
        for n in held:
            q = rows[n].question
            hits = retriever.search(emb.encode_query(q), k=k, query=q)
            x[n], found[n] = signals(retriever, q, hits, 0.0), [h.id for h in hits]
    return x, found


def rank_metrics(rows, found: dict) -> dict:
    ans = [n for n in found if rows[n].expected()]
    hit1 = [any(in_sections(found[n][0], p.sections) for p in rows[n].expected()) if found[n] else False
            for n in ans]
    recall = [np.mean([shoppers.cites(found[n], p.sections) for p in rows[n].expected()]) for n in ans]
    kinds = defaultdict(list)
    for n, h in zip(ans, hit1):
        kinds[rows[n].kind].append(h)
    return {"hit_at_1": round(float(np.mean(hit1)), 4), "recall": round(float(np.mean(recall)), 4),
            **{f"{k}_hit1": round(float(np.mean(v)), 3) for k, v in sorted(kinds.items())}}


def grid(spec: str, folds, matrices, rows, retriever, emb, key, k) -> dict:
    """Ranking only, for each fusion setting of `spec` ("normalise:oov:weight;..."): the fold adapters are fixed,
    so only the lexical side changes."""
    out = {}
    for one in spec.split(";"):
        norm, oov, weight = one.split(":")
        lexical.NORMALISE, lexical.OOV_WEIGHT, search.LEXICAL_WEIGHT = norm, float(oov), float(weight)
        retriever._split.clear()
        _, found = first_pass(folds, matrices, rows, retriever, emb, key, k)
        out[one] = rank_metrics(rows, found)
        print(one, json.dumps(out[one]), flush=True)
    return out


def run(args) -> dict:
    base = Path(tempfile.mkdtemp(prefix="retrieve-cv-"))
    s = Settings(knowledge_dir=REPO_ROOT / "knowledge", index_dir=base / "index", data_dir=base / "data",
                 artifacts_dir=MODEL_CACHE, retrieve_model="baseline")  # the folds set their own adapters
    emb = CachedEmbedder(get_embedder(), EMBEDDING_CACHE)
    ctx = build_context(s, emb)
    prepare(ctx, s, progress=False)
    store = Store(connect(s.index_dir))
    ingest(s.knowledge_dir, store, emb, progress=False)
    svc = Services.build(s, embedder=emb)
    retriever = svc.policies
    rows = load_rows(QA)
    scored = [n for n, r in enumerate(rows) if not args.new_from or number(r.id) < args.new_from]
    always = np.array([n for n in range(len(rows)) if n not in set(scored)], dtype=int)
    split = StratifiedKFold(rt.FOLDS, shuffle=True, random_state=0).split(scored, [rows[n].kind for n in scored])
    folds = [(np.concatenate([np.array(scored)[a], always]), np.array(scored)[b]) for a, b in split]
    vectors = rt._Vectors(Snapshot(store.collection("policies")))
    key = sections_key(vectors.ids)
    retriever._load_sections(store.collection("policies"))
    matrices = fold_matrices(ctx, retriever, rows, vectors, folds, Path(args.cache))
    if args.grid:
        return grid(args.grid, folds, matrices, rows, retriever, emb, key, s.policy_top_k)
    x, found = first_pass(folds, matrices, rows, retriever, emb, key, s.policy_top_k)
    order = sorted(x)
    xs = np.stack([x[n] for n in order])
    answerable = np.array([bool(rows[n].expected()) for n in order])
    gate = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000, class_weight="balanced"))
    gate.fit(xs, answerable)
    p = gate.predict_proba(xs)[:, 1]
    gate_at = float(np.quantile(p[~answerable], rt.DECLINE))
    shift = s.answer_min_score - float(np.quantile(xs[answerable, 0], rt.FLOOR))
    # pass 2: answered through search, gate and writer with each fold's adapter
    out = {}
    for (_, held), m in zip(folds, matrices):
        retriever.adapter = QueryAdapter(m, shift, gate, gate_at, key)
        for n in held:
            case = case_of(rows[n].model_dump())
            text, cited = shoppers.policy_answer(svc, case.question)
            parts = case.expected()
            got = found[n]
            out[rows[n].id] = {**shoppers.score_policy(case, text, cited), "kind": case.kind,
                               "question": case.question, "found": got[:4],
                               "hit1": bool(parts) and bool(got) and any(in_sections(got[0], p.sections)
                                                                         for p in parts),
                               "recall": (sum(shoppers.cites(got, p.sections) for p in parts) / len(parts))
                               if parts else None}
    return out


def metrics(out: dict) -> dict:
    ans = [v for v in out.values() if v["kind"] != "unanswerable"]
    una = [v for v in out.values() if v["kind"] == "unanswerable"]
    kinds, hits = defaultdict(list), defaultdict(list)
    for v in ans:
        kinds[v["kind"]].append(v["right"])
        hits[v["kind"]].append(v["hit1"])
    answered = [v for v in out.values() if not v["declined"]]
    m = {"questions": len(out), "hit_at_1": np.mean([v["hit1"] for v in ans]),
         "recall": np.mean([v["recall"] for v in ans]), "answerable_right": np.mean([v["right"] for v in ans]),
         **{f"{k}_right": np.mean(v) for k, v in sorted(kinds.items())},
         **{f"{k}_hit1": np.mean(v) for k, v in sorted(hits.items())},  # per kind: casual and table lag
         "false_declines": np.mean([v["declined"] for v in ans]),
         "unanswerable_declined": np.mean([v["declined"] for v in una]) if una else 0.0,
         "padded": np.mean([v.get("padded", False) for v in answered]) if answered else 0.0}
    return {k: round(float(v), 4) for k, v in m.items()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--new-from", type=int, default=0, help="question numbers from here: trained on, never scored")
    ap.add_argument("--cache", default=str(MODEL_CACHE.parent / "retrieve-cv"))
    ap.add_argument("--json")
    ap.add_argument("--grid", help="ranking only, per fusion setting: 'top:0:0.1;mass:1:0.2'")
    args = ap.parse_args()
    out = run(args)
    if args.grid:
        return
    print(json.dumps(metrics(out)))
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
