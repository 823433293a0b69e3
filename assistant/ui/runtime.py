"""What the chat server holds for its whole life: the services (models, index), one checkpointer and the graph
compiled once on it.

One checkpointer serves every conversation (`assistant.store.checkpoints`): one SQLite connection (WAL, busy
timeout) whose writes the saver queues, or a pool of PostgreSQL connections when `ASSISTANT_DATABASE_URL` is set;
100 conversations at once never meet "database is locked" (a connection per turn did, issue 14 item 1). Checkpoint
threads are named after their owner as well as Chainlit's thread id, so a thread id reused by someone else never
reaches another person's agent memory.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from contextlib import AsyncExitStack
from typing import TYPE_CHECKING

from assistant.config import Settings

if TYPE_CHECKING:
    from assistant.agent.context import Services

log = logging.getLogger(__name__)


_IMPORTING = threading.Lock()


def import_agent():
    """The agent's modules (LangGraph, the models' code), imported by one thread at a time: LangGraph's stream modules
    import each other, and a second thread importing them meanwhile sees one half-initialised ("cannot import name
    'StreamMux' from partially initialized module") -- the warm-up thread and the first chat used to race so."""
    with _IMPORTING:
        from assistant.agent import service  # LangGraph and the models: after the sign-in page is served
    return service


class Runtime:
    """Lazily built on the first chat (loading the models takes seconds); safe to call from many sessions."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._services: Services | None = None
        self._services_lock = threading.Lock()  # two first chats at once must not load everything twice
        self._saver = None
        self._open = AsyncExitStack()  # closes the checkpointer's connection(s) at shutdown
        self._graph = None
        self._lock: asyncio.Lock | None = None

    def services(self) -> "Services":
        with self._services_lock:
            if self._services is None:
                import_agent()  # not beside another thread's import of LangGraph (see import_agent)
                from assistant.agent.context import Services  # the task models and Chroma: seconds, imported here

                self._services = Services.build(self.settings)
        return self._services

    def warm_up(self) -> None:
        """Load the services in a background thread (the first chat waits on the same lock if it comes sooner)."""
        def load():
            try:
                self.services()
            except Exception:  # the first chat will raise it again, to the person, with its message
                log.exception("loading the models in the background failed")

        threading.Thread(target=load, name="warm-up", daemon=True).start()

    async def saver(self):
        async with self._async_lock():
            if self._saver is None:
                self._saver = await self._open_saver()
        return self._saver

    async def graph(self):
        """The graph, compiled once per process on the one checkpointer."""
        saver = await self.saver()
        if self._graph is None:
            services = await asyncio.to_thread(self.services)
            async with self._async_lock():
                if self._graph is None:
                    from assistant.agent.graph import build_graph  # LangGraph and the models: after the first page

                    self._graph = build_graph(services, saver)
        return self._graph

    async def forget(self, owner: str, thread_id: str) -> None:
        """Drop the agent's memory of a deleted conversation."""
        saver = await self.saver()
        await saver.adelete_thread(checkpoint_thread(owner, thread_id))

    async def close(self) -> None:
        await self._open.aclose()
        self._saver = self._graph = None

    def _async_lock(self) -> asyncio.Lock:
        if self._lock is None:  # made on first use, inside the server's event loop
            self._lock = asyncio.Lock()
        return self._lock

    async def _open_saver(self):
        # after the sign-in page: LangGraph's savers take a quarter second to import, the graph imports the models
        await asyncio.to_thread(import_agent)  # in a worker thread, so a warm-up holding the lock never blocks the loop
        from assistant.agent.graph import SERDE  # the state's pydantic types must round-trip
        from assistant.store.checkpoints import open_async_saver

        return await self._open.enter_async_context(open_async_saver(self.settings, SERDE))


def checkpoint_thread(owner: str, thread_id: str) -> str:
    """The checkpointer's thread for one person's conversation."""
    return f"{owner}/{thread_id}"
