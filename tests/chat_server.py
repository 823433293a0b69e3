"""The chat as users reach it: `chainlit run` on loopback, on its own copy of an index and its own data folder.

Shared by the browser, security and load tests and by bench/bench.py, so each starts the server the same way."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import httpx

REPO = Path(__file__).resolve().parents[1]
# `chainlit` as its console script runs it, with SIGUSR1 dumping every thread's stack to the log: a test that
# times out waiting for a turn shows where the server waits (CI keeps no files; tests/conftest.py prints the log).
DUMPABLE_CHAINLIT = ("import faulthandler, signal, sys; faulthandler.register(signal.SIGUSR1, all_threads=True); "
                     "sys.argv[0] = 'chainlit'; from chainlit.cli import cli; sys.exit(cli())")


@dataclass
class ChatServer:
    url: str
    root: Path
    index: Path
    data: Path
    log: Path
    started_in: float  # seconds from the process start to the first page
    pid: int = 0

    def dump_threads(self) -> None:
        """Every thread's stack into the log (SIGUSR1, registered at start): where a hung turn waits."""
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGUSR1)
                time.sleep(1.0)
            except OSError:  # already gone
                pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def chat_server(index_dir: Path, artifacts_dir: Path, root: Path, env: dict | None = None,
                copy_index: bool = True, timeout: float = 300) -> Iterator[ChatServer]:
    """Serve the app from `root` (its own `.chainlit/`, `chainlit.md`, `public/` copied from the repository)."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "chainlit.md", root / "chainlit.md")
    shutil.copytree(REPO / ".chainlit", root / ".chainlit", dirs_exist_ok=True)
    if (REPO / "public").is_dir():
        shutil.copytree(REPO / "public", root / "public", dirs_exist_ok=True)
    index = root / "index"
    if copy_index:
        shutil.copytree(index_dir, index, dirs_exist_ok=True)
    else:
        index = index_dir
    port = free_port()
    full_env = {**os.environ, "CHAINLIT_APP_ROOT": str(root), "ASSISTANT_INDEX_DIR": str(index),
                "ASSISTANT_DATA_DIR": str(root / "data"), "ASSISTANT_ARTIFACTS_DIR": str(artifacts_dir),
                "CHAINLIT_AUTH_SECRET": secrets.token_urlsafe(32), **(env or {})}
    log_path = root / "chainlit.log"
    log = log_path.open("w")
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-c", DUMPABLE_CHAINLIT, "run", str(REPO / "assistant/ui/app.py"),
                             "--headless", "--host", "127.0.0.1", "--port", str(port)],
                            cwd=root, env=full_env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout  # a busy 2-core machine may take minutes to import the app
        while True:
            try:
                if httpx.get(url, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"chainlit did not serve on {url}: {log_path.read_text()[-3000:]}")
            time.sleep(0.2)
        yield ChatServer(url, root, index, root / "data", log_path, time.monotonic() - start, proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
