"""Markdown that is safe to show: what a shopper typed or a model wrote is rendered, but it never makes a browser
fetch another host or offers a link away from the store (issue 14 item 6).

- An image becomes its alt text in brackets: `![t](http://host/b.png)` -> `[image: t]`. No image is kept, even the
  store's own: answers never need one, and a chart is sent as an element, not as Markdown.
- A link to another host keeps its words and shows the address as code, not clickable: `[Pay](http://evil.test)`
  -> `Pay (\u200b`http://evil.test`)`. Links inside the store (relative, `#anchors`) stay links.
- A bare address (`http://...`, `www....`) is shown as code, so the renderer does not turn it into a link.
- Raw HTML is escaped (Chainlit's `unsafe_allow_html = false` already refuses it; this covers an old config).
"""

from __future__ import annotations

import re

IMAGE = re.compile(r"!\[([^\]\n]*)\]\(([^)\n]*)\)")
LINK = re.compile(r"(?<!!)\[([^\]\n]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"\n]*\")?\s*\)")
REF_DEF = re.compile(r"^\s{0,3}\[([^\]\n]+)\]:\s*(\S+).*$", re.MULTILINE)  # `[x]: http://host`: a link target
CODE_SPAN = re.compile(r"(`[^`\n]*`)")
BARE_URL = re.compile(r"(?<![`\w/])((?:https?|ftp)://[^\s<>`]+|www\.[^\s<>`]+)", re.IGNORECASE)
AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]*)>", re.IGNORECASE)
HTML_TAG = re.compile(r"<(/?[a-zA-Z][^>]*)>")


def is_internal(url: str) -> bool:
    """A link that stays on the store's own pages: relative or an anchor, no scheme, no host."""
    url = url.strip()
    return bool(url) and not re.match(r"^([a-zA-Z][\w+.-]*:|//|\\\\)", url)


def safe_markdown(text: str) -> str:
    """`text` with images dropped, outside links and addresses made inert, and HTML escaped."""
    if not text:
        return text
    text = IMAGE.sub(lambda m: f"[image: {m.group(1).strip() or 'no description'}]", text)
    text = REF_DEF.sub(lambda m: f"\\[{m.group(1)}]: {_code(m.group(2))}", text)
    text = _outside_code(text, lambda t: AUTOLINK.sub(lambda m: _code(m.group(1)), t))
    text = _outside_code(text, lambda t: LINK.sub(_link, t))
    text = _outside_code(text, lambda t: BARE_URL.sub(lambda m: _code(m.group(1)), t))
    return _outside_code(text, lambda t: HTML_TAG.sub(lambda m: f"&lt;{m.group(1)}&gt;", t))


def _outside_code(text: str, fn) -> str:
    """Apply `fn` to the text between inline code spans (what is in code is already shown as typed)."""
    parts = CODE_SPAN.split(text)
    return "".join(part if i % 2 else fn(part) for i, part in enumerate(parts))


def _link(m: re.Match) -> str:
    words, url = m.group(1), m.group(2)
    if is_internal(url):
        return m.group(0)
    return f"{words} ({_code(url)})" if url else words


def _code(s: str) -> str:
    return "`" + s.replace("`", "'") + "`"


class StreamSanitizer:
    """Sanitises a reply as it streams: text goes out only up to a point where no image, link or address can still
    be forming (after whitespace, with every `[` and `(` closed), so no token can complete an image in the browser
    before the sanitiser has seen all of it."""

    def __init__(self):
        self._held = ""

    def feed(self, token: str) -> str:
        self._held += token
        cut = self._safe_cut()
        out, self._held = self._held[:cut], self._held[cut:]
        return safe_markdown(out)

    def flush(self) -> str:
        out, self._held = self._held, ""
        return safe_markdown(out)

    def _safe_cut(self) -> int:
        depth_square = depth_round = 0
        cut = 0
        for i, ch in enumerate(self._held):
            if ch == "[":
                depth_square += 1
            elif ch == "]":
                depth_square = max(0, depth_square - 1)
            elif ch == "(":
                depth_round += 1
            elif ch == ")":
                depth_round = max(0, depth_round - 1)
            elif ch.isspace() and depth_square == 0 and depth_round == 0:
                prev = self._held[i - 1] if i else ""
                if prev not in "]!":  # `[t]` may still be followed by `(url)`
                    cut = i + 1
        return cut
