"""A merchant's CSV upload for batch classification: good files are classified row by row, broken ones are named
by file, line and field in the reply (issue 14 item 10: a latin-1 upload used to end the turn with a traceback)."""

from __future__ import annotations

import uuid

import pytest



def _classify(bot, path) -> str:
    return bot.ask("classify the attached csv", thread_id=f"up-{uuid.uuid4().hex[:6]}", role="merchant",
                   user="m@x", upload=str(path)).answer


def test_uploaded_titles_are_classified(bot, tmp_path):
    path = tmp_path / "supplier.csv"
    path.write_text("sku,product title\n1,Ceramic coffee mug 12oz matte white\n2,Wireless earbuds ANC IPX5\n")
    answer = _classify(bot, path)
    assert "classified 2 title(s)" in answer
    assert (tmp_path / "supplier-classified.csv").read_text().count("\n") == 3


@pytest.mark.parametrize("content, where", [
    ("title\nCaf\xe9 mug\n".encode("latin-1"), "supplier.csv:2"),
    (b"title\nmug\n\x00\xff\xfe\x00binary\n", "supplier.csv:3"),
    (b"title\nmug\n\nx,y,z\n", "supplier.csv:4"),
    (b"title\nmug\n\n", None),  # a blank line is skipped, as a spreadsheet would
    (b"title,size\nmug,L\n,M\n", "supplier.csv:3: title: empty title"),
])
def test_broken_upload_is_named_by_line(bot, tmp_path, content, where):
    path = tmp_path / "supplier.csv"
    path.write_bytes(content)
    answer = _classify(bot, path)
    assert "Traceback" not in answer and "Error" not in answer.split(":")[0]
    if where is None:
        assert "classified 1 title(s)" in answer
    else:
        assert where in answer, answer
