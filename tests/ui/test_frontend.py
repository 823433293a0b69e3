"""The fix to Chainlit's shipped bundle (issue 13 item 6): the side panel no longer opens by itself with every
side element of the thread; a click on a citation still opens it with that element alone."""

from __future__ import annotations

from pathlib import Path

from assistant.ui.frontend import side_panel_on_click_only


def _bundle() -> str:
    import chainlit

    [path] = (Path(chainlit.__file__).parent / "frontend" / "dist" / "assets").glob("index-*.js")
    return path.read_text(encoding="utf-8")


def test_the_installed_chainlit_bundle_loses_the_auto_open_and_keeps_the_click():
    js = _bundle()
    patched, applied = side_panel_on_click_only(js)
    assert applied
    assert ".length-1].name,elements:" not in patched  # the panel of all side elements, named after the last
    assert 'display==="side"||' in patched and "elements:[" in patched  # the click opens that element alone
    assert len(js) - len(patched) < 100  # one call removed, nothing else


def test_a_bundle_without_that_code_is_left_as_it_is():
    js = "const a=1;u({title:D[0].name,elements:D});"
    assert side_panel_on_click_only(js) == (js, False)
