"""Loading a trained artifact's joblib files fast: a plain-pickle copy of each, made the first time it loads.

Why: `joblib.load` unpickles with Python's pure-Python `pickle._Unpickler` (it needs its own hooks for numpy
arrays), so the ~100,000 vocabulary strings of the extract and rewrite artifacts (TF-IDF and DictVectorizer
vocabularies) cost about 0.7 s of a cold `storefront ask` on 2 busy cores; the same objects load from a plain
pickle with the C unpickler in under 0.1 s (measured 2026-12-04: extract 0.42-0.49 s -> 0.05 s, rewrite
0.26-0.30 s -> 0.03 s, classify 0.045 s -> 0.002 s). The copy is the very object joblib gave, pickled again, so
what the model predicts cannot change (tests/models/test_fastload.py compares every task's held-out predictions).

Each task package's `load` reads its joblib files through `load` here. The copy sits beside the file, named after
the file's size and modification time: a retrained artifact (a new folder, swapped in whole) never meets an older
copy, and a folder that cannot be written is simply loaded the slow way.
"""

from __future__ import annotations

import logging
import os
import pickle
from pathlib import Path

import joblib

log = logging.getLogger(__name__)


def copy_path(path: Path) -> Path:
    """Where the plain-pickle copy of the joblib file `path` lives, tied to its size and modification time."""
    st = path.stat()
    return path.with_name(f".{path.name}.{st.st_size}-{st.st_mtime_ns}.pickle")


def load(path: Path):
    """What `joblib.load(path)` gives, from the plain-pickle copy when there is one, else made once beside it."""
    path = Path(path)
    copy = copy_path(path)
    try:
        with copy.open("rb") as f:
            return pickle.load(f)
    except FileNotFoundError:
        pass
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError) as exc:
        log.warning("%s: unreadable (%s); loading %s instead", copy, exc, path.name)
    obj = joblib.load(path)
    _write_copy(path, copy, obj)
    return obj


def _write_copy(path: Path, copy: Path, obj) -> None:
    tmp = copy.with_name(copy.name + f".{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as f:
            pickle.dump(obj, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, copy)  # whole or not at all: a reader never sees half a copy
        for old in path.parent.glob(f".{path.name}.*.pickle"):
            if old != copy:
                old.unlink(missing_ok=True)
    except OSError as exc:  # a read-only artifacts folder: load the slow way each time
        log.info("no fast copy of %s (%s)", path, exc)
        tmp.unlink(missing_ok=True)


def ensure_copies(folders: list[Path]) -> int:
    """Make the missing plain-pickle copies in `folders` now (`storefront prepare`), so the first start after a
    training run does not pay for them; the number made."""
    made = 0
    for folder in folders:
        for path in sorted(Path(folder).glob("*.joblib")):
            copy = copy_path(path)
            if not copy.exists():
                _write_copy(path, copy, joblib.load(path))
                made += 1
    return made

