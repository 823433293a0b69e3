"""A chat client speaking Chainlit's own protocol (HTTP sign-in, then socket.io), as the web page does: for load
and security tests against the real server, without a browser per conversation."""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone

import httpx
import socketio

SHOPPERS = [("shopper@harborpine.test", "shop-demo-1"), ("shopper2@harborpine.test", "shop-demo-2")]
MERCHANT = ("merchant@harborpine.test", "merch-demo-1")


class SignInError(RuntimeError):
    pass


class TurnTimeout(AssertionError):
    """The server did not finish a turn with a reply in time."""


async def sign_in(url: str, account: tuple[str, str]) -> str:
    """The session cookie header of a signed-in account."""
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        r = await http.post("/login", data={"username": account[0], "password": account[1]})
        if r.status_code != 200:
            raise SignInError(f"{r.status_code} {r.text[:200]}")
        return "; ".join(f"{k}={v}" for k, v in http.cookies.items())


@dataclass
class Turn:
    text: str
    seconds: float
    replies: list[dict]  # the assistant's messages of this turn
    errors: list[str]  # what the user would see as an error


@dataclass
class Conversation:
    """One browser tab: a socket session, one thread."""

    url: str
    cookie: str
    thread_id: str | None = None  # set to resume an existing thread
    profile: str | None = None
    origin: str | None = None
    owner: str = ""  # whose cookie it is, for the checks
    turns: list[Turn] = field(default_factory=list)
    _sio: socketio.AsyncClient | None = None
    _messages: list[dict] = field(default_factory=list)
    _task_end: asyncio.Event = field(default_factory=asyncio.Event)
    _first: asyncio.Event = field(default_factory=asyncio.Event)
    _task_started: asyncio.Event = field(default_factory=asyncio.Event)
    _running: int = 0

    async def connect(self, timeout: float = 120) -> None:
        sio = socketio.AsyncClient(reconnection=False)
        sio.on("new_message", self._on_message)
        sio.on("stream_start", self._on_message)
        sio.on("update_message", self._on_update)
        sio.on("task_end", self._on_task_end)
        sio.on("task_start", self._on_task_start)
        sio.on("first_interaction", self._on_first)
        headers = {"Cookie": self.cookie}
        if self.origin:
            headers["Origin"] = self.origin
        auth = {"sessionId": str(uuid.uuid4()), "clientType": "webapp", "userEnv": "{}",
                "chatProfile": self.profile, "threadId": self.thread_id}
        await sio.connect(self.url, socketio_path="/ws/socket.io", headers=headers, auth=auth,
                          transports=["websocket"], wait_timeout=timeout)
        self._sio = sio
        self._task_end.clear()
        await sio.emit("connection_successful")
        await asyncio.wait_for(self._task_end.wait(), timeout)  # the server clears the previous task first ...
        try:  # ... then runs on_chat_start (or on_chat_resume) as a task of its own
            await asyncio.wait_for(self._task_started.wait(), 1.0)
            await asyncio.wait_for(self._idle(), timeout)
        except asyncio.TimeoutError:
            pass

    async def say(self, text: str, timeout: float = 300) -> Turn:
        before = len(self._messages)
        self._task_end.clear()
        start = time.perf_counter()
        await self._sio.emit("client_message", {"message": {
            "threadId": self.thread_id or "", "id": str(uuid.uuid4()), "name": "User", "type": "user_message",
            "output": text, "createdAt": datetime.now(timezone.utc).isoformat()}, "fileReferences": []})
        try:
            await asyncio.wait_for(self._reply_after(before), timeout)
        except asyncio.TimeoutError:
            raise TurnTimeout(f"no reply to {text!r} in {timeout:.0f} s; {self._seen(before)}") from None
        seconds = time.perf_counter() - start
        window = self._messages[before:]
        replies = [m for m in window if m.get("type") == "assistant_message"]
        # An error shows as a message or as a failed step (Chainlit marks the `on_message` step: "database is
        # locked" reached users that way).
        errors = [m.get("output") or m.get("name", "") for m in window
                  if m.get("isError") or "database is locked" in (m.get("output") or "")]
        turn = Turn(text, seconds, replies, errors)
        self.turns.append(turn)
        return turn

    async def close(self) -> None:
        if self._sio is not None:
            await self._sio.disconnect()

    def _seen(self, before: int) -> str:
        """What the socket brought since `before`: a timed-out turn's error names it (a CI run's only clue)."""
        seen = [f"{m.get('type')}{' (error)' if m.get('isError') else ''}: {(m.get('output') or m.get('name') or '')[:80]!r}"
                for m in self._messages[before:]]
        return f"tasks running {self._running}, messages since the question: {seen or 'none'}"

    async def _reply_after(self, before: int) -> None:
        """Until the turn's task has ended with an assistant message sent."""
        while True:
            await self._task_end.wait()
            self._task_end.clear()
            if any(m.get("type") == "assistant_message" for m in self._messages[before:]) and self._running == 0:
                return

    async def _idle(self) -> None:
        while self._running > 0:
            self._task_end.clear()
            await self._task_end.wait()

    async def _on_task_start(self, *_) -> None:
        self._running += 1
        self._task_started.set()

    async def _on_task_end(self, *_) -> None:
        self._running = max(0, self._running - 1)
        self._task_end.set()

    async def _on_message(self, step: dict) -> None:
        """A message shown (or streamed, then sent: the same id)."""
        for i, m in enumerate(self._messages):
            if m.get("id") == step.get("id"):
                self._messages[i] = step
                return
        self._messages.append(step)

    async def _on_update(self, step: dict) -> None:
        await self._on_message(step)

    async def _on_first(self, data: dict) -> None:
        self.thread_id = data.get("thread_id") or self.thread_id
        self._first.set()


async def chat(url: str, account: tuple[str, str], texts: list[str], **kw) -> Conversation:
    """Sign in as `account`, say each text in one new conversation, close it; the conversation, for its replies."""
    conv = Conversation(url, await sign_in(url, account), owner=account[0], **kw)
    await conv.connect()
    try:
        for text in texts:
            await conv.say(text)
    finally:
        await conv.close()
    return conv
