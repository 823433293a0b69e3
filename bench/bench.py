"""Benchmarks: ingest throughput, retrieval latency and chat-turn latency, each beside the raw cost of the
same work (bare MiniLM `encode` plus bare `collection.query`), so our overhead shows as a ratio; local classify
throughput beside bare encode of the same titles; the training time of each task model; and many conversations at
once through the real chat server (socket.io on loopback): p50/p95 per turn, errors shown, turns lost, threads
without an owner, with chat history and checkpoints in SQLite and (when it is installed) PostgreSQL; and the cold
start of `storefront ask` and of the chat server, as ratios against a bare `import chromadb` and a bare MiniLM encode;
and the first page of `make run` with the index already built.

    .venv/bin/python bench/bench.py [--turns 60] [--no-train] [--load 100x5 | --no-load]
                                    [--load-db both|sqlite|postgres] [--no-cold] [--only-web] [--models DIR]
    .venv/bin/python bench/bench.py --only-cold      # the cold-start rows only (each timed 3 times)
    .venv/bin/python bench/bench.py --only-turns --models .cache/models   # the chat-turn rows only (~1-2 min)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from assistant.agent.context import Services
from assistant.agent.service import Assistant
from assistant.config import REPO_ROOT, Settings
from assistant.knowledge import load_knowledge
from assistant.retrieval.embeddings import CachedEmbedder, get_embedder
from assistant.retrieval.ingest import ingest, policy_docs, product_docs
from assistant.retrieval.products import where_clause
from assistant.retrieval.store import Store, connect
from assistant.tasks.base import build_context
from assistant.tasks.specs import SPECS
from assistant.training.local import prepare
from cold import bench_cold, cold_table  # beside this script (run as `python bench/bench.py`)
from slowest import counting_texts, slowest_table

sys.path.insert(0, str(REPO_ROOT))  # the chat client and server helpers live with the tests

QUESTIONS = [json.loads(line)["question"] for line in
             (REPO_ROOT / "tests/data/retrieval_questions.jsonl").read_text().splitlines() if line.strip()]
SEARCHES = ["red dress under $100", "navy shirt for a man", "something flowy for a wedding",
            "wireless headphones under $80", "leather wallet", "yoga mat without pattern", "linen bedding",
            "waterproof hiking boots", "stainless steel kettle", "black backpack for travel"]

WARM_UP = ["hello", "How long do I have to return shoes?", "blue linen shirt under $60", "and in green?",
           "Is there a warranty on headphones?", "cotton socks for kids"]


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) * 1000


def bench_ingest(embedder, knowledge: Path) -> dict:
    k = load_knowledge(knowledge)
    texts = [d.text for d in policy_docs(k) + product_docs(k)]
    embedder.encode(texts[:64])  # warm-up
    t = time.perf_counter()
    embedder.encode(texts)
    raw = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        ingest(knowledge, Store(connect(Path(tmp))), embedder, progress=False)
        ours = time.perf_counter() - t
        t = time.perf_counter()
        ingest(knowledge, Store(connect(Path(tmp))), embedder, progress=False)
        rerun = time.perf_counter() - t
    return {"docs": len(texts), "raw": raw, "ours": ours, "rerun": rerun}


def bench_queries(services: Services, questions: list[str]) -> dict:
    """Policy retrieval: ours (cache cleared) vs bare encode + bare query."""
    col = services.store.collection("policies")
    raw, ours = [], []
    for q in questions:
        t = time.perf_counter()
        vec = services.embedder.model.encode([q])
        col.query(query_embeddings=vec, n_results=4)
        raw.append(time.perf_counter() - t)
        services.embedder._cache.clear()
        t = time.perf_counter()
        services.policies.search(services.embedder.encode_query(q), k=4, query=q)
        ours.append(time.perf_counter() - t)
    return {"raw": raw, "ours": ours}


def bench_filtered(services: Services) -> dict:
    col = services.store.collection("products")
    raw, ours = [], []
    for q in SEARCHES * 3:
        filters = services.rewriter.rewrite(q)
        where = where_clause(filters, services.products.multi)
        vec = services.embedder.encode([q])
        t = time.perf_counter()
        col.query(query_embeddings=vec, n_results=5, where=where)
        raw.append(time.perf_counter() - t)
        t = time.perf_counter()
        services.products.search(vec[0], filters, k=5)
        ours.append(time.perf_counter() - t)
    return {"raw": raw, "ours": ours}


def bench_turns(bot: Assistant, turns: int) -> dict:
    s = bot.services
    pol, prod = s.store.collection("policies"), s.store.collection("products")
    messages = (QUESTIONS + SEARCHES) * (turns // (len(QUESTIONS) + len(SEARCHES)) + 1)
    for m in WARM_UP:  # every model loaded and every code path run once, with messages not timed below
        bot.ask(m, thread_id="warm-up")
    raw, ours, raw_cpu, ours_cpu, texts, passes = [], [], [], [], [], []
    for i, m in enumerate(messages[:turns]):
        t, c = time.perf_counter(), time.process_time()
        vec = s.embedder.model.encode([m])
        (pol if m in QUESTIONS else prod).query(query_embeddings=vec, n_results=4)
        raw.append(time.perf_counter() - t)
        raw_cpu.append(time.process_time() - c)
        s.embedder._cache.clear()
        with counting_texts(s.embedder) as embedded:
            t, c = time.perf_counter(), time.process_time()
            bot.ask(m, thread_id=f"bench-{i}")
            ours.append(time.perf_counter() - t)
            ours_cpu.append(time.process_time() - c)
        texts.append(embedded[0])
        passes.append(embedded[1])
    # CPU time (every thread of the process) beside the wall time: on a shared machine the wall time of the same
    # turns swung 2-3x between runs while their CPU time moved a few per cent
    return {"raw": raw, "ours": ours, "cpu": {"raw": raw_cpu, "ours": ours_cpu}, "messages": messages[:turns],
            "texts": texts, "passes": passes}


def bench_classify(settings, embedder, n: int = 2000) -> dict:
    """Titles per second through the local classifier (embedding, head, attribute tagger) vs bare encode."""
    from assistant.models.registry import get_model, spec
    from assistant.tasks.classify import ClassifyInput

    titles = [e.input.text for e in spec("classify").load_examples(REPO_ROOT / "knowledge/training/classify.jsonl")][:n]
    model = get_model("classify", build_context(settings, embedder), settings)
    model.predict([ClassifyInput(text=t) for t in titles[:64]])  # warm-up
    t = time.perf_counter()
    embedder.model.encode(titles, batch_size=64)
    raw = time.perf_counter() - t
    t = time.perf_counter()
    model.predict([ClassifyInput(text=t) for t in titles])
    ours = time.perf_counter() - t
    return {"n": len(titles), "raw": raw, "ours": ours}


def bench_training(settings, embedder) -> dict[str, tuple[float, int]]:
    """Seconds to train each task's local model from the store's data, and on how many examples."""
    from assistant.training.local import train_task

    ctx = build_context(settings, embedder)
    out = {}
    for task in SPECS:
        m = train_task(task, ctx, settings, out=settings.artifacts_dir / task / "current", progress=False)
        out[task] = (m["train_seconds"], m["examples"])
    return out


def bench_load(settings: Settings, conversations: int, turns: int, database_url: str | None = None) -> dict:
    """`conversations` chats at once, `turns` messages each, through `chainlit run` on loopback; chat history and
    checkpoints in SQLite files, or on the PostgreSQL server at `database_url`."""
    from tests.chat_server import chat_server
    from tests.load.saved import Saved
    from tests.load.test_concurrent_chats import missing, run_load, server_env, settled_history

    with tempfile.TemporaryDirectory() as tmp:
        with chat_server(settings.index_dir, settings.artifacts_dir, Path(tmp) / "app",
                         env=server_env(database_url)) as server:
            asyncio.run(run_load(server.url, 2, 1))  # the models load on the first chat: not timed
            t = time.perf_counter()
            done = asyncio.run(run_load(server.url, conversations, turns))
            wall = time.perf_counter() - t
            history, settle = settled_history(Saved(server.data, database_url), done, turns)
    seconds = [turn.seconds for c in done for turn in c.turns]
    return {"conversations": conversations, "turns": turns, "seconds": seconds, "wall": wall, "settle": settle,
            "errors": sum(len(turn.errors) for c in done for turn in c.turns), "lost": missing(history, done, turns),
            "ownerless": sum(1 for owner, _, _ in history.values() if not owner)}


def bench_load_postgres(settings: Settings, conversations: int, turns: int) -> dict | None:
    """The same load with chat history and checkpoints on a throwaway PostgreSQL server; None when PostgreSQL is
    not installed."""
    from tests.postgres_server import postgres_bin, postgres_server

    if postgres_bin() is None:
        return None
    with postgres_server() as pg:
        return bench_load(settings, conversations, turns, pg.create_database("bench"))


def bench_first_answers(settings, embedder) -> dict[str, float]:
    """Seconds from a fresh start (services built, models loaded from the prepared cache) to the first merchant
    description and the first classification: nothing may train while the merchant waits."""
    t = time.perf_counter()
    services = Services.build(settings, embedder=embedder)
    out = {"start (services built, every model loaded)": time.perf_counter() - t}
    bot = Assistant(settings, services)
    for name, message in (("first description", "Write a product description for HP-00017"),
                          ("first classification", "classify these titles: Wireless Earbuds ANC IPX5; Bamboo Bath "
                                                   "Towel Set 6pc")):
        t = time.perf_counter()
        bot.ask(message, thread_id=f"bench-first-{name}", role="merchant")
        out[name] = time.perf_counter() - t
    bot.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=60)
    parser.add_argument("--knowledge", type=Path, default=REPO_ROOT / "knowledge")
    parser.add_argument("--no-train", action="store_true", help="skip timing the training of each task model")
    parser.add_argument("--models", type=Path,
                        help="serve the task models from DIR (as `storefront prepare` leaves them: .cache/models) "
                             "instead of training them all into a temporary folder, which took most of a 9-minute "
                             "run; a stale one is trained into DIR; implies --no-train")
    parser.add_argument("--load", default="100x5", help="CONVERSATIONSxTURNS at once through the chat server")
    parser.add_argument("--no-load", action="store_true", help="skip the load test")
    parser.add_argument("--load-db", choices=("both", "sqlite", "postgres"), default="both",
                        help="where the load test's server keeps chat history and checkpoints (postgres: only when "
                             "PostgreSQL is installed)")
    parser.add_argument("--only-web", action="store_true",
                        help="only the chat server and cold start (models from .cache/models)")
    parser.add_argument("--no-cold", action="store_true", help="skip the cold-start timings")
    parser.add_argument("--only-cold", action="store_true", help="only the cold-start timings")
    parser.add_argument("--only-turns", action="store_true",
                        help="only retrieval and chat-turn latency, the index built from the embeddings kept beside "
                             "DIR of --models (.cache/embeddings): a run in 1-2 minutes instead of 11, for repeats")
    args = parser.parse_args()
    if args.only_cold:
        args.only_web, args.no_load, args.no_cold = True, True, False
    if args.only_turns:
        args.no_train, args.no_load, args.no_cold = True, True, True
    logging.getLogger("assistant.tasks.rows").setLevel(logging.ERROR)  # `storefront data check` reports rare labels
    console = Console(width=150)  # a table that wraps in a log or CI is hard to read
    if not args.only_web:
        core(args, console)
    if args.no_load and args.no_cold:
        return
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(knowledge_dir=args.knowledge, index_dir=Path(tmp) / "index",
                            data_dir=Path(tmp) / "data", artifacts_dir=REPO_ROOT / ".cache" / "models")
        ingest(settings.knowledge_dir, Store(connect(settings.index_dir)), get_embedder(), progress=False)
        if not args.no_cold:
            console.print(cold_table(bench_cold(settings)))
        if not args.no_load:
            n, k = (int(x) for x in args.load.lower().split("x"))
            runs = {}
            if args.load_db in ("both", "sqlite"):
                runs["SQLite"] = bench_load(settings, n, k)
            if args.load_db in ("both", "postgres"):
                if (pg := bench_load_postgres(settings, n, k)) is not None:
                    runs["PostgreSQL"] = pg
                else:
                    console.print("PostgreSQL is not installed (apt-get install postgresql): its load run skipped")
            if runs:
                console.print(load_table(runs))


def core(args, console: Console) -> None:
    embedder = get_embedder()
    ing = None if args.only_turns else bench_ingest(embedder, args.knowledge)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(knowledge_dir=args.knowledge, index_dir=Path(tmp) / "index", data_dir=Path(tmp) / "data",
                            artifacts_dir=args.models or Path(tmp) / "artifacts")
        ingest(settings.knowledge_dir, Store(connect(settings.index_dir)), index_embedder(args, embedder),
               progress=False)
        training = {} if args.no_train or args.models else bench_training(settings, embedder)
        prepare(build_context(settings, embedder), settings, progress=False)  # what --no-train left untrained
        first = {} if args.only_turns else bench_first_answers(settings, embedder)
        services = Services.build(settings, embedder=embedder)
        bot = Assistant(settings, services)
        q = bench_queries(services, QUESTIONS * 2)
        f = bench_filtered(services)
        turns = bench_turns(bot, args.turns)
        bot.close()
        cls = None if args.only_turns else bench_classify(settings, embedder)

    table = Table(title="Storefront Assistant benchmark (2 cores, CPU)")
    for col in ("work", "ours", "raw (bare encode + query)", "ratio"):
        table.add_column(col)
    if ing:
        table.add_row(f"ingest {ing['docs']} docs (s)", f"{ing['ours']:.2f}", f"{ing['raw']:.2f}",
                      f"{ing['ours'] / ing['raw']:.2f}×")
        table.add_row("ingest throughput (docs/s)", f"{ing['docs'] / ing['ours']:.0f}",
                      f"{ing['docs'] / ing['raw']:.0f}", "")
        table.add_row("ingest re-run, unchanged (s)", f"{ing['rerun']:.2f}", "0 embedded", "")
    # the target (chat turn p95 <= 2x raw) is read on the wall-clock "chat turn" row; its CPU row is the
    # steadier one when other work shares the cores
    for name, d in (("policy retrieval", q), ("filtered product query (embedded)", f), ("chat turn", turns),
                    ("chat turn, CPU time", turns["cpu"])):
        for p in (50, 95):
            table.add_row(f"{name} p{p} (ms)", f"{pct(d['ours'], p):.1f}", f"{pct(d['raw'], p):.1f}",
                          f"{pct(d['ours'], p) / pct(d['raw'], p):.2f}×")
    if cls:
        table.add_row(f"local classify, {cls['n']} titles (titles/s)", f"{cls['n'] / cls['ours']:.0f}",
                      f"{cls['n'] / cls['raw']:.0f}", f"{cls['raw'] / cls['ours']:.2f}× of raw throughput")
    for task, (seconds, n) in training.items():
        table.add_row(f"train {task} ({n} examples) (s)", f"{seconds:.1f}", "", "")
    for name, seconds in first.items():
        table.add_row(f"fresh app: {name} (s)", f"{seconds:.2f}", "", "")
    console.print(table)
    console.print(slowest_table(turns))


def index_embedder(args, embedder):
    """What builds the bench's index: the embedder itself, timed above; with --only-turns, the same model with the
    passages' vectors kept on disk beside the task models (the tests' cache: an ingest in seconds, not minutes)."""
    if not args.only_turns:
        return embedder
    return CachedEmbedder(embedder, (args.models or REPO_ROOT / ".cache" / "models").parent / "embeddings")


def load_table(runs: dict[str, dict]) -> Table:
    """One column per database the server kept its chat history and checkpoints in."""
    first = next(iter(runs.values()))
    table = Table(title=f"{first['conversations']} conversations x {first['turns']} turns at once (real server)",
                  min_width=90)
    table.add_column("measure")
    for name in runs:
        table.add_column(name)
    rows = [("turn p50 (ms)", lambda r: f"{pct(r['seconds'], 50):.0f}"),
            ("turn p95 (ms)", lambda r: f"{pct(r['seconds'], 95):.0f}"),
            ("turns per second", lambda r: f"{len(r['seconds']) / r['wall']:.1f}"),
            ("errors shown", lambda r: str(r["errors"])),
            ("turns missing from the saved history", lambda r: str(r["lost"])),
            ("history complete after the last reply (s)", lambda r: f"{r['settle']:.1f}"),
            ("threads without an owner", lambda r: str(r["ownerless"]))]
    for label, cell in rows:
        table.add_row(label, *(cell(r) for r in runs.values()))
    return table


if __name__ == "__main__":
    main()
