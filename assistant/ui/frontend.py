"""One fix to Chainlit's browser bundle, served in place of the shipped file (issue 13 item 6).

Since Chainlit 2.11 the chat opens the side panel by itself whenever a `display="side"` element arrives, filled with
every side element of the thread and titled with the last one's name: after a second answer the panel named after
its citation shows the first answer's sections, the new one below, out of view (Chainlit issues #2911, #2932,
#2979; the upstream fix, PR #2982, is not released). Citations are side elements named like the `[id]` in the text,
so that panel was stale after every answer. With the fix the panel opens only on a click on a citation, with that
element alone (Chainlit's own click handler), as in 2.10; it still closes when a new chat has no side elements.

The bundle is served from the same `/assets/index-*.js` address (its lazily loaded chunks import it by that
address). When a Chainlit upgrade changes the code, the file is served unchanged and a warning is logged; the
browser test of the sources panel then fails and says so.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

# In the effect over the chat's elements: `setSideView({title: side[side.length - 1].name, elements: side})`.
AUTO_OPEN = re.compile(r"\b[\w$]+\(\{title:([\w$]+)\[\1\.length-1\]\.name,elements:\1\}\)")


def side_panel_on_click_only(js: str) -> tuple[str, bool]:
    """The bundle without the side panel's auto-open, and whether it was found (exactly once)."""
    patched, count = AUTO_OPEN.subn("void 0", js)
    return (patched, True) if count == 1 else (js, False)


@lru_cache(maxsize=4)
def patched_bundle(path: str) -> bytes:
    js = Path(path).read_text(encoding="utf-8")
    patched, applied = side_panel_on_click_only(js)
    if not applied:
        log.warning("Chainlit's bundle %s changed: the side panel's auto-open was not removed", path)
    return patched.encode("utf-8")


def install(app) -> None:
    """Serve Chainlit's main bundle with the fix, ahead of Chainlit's own asset route (idempotent)."""
    # chainlit.server builds Chainlit's app when imported: only once the app is being set up
    from chainlit import server
    from fastapi import HTTPException
    from fastapi.responses import Response
    from fastapi.routing import APIRoute

    if getattr(app.state, "storefront_frontend", False):
        return
    app.state.storefront_frontend = True
    assets = Path(server.build_dir) / "assets"

    async def main_bundle(name: str):
        path = assets / f"index-{name}.js"
        if "/" in name or not path.is_file():  # only the shipped bundle; anything else is not ours to serve
            raise HTTPException(status_code=404, detail="File not found")
        return Response(patched_bundle(str(path)), media_type="text/javascript",
                        headers={"Cache-Control": "no-cache"})

    app.router.routes[:0] = [APIRoute("/assets/index-{name}.js", main_bundle, methods=["GET"])]
