"""Fixtures of the eval suite: offline, one index and one set of trained models per session, each part scored once.

Scoring is the slow part, so each part (a task, grounding, the agent, real data) is computed once, on first use,
and cached for the session; many small tests then assert on the cached result. Tests are parametrized by task
with the task in their id, so `pytest evals/ -k classify` scores only classify. At the end of the session every
part that was scored goes into `reports/<timestamp>/`.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from assistant.evaluation.suite import quiet_env
from tests.offline import EMBEDDING_CACHE, KNOWLEDGE, MODEL_CACHE, network_blocked

quiet_env()
os.environ.setdefault("XDG_DATA_HOME", tempfile.mkdtemp(prefix="evals-xdg-"))


@pytest.fixture(autouse=True, scope="session")
def no_network():
    with network_blocked():
        yield


class Scores:
    """Each part's SuiteResult, computed on first request and kept for the session."""

    def __init__(self, factory):
        self._factory = factory
        self.results: dict = {}
        self.skipped: dict[str, str] = {}
        self.errors: dict[str, str] = {}

    def get(self, part: str):
        if part in self.errors:
            pytest.fail(f"scoring {part} failed earlier in this session: {self.errors[part]}")
        if part not in self.results:
            try:
                self.results[part] = self._factory(part)
            except Exception as exc:  # noqa: BLE001 - recorded so every test of the part reports it once
                self.errors[part] = f"{type(exc).__name__}: {exc}"
                raise
        return self.results[part]


SCORES: Scores | None = None


@pytest.fixture(scope="session")
def eval_settings(tmp_path_factory):
    from assistant.config import Settings

    base = tmp_path_factory.mktemp("eval")
    realdata = os.environ.get("ASSISTANT_REALDATA_DIR")
    # Models come from the shared cache (trained once, retrained only when their data or code changed).
    return Settings(knowledge_dir=KNOWLEDGE, index_dir=base / "index", data_dir=base / "data",
                    artifacts_dir=MODEL_CACHE, realdata_dir=Path(realdata) if realdata else None)


@pytest.fixture(scope="session")
def embedder():
    from assistant.retrieval.embeddings import CachedEmbedder, get_embedder

    return CachedEmbedder(get_embedder(), EMBEDDING_CACHE)


@pytest.fixture(scope="session")
def task_ctx(eval_settings, embedder):
    """The task context, once every model it serves is in the shared cache (`storefront prepare`: trained only
    when missing or stale; the registry itself never trains)."""
    from assistant.tasks.base import build_context
    from assistant.training.local import prepare

    ctx = build_context(eval_settings, embedder)
    prepare(ctx, eval_settings, progress=False)
    return ctx


@pytest.fixture(scope="session")
def services(eval_settings, embedder, task_ctx):
    """The agent's services over an index of the whole demo store, built once."""
    from assistant.agent.context import Services
    from assistant.retrieval.ingest import ingest
    from assistant.retrieval.store import Store, connect

    ingest(eval_settings.knowledge_dir, Store(connect(eval_settings.index_dir)), embedder, progress=False)
    return Services.build(eval_settings, embedder=embedder)


@pytest.fixture(scope="session")
def bot(services, eval_settings):
    from assistant.agent.service import Assistant

    a = Assistant(eval_settings, services)
    yield a
    a.close()


@pytest.fixture(scope="session")
def scores(request, eval_settings, task_ctx):
    """`scores.get(part)`: classify | rewrite | describe | extract | grounding | agent | realdata_<name>."""
    global SCORES

    def factory(part: str):
        from assistant.evaluation import suite
        from assistant.evaluation.agent_eval import evaluate_agent
        from assistant.evaluation.grounding import evaluate_grounding
        from assistant.evaluation.harness import evaluate_task
        from assistant.models.registry import get_model

        if part in suite.TASK_PARTS:
            return evaluate_task(part, task_ctx, eval_settings)
        if part == "grounding":
            return evaluate_grounding(request.getfixturevalue("bot"), request.getfixturevalue("services"),
                                      settings=eval_settings)
        if part == "agent":
            return evaluate_agent(request.getfixturevalue("bot"), run_id="pytest")
        name = part.removeprefix("realdata_")
        extractor = get_model("extract", task_ctx, eval_settings)
        results, skipped = suite.realdata_results(
            eval_settings.realdata_dir, task_ctx, extractor,
            get_model("extract", task_ctx, eval_settings, choice="baseline"),
            request.getfixturevalue("embedder"), eval_settings.knowledge_dir, only=(name,))
        SCORES.skipped.update(skipped)
        if skipped:
            pytest.skip(next(iter(skipped.values())))
        return results[0]

    SCORES = Scores(factory)
    return SCORES


def pytest_addoption(parser):
    parser.addoption("--accept-scores", action="store_true", default=False,
                     help="make this session's scores the accepted ones (like `storefront eval --accept`)")


@pytest.fixture(autouse=True)
def _accepting(request):
    """While accepting, the accepted-bound checks have nothing to compare with: they skip."""
    if request.config.getoption("--accept-scores") and "accepted_bound" in request.node.name:
        pytest.skip("--accept-scores: this session's scores become the accepted ones")


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Write reports/<timestamp>/ from every part this session scored (and accept them when asked)."""
    if SCORES is None or not SCORES.results:
        return
    from assistant.evaluation import regression, report

    results = list(SCORES.results.values())
    scored = [r for r in results if not r.name.startswith("realdata")]
    accepting = config.getoption("--accept-scores")
    regressions = [] if accepting else [x for r in scored for x in regression.check(r)]
    folder = report.new_report_dir()
    report.write_report(results, folder, regressions, SCORES.skipped)
    terminalreporter.write_sep("-", f"eval report: {folder}")
    if accepting:
        for line in regression.accept(scored):
            terminalreporter.write_line(line)
        terminalreporter.write_sep("-", f"accepted scores written to {regression.BASELINES}")
