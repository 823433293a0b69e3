"""A local fake OpenAI-compatible server on 127.0.0.1, for the failures a real provider has.

Modes: normal (answers `content`), 429, 500, hang (never answers), stall (a stream sends its first words, then
nothing), malformed (a body that is not JSON / an SSE event that is not JSON) and injected (a normal answer whose
`content` a test plants). Used as a context manager; `requests` counts the calls (retries show up there)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ERROR_500 = {"error": {"message": "The server had an error while processing your request. req_abc123",
                       "type": "server_error", "param": None, "code": None}}
ERROR_429 = {"error": {"message": "Rate limit reached for gpt-4o-mini in organization org-x on tokens per min.",
                       "type": "tokens", "param": None, "code": "rate_limit_exceeded"}}


def _completion(content: str, model: str) -> dict:
    return {"id": "chatcmpl-fake", "object": "chat.completion", "created": 1764158400, "model": model,
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": content, "refusal": None}}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}}


def _chunk(delta: dict, model: str, finish: str | None = None) -> bytes:
    body = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1764158400, "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
    return f"data: {json.dumps(body)}\n\n".encode()


class FakeOpenAI:
    def __init__(self, mode: str = "normal", content: str = "Hello."):
        self.mode, self.content = mode, content
        self.requests: list[dict] = []
        self.release = threading.Event()  # set at exit so hanging handlers end with the server
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> "FakeOpenAI":
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet: pytest shows what matters
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                fake.requests.append(body)
                fake.respond(self, body)

        return Handler

    def respond(self, h: BaseHTTPRequestHandler, body: dict) -> None:
        model, stream = body.get("model", "m"), bool(body.get("stream"))
        if self.mode in ("429", "500"):
            return self._send(h, int(self.mode), json.dumps(ERROR_429 if self.mode == "429" else ERROR_500).encode())
        if self.mode == "hang":
            self.release.wait(30)
            return None
        if self.mode == "malformed":
            return self._send(h, 200, b"data: {not json\n\n" if stream else b"{not json",
                              "text/event-stream" if stream else "application/json")
        if not stream:
            return self._send(h, 200, json.dumps(_completion(self.content, model)).encode())
        h.send_response(200)
        h.send_header("Content-Type", "text/event-stream")
        h.send_header("Connection", "close")
        h.end_headers()
        words = self.content.split(" ")
        for i, word in enumerate(words):
            h.wfile.write(_chunk({"content": word if i == 0 else " " + word}, model))
            h.wfile.flush()
            if self.mode == "stall" and i == 1:
                self.release.wait(30)
                return None
        h.wfile.write(_chunk({}, model, "stop") + b"data: [DONE]\n\n")
        h.wfile.flush()
        return None

    @staticmethod
    def _send(h, status: int, payload: bytes, ctype: str = "application/json") -> None:
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(payload)))
        h.end_headers()
        h.wfile.write(payload)
