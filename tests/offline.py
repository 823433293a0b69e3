"""What tests/ and evals/ share: where the repository and its caches are, and a machine nothing leaves."""

from __future__ import annotations

import ipaddress
import os
import socket
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
KNOWLEDGE = REPO / "knowledge"
# Trained task models shared by tests/ and evals/: each is retrained only when its data or code changed.
MODEL_CACHE = Path(os.environ.get("ASSISTANT_TEST_MODEL_CACHE", REPO / ".cache" / "models"))
EMBEDDING_CACHE = MODEL_CACHE.parent / "embeddings"


class NetworkBlocked(RuntimeError):
    """Raised when code under test tries to reach beyond this machine."""


_real_connect = socket.socket.connect


def _guarded_connect(self, address):
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and self.family in (socket.AF_INET, socket.AF_INET6):
        try:
            allowed = ipaddress.ip_address(host).is_loopback
        except ValueError:
            allowed = host == "localhost"
        if not allowed:
            raise NetworkBlocked(f"tried to reach {address}: nothing may leave this machine")
    return _real_connect(self, address)


@contextmanager
def network_blocked():
    """Any connection to a non-loopback address fails whatever made it."""
    socket.socket.connect = _guarded_connect
    try:
        yield
    finally:
        socket.socket.connect = _real_connect
