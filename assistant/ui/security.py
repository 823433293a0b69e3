"""Guards around Chainlit's own endpoints (issue 14 items 3-5, 7), installed once when the app module loads.

Chainlit's routes are kept; ours run first and call them:
- `POST /login`: failed sign-ins are counted per account and per address; past the limit the sign-in is refused
  with 429 and how long to wait, before the password is even checked.
- `PUT /feedback`, `DELETE /feedback`: only on one's own messages; the sender is recorded.
- `GET /storage/<key>`: a stored element (chart, CSV) only for the person whose conversation it belongs to.
- the socket: a connection from another origin is refused (a page on another port of the same host could open
  one with the user's cookie), and so is one that asks for a deleted thread.

No `from __future__ import annotations` here: FastAPI reads the routes' annotations at run time, and they name
classes imported inside the installer.
"""


import logging
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urlsplit

log = logging.getLogger(__name__)


@dataclass
class SignInLimiter:
    """Failed sign-ins within a sliding window, per account and per address. In memory: the chat runs as one
    process, and a restart forgetting the count is an acceptable loss next to a shared store."""

    per_account: int = 5  # a person mistypes a few times; a guesser needs thousands
    per_address: int = 20  # several people behind one address (an office) still get in
    window: float = 15 * 60.0
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, deque] = field(default_factory=lambda: defaultdict(deque))

    def wait_seconds(self, account: str, address: str) -> float:
        """0 when a sign-in may be tried now, else the seconds until it may."""
        now = self.clock()
        waits = [self._wait(f"acct:{account.strip().lower()}", self.per_account, now),
                 self._wait(f"addr:{address}", self.per_address, now)]
        return max(waits)

    def failed(self, account: str, address: str) -> None:
        now = self.clock()
        for key in (f"acct:{account.strip().lower()}", f"addr:{address}"):
            self._failures[key].append(now)

    def succeeded(self, account: str) -> None:
        self._failures.pop(f"acct:{account.strip().lower()}", None)

    def _wait(self, key: str, limit: int, now: float) -> float:
        times = self._failures.get(key)
        if not times:
            return 0.0
        while times and now - times[0] >= self.window:
            times.popleft()
        return self.window - (now - times[0]) if len(times) >= limit else 0.0


LIMITER = SignInLimiter()


# Chainlit's sign-in page shows a 429's `detail` as it is, in a notice ("Too Many Requests: ...").
LOCKOUT_TEXT = ("Too many failed sign-ins for this account or from this address. Wait 15 minutes, then try again "
                "(or ask the store to reset your password).")


def same_origin(origin: str | None, host: str | None, allowed: list[str]) -> bool:
    """The socket's Origin is the page's own (same host and port) or one configured in `allow_origins`."""
    if not origin:  # not a browser (a script with the cookie could send any Origin anyway)
        return True
    if "*" in allowed or origin in allowed:
        return True
    return bool(host) and urlsplit(origin).netloc.lower() == host.lower()


def install(app, sio) -> None:
    """Put the guards in front of Chainlit's routes and socket handlers (idempotent)."""
    if getattr(app.state, "storefront_guards", False):
        return
    app.state.storefront_guards = True
    _install_routes(app)
    _install_socket_guards(sio)


def _install_routes(app) -> None:
    # chainlit.server builds Chainlit's app when imported: only once the app is being set up
    from chainlit import server
    from chainlit.server import UserParam
    from chainlit.types import DeleteFeedbackRequest, UpdateFeedbackRequest
    from fastapi import Depends, HTTPException, Request, Response
    from fastapi.routing import APIRoute
    from fastapi.security import OAuth2PasswordRequestForm

    from assistant.ui.data_layer import feedback_sender  # the data layer imports Chainlit's server too

    async def guarded_login(request: Request, response: Response, form_data: OAuth2PasswordRequestForm = Depends()):
        address = request.client.host if request.client else "unknown"
        if (wait := LIMITER.wait_seconds(form_data.username, address)) > 0:
            log.warning("sign-in refused for %r from %s: locked for %.0f s", form_data.username, address, wait)
            raise HTTPException(status_code=429, detail=LOCKOUT_TEXT, headers={"Retry-After": str(int(wait) + 1)})
        try:
            result = await server.login(request, response, form_data)
        except HTTPException as exc:
            if exc.status_code == 401:
                LIMITER.failed(form_data.username, address)
            raise
        LIMITER.succeeded(form_data.username)
        return result

    async def guarded_feedback(request: Request, update: UpdateFeedbackRequest, current_user: UserParam):
        layer = server.get_data_layer()
        found = await layer.step_thread(update.feedback.forId) if layer is not None else None
        if current_user is None or found is None or found[1] != current_user.identifier:
            raise HTTPException(status_code=403, detail="You can rate only answers in your own conversations.")
        update.feedback.threadId = found[0]  # the message's own thread, whatever the request said
        token = feedback_sender.set(current_user.identifier)
        try:
            return await server.update_feedback(request, update, current_user)
        finally:
            feedback_sender.reset(token)

    async def guarded_delete_feedback(request: Request, payload: DeleteFeedbackRequest, current_user: UserParam):
        layer = server.get_data_layer()
        owner = await layer.feedback_owner(payload.feedbackId) if layer is not None else None
        if current_user is None or owner != current_user.identifier:
            raise HTTPException(status_code=403, detail="You can change only your own feedback.")
        return await server.delete_feedback(request, payload, current_user)

    async def stored_file(key: str, current_user: UserParam):
        from fastapi.responses import FileResponse  # with the other route imports, at set-up time

        layer = server.get_data_layer()
        storage = getattr(layer, "storage_provider", None)
        path = storage.path_of(key) if storage is not None and hasattr(storage, "path_of") else None
        owner_id = getattr(current_user, "id", None)
        if path is None or not path.is_file() or owner_id is None or key.split("/", 1)[0] != owner_id:
            raise HTTPException(status_code=404, detail="Not found")
        return FileResponse(path)

    ours = [APIRoute("/login", guarded_login, methods=["POST"]),
            APIRoute("/storage/{key:path}", stored_file, methods=["GET"]),
            APIRoute("/feedback", guarded_feedback, methods=["PUT"]),
            APIRoute("/feedback", guarded_delete_feedback, methods=["DELETE"])]
    app.router.routes[:0] = ours  # the first matching route answers


def _install_socket_guards(sio) -> None:
    # imported at set-up time, like the routes above
    from chainlit.config import config
    from chainlit.data import get_data_layer

    original = sio.handlers["/"]["connect"]

    async def connect(sid, environ, auth):
        origin, host = environ.get("HTTP_ORIGIN"), environ.get("HTTP_HOST")
        if not same_origin(origin, host, list(config.project.allow_origins or [])):
            log.warning("socket from origin %s refused (host %s)", origin, host)
            raise ConnectionRefusedError("origin not allowed")
        thread_id = (auth or {}).get("threadId")
        layer = get_data_layer()
        if thread_id and layer is not None and hasattr(layer, "is_deleted") and await layer.is_deleted(thread_id):
            raise ConnectionRefusedError("this conversation was deleted")
        return await original(sid, environ, auth)

    sio.handlers["/"]["connect"] = connect
