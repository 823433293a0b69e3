"""End to end in a real browser: the Chainlit app, Debian's chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import REPO

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(),
                       reason="Debian chromium is not installed (apt-get install chromium); .ci/run installs it"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(demo_settings, tmp_path_factory):
    """The chat served by `chainlit run` on loopback, on the session's demo index."""
    root = tmp_path_factory.mktemp("app-root")
    shutil.copy(REPO / "chainlit.md", root / "chainlit.md")
    shutil.copytree(REPO / ".chainlit", root / ".chainlit")
    port = _free_port()
    env = {**os.environ, "CHAINLIT_APP_ROOT": str(root), "ASSISTANT_INDEX_DIR": str(demo_settings.index_dir),
           "ASSISTANT_DATA_DIR": str(root / "data"), "ASSISTANT_ARTIFACTS_DIR": str(demo_settings.artifacts_dir)}
    log = (root / "chainlit.log").open("w")
    proc = subprocess.Popen([str(Path(sys.executable).parent / "chainlit"), "run", str(REPO / "assistant/ui/app.py"),
                             "--headless", "--host", "127.0.0.1", "--port", str(port)],
                            cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.3)
    else:
        proc.terminate()
        pytest.fail(f"chainlit did not serve on {url}: {(root / 'chainlit.log').read_text()[-2000:]}")
    yield url
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture
def page(tmp_path):
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        yield page
        browser.close()


def test_shopper_asks_a_returns_question_and_gets_a_cited_answer(app_url, page):
    page.goto(app_url)
    page.wait_for_selector("#chat-input", timeout=60_000)
    page.fill("#chat-input", "How many days do I have to return a pair of shoes?")
    page.click("#chat-submit")
    reply = page.locator('[data-step-type="assistant_message"] .message-content').last
    reply.wait_for(timeout=60_000)
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-step-type="assistant_message"] .message-content')]
                 .some(e => e.innerText.includes('returns.md'))""", timeout=60_000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "shopper-returns-question.png"), full_page=True)
    assert "returns.md#" in reply.inner_text()
