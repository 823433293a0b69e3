"""Evals on public data written by real people (`ASSISTANT_REALDATA_DIR`, shaped like ../shared/realdata/).

Nothing the project ships is trained on this data: the Flipkart classifier is trained here, in memory, on one
side of a near-duplicate-aware split and scored on the other; the review extractor is the store's own model,
scored as shipped; the terms documents are ingested into a temporary index that is thrown away.

- flipkart: supplier-style titles -> second-level category, the store's classifier recipe vs zero-shot;
- uci: Amazon cell-phone review sentences (1 = positive, 0 = negative) -> the extractor's overall sentiment;
- semeval14: laptop review sentences with a marked aspect term -> the sentiment of the clause naming it;
- terms: Amazon, PayPal, Klarna and Groupon terms as a policy corpus -> retrieval of hand-written questions.
"""

from __future__ import annotations

import json
import logging
import random
import shutil
import tempfile
import time
from collections import Counter
from pathlib import Path

from assistant.config import REPO_ROOT
from assistant.evaluation.harness import SuiteResult, bootstrap_means
from assistant.evaluation.scoring import dataset_hash
from assistant.retrieval.ingest import ingest
from assistant.retrieval.search import PolicyRetriever
from assistant.retrieval.store import Store, connect
from assistant.tasks.base import TaskContext
from assistant.tasks.classify import (ClassifyInput, TitleClassifier, ZeroShotClassifier, flipkart_examples,
                                      split_near_duplicates)
from assistant.tasks.extract import ExtractInput, split_clauses
from assistant.tasks.metrics import classification_metrics
from assistant.tasks.rows import read_rows
from assistant.training.taskdata import normalized

log = logging.getLogger(__name__)
TERMS_QUESTIONS = REPO_ROOT / "evals" / "datasets" / "realdata_terms_questions.jsonl"
FLIPKART_MAX_TITLES = 2000  # a sample keeps training within the eval's time budget; the split stays leakage-free
TERMS_K = 4
EXPECTED = {  # what each eval reads, relative to the realdata folder
    "flipkart": "flipkart_sample/flipkart_titles_categories.csv",
    "uci": "uci_sentiment/amazon_cells_labelled.txt",
    "semeval14": "semeval14_laptops/Laptops_Test_Gold.xml.seg",
    "terms": "tos_policies",
}


def missing(root: Path | None, name: str) -> str | None:
    """Why the eval `name` cannot run, or None when it can."""
    if root is None:
        return "ASSISTANT_REALDATA_DIR is not set (point it at a folder shaped like ../shared/realdata/)"
    path = Path(root) / EXPECTED[name]
    return None if path.exists() else f"{path} does not exist"


def _short(path: Path, root: Path) -> str:
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def _sentiment_to_binary(label: str) -> str:
    return {"positive": "1", "negative": "0"}.get(label, "mixed")


# ---------------------------------------------------------------------------------------------- flipkart

def evaluate_flipkart(root: Path, ctx: TaskContext, seed: int = 0) -> SuiteResult:
    """Train the store's title classifier on Flipkart titles (near duplicates kept on one side) and score it."""
    start = time.perf_counter()
    path = root / EXPECTED["flipkart"]
    examples = flipkart_examples(path)
    if len(examples) > FLIPKART_MAX_TITLES:
        examples = random.Random(seed).sample(examples, FLIPKART_MAX_TITLES)
    train, test = split_near_duplicates(examples, seed=seed)
    labels = sorted({e.output.category for e in train})
    test = [e for e in test if e.output.category in set(labels)]  # a label never trained on cannot be scored
    model = TitleClassifier.train(train, ctx, progress=False)
    inputs = [ClassifyInput(text=e.input.text) for e in test]
    gold = [e.output.category for e in test]
    pred = [p.category for p in model.predict(inputs)]
    base = [p.category for p in ZeroShotClassifier(ctx, labels=labels).predict(inputs)]
    majority = Counter(e.output.category for e in train).most_common(1)[0][0]
    ours, theirs = classification_metrics(pred, gold), classification_metrics(base, gold)
    rows = [{"accuracy": float(p == g)} for p, g in zip(pred, gold)]
    return SuiteResult(
        name="realdata_flipkart", model=model.name, baseline_model=ZeroShotClassifier.name,
        metrics={"n": len(test), "accuracy": ours["accuracy"], "macro_f1": ours["macro_f1"],
                 "majority_accuracy": round(sum(g == majority for g in gold) / len(gold), 4)},
        baseline={"accuracy": theirs["accuracy"], "macro_f1": theirs["macro_f1"]}, ci=bootstrap_means(rows),
        datasets={_short(path, root): dataset_hash(path)},
        samples={f"{i}": {"score": float(p == g), "outcome": "ok" if p == g else f"predicted {p}, expected {g}",
                          "text": e.input.text[:160]} for i, (e, p, g) in enumerate(zip(test, pred, gold))},
        details={"about": f"{len(examples)} titles sampled (seed {seed}), {len(train)} train / {len(test)} test after "
                          f"a near-duplicate-aware split; {len(labels)} second-level categories.",
                 "per_class": ours["per_class"]},
        seconds=round(time.perf_counter() - start, 2))


# ---------------------------------------------------------------------------------------------- uci

def load_uci(path: Path) -> list[tuple[str, str]]:
    """(sentence, "1"|"0") from the tab-separated UCI file."""
    out = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        text, _, label = line.rpartition("\t")
        if text.strip() and label.strip() in ("0", "1"):
            out.append((text.strip(), label.strip()))
    return out


def evaluate_uci(root: Path, extractor, baseline) -> SuiteResult:
    """The shipped extractor's overall sentiment on UCI Amazon review sentences; "mixed" counts as wrong."""
    start = time.perf_counter()
    path = root / EXPECTED["uci"]
    rows = load_uci(path)
    inputs = [ExtractInput(text=t, category="electronics") for t, _ in rows]
    gold = [lab for _, lab in rows]
    pred = [_sentiment_to_binary(p.overall_sentiment) for p in extractor.predict(inputs)]
    base = [_sentiment_to_binary(p.overall_sentiment) for p in baseline.predict(inputs)]
    ours, theirs = classification_metrics(pred, gold), classification_metrics(base, gold)
    decided = [(p, g) for p, g in zip(pred, gold) if p != "mixed"]
    return SuiteResult(
        name="realdata_uci", model=getattr(extractor, "name", "extract"), baseline_model=getattr(baseline, "name", ""),
        metrics={"n": len(gold), "accuracy": ours["accuracy"], "macro_f1": ours["macro_f1"],
                 "mixed_share": round(pred.count("mixed") / len(pred), 4),
                 "accuracy_when_decided": round(sum(p == g for p, g in decided) / max(1, len(decided)), 4)},
        baseline={"accuracy": theirs["accuracy"], "macro_f1": theirs["macro_f1"],
                  "mixed_share": round(base.count("mixed") / len(base), 4)},
        ci=bootstrap_means([{"accuracy": float(p == g)} for p, g in zip(pred, gold)]),
        datasets={_short(path, root): dataset_hash(path)},
        samples={f"{i}": {"score": float(p == g), "outcome": "ok" if p == g else f"said {p}, labelled {g}",
                          "text": t[:160]} for i, ((t, g), p) in enumerate(zip(rows, pred))},
        details={"about": "UCI sentiment-labelled sentences (amazon_cells_labelled.txt), scored without training on "
                          "them; the extractor says positive/negative/mixed, mixed is counted as wrong."},
        seconds=round(time.perf_counter() - start, 2))


# ---------------------------------------------------------------------------------------------- semeval

def load_semeval_seg(path: Path) -> list[tuple[str, str, str]]:
    """(sentence, aspect term, "positive"|"negative"|"neutral") from the ABSA-PyTorch .seg format."""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    names = {"1": "positive", "-1": "negative", "0": "neutral"}
    out = []
    for i in range(0, len(lines) - 2, 3):
        sentence, term, polarity = lines[i].strip(), lines[i + 1].strip(), lines[i + 2].strip()
        if polarity in names and "$T$" in sentence:
            out.append((sentence.replace("$T$", term), term, names[polarity]))
    return out


def clause_about(sentence: str, term: str) -> str:
    """The clause of the sentence that names the term (split where the extractor splits clauses)."""
    clauses = split_clauses(sentence) or [sentence]
    return next((c for c in clauses if term.lower() in c.lower()), sentence)


def evaluate_semeval(root: Path, extractor, baseline) -> SuiteResult:
    """Aspect sentiment on SemEval-2014 laptop reviews: the extractor reads the clause that names the aspect."""
    start = time.perf_counter()
    path = root / EXPECTED["semeval14"]
    rows = load_semeval_seg(path)
    inputs = [ExtractInput(text=clause_about(s, t), category="electronics") for s, t, _ in rows]
    gold = [p for _, _, p in rows]
    to3 = {"positive": "positive", "negative": "negative", "mixed": "neutral"}
    pred = [to3[p.overall_sentiment] for p in extractor.predict(inputs)]
    base = [to3[p.overall_sentiment] for p in baseline.predict(inputs)]
    ours, theirs = classification_metrics(pred, gold), classification_metrics(base, gold)
    polar = [(p, g) for p, g in zip(pred, gold) if g != "neutral"]
    return SuiteResult(
        name="realdata_semeval14", model=getattr(extractor, "name", "extract"),
        baseline_model=getattr(baseline, "name", ""),
        metrics={"n": len(gold), "accuracy": ours["accuracy"], "macro_f1": ours["macro_f1"],
                 "polar_accuracy": round(sum(p == g for p, g in polar) / max(1, len(polar)), 4)},
        baseline={"accuracy": theirs["accuracy"], "macro_f1": theirs["macro_f1"]},
        ci=bootstrap_means([{"accuracy": float(p == g)} for p, g in zip(pred, gold)]),
        datasets={_short(path, root): dataset_hash(path)},
        samples={f"{i}": {"score": float(p == g), "outcome": "ok" if p == g else f"said {p}, labelled {g}",
                          "text": f"[{t}] {s}"[:160]} for i, ((s, t, g), p) in enumerate(zip(rows, pred))},
        details={"about": "SemEval-2014 Task 4 laptop test set (aspect terms with polarity); the store's extractor "
                          "has no aspect-term head, so it reads the clause naming the term; its 'mixed' stands for "
                          "neutral.", "per_class": ours["per_class"]},
        seconds=round(time.perf_counter() - start, 2))


# ---------------------------------------------------------------------------------------------- terms

def terms_knowledge(root: Path, into: Path, store_knowledge: Path) -> Path:
    """A knowledge folder whose policies are the real terms documents; the store's taxonomy and ontology, and
    a 10-product catalog (ingest needs one; a small one keeps it quick)."""
    k = into / "knowledge"
    (k / "policies").mkdir(parents=True)
    for doc in sorted((root / EXPECTED["terms"]).glob("*.txt")):
        shutil.copy(doc, k / "policies" / doc.name)
    for name in ("taxonomy.txt", "ontology.yaml"):
        shutil.copy(store_knowledge / name, k / name)
    (k / "catalog").mkdir()
    products = (store_knowledge / "catalog/products.jsonl").read_text().splitlines()[:10]
    (k / "catalog/products.jsonl").write_text("\n".join(products) + "\n")
    keep = {json.loads(p)["id"] for p in products}
    for name in ("reviews.jsonl", "reviews_labels.jsonl"):
        src = store_knowledge / "catalog" / name
        if src.exists():
            rows = [r for r in src.read_text().splitlines() if r.strip()]
            if name == "reviews.jsonl":
                rows = [r for r in rows if json.loads(r)["product_id"] in keep]
                ids = {json.loads(r)["id"] for r in rows}
            else:
                rows = [r for r in rows if json.loads(r)["id"] in ids]
            (k / "catalog" / name).write_text("\n".join(rows) + ("\n" if rows else ""))
    return k


def evaluate_terms(root: Path, embedder, store_knowledge: Path, questions: Path = TERMS_QUESTIONS) -> SuiteResult:
    """Ingest the terms into a throwaway index; a question is answered when a top-k passage of the right document
    contains one of its expected phrases."""
    start = time.perf_counter()
    cases = [row for _, row in read_rows(questions)]
    with tempfile.TemporaryDirectory(prefix="terms-eval-") as tmp:
        k = terms_knowledge(root, Path(tmp), store_knowledge)
        store = Store(connect(Path(tmp) / "index"))
        report = ingest(k, store, embedder, progress=False)
        retriever = PolicyRetriever(store)
        rows, samples = [], {}
        for c in cases:
            hits = retriever.search(embedder.encode_query(c["question"]), k=TERMS_K, query=c["question"])
            good = [i for i, h in enumerate(hits, 1) if h.source == c["source"]
                    and any(normalized(p) in normalized(h.text) for p in c["expect_any"])]
            rank = good[0] if good else None
            rows.append({"hit_at_1": float(rank == 1), f"hit_at_{TERMS_K}": float(rank is not None),
                         "mrr": 1.0 / rank if rank else 0.0,
                         "source_at_1": float(bool(hits) and hits[0].source == c["source"])})
            samples[c["id"]] = {"score": float(rank is not None), "text": c["question"],
                                "outcome": f"rank {rank}" if rank else "not in top " + str(TERMS_K) + ": "
                                + ", ".join(h.id for h in hits)}
        passages = next((kr.documents for kr in report.kinds if kr.kind == "policies"), 0)
    metrics = {m: round(sum(r[m] for r in rows) / len(rows), 4) for m in rows[0]}
    return SuiteResult(
        name="realdata_terms", model=f"hybrid policy retriever k={TERMS_K}", metrics={"n": len(rows), **metrics},
        ci=bootstrap_means(rows),
        datasets={_short(questions, REPO_ROOT): dataset_hash(questions),
                  **{_short(p, root): dataset_hash(p) for p in sorted((root / EXPECTED["terms"]).glob("*.txt"))}},
        samples=samples,
        details={"about": f"{len(cases)} hand-written questions over 4 real terms documents, chunked into passages "
                          f"({passages} indexed documents: passages and their sentences)."},
        seconds=round(time.perf_counter() - start, 2))
