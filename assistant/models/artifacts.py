"""Trained artifacts on disk: a folder per model, a manifest saying what data, code and libraries made it."""

from __future__ import annotations

import ast
import hashlib
import json
import os
import platform
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from assistant.config import Settings
from assistant.tasks.specs import spec

LIBRARIES = ("numpy", "scikit-learn", "sentence-transformers", "torch", "chromadb")
TASKS_DIR = Path(__file__).resolve().parents[1] / "tasks"
# The code every task model shares besides its own package: the interfaces and the row reader.
SHARED_CODE = ("base.py", "rows.py")
# Modules outside tasks/ whose contents shape a model's features when a task imports them (the rewrite task's stop
# words): they count as the task's code too.
MODEL_DATA_MODULES = ("assistant.retrieval.stopwords",)
# The policy search the trained policy models (adapter, gate, unit selector) learn from: what it makes of the
# questions and the policies (clauses, paraphrases, spelling, chunks). Editing any of these retrains them, or a
# fresh clone's models differ from the ones measured here.
SEARCH_CODE = tuple(TASKS_DIR.parent / "retrieval" / name for name in (
    "search.py", "lexical.py", "clauses.py", "paraphrase.py", "places.py", "spelling.py", "departments.py",
    "stopwords.py", "ingest.py"))


def file_hash(*paths: Path) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(Path(p).read_bytes())
    return h.hexdigest()[:16]


def code_text(path: Path) -> str:
    """A module's code without its comments and docstrings: editing either does not make an artifact stale."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree, include_attributes=False)


def code_files(task: str) -> list[Path]:
    """The files a task's model is made from: the shared interfaces, its model and data modules, and every module
    under tasks/ they import, directly or not. The rest of the package (baseline, prompt, scoring, the rewrite
    task's product-type check that runs after the model) is left out: editing it changes nothing training makes,
    and retraining the rewrite model for an edit to that check took a minute for nothing."""
    todo = [TASKS_DIR / name for name in SHARED_CODE] + [TASKS_DIR / task / "model.py", TASKS_DIR / task / "data.py"]
    seen: set[Path] = set()
    while todo:
        path = todo.pop()
        if path not in seen and path.is_file():
            seen.add(path)
            todo += _imported_task_modules(path)
    return sorted(seen)


def _imported_task_modules(path: Path) -> list[Path]:
    """The modules under tasks/ that a module imports (at the top or inside a function)."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names += [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
    found = []
    for name in names:
        if name.startswith("assistant.tasks."):
            base = TASKS_DIR.joinpath(*name.split(".")[2:])
            found += [p for p in (base.with_suffix(".py"), base / "__init__.py") if p.is_file()]
        elif name in MODEL_DATA_MODULES:
            found.append(TASKS_DIR.parent.joinpath(*name.split(".")[1:]).with_suffix(".py"))
    return found


def code_hash(task: str) -> str:
    """A hash of the code that defines a task's model (its package and the shared interfaces): a change to it
    makes a cached artifact stale; a comment or docstring edit does not."""
    h = hashlib.sha256()
    for path in code_files(task):
        h.update(path.relative_to(TASKS_DIR.parent).as_posix().encode())
        h.update(code_text(path).encode())
    return h.hexdigest()[:16]


def source_hash(task: str) -> str:
    """A hash of the bytes of the same files: cheap, and changed by any edit."""
    h = hashlib.sha256()
    for path in code_files(task):
        h.update(path.relative_to(TASKS_DIR.parent).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def current_code_hash(task: str, cache_dir: Path) -> str:
    """`code_hash(task)`, remembered in `cache_dir` under the hash of the files' bytes.

    Parsing a task's modules for `code_hash` took 0.08 s per task, 0.37 s of each cold start on 2 busy cores
    (measured 2026-12-04); hashing their bytes takes about a millisecond, so the parse runs only after an edit."""
    source = source_hash(task)
    path = Path(cache_dir) / "code_hashes.json"
    try:
        known = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    if not isinstance(known, dict):
        known = {}
    if isinstance(known.get(source), str):
        return known[source]
    value = code_hash(task)
    known = dict(list(known.items())[-200:])  # old entries: edits long gone
    known[source] = value
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(known, indent=0), encoding="utf-8")
        os.replace(tmp, path)  # whole or not at all: another process reads the old or the new file
    except OSError:  # a read-only artifacts folder: parse each time
        pass
    return value


def artifact_dir(settings: Settings, task: str) -> Path:
    """Where the model serving `task` lives: `current` is what the gate (or `storefront prepare`) put there."""
    return settings.artifacts_dir / task / "current"


def store_file(settings: Settings, task: str) -> Path:
    """The store's own labelled rows for the task, in its knowledge folder."""
    return settings.knowledge_dir / spec(task).train_file


def accepted_file(settings: Settings, task: str) -> Path:
    """Rows a person accepted from feedback (`storefront data accept`): trained on beside the store's rows."""
    return settings.knowledge_dir / "training" / "accepted" / f"{task}.jsonl"


def split_dir(settings: Settings, task: str) -> Path:
    return settings.knowledge_dir / "training" / "splits" / task


def store_train_file(settings: Settings, task: str) -> Path:
    """What a model of the store learns from: the split's train part when a split exists, else the whole file."""
    folder = split_dir(settings, task)
    return folder / "train.jsonl" if (folder / "split.json").exists() else store_file(settings, task)


def store_data_hash(task: str, settings: Settings) -> str:
    """The hash of what a model trained on the store's own data learned from: its train file and the accepted
    feedback rows."""
    accepted = accepted_file(settings, task)
    return file_hash(store_train_file(settings, task), *([accepted] if accepted.exists() else []))


def heldout_file(settings: Settings, task: str, repo_root: Path) -> Path:
    """The held-out set a model of the store is scored on: the store's own (`training/<task>_heldout.jsonl` in its
    knowledge folder) when it has one, else the task's eval set in the repository (the demo store's)."""
    own = settings.knowledge_dir / "training" / f"{task}_heldout.jsonl"
    return own if own.exists() else repo_root / spec(task).eval_file


def library_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for lib in LIBRARIES:
        try:
            out[lib] = version(lib)
        except PackageNotFoundError:
            pass
    return out


def write_manifest(folder: Path, **fields: Any) -> dict:
    manifest = {"created": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "libraries": library_versions(), **fields}
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


def read_manifest(folder: Path) -> dict | None:
    path = folder / "manifest.json"
    return json.loads(path.read_text()) if path.exists() else None


class PolicyArtifact:
    """A model trained from the store's policy questions and the pages they are answered from (the answer writer's
    unit selector, `tasks/quote/`; the policy search's query adapter, `tasks/retrieve/`): where it lives, what made
    it, and whether it must be retrained. Both kept a copy of these three checks; one copy cannot drift."""

    def __init__(self, folder: Path, package: Path, knowledge_dir: Path, train_file: Path, what: str):
        self.folder, self.package, self.what = Path(folder), Path(package), what
        self.knowledge_dir, self.train_file = Path(knowledge_dir), Path(train_file)

    def code_hash(self) -> str:
        """Every module of the package and of the search it trains through, without comments and docstrings: a
        change to a signal, a rule, a threshold search or the search's fusion retrains; a reworded note does not.
        (Both learn from what `PolicyRetriever` returns: a gate fitted on an older fusion would look current.)"""
        h = hashlib.sha256()
        for path in [*sorted(self.package.glob("*.py")), *SEARCH_CODE]:
            h.update(path.name.encode() + code_text(path).encode())
        return h.hexdigest()[:16]

    def data_hash(self) -> str:
        """The training questions and the policies they are answered from."""
        h = hashlib.sha256(self.train_file.read_bytes())
        for path in sorted((self.knowledge_dir / "policies").rglob("*")):
            if path.is_file():
                h.update(path.name.encode() + path.read_bytes())
        return h.hexdigest()[:16]

    def stale_reason(self, data: bool = True) -> str | None:
        """Why the artifact must be retrained, or None; `data=False` asks about the code only."""
        try:
            manifest = read_manifest(self.folder)
        except (OSError, ValueError) as exc:
            return f"unreadable manifest: {exc}"
        if manifest is None:
            return "no artifact"
        if manifest.get("code_hash") != self.code_hash():
            return f"{self.what}'s code changed"
        if data and (not self.train_file.exists() or manifest.get("data_hash") != self.data_hash()):
            return "the training questions or the policies changed"
        return None
