"""Who answers: the OpenAI API, or any OpenAI-compatible server (vLLM, Ollama, llama.cpp) by `base_url`."""

from __future__ import annotations

from openai import OpenAI

from assistant.config import Settings
from assistant.errors import ConfigError


def openai_client(settings: Settings, http_client=None) -> OpenAI:
    """A client for the configured backend; the SDK retries rate limits and 5xx with backoff.

    `http_client` lets tests replay recorded responses through a mock transport."""
    if settings.openai_api_key is None and not settings.openai_base_url:
        raise ConfigError("the OpenAI backend needs OPENAI_API_KEY or OPENAI_BASE_URL")
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
    return OpenAI(api_key=key, base_url=settings.openai_base_url, max_retries=3, timeout=60.0,
                  http_client=http_client)
