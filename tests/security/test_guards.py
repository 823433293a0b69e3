"""The pure parts of the web guards: sanitised Markdown (also while streaming) and the sign-in limiter."""

from __future__ import annotations

import pytest

from assistant.ui.render import StreamSanitizer, safe_markdown
from assistant.ui.security import SignInLimiter, same_origin


@pytest.mark.parametrize("text, gone, kept", [
    ("![t](http://host/b.png)", "](http", "[image: t]"),
    ("[Verify payment](http://evil.test)", "](http", "Verify payment (`http://evil.test`)"),
    ("see http://evil.test/x now", " http://", "`http://evil.test/x`"),
    ("go to www.evil.test", " www.", "`www.evil.test`"),
    ("<img src=x onerror=alert(1)>", "<img", "&lt;img"),
    ("<https://evil.test>", "<https", "`https://evil.test`"),
    ("[x]: http://evil.test", "\n[x]:", "\\[x]: `http://evil.test`"),
    ("[returns](#final-sale) [returns.md#final-sale]", "`", "[returns](#final-sale) [returns.md#final-sale]"),
], ids=["image", "link", "bare-url", "www", "html", "autolink", "reference", "store-links-kept"])
def test_safe_markdown(text, gone, kept):
    out = safe_markdown(text)
    assert gone not in out and kept in out


def test_a_streamed_image_is_never_sent_whole_before_it_is_sanitised():
    tokens = ["Here ", "you ", "go ", "!", "[a ", "b](", "http://h", ".test/b.png", ") ", "and ", "[Pay](http://e.test)", " ok"]
    s = StreamSanitizer()
    sent = "".join(s.feed(t) for t in tokens) + s.flush()
    assert "](http" not in sent and sent.startswith("Here you go [image: a b]")
    assert "Pay (`http://e.test`) ok" in sent


def test_limiter_locks_an_account_after_five_failures_and_lets_it_go_after_the_window():
    now = [0.0]
    limiter = SignInLimiter(clock=lambda: now[0])
    for _ in range(5):
        assert limiter.wait_seconds("A@x", "1.2.3.4") == 0
        limiter.failed("a@x", "1.2.3.4")
    assert limiter.wait_seconds("a@x", "5.6.7.8") > 0  # the account, from anywhere
    assert limiter.wait_seconds("b@x", "1.2.3.4") == 0  # another account from that address
    now[0] += limiter.window
    assert limiter.wait_seconds("a@x", "1.2.3.4") == 0


def test_limiter_locks_an_address_guessing_many_accounts():
    limiter = SignInLimiter(clock=lambda: 0.0)
    for i in range(20):
        limiter.failed(f"user{i}@x", "1.2.3.4")
    assert limiter.wait_seconds("new@x", "1.2.3.4") > 0
    assert limiter.wait_seconds("new@x", "9.9.9.9") == 0


@pytest.mark.parametrize("origin, allowed, ok", [
    (None, [], True), ("http://127.0.0.1:8000", [], True), ("http://127.0.0.1:9", [], False),
    ("http://shop.test", ["http://shop.test"], True), ("http://evil.test", ["*"], True),
])
def test_same_origin(origin, allowed, ok):
    assert same_origin(origin, "127.0.0.1:8000", allowed) is ok
