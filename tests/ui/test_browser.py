"""End to end in a real browser: the Chainlit app, Debian's chromium driven by Playwright, signed in.

One app server for the module, on its own copy of the demo index (a merchant publishes into it) and its own data
folder. Screenshots of each flow go to test-artifacts/."""

from __future__ import annotations

import csv
import shutil
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.chat_server import chat_server
from tests.conftest import REPO

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts"
SHOPPER = ("shopper@harborpine.test", "shop-demo-1")  # the README's demo accounts
MERCHANT = ("merchant@harborpine.test", "merch-demo-1")
REPLY = '[data-step-type="assistant_message"] .message-content'
USER = '[data-step-type="user_message"]'
WAIT = 600_000  # ms; a fresh session trains the task models on the first merchant turn (minutes on a busy machine)
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(),
                       reason="Debian chromium is not installed (apt-get install chromium); .ci/run installs it"),
]


@pytest.fixture(scope="module")
def app(demo_settings, tmp_path_factory):
    """The chat served by `chainlit run` on loopback; yields (url, index_dir, data_dir)."""
    root = tmp_path_factory.mktemp("app-root")
    try:
        with chat_server(demo_settings.index_dir, demo_settings.artifacts_dir, root / "app") as server:
            yield server.url, server.index, server.data
    finally:
        ARTIFACTS.mkdir(exist_ok=True)
        if (root / "app" / "chainlit.log").exists():  # the server's side of any failure
            shutil.copy(root / "app" / "chainlit.log", ARTIFACTS / "chainlit.log")


@pytest.fixture
def browser(tmp_path, monkeypatch):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"])
        yield b
        b.close()


def sign_in(browser, url: str, account: tuple[str, str], downloads: bool = False):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=downloads)
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("#email", timeout=60_000)
    page.fill("#email", account[0])
    page.fill("#password", account[1])
    page.click("button[type=submit]")
    page.wait_for_selector("#chat-input", timeout=60_000)
    return page


def ask(page, text: str, expect: str) -> str:
    """Send a message and wait for an assistant reply containing `expect`; returns that reply's text."""
    before = page.locator(REPLY).count()
    send(page, text)
    return wait_reply(page, expect, before)


def send(page, text: str) -> None:
    """Type and send with Enter; retried, because the input is cleared and disabled while the session (re)starts
    after the sign-in and while the server loads its models for the first chat. Never a click on "send": while a
    turn runs, Chainlit puts its stop button in that place, and a click that lands as the button swaps stops the
    turn ("Task manually stopped.", seen on a cold first chat)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    sent = page.locator(USER).count()
    deadline = time.monotonic() + WAIT / 1000
    while time.monotonic() < deadline:
        if page.locator(USER).count() > sent:  # an earlier attempt went through
            return
        try:
            page.fill("#chat-input", text)
            page.press("#chat-input", "Enter")
            page.wait_for_function("([sel, n]) => document.querySelectorAll(sel).length > n", arg=[USER, sent],
                                   timeout=30_000)
            return
        except PlaywrightTimeout:
            continue
    shot(page, "send-failed")
    pytest.fail(f"could not send {text!r}")


def wait_reply(page, expect: str | tuple[str, ...], before: int = 0) -> str:
    """The text of the first reply after the first `before` ones that contains `expect` (or one of them), in any case:
    a citation shows as a chip styled in capitals ("RETURNS.MD#RETURN-WINDOWS"), and innerText reads the capitals."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        handle = page.wait_for_function(
            """([sel, n, wants]) => {
                   const hit = [...document.querySelectorAll(sel)].slice(n)
                                 .find(e => wants.some(w => e.innerText.toLowerCase().includes(w.toLowerCase())));
                   return hit ? hit.innerText : null; }""",
            arg=[REPLY, before, [expect] if isinstance(expect, str) else list(expect)], timeout=WAIT)
    except PlaywrightTimeout:
        shot(page, f"no-reply-{str(expect)[:20]}")
        pytest.fail(f"no reply containing {expect!r}; replies: {page.locator(REPLY).all_inner_texts()[-3:]}")
    return handle.json_value()


def attach(page, path: Path) -> None:
    """Attach a file in the composer, once the page has settled: the composer is rebuilt (and drops attachments)
    while the session starts and the thread list loads, so the attachment is checked and redone if it vanished."""
    for _ in range(3):
        page.wait_for_load_state("networkidle")
        page.wait_for_function("() => { const e = document.querySelector('#chat-input');"
                               " return e && !e.disabled && e.getAttribute('aria-disabled') !== 'true'; }",
                               timeout=WAIT)
        with page.expect_response(lambda r: "/project/file" in r.url, timeout=120_000):  # uploaded
            page.locator("input[type=file]").first.set_input_files(str(path))
        page.wait_for_timeout(1500)  # long enough for a re-render to drop it
        chip = page.get_by_text(path.name, exact=True)
        if chip.count() and chip.first.is_visible():
            return
    shot(page, "attachment-lost")
    pytest.fail(f"the composer did not keep the attachment {path.name}")


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def profiles(page, url: str) -> list[str]:
    settings = page.request.get(f"{url}/project/settings?language=en-US").json()
    return [p["name"] for p in settings.get("chatProfiles") or []]


def test_wrong_password_is_refused(app, browser):
    url, _, _ = app
    page = browser.new_page()
    page.goto(url)
    page.wait_for_selector("#email", timeout=60_000)
    page.fill("#email", SHOPPER[0])
    page.fill("#password", "not-the-password")
    page.click("button[type=submit]")
    page.wait_for_timeout(1500)
    assert page.locator("#chat-input").count() == 0


def test_shopper_signs_in_gets_a_cited_answer_and_no_merchant_profile(app, browser):
    url, _, data = app
    page = sign_in(browser, url, SHOPPER)
    assert profiles(page, url) == ["Shopper"]
    reply = ask(page, "How many days do I have to return a pair of shoes?", "returns.md")
    assert "returns.md#" in reply.lower()  # the citation chip is styled in capitals, and innerText reads them so
    assert page.get_by_text("Merchant", exact=True).count() == 0
    shot(page, "shopper-cited-answer")


def test_merchant_approves_a_description_and_a_new_shopper_search_finds_it(app, browser):
    from assistant.retrieval.store import Store, connect

    url, index, _ = app
    page = sign_in(browser, url, MERCHANT)
    assert profiles(page, url) == ["Merchant", "Shopper"]
    pid = "HP-00017"
    # Wait for the whole reply: mid-stream, the note's italics are still open and its "*" shows.
    proposal = ask(page, f"Write a product description for {pid}", "until you approve")
    shot(page, "merchant-proposal")
    before = page.locator(REPLY).count()
    page.get_by_role("button", name="Edit").click()
    page.wait_for_function("""([sel, n]) => [...document.querySelectorAll(sel)].slice(n)
                              .some(e => e.innerText.includes('edited description'))""",
                           arg=[REPLY, before], timeout=WAIT)
    text = proposal.split("Proposed description")[0].strip(" \n*")
    edited = f"{text} Stitched by the Quillfeather workshop."
    before = page.locator(REPLY).count()
    send(page, edited)
    done = wait_reply(page, "Approved and published", before)
    assert pid in done
    shot(page, "merchant-approved")
    # The chat is not frozen after a typed edit (issue 13 item 1): the next message gets its answer.
    ask(page, "Show me the open support tickets", ("ticket", "Ticket"))
    # The app's live index holds the new text now (no restart, no ingest) ...
    live = Store(connect(index)).collection("products").get(ids=[pid], include=["metadatas"])
    assert "Quillfeather" in live["metadatas"][0]["description"]
    # ... and a new shopper, in a new session, finds it by the words only the new text has, within its category.
    # (Among all 5,000 products one added sentence does not reliably reach the top 5 for MiniLM; the ranking by
    # the new words alone is checked on a small index in tests/store/test_workspace.py.)
    shopper = sign_in(browser, url, SHOPPER)
    title, category = live["metadatas"][0]["title"], live["metadatas"][0]["category"]
    found = ask(shopper, f"{category.lower()} stitched by the Quillfeather workshop", title)
    assert title in found
    shot(shopper, "shopper-finds-approved-text")


def test_merchant_uploads_a_csv_and_downloads_the_results(app, browser, tmp_path):
    url, _, _ = app
    page = sign_in(browser, url, MERCHANT, downloads=True)
    titles = ["NIKE AIR ZOOM PEGASUS 40 MENS 10.5 BLK", "Ceramic coffee mug 12oz matte white",
              "Womens linen midi dress floral size M", "Stainless steel water bottle 750ml", "zzqx lot 44"]
    upload = tmp_path / "supplier-titles.csv"
    upload.write_text("title\n" + "\n".join(titles) + "\n")
    attach(page, upload)
    shot(page, "merchant-csv-attached")
    before = page.locator(REPLY).count()
    send(page, "classify this file")
    reply = wait_reply(page, ("classified", "upload a CSV"), before)  # the second: the file did not arrive
    assert "classified 5 title(s)" in reply
    link = page.locator('a[download="supplier-titles-classified.csv"]').last
    with page.expect_download(timeout=60_000) as dl:
        link.click()
    saved = tmp_path / "results.csv"
    dl.value.save_as(saved)
    rows = list(csv.DictReader(saved.open()))
    assert {r["title"] for r in rows} == set(titles)
    assert {"category_id", "category_path", "attributes", "confidence", "needs_review"} <= set(rows[0])
    confidences = [float(r["confidence"]) for r in rows]
    assert confidences == sorted(confidences)  # the least confident rows first, to review them first
    shot(page, "merchant-csv-classified")


def test_the_page_is_the_stores_and_fetches_nothing_from_the_internet(app, browser):
    url, _, _ = app
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests, failed = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and "/avatars/" in r.url else None)
    page.goto(url)
    page.wait_for_selector("#email", timeout=60_000)
    assert page.get_by_text("Sign in to Harbor & Pine").count() == 1
    assert page.get_by_text("Login to access the app").count() == 0
    shot(page, "sign-in-page")
    page.fill("#email", SHOPPER[0])
    page.fill("#password", SHOPPER[1])
    page.click("button[type=submit]")
    page.wait_for_selector("#chat-input", timeout=60_000)
    ask(page, "How much is express shipping?", ("shipping.md", "SHIPPING.MD"))  # citation chips are upper case
    page.wait_for_load_state("networkidle")
    shot(page, "shopper-branded-chat")
    assert page.title() == "Harbor & Pine Assistant"
    outside = sorted({u for u in requests if urlsplit(u).hostname not in ("127.0.0.1", "localhost", None)
                      and urlsplit(u).scheme in ("http", "https", "ws", "wss")})
    assert outside == []
    assert failed == []  # the assistant's avatar loads (it was HTTP 400 for a name with "&")
    body = page.inner_text("body")
    assert "LLMs can make mistakes" not in body
    assert "search_policies" not in body and "route:" not in body  # no tool steps for shoppers


def test_an_older_proposal_is_inert_after_a_newer_one(app, browser):
    from assistant.retrieval.store import Store, connect

    url, index, _ = app
    page = sign_in(browser, url, MERCHANT)
    pid = "HP-00012"
    ask(page, f"Write a product description for {pid}", "until you approve")
    assert page.get_by_role("button", name="Shorter").count() == 1
    before = page.locator(REPLY).count()
    page.get_by_role("button", name="Shorter").click()
    shorter = wait_reply(page, "until you approve", before)  # the whole reply, not mid-stream
    page.wait_for_timeout(500)
    # Only the newest proposal has buttons: the first one's are gone, so they cannot publish the wrong text.
    assert page.get_by_role("button", name="Approve").count() == 1
    shot(page, "merchant-shorter-proposal")
    before = page.locator(REPLY).count()
    page.get_by_role("button", name="Approve").click()
    wait_reply(page, "Approved and published", before)
    live = Store(connect(index)).collection("products").get(ids=[pid], include=["metadatas"])
    # (the note's opening "*" can sit in the text before it while its italics render; the screenshot shows none)
    assert live["metadatas"][0]["description"] == shorter.split("Proposed description")[0].strip(" \n*")


def test_one_pasted_title_is_classified_with_its_path_attributes_and_confidence(app, browser):
    url, _, _ = app
    page = sign_in(browser, url, MERCHANT)
    reply = ask(page, "classify: Womens linen midi dress floral size M", "confidence")
    assert "Dresses" in reply and "confidence" in reply.lower()
    assert "linen" in reply.lower()
    shot(page, "merchant-one-title-classified")


def test_a_reopened_thread_shows_its_chart(app, browser):
    url, _, _ = app
    page = sign_in(browser, url, MERCHANT)
    ask(page, "Review insights for dresses", "review(s)")
    page.wait_for_selector('img[alt="review insights"]', timeout=60_000)
    page.wait_for_function("() => location.pathname.startsWith('/thread/')", timeout=60_000)
    thread_url = page.url
    shot(page, "merchant-review-insights")
    fresh = sign_in(browser, url, MERCHANT)
    fresh.goto(thread_url)
    chart = fresh.wait_for_selector('img[alt="review insights"]', timeout=120_000)
    fresh.wait_for_function("(img) => img.complete && img.naturalWidth > 300", arg=chart, timeout=60_000)
    assert "/storage/" in chart.get_attribute("src")
    shot(fresh, "merchant-reopened-thread-chart")


def test_repeated_wrong_passwords_lock_the_account_with_a_clear_message(app, browser):
    url, _, _ = app
    page = browser.new_page()
    page.goto(url)
    page.wait_for_selector("#email", timeout=60_000)
    for password in ["guess-1", "guess-2", "guess-3", "guess-4", "guess-5", "shop-demo-2"]:
        page.fill("#email", "shopper2@harborpine.test")
        page.fill("#password", password)
        with page.expect_response(lambda r: r.url.endswith("/login"), timeout=60_000) as login:
            page.click("button[type=submit]")
        status = login.value.status
    assert status == 429  # the right password, after five wrong ones
    page.wait_for_timeout(1500)
    shot(page, "sign-in-locked")
    page.get_by_text("Too many failed sign-ins").wait_for(timeout=10_000)
    assert page.locator("#chat-input").count() == 0
    shot(page, "sign-in-locked")


def side_panel(page) -> tuple[str, str, list[str]]:
    """The side panel's title, text and paragraphs ('' and [] when it is closed)."""
    if page.locator("#side-view-content").count() == 0:
        return "", "", []
    title = page.locator("#side-view-title").last.text_content().strip()
    content = page.locator("#side-view-content").last
    return title, content.inner_text(), content.locator("[role=article]").all_inner_texts()  # Chainlit's paragraphs


def cited(page, reply: int) -> set[str]:
    """The names of the citations in the `reply`-th assistant reply (as written, not as the chips show them)."""
    return {t.strip() for t in page.locator(REPLY).nth(reply).locator("a.element-link").all_text_contents()}


def test_each_answers_citation_opens_its_own_section(app, browser):
    url, _, _ = app
    page = sign_in(browser, url, SHOPPER)
    ask(page, "How many days do I have to return a pair of shoes?", ("returns.md", "RETURNS.MD"))
    first = page.locator(REPLY).count() - 1
    ask(page, "How much do I need to spend for free shipping?", ("shipping.md#free", "SHIPPING.MD#FREE"))
    second = page.locator(REPLY).count() - 1
    page.wait_for_function("([sel, n]) => document.querySelectorAll(sel)[n].querySelector('a.element-link')",
                           arg=[REPLY, second], timeout=60_000)
    page.wait_for_timeout(1000)  # long enough for the panel to open by itself, as it did
    first_only = {name.split("#")[0] + " —" for name in cited(page, first) - cited(page, second)}
    assert first_only, "the two answers cite the same sections: the test cannot tell them apart"
    # The panel does not open by itself with every section of the thread, titled with the newest one.
    title, text, _ = side_panel(page)
    assert not [f for f in first_only if f in text], f"stale panel {title!r}: {text[:300]!r}"
    # The second answer's citation opens its own section: the panel holds that section alone.
    page.locator(REPLY).nth(second).locator("a.element-link", has_text="shipping.md#free-shipping").first.click()
    try:
        page.wait_for_function("() => [...document.querySelectorAll('#side-view-content [role=article]')]"
                               ".some(p => p.textContent.includes(' — '))", timeout=30_000)
    finally:
        page.wait_for_timeout(600)  # the panel slides in
        shot(page, "shopper-second-answer-source")
    title, text, paragraphs = side_panel(page)
    assert title == "shipping.md#free-shipping"
    assert text.startswith("shipping.md — Free shipping")
    assert "$75 or more after promo codes are applied and before tax" in text  # a line break in the file
    assert not [f for f in first_only if f in text]
    assert paragraphs and not [p for p in paragraphs if "\n" in p.strip()]  # paragraphs, not the file's lines
