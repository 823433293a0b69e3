"""Bad input, as a careless user gives it to the real `storefront` command (issue 14 items 10-12).

Each case: a broken file, the command that reads it, the exit status and the message naming file:line: field.
Every command must answer before a model loads (the guard below fails the case if one does), without a
traceback, and without touching what is already indexed. Consoles are 80 columns wide here, as in a log or CI.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant import cli, cli_pipeline
from assistant.cli import app
from assistant.retrieval.ingest import ingest
from assistant.retrieval.store import Store, connect

runner = CliRunner()
ROW = '{"text": "Linen midi dress", "category": "1604"}\n'


@pytest.fixture(autouse=True)
def narrow_console(monkeypatch):
    for console in (cli.err, cli.out, cli_pipeline.err, cli_pipeline.out):
        monkeypatch.setattr(console, "_width", 80)  # what rich picks for a pipe or a file


@pytest.fixture(autouse=True)
def loader_log_level():
    """`storefront data ...` quiets the row loader's logger for the process; other tests read its warnings."""
    logger = logging.getLogger("assistant.tasks.rows")
    level = logger.level
    yield
    logger.setLevel(level)


@pytest.fixture
def no_models(monkeypatch):
    """Any model load fails the case: input is checked first (a model load is 15-110 s for nothing)."""
    from assistant.agent import context
    from assistant.retrieval import embeddings
    from assistant.tasks import base

    def refuse(*_, **__):
        raise RuntimeError("a model loaded before the input was checked")

    for module in (embeddings, base, context):
        monkeypatch.setattr(module, "get_embedder", refuse)
    monkeypatch.setattr(embeddings.Embedder, "__init__", refuse)


def _run(args: list[str], env: dict | None = None):
    result = runner.invoke(app, args, env=env)
    # A clean exit (typer.Exit / SystemExit) or none; any other exception is what a user sees as a traceback.
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


# ------------------------------------------------------------------------------------------- labelled files

FILES = {  # name -> bytes
    "latin1.csv": "text,category\nCaf\xe9 mug,1604\n".encode("latin-1"),
    "latin1.jsonl": (ROW + '{"text": "Caf\xe9 mug", "category": "1604"}\n').encode("latin-1"),
    "binary.jsonl": bytes(range(256)) * 8,
    "null.jsonl": (ROW + "null\n").encode(),
    "array.jsonl": (ROW + "[1, 2, 3]\n").encode(),
    "long-field.csv": ("text,category\n" + "ok,1604\n" + '"' + "x" * 140_000 + '",1604\n').encode(),
    "extra-field.csv": b"text,category\nok,1604\nLinen, midi dress,1604\n",
    "one-per-label.jsonl": "".join(f'{{"text": "item number {i}", "category": "{i}"}}\n' for i in range(8)).encode(),
    "questions-binary.txt": b"\xff\xfe\x00w\x00h\x00e\x00r\x00e\x00\n",
    "questions-long.txt": b"How much is shipping?\n" + b"a" * 300 + b"\n",
}

CASES = [
    # (id, file, command (FILE is replaced), extra env, expected exit status, expected message)
    ("split-latin1-csv", "latin1.csv", ["data", "split", "classify", "--data", "FILE", "--out", "OUT"], {}, 1,
     "latin1.csv:2: encoding: not UTF-8 (byte 0xe9, the line's byte 4)"),
    ("split-latin1-jsonl", "latin1.jsonl", ["data", "split", "classify", "--data", "FILE", "--out", "OUT"], {}, 1,
     "latin1.jsonl:2: encoding: not UTF-8"),
    ("split-binary", "binary.jsonl", ["data", "split", "classify", "--data", "FILE", "--out", "OUT"], {}, 1,
     "binary.jsonl:1: encoding: a NUL byte"),
    ("split-null-line", "null.jsonl", ["data", "split", "classify", "--data", "FILE", "--out", "OUT"], {}, 1,
     "null.jsonl:2: json: expected an object {...}, got null"),
    ("split-array-line", "array.jsonl", ["data", "split", "classify", "--data", "FILE", "--out", "OUT"], {}, 1,
     "array.jsonl:2: json: expected an object {...}, got an array"),
    ("split-long-csv-field", "long-field.csv", ["data", "split", "classify", "--data", "FILE", "--out", "OUT"], {},
     1, "long-field.csv:3: csv: a field is longer than 131,072 characters"),
    ("split-extra-csv-field", "extra-field.csv", ["data", "split", "classify", "--data", "FILE", "--out", "OUT"],
     {}, 1, "extra-field.csv:3: row: 3 fields but the header has 2"),
    ("split-one-per-label", "one-per-label.jsonl", ["data", "split", "classify", "--data", "FILE", "--out", "OUT"],
     {}, 1, "one-per-label.jsonl: label: 8 row(s) and no label has 5"),
    ("split-missing", None, ["data", "split", "classify", "--data", "FILE", "--out", "OUT"], {}, 1,
     "missing.jsonl: file not found"),
    ("split-over-size-limit", "null.jsonl", ["data", "split", "classify", "--data", "FILE", "--out", "OUT"],
     {"ASSISTANT_MAX_FILE_MB": "0.00001"}, 1, "null.jsonl: size: 0 KB is over the limit of 0 KB (set "
                                              "ASSISTANT_MAX_FILE_MB"),
    ("train-one-per-label", "one-per-label.jsonl", ["train", "classify", "--data", "FILE"], {}, 1,
     "one-per-label.jsonl: label: 8 row(s) and no label has 5"),
    ("train-latin1", "latin1.csv", ["train", "classify", "--data", "FILE", "--out", "OUT"], {}, 1,
     "latin1.csv:2: encoding: not UTF-8"),
    ("train-null-line", "null.jsonl", ["train", "classify", "--data", "FILE"], {}, 1,
     "null.jsonl:2: json: expected an object"),
    ("evaluate-latin1", "latin1.csv", ["evaluate", "classify", "--data", "FILE"], {}, 1,
     "latin1.csv:2: encoding: not UTF-8"),
    ("evaluate-binary", "binary.jsonl", ["evaluate", "classify", "--data", "FILE"], {}, 1,
     "binary.jsonl:1: encoding: a NUL byte"),
    ("check-missing", None, ["data", "check", "classify", "--data", "FILE"], {}, 1, "missing.jsonl: file not found"),
    ("ask-questions-missing", None, ["ask", "--questions", "FILE"], {}, 1, "missing.jsonl: file not found"),
    ("ask-questions-binary", "questions-binary.txt", ["ask", "--questions", "FILE"], {}, 1,
     "questions-binary.txt:1: encoding: a NUL byte"),
    ("ask-questions-too-long", "questions-long.txt", ["ask", "--questions", "FILE"],
     {"ASSISTANT_MAX_MESSAGE_CHARS": "200"}, 1,
     "questions-long.txt:2: question: 300 characters, over the limit of 200"),
    ("ask-question-too-long", None, ["ask", "x" * 300], {"ASSISTANT_MAX_MESSAGE_CHARS": "200"}, 1,
     "question: 300 characters, over the limit of 200 (ASSISTANT_MAX_MESSAGE_CHARS)"),
]


@pytest.mark.parametrize("name, args, env, status, expected",
                         [pytest.param(*c[1:], id=c[0]) for c in CASES])
def test_bad_file_is_named_before_any_model_loads(name, args, env, status, expected, tmp_path, no_models,
                                                  prepared_models):
    path = tmp_path / (name or "missing.jsonl")
    if name:
        path.write_bytes(FILES[name])
    args = [str(path) if a == "FILE" else str(tmp_path / "out") if a == "OUT" else a for a in args]
    env = {"ASSISTANT_ARTIFACTS_DIR": str(prepared_models), "ASSISTANT_DATA_DIR": str(tmp_path / "data"), **env}

    result = _run(args, env)

    assert result.exit_code == status, result.output
    assert expected in result.output
    assert not (tmp_path / "out").exists()  # nothing was written


def test_leakage_names_a_bad_split_file_before_any_model_loads(tmp_path, no_models, prepared_models):
    folder = tmp_path / "split"
    folder.mkdir()
    (folder / "train.jsonl").write_bytes(FILES["null.jsonl"])
    (folder / "eval.jsonl").write_text(ROW)
    (folder / "split.json").write_text(json.dumps({
        "task": "classify", "source": "x.jsonl", "source_sha256": "0", "seed": 0, "eval_fraction": 0.2,
        "threshold": 0.92, "counts": {}, "groups": 1, "sha256": {}}))
    result = _run(["data", "leakage", "classify", "--split", str(folder)],
                  {"ASSISTANT_ARTIFACTS_DIR": str(prepared_models), "ASSISTANT_DATA_DIR": str(tmp_path / "data")})
    assert result.exit_code == 1
    assert f"{folder / 'train.jsonl'}:2: json: expected an object {{...}}, got null" in result.output


def test_a_real_process_prints_no_traceback(tmp_path):
    """The same as a user's terminal: a separate process, output to a pipe (80 columns)."""
    bad = tmp_path / "latin1.csv"
    bad.write_bytes(FILES["latin1.csv"])
    cmd = [str(Path(sys.executable).parent / "storefront"), "data", "split", "classify", "--data", str(bad),
           "--out", str(tmp_path / "out")]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "COLUMNS": "80",
                               "ASSISTANT_DATA_DIR": str(tmp_path / "data"), "HF_HUB_OFFLINE": "1"})
    assert done.returncode == 1
    assert f"{bad}:2: encoding: not UTF-8" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr


# ------------------------------------------------------------------------------------------- the knowledge folder

def _snapshot(index: Path) -> dict:
    store = Store(connect(index))
    return {kind: (name, store.client.get_collection(name).count())
            for kind, name in store.active().items() if not kind.endswith("_manifest")}


@pytest.fixture
def built(small_store, tmp_path, embedder):
    index = tmp_path / "index"
    ingest(small_store, Store(connect(index)), embedder, progress=False)
    return small_store, index


def _replace_bytes(path: Path, line_no: int, new: bytes) -> None:
    lines = path.read_bytes().split(b"\n")
    lines[line_no - 1] = new
    path.write_bytes(b"\n".join(lines))


def _latin1_in(path: Path, line_no: int) -> None:
    lines = path.read_bytes().split(b"\n")
    _replace_bytes(path, line_no, lines[line_no - 1] + b" caf\xe9")


KNOWLEDGE_CASES = [
    # (id, how to break the folder, extra env, expected message)
    ("products-latin1", lambda k: _replace_bytes(k / "catalog/products.jsonl", 5,
                                                 '{"id": "HP-X", "title": "Caf\u00e9"}'.encode("latin-1")),
     {}, "catalog/products.jsonl:5: encoding: not UTF-8"),
    ("products-null-line", lambda k: _replace_bytes(k / "catalog/products.jsonl", 3, b"null"), {},
     "catalog/products.jsonl:3: json: expected an object {...}, got null"),
    ("taxonomy-latin1", lambda k: _latin1_in(k / "taxonomy.txt", 3), {}, "taxonomy.txt:3: encoding: not UTF-8"),
    ("policy-latin1", lambda k: _latin1_in(k / "policies/returns.md", 11), {},
     "policies/returns.md:11: encoding: not UTF-8"),
    ("policy-page-over-limit", lambda k: (k / "policies/huge.txt").write_text("Returns are free. " * 40_000), {},
     "policies/huge.txt: size: 703 KB is over the limit of 512 KB (set ASSISTANT_MAX_PAGE_KB"),
    ("passages-over-limit", lambda k: None, {"ASSISTANT_MAX_PASSAGES": "20"},
     "policies: passages: 88 passages, over the limit of 20 (set ASSISTANT_MAX_PASSAGES"),
    ("catalog-over-size-limit", lambda k: None, {"ASSISTANT_MAX_FILE_MB": "0.01"},
     "catalog/products.jsonl: size:"),
    ("ontology-synonym-under-two-values", lambda k: _ontology(k, "      black: [jet black, onyx",
                                                                 "      black: [navy, jet black, onyx"), {},
     "ontology.yaml:53: attributes.color.values.blue: synonym 'navy' already names color 'black' (line 43)"),
    ("ontology-duplicate-key", lambda k: _ontology(k, "      white: [", "      black: [noir]\n      white: ["), {},
     "ontology.yaml:44: black: duplicate key (first on line 43)"),
    ("ontology-value-in-two-attributes", lambda k: _ontology(k, "      white: [", "      solid: []\n      white: ["),
     {}, "ontology.yaml:134: attributes.pattern.values.solid: value 'solid' already names color 'solid' (line 44)"),
]


def _ontology(k: Path, old: str, new: str) -> None:
    path = k / "ontology.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize("mutate, env, expected", [pytest.param(*c[1:], id=c[0]) for c in KNOWLEDGE_CASES])
def test_bad_knowledge_is_named_and_the_live_index_unchanged(built, mutate, env, expected, no_models):
    knowledge, index = built
    before = _snapshot(index)
    mutate(knowledge)

    result = _run(["ingest", "--knowledge", str(knowledge), "--index", str(index), "-q"], env)

    assert result.exit_code == 1
    assert expected in result.output
    assert "live index is unchanged" in result.output
    assert _snapshot(index) == before


# ------------------------------------------------------------------------------------------- pages and messages

def test_a_page_without_sentence_ends_is_cut_into_bounded_units_and_passages(tmp_path):
    """A 5 MB page with no full stop was one 5.4 MB answer: now no quotable unit or passage is unbounded."""
    from assistant.policy_pages import MAX_PASSAGE_WORDS, MAX_UNIT_CHARS, chunk_policy, units

    blob = " ".join(f"word{i}" for i in range(50_000))  # 477 KB, under the page limit, no sentence end
    md, txt = tmp_path / "blob.md", tmp_path / "blob.txt"
    md.write_text(f"# Blob\n\n## All of it\n{blob}\n")
    txt.write_text(blob + "\n")
    section = chunk_policy(md, [])[0]
    assert max(len(u.text) for u in units(section.text)) <= MAX_UNIT_CHARS
    passages = chunk_policy(txt, [])
    assert len(passages) > 1 and max(len(p.text.split()) for p in passages) <= MAX_PASSAGE_WORDS


@pytest.mark.parametrize("yaml_text, expected", [
    pytest.param("attributes:\n  color:\n    values:\n      blue: [navy]\n      black: [onyx, navy]\n",
                 "x.yaml:5: attributes.color.values.black: synonym 'navy' already names color 'blue' (line 4)",
                 id="synonym-under-two-values"),
    pytest.param("attributes:\n  color:\n    values:\n      blue: [navy]\n      black: []\n      blue: [azure]\n",
                 "x.yaml:6: blue: duplicate key (first on line 4)", id="duplicate-key"),
    pytest.param("attributes:\n  color:\n    values:\n      blue: []\n  pattern:\n    values:\n      Blue: []\n",
                 "x.yaml:7: attributes.pattern.values.Blue: value 'Blue' already names color 'blue' (line 4)",
                 id="value-in-two-attributes"),
    pytest.param("attributes:\n  color:\n    values: {}\n", "x.yaml:3: attributes.color.values: Dictionary should",
                 id="schema-error-has-its-line"),
])
def test_ontology_rejects_a_word_with_two_meanings(tmp_path, yaml_text, expected):
    from assistant.knowledge import load_ontology

    errors: list = []
    (tmp_path / "x.yaml").write_text(yaml_text)
    ontology = load_ontology(tmp_path / "x.yaml", errors)
    assert any(expected in str(e) for e in errors), [str(e) for e in errors]
    assert not ontology.attributes  # nothing half-loaded: search never maps "navy" to black


@pytest.fixture(scope="module")
def chat(demo_settings, tmp_path_factory):
    from tests.chat_server import chat_server

    with chat_server(demo_settings.index_dir, demo_settings.artifacts_dir,
                     tmp_path_factory.mktemp("long-message") / "app") as s:
        yield s


def test_a_one_megabyte_chat_message_gets_a_reply_saying_the_limit(chat):
    """Socket.IO closed the connection on a 1 MB message without a word; the person now reads why."""
    import asyncio

    from tests.load.chat_client import SHOPPERS, Conversation, sign_in

    async def go() -> list[dict]:
        conv = Conversation(chat.url, await sign_in(chat.url, SHOPPERS[0]), owner=SHOPPERS[0][0])
        await conv.connect()
        try:
            turn = await conv.say("a" * 1_000_000, timeout=120)
            follow = await conv.say("How much is express shipping?", timeout=300)  # the session is still alive
        finally:
            await conv.close()
        return [turn.replies, follow.replies]

    long_reply, next_reply = asyncio.run(go())
    assert "1,000,000 characters long" in long_reply[-1]["output"]
    assert "20,000" in long_reply[-1]["output"]
    assert next_reply and "1,000,000" not in next_reply[-1]["output"]
