"""Who answers: the OpenAI API, or any OpenAI-compatible server (vLLM, Ollama, llama.cpp) by `base_url`.

Calls made while a shopper waits go through `within`: every retry of a rate limit, a 5xx, a timeout or a lost
connection fits in one total time (ASSISTANT_OPENAI_TIMEOUT), because the SDK's own retries (4 attempts, each
with its own 60 s read timeout) let one answer take minutes."""

from __future__ import annotations

import time
import weakref
from typing import TYPE_CHECKING, Callable, TypeVar

from tenacity import Retrying, retry_if_exception_type, stop_before_delay, wait_exponential

from assistant.config import Settings
from assistant.errors import ConfigError

if TYPE_CHECKING:
    from openai import OpenAI

T = TypeVar("T")
MIN_ATTEMPT = 0.05  # seconds: an attempt with less time left than this is not worth starting
# A server that just used up a whole budget (down, hanging, rate-limited) is not asked again for a while: a turn
# asks twice (understanding, then writing, seconds apart), and the shopper should wait one budget, not two.
# Kept per client (the registry gives both steps one), so a test's or another store's client is not affected.
COOLDOWN = 30.0  # seconds, at least one budget
_down_until: "weakref.WeakKeyDictionary[OpenAI, float]" = weakref.WeakKeyDictionary()


def openai_client(settings: Settings, http_client=None) -> OpenAI:
    """A client for the configured backend. Its own retries and timeout serve the slow jobs (fine-tuning
    uploads); calls a shopper waits for use `within` instead.

    `http_client` lets tests replay recorded responses through a mock transport."""
    from openai import OpenAI  # imported here: the SDK takes a second to import, and offline runs never need it

    if settings.openai_api_key is None and not settings.openai_base_url:
        raise ConfigError("the OpenAI backend needs OPENAI_API_KEY or OPENAI_BASE_URL")
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
    return OpenAI(api_key=key, base_url=settings.openai_base_url, max_retries=3, timeout=60.0,
                  http_client=http_client)


class Deadline:
    """The end of a total time budget, started when made."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return self.end - time.monotonic()

    def passed(self) -> bool:
        return self.left() <= 0


def within(client: OpenAI, deadline: Deadline, call: Callable[[OpenAI], T]) -> T:
    """`call(client)` with transient failures retried, all attempts inside `deadline`.

    Each attempt gets a client whose timeout is the time left and which does not retry by itself; the last
    failure is raised as it is (an `openai.APIError`), for the caller to fall back on. After a server used up
    a budget without answering, calls through that client fail at once for COOLDOWN seconds (or one budget if longer)."""
    import openai  # imported here: only a configured OpenAI backend calls this (start-up time offline)

    if time.monotonic() < _down_until.get(client, 0.0):
        raise openai.APITimeoutError(request=None)  # type: ignore[arg-type]  # known down: no request made

    def attempt() -> T:
        left = deadline.left()
        if left < MIN_ATTEMPT:
            raise openai.APITimeoutError(request=None)  # type: ignore[arg-type]  # no request was made
        return call(client.with_options(timeout=left, max_retries=0))

    transient = transient_errors()
    retrying = Retrying(stop=stop_before_delay(max(deadline.left(), 0.0)), reraise=True,
                        wait=wait_exponential(multiplier=0.1, max=1.0), retry=retry_if_exception_type(transient))
    try:
        return retrying(attempt)
    except transient:
        _down_until[client] = time.monotonic() + max(COOLDOWN, deadline.seconds)
        raise


def transient_errors() -> tuple[type[Exception], ...]:
    """The failures worth retrying: rate limits, 5xx, timeouts, lost connections."""
    import openai  # imported here: only a configured OpenAI backend calls this (start-up time offline)

    return (openai.RateLimitError, openai.InternalServerError, openai.APITimeoutError, openai.APIConnectionError)
