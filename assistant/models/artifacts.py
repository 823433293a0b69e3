"""Trained artifacts on disk: a folder per model, a manifest saying what data and libraries made it."""

from __future__ import annotations

import hashlib
import json
import platform
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

LIBRARIES = ("numpy", "scikit-learn", "sentence-transformers", "torch", "chromadb")


def file_hash(*paths: Path) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(Path(p).read_bytes())
    return h.hexdigest()[:16]


def code_hash(task: str) -> str:
    """A hash of the code that defines a task's model: a change to it makes a cached artifact stale."""
    tasks = Path(__file__).resolve().parents[1] / "tasks"
    return file_hash(tasks / "base.py", tasks / f"{task}.py")


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
