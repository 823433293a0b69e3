"""Settings, read once at the edges (CLI, UI, tests) and passed down."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.errors import ConfigError
from assistant.files import Limits

REPO_ROOT = Path(__file__).resolve().parents[1]


def _artifacts_home() -> Path:
    # Run from a checkout, the app and the tests share one model cache (`.cache/models`): `make run` serves what
    # `make test` trained, and the other way round. Installed elsewhere, the user's cache folder.
    if (REPO_ROOT / "pyproject.toml").exists():
        return REPO_ROOT / ".cache" / "models"
    return _cache_home() / "artifacts"


def _cache_home() -> Path:
    # The index and artifacts live outside the source tree so a clone stays clean; XDG is what users expect.
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "storefront-assistant"


class Settings(BaseSettings):
    """Every setting, from arguments, `ASSISTANT_*` environment variables or `.env`."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_file=".env", extra="ignore")

    knowledge_dir: Path = REPO_ROOT / "knowledge"
    index_dir: Path = Field(default_factory=lambda: _cache_home() / "index")
    data_dir: Path = Field(
        default_factory=lambda: _cache_home() / "data",
        description="conversations, checkpoints, tickets, feedback",
    )
    artifacts_dir: Path = Field(
        default_factory=_artifacts_home,
        description="trained local models (`storefront prepare` fills it); the repository's .cache/models in a checkout",
    )
    chroma_url: str | None = Field(default=None, description="e.g. http://127.0.0.1:8001; embedded if unset")

    backend: Literal["local", "openai"] = "local"
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("ASSISTANT_OPENAI_API_KEY", "OPENAI_API_KEY")
    )
    openai_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("ASSISTANT_OPENAI_BASE_URL", "OPENAI_BASE_URL")
    )
    openai_model: str = "gpt-4o-mini"
    # Seconds a shopper waits for the model, retries included, before the offline writer answers instead.
    openai_timeout: float = Field(default=15.0, gt=0, le=120)

    # Which model serves each task: local | baseline | openai | openai:<fine-tuned id> | an artifact folder.
    classify_model: str = "local"
    rewrite_model: str = "local"
    describe_model: str = "local"
    extract_model: str = "local"
    route_model: str = "local"
    # What picks the units a policy answer quotes: baseline (the hand-set scores) or local (the trained unit
    # selector, assistant/tasks/quote/). Baseline: the selector answers more held-out questions with every fact,
    # but by quoting more: it pads answers with neighbouring rules and other sections' rows, and answers questions
    # the policies are silent on ("Is there a student discount?"), which the shopper eval's facts do not see
    # (`assistant/tasks/quote/__init__.py`).
    quote_model: Literal["baseline", "local"] = "baseline"
    # What ranks policy sections and decides whether they answer: baseline (raw MiniLM + BM25, hand-set thresholds)
    # or local (a query adapter and answerability gate trained on the store's policy questions; cross-validated on
    # them 0.58 -> 0.65 answerable right, 0.17 -> 0.09 false declines, 0.70 -> 0.80 unanswerable declined; dev
    # 0.66 -> 0.84 declined, answerable right unchanged: assistant/tasks/retrieve/). Only for the store's own policies.
    retrieve_model: Literal["baseline", "local"] = "local"

    role: Literal["shopper", "merchant"] = "shopper"
    # The chat's sign-in: Chainlit signs its session tokens with this (scripts/run.sh writes one into .env).
    auth_secret: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("ASSISTANT_AUTH_SECRET", "CHAINLIT_AUTH_SECRET")
    )
    database_url: str | None = Field(
        default=None,
        description="postgresql://user:password@host:port/db for chat history and the agent's checkpoints; "
                    "SQLite files in data_dir (chainlit.sqlite, checkpoints.sqlite) if unset",
    )
    # PostgreSQL connections the checkpointer keeps at most; Chainlit's chat history has its own pool (up to 15),
    # and a server allows 100 by default.
    database_pool_size: int = Field(default=10, ge=1, le=100)
    policy_top_k: int = 4
    product_top_k: int = 5
    # Below this cosine similarity no policy section is taken to answer the question (calibrated on
    # tests/data/retrieval_questions.jsonl and the unanswerable questions of evals/datasets/grounding.jsonl).
    answer_min_score: float = 0.40
    realdata_dir: Path | None = None

    # What commands and the chat accept (the README's Reliability table; the reasons are on `Limits`): over a
    # limit, one clear message naming the file or the message, checked before any model loads.
    max_file_mb: float = Field(default=Limits.max_file_mb, gt=0, description="a data, catalog or questions file")
    max_page_kb: int = Field(default=Limits.max_page_kb, gt=0, description="one policy page")
    max_passages: int = Field(default=Limits.max_passages, gt=0, description="policy passages in a knowledge folder")
    max_message_chars: int = Field(default=Limits.max_message_chars, gt=0, description="a chat message or question")

    @property
    def limits(self) -> Limits:
        return Limits(self.max_file_mb, self.max_page_kb, self.max_passages, self.max_message_chars)

    @property
    def checkpoint_db(self) -> Path:
        return self.data_dir / "checkpoints.sqlite"

    def require_openai(self) -> None:
        """Fail at start-up, with what to set, when the OpenAI backend lacks a key."""
        if self.backend == "openai" and self.openai_api_key is None and not self.openai_base_url:
            raise ConfigError(
                "ASSISTANT_BACKEND=openai needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local "
                "OpenAI-compatible server such as vLLM, Ollama or llama.cpp)."
            )


def load_settings(**overrides) -> Settings:
    """Build settings once; `overrides` are CLI options that the user actually gave."""
    settings = Settings(**{k: v for k, v in overrides.items() if v is not None})
    settings.require_openai()
    return settings
