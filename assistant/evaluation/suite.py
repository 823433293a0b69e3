"""The whole eval as one call, for `storefront eval`; `pytest evals/` runs the same parts through fixtures.

Parts: the four tasks, grounding, the agent scenarios and, when real data is configured, the real-world suite.
Every run checks every part against `evals/baselines.json`, so a change that helps one task and hurts another
fails.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from assistant.agent.context import Services
from assistant.agent.service import Assistant
from assistant.config import Settings
from assistant.evaluation import realdata as rd
from assistant.evaluation.agent_eval import evaluate_agent
from assistant.evaluation.grounding import evaluate_grounding
from assistant.evaluation.harness import SuiteResult, evaluate_task
from assistant.models.registry import get_model
from assistant.retrieval.embeddings import Embedder, get_embedder
from assistant.retrieval.ingest import ingest
from assistant.retrieval.store import Store, connect
from assistant.tasks.base import TaskContext, TaskModel, build_context
from assistant.tasks.specs import SPECS
from assistant.training.local import prepare

log = logging.getLogger(__name__)
TASK_PARTS = tuple(SPECS)
PARTS = (*TASK_PARTS, "grounding", "agent", "realdata")
REALDATA_PARTS = ("flipkart", "uci", "semeval14", "terms")


def quiet_env() -> None:
    """Offline switches for the libraries the eval loads (ragas analytics, hub look-ups)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("RAGAS_DO_NOT_TRACK", "true")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("XDG_DATA_HOME", str(Path(tempfile.gettempdir()) / "storefront-eval-xdg"))


@dataclass
class Run:
    results: list[SuiteResult] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0


def realdata_results(root: Path | None, ctx: TaskContext, extractor: TaskModel, extract_baseline: TaskModel,
                     embedder: Embedder, knowledge_dir: Path,
                     only: tuple[str, ...] = REALDATA_PARTS) -> tuple[list[SuiteResult], dict[str, str]]:
    """Every real-data eval whose data is present; the others with the reason they were skipped."""
    results, skipped = [], {}
    for name in only:
        why = rd.missing(root, name)
        if why:
            skipped[f"realdata_{name}"] = why
            continue
        if name == "flipkart":
            results.append(rd.evaluate_flipkart(root, ctx))
        elif name == "uci":
            results.append(rd.evaluate_uci(root, extractor, extract_baseline))
        elif name == "semeval14":
            results.append(rd.evaluate_semeval(root, extractor, extract_baseline))
        else:
            results.append(rd.evaluate_terms(root, embedder, knowledge_dir))
    return results, skipped


def run(settings: Settings, parts: tuple[str, ...] = PARTS, progress: bool = False) -> Run:
    """Prepare the models, ingest (only what changed), then score every requested part; conversations go to a
    throwaway folder."""
    quiet_env()
    start = time.perf_counter()
    out = Run()
    embedder = get_embedder()
    with tempfile.TemporaryDirectory(prefix="storefront-eval-") as tmp:
        # The eval's conversations, tickets and checkpoints must not land in the store's real data folder.
        settings = settings.model_copy(update={"data_dir": Path(tmp) / "data"})
        services = None
        needs = [p for p in parts if p in TASK_PARTS] + (["extract"] if "realdata" in parts else [])
        if {"grounding", "agent"} & set(parts):
            needs = list(TASK_PARTS)  # the agent serves every task
        prepare(build_context(settings, embedder), settings, tuple(dict.fromkeys(needs)), progress=progress)
        if {"grounding", "agent"} & set(parts):
            ingest(settings.knowledge_dir, Store(connect(settings.index_dir, settings.chroma_url)), embedder,
                   progress=progress)
            services = Services.build(settings, embedder=embedder)
        ctx = services.task_context if services else build_context(settings, embedder)
        for task in (p for p in parts if p in TASK_PARTS):
            out.results.append(evaluate_task(task, ctx, settings))
        if services is not None:
            bot = Assistant(settings, services)
            try:
                if "grounding" in parts:
                    out.results.append(evaluate_grounding(bot, services, settings=settings))
                if "agent" in parts:
                    out.results.append(evaluate_agent(bot))
            finally:
                bot.close()
        if "realdata" in parts:
            extractor = get_model("extract", ctx, settings)
            results, skipped = realdata_results(settings.realdata_dir, ctx, extractor,
                                                get_model("extract", ctx, settings, choice="baseline"),
                                                embedder, settings.knowledge_dir)
            out.results += results
            out.skipped.update(skipped)
    for r in out.results:
        out.skipped.update({f"{r.name}.{m}": why for m, why in r.skipped.items()})
    out.seconds = round(time.perf_counter() - start, 1)
    return out
