"""A developer's look at the shopper sets outside pytest: per split and kind, and the failing rows of dev only.

    python -m evals.measure policy [--split dev] [--ids sp-d15] [--dump rows.jsonl]
    python -m evals.measure conversations [--split dev] [--ids c-d15] [--dump rows.jsonl]
    python -m evals.measure terms [--split dev] [--ids ts-d15]        # needs ASSISTANT_REALDATA_DIR
    python -m evals.measure heldout                                   # held-out splits pooled: aggregates only
    python -m evals.measure policy --tool ...                         # the policy tool and writer alone

Held-out rows are never printed or dumped: they judge the work, so nobody tunes on them (the `heldout` command
prints sums and shares only). Models come from the shared cache, as in `pytest evals/`.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from collections import defaultdict
from pathlib import Path

from assistant.evaluation.suite import quiet_env
from evals import shoppers
from evals import shopper_conversations as convs
from tests.offline import EMBEDDING_CACHE, KNOWLEDGE, MODEL_CACHE, network_blocked


def make_settings():
    from assistant.config import Settings

    base = Path(tempfile.mkdtemp(prefix="measure-"))
    realdata = os.environ.get("ASSISTANT_REALDATA_DIR")
    return Settings(knowledge_dir=KNOWLEDGE, index_dir=base / "index", data_dir=base / "data",
                    artifacts_dir=MODEL_CACHE, realdata_dir=Path(realdata) if realdata else None)


def make_embedder():
    from assistant.retrieval.embeddings import CachedEmbedder, get_embedder

    return CachedEmbedder(get_embedder(), EMBEDDING_CACHE)


def make_services(settings, embedder):
    from assistant.agent.context import Services
    from assistant.retrieval.ingest import ingest
    from assistant.retrieval.store import Store, connect

    ingest(settings.knowledge_dir, Store(connect(settings.index_dir)), embedder, progress=False)
    return Services.build(settings, embedder=embedder)


def _share(flags: list[bool]) -> str:
    return f"{sum(flags)}/{len(flags)} = {sum(flags) / len(flags):.3f}" if flags else "-"


def _held(split: str) -> bool:
    return split.startswith("heldout")


def policy(split: str | None, ids: str, services, bot=None) -> tuple[dict, dict]:
    """Each question through the policy tool and the answer writer, or with `bot` through the whole agent (routing
    and cutting the message into parts too), each in a thread of its own: what a shopper asking it first sees."""
    ask = shoppers.agent_asker(bot) if bot is not None else None
    _, scored = shoppers.evaluate_policy(services, split, ask, ids)
    table: dict = defaultdict(lambda: defaultdict(list))
    for s in scored.values():
        table[s["split"]][s["kind"]].append(s["right"])
        if s["kind"] != "unanswerable":
            table[s["split"]]["answerable"].append(s["right"])
            table[s["split"]]["false declines"].append(s["declined"])
            if not s["declined"]:  # of the answered ones: a section no part asks for cited
                table[s["split"]]["padded"].append(s["padded"])
    return table, scored


def conversations(split: str | None, ids: str, bot) -> tuple[dict, list]:
    rows = convs.run(bot, [c for c in convs.load() if split in (None, c.split) and c.id.startswith(ids)])
    table: dict = defaultdict(lambda: defaultdict(list))
    for r in rows:
        table[r["split"]]["turns"].append(r["right"])
        if r["context"]:
            table[r["split"]]["context turns"].append(r["right"])
    return table, rows


def terms(split: str | None, ids: str, settings, embedder) -> tuple[dict, dict]:
    if settings.realdata_dir is None:
        raise SystemExit("ASSISTANT_REALDATA_DIR is not set: the real terms documents are not here")
    into = Path(tempfile.mkdtemp(prefix="measure-terms-"))
    path = shoppers.terms_services(settings.realdata_dir, settings.knowledge_dir, embedder, into, settings)
    cases = [c for c in shoppers.load(shoppers.TERMS_SHOPPERS, shoppers.TermsCase)
             if split in (None, c.split) and c.id.startswith(ids)]
    keep = {c.id: c.split for c in cases}
    _, scored = shoppers.evaluate_terms(path, split)
    scored = {k: {**v, "split": keep[k]} for k, v in scored.items() if k in keep}
    table: dict = defaultdict(lambda: defaultdict(list))
    for s in scored.values():
        if s["kind"] == "unanswerable":
            table[s["split"]]["unanswerable declined"].append(s["declined"])
            continue
        table[s["split"]]["evidence cited"].append(s["cited"])
        table[s["split"]]["evidence quoted"].append(s["quoted"])
        table[s["split"]]["false declines"].append(s["declined"])
    return table, scored


def show(title: str, table: dict) -> None:
    print(f"\n{title}")
    for split in sorted(table, key=lambda s: (s != "dev", len(s), s)):
        print(f"  {split:10} " + "  ".join(f"{k} {_share(v)}" for k, v in sorted(table[split].items())))


def show_pooled(title: str, table: dict, keys: list[str], kept: list[str]) -> None:
    """The held-out splits pooled, and the right ones summed over all but the newest split (`kept`: the rows
    counted, e.g. answerable right and unanswerable declined): a change is kept when that sum does not fall."""
    pooled = {k: [x for s, t in table.items() if _held(s) for x in t.get(k, [])] for k in keys}
    print(f"  {title} pooled held-out: " + "  ".join(f"{k} {_share(v)}" for k, v in pooled.items()))
    held = sorted((s for s in table if _held(s)), key=lambda s: (len(s), s))
    older = held[:-1]
    total = sum(sum(table[s].get(k, [])) for s in older for k in kept)
    print(f"  {title} right over {older[0]}..{older[-1]} (all but the newest, {held[-1]}): {total}")


def failures(rows, dump: Path | None) -> None:
    dev = [r for r in rows if not _held(r["split"]) and not r["right"]]
    for r in dev:
        say = r.get("question") or r.get("say")
        print(f"  x {r.get('id') or r['conversation'] + ' t' + str(r['turn'])}: {say!r}\n      "
              f"{r.get('outcome') or r.get('problems')}\n      -> {str(r.get('answer', ''))[:220]!r}")
    if dump:
        dump.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows if not _held(r["split"])))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["policy", "conversations", "terms", "heldout"])
    parser.add_argument("--split", help="one split (default: all)")
    parser.add_argument("--ids", default="", help="only rows whose id starts with this")
    parser.add_argument("--dump", type=Path, help="write the dev rows scored as JSONL")
    parser.add_argument("--tool", action="store_true", help="policy questions through the policy tool and the writer alone, not the whole agent")
    args = parser.parse_args(argv)
    quiet_env()
    with network_blocked():
        settings, embedder = make_settings(), make_embedder()
        if args.what == "terms" or (args.what == "heldout" and settings.realdata_dir):
            table, scored = terms(args.split, args.ids, settings, embedder)
            show("terms: evidence cited (the passage holds it) and quoted (the answer says it)", table)
            if args.what == "heldout":
                show_pooled("terms", table, ["evidence cited", "false declines", "unanswerable declined"],
                            ["evidence cited", "unanswerable declined"])
            else:
                failures([{"id": k, **v} for k, v in scored.items()], args.dump)
        if args.what == "terms":
            return
        services = make_services(settings, embedder)
        from assistant.agent.service import Assistant

        bot = Assistant(settings, services)
        try:
            _measure(args, services, bot)
        finally:
            bot.close()


def _measure(args, services, bot) -> None:
    if args.what in ("policy", "heldout"):
        table, scored = policy(args.split, args.ids, services, None if args.tool else bot)
        path = "the policy tool and the writer" if args.tool else "the whole agent"
        show(f"policy, through {path}: share right per kind (unanswerable: declined)", table)
        if args.what == "heldout":
            show_pooled("policy", table, ["answerable", "compound", "unanswerable", "false declines", "padded"],
                        ["answerable", "unanswerable"])
        else:
            failures([{"id": k, **v} for k, v in scored.items()], args.dump)
    if args.what in ("conversations", "heldout"):
        table, rows = conversations(args.split, args.ids, bot)
        show("conversations: turns right", table)
        if args.what == "heldout":
            show_pooled("conversations", table, ["context turns"], ["context turns"])
        else:
            failures(rows, args.dump)


if __name__ == "__main__":
    main()
