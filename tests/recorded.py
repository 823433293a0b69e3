"""Replaying recorded OpenAI HTTP exchanges through the SDK's own transport: no network, no key.

A recording is a JSON file: {"interactions": [{"request": {"method", "path", "json_contains"?},
"response": {"status", "headers", "body" | "json"}}]}. Authorization headers are never stored. The
replayer serves interactions in order, fails on any request it does not expect, and `assert_all_played`
fails a test that leaves one unplayed.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx2

RECORDINGS = Path(__file__).parent / "data/recordings"


class Replayer:
    def __init__(self, name_or_interactions):
        if isinstance(name_or_interactions, str):
            data = json.loads((RECORDINGS / name_or_interactions).read_text())
            self.interactions = data["interactions"]
        else:
            self.interactions = list(name_or_interactions)
        self.played: list[httpx2.Request] = []

    def handler(self, request: httpx2.Request) -> httpx2.Response:
        n = len(self.played)
        assert n < len(self.interactions), f"unexpected request {request.method} {request.url.path}: nothing left"
        want = self.interactions[n]["request"]
        assert request.method == want["method"], (request.method, want)
        assert request.url.path.endswith(want["path"]), (request.url.path, want["path"])
        for key, value in (want.get("json_contains") or {}).items():
            assert json.loads(request.content)[key] == value, (key, value)
        self.played.append(request)
        resp = self.interactions[n]["response"]
        body = json.dumps(resp["json"]).encode() if "json" in resp else resp.get("body", "").encode()
        headers = resp.get("headers") or {"content-type": "application/json"}
        return httpx2.Response(resp["status"], headers=headers, content=body)

    def client(self) -> httpx2.Client:
        return httpx2.Client(transport=httpx2.MockTransport(self.handler))

    def assert_all_played(self) -> None:
        left = len(self.interactions) - len(self.played)
        assert left == 0, f"{left} recorded interaction(s) were never requested"
