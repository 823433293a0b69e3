"""Compound policy questions on the training questions: how each message is cut, whether the retriever finds every
part's section, and whether the answer has every part right; each miss put down to the first step that lost it.

Reads `knowledge/training/policy_qa.jsonl` (training data: read its failures freely) and, with `--dev`, the dev
split of the shopper policy eval, never a held-out split. The policy path is the agent's own (`evals/shoppers.py`).

    .venv/bin/python -m bench.compound [--kinds compound] [--dev] [--show] [--json out.json]  # in the checkout
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.table import Table

from assistant.agent.context import Services
from assistant.config import REPO_ROOT, Settings
from assistant.retrieval.clauses import split_clauses, unquote
from assistant.retrieval.embeddings import CachedEmbedder, get_embedder
from assistant.retrieval.ingest import ingest
from assistant.retrieval.store import Store, connect
from assistant.tasks.base import build_context
from assistant.training.local import prepare
from evals import shoppers
from tests.offline import EMBEDDING_CACHE, MODEL_CACHE

QA = REPO_ROOT / "knowledge" / "training" / "policy_qa.jsonl"
CAUSES = ("right", "not split", "not retrieved", "not cited", "fact missing", "declined")


def case_of(row: dict) -> shoppers.PolicyCase:
    parts = [shoppers.Part(sections=p["sections"], facts=p["facts"]) for p in row.get("parts") or []]
    return shoppers.PolicyCase(id=row["id"], split="dev", kind=row["kind"], question=row["question"],
                               sections=row.get("sections") or [], facts=row.get("facts") or [], parts=parts)


def measure(services, case: shoppers.PolicyCase) -> dict:
    """The message's parts as the retriever searched them, each expected part's section found or not, the answer's
    score, and the first step that lost a part."""
    policies, k = services.policies, services.settings.policy_top_k
    hits = policies.search(services.embedder.encode_query(case.question), k=k, query=case.question)
    parts = split_clauses(unquote(policies.correct(case.question)))  # as the search cuts it (`PolicyRetriever._parts`)
    expected = case.expected()
    found = [shoppers.cites([h.id for h in hits], p.sections) for p in expected]
    text, cited = shoppers.policy_answer(services, case.question)
    score = shoppers.score_policy(case, text, cited)
    asks = len({p.sections[0] for p in expected})
    cause = ("right" if score["right"] else "declined" if score["declined"] else "not split" if len(parts) < asks
             else "not retrieved" if not all(found) else "not cited" if "not cited" in score["outcome"]
             else "fact missing")
    return {"question": case.question, "parts": parts, "asks": len(expected), "sections": asks,
            "recall": sum(found) / max(1, len(found)), "cause": cause, "padded": score.get("padded", False),
            "outcome": score["outcome"]}


def table(rows: dict[str, dict], title: str) -> Table:
    t = Table(title=title)
    for col in ("questions", "cut into as many parts as asks", "section recall", "right", "padded", *CAUSES[1:]):
        t.add_column(col, justify="right")
    n = len(rows)
    causes = Counter(r["cause"] for r in rows.values())
    answered = [r for r in rows.values() if r["cause"] != "declined"]
    t.add_row(str(n), f"{sum(len(r['parts']) == r['asks'] for r in rows.values()) / n:.3f}",
              f"{sum(r['recall'] for r in rows.values()) / n:.3f}", f"{causes['right'] / n:.3f}",
              f"{sum(r['padded'] for r in answered) / max(1, len(answered)):.3f}",
              *(str(causes[c]) for c in CAUSES[1:]))
    return t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kinds", default="compound", help="policy_qa kinds, comma-separated")
    parser.add_argument("--dev", action="store_true", help="also the shopper policy eval's dev split")
    parser.add_argument("--show", action="store_true", help="print each miss: its parts and what was lost")
    parser.add_argument("--json", type=Path, help="write every row's measures here")
    args = parser.parse_args()
    console = Console(width=150)
    kinds = set(args.kinds.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        # the tests' and evals' caches (`ASSISTANT_TEST_MODEL_CACHE`): a worktree has no .cache of its own
        settings = Settings(index_dir=Path(tmp) / "index", data_dir=Path(tmp) / "data", artifacts_dir=MODEL_CACHE)
        embedder = CachedEmbedder(get_embedder(), EMBEDDING_CACHE)
        prepare(build_context(settings, embedder), settings, progress=False)  # the trained models, as served
        ingest(settings.knowledge_dir, Store(connect(settings.index_dir)), embedder, progress=False)
        services = Services.build(settings, embedder=embedder)
        rows = [json.loads(line) for line in QA.read_text(encoding="utf-8").splitlines() if line.strip()]
        measured = {r["id"]: measure(services, case_of(r)) for r in rows if r["kind"] in kinds and r["kind"] !=
                    "unanswerable"}
        console.print(table(measured, f"policy_qa ({args.kinds})"))
        if args.show:
            for id_, r in measured.items():
                if r["cause"] != "right":
                    console.print(f"{id_} [{r['cause']}] {r['question']}\n    parts: {r['parts']}\n    {r['outcome']}",
                                  soft_wrap=True)
        if args.dev:
            metrics, _ = shoppers.evaluate_policy(services, "dev")
            console.print("dev:", json.dumps(metrics), soft_wrap=True)
    if args.json:
        args.json.write_text(json.dumps(measured, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
