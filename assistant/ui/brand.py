"""The store's face in the chat, read from `knowledge/store/` (issue 13 item 7): its name, logo (also favicon and
the assistant's avatar), colours and the sign-in and footer lines; and a page that fetches nothing from the
internet (Chainlit's page links Google Fonts and a KaTeX stylesheet on a CDN: both are removed, the theme uses the
system's fonts, and LaTeX is off in the config)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from assistant.knowledge import STORE_FILE, store_meta

REMOTE_TAG = re.compile(r"<(?:link|script)\b[^>]*(?:href|src)=\"(?:https?:)?//[^\"]*\"[^>]*>(?:\s*</script>)?",
                        re.IGNORECASE | re.DOTALL)
REMOTE_META = re.compile(r"<meta\b[^>]*content=\"https?://[^\"]*\"[^>]*>", re.IGNORECASE)


@dataclass
class Brand:
    name: str = "Storefront"
    assistant_name: str = "Storefront Assistant"
    sign_in_title: str = "Sign in"
    footer: str = ""
    logo: bytes | None = None
    theme: dict = field(default_factory=dict)

    @classmethod
    def load(cls, knowledge_dir: Path) -> "Brand":
        """From the knowledge folder's store/ (store.yaml, logo.svg, theme.json); every file is optional."""
        folder = (Path(knowledge_dir) / STORE_FILE).parent
        meta = store_meta(knowledge_dir)
        logo = (folder / "logo.svg").read_bytes() if (folder / "logo.svg").is_file() else None
        theme = json.loads((folder / "theme.json").read_text(encoding="utf-8")) if (folder / "theme.json").is_file() \
            else {}
        known = {k: str(v) for k, v in meta.items() if k in ("name", "assistant_name", "sign_in_title", "footer")}
        return cls(**known, logo=logo, theme=theme)


def local_only(html: str, brand: Brand) -> str:
    """Chainlit's page without anything fetched from another host, with the store's theme."""
    html = REMOTE_TAG.sub("", html)
    html = REMOTE_META.sub("", html)
    html = re.sub(r"<link[^>]*rel=\"preconnect\"[^>]*>", "", html)
    if brand.theme.get("variables"):
        script = f"<script>window.theme = {json.dumps(brand.theme['variables'])};</script>"
        html = html.replace("</head>", f"{script}\n</head>", 1)
    return html


def install(app, brand: Brand) -> None:
    """Serve the logo, favicon and avatars from the brand, and the page without remote assets (idempotent)."""
    # chainlit.server builds Chainlit's app when imported: only once the app is being set up
    from chainlit import server
    from chainlit.config import config
    from fastapi.responses import Response
    from fastapi.routing import APIRoute

    if getattr(app.state, "storefront_brand", False):
        return
    app.state.storefront_brand = True
    config.ui.name = brand.assistant_name
    config.ui.description = f"{brand.name}: questions about orders, returns and products"
    original = server.get_html_template
    server.get_html_template = lambda root_path: local_only(original(root_path), brand)
    load_translation = type(config).load_translation  # a pydantic model: the method is patched on its class
    type(config).load_translation = lambda self, language: translations(brand, load_translation(self, language))

    async def logo(theme: str | None = None):
        if brand.logo is None:
            return await server.get_logo()
        return Response(brand.logo, media_type="image/svg+xml", headers={"Cache-Control": "max-age=3600"})

    async def avatar(avatar_id: str):
        return await logo()

    app.router.routes[:0] = [APIRoute(path, fn, methods=["GET"]) for path, fn in
                             (("/logo", logo), ("/favicon", logo), ("/avatars/{avatar_id:path}", avatar))]


def translations(brand: Brand, strings: dict) -> dict:
    """Chainlit's English strings with the store's sign-in title and footer."""
    strings = json.loads(json.dumps(strings))
    _set(strings, ("auth", "login", "title"), brand.sign_in_title)
    _set(strings, ("chat", "watermark"), brand.footer)
    return strings


def _set(d: dict, path: tuple[str, ...], value: str) -> None:
    for key in path[:-1]:
        d = d.get(key, {}) if isinstance(d.get(key), dict) else {}
    if path[-1] in d and value:
        d[path[-1]] = value
