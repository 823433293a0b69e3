#!/usr/bin/env bash
# Create .venv at the repository root and install the locked dependencies plus this package.
# Fast (about 15 s) because uv installs from requirements.lock instead of resolving.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3

# The CPU build of torch lies in pip's find-links folder on these machines; pass it to uv too.
FIND_LINKS=$("$PY" -m pip config get global.find-links 2>/dev/null || true)
FIND_LINKS=${FIND_LINKS:-${PIP_FIND_LINKS:-}}
UV_ARGS=(--index-strategy unsafe-best-match)
[ -n "$FIND_LINKS" ] && UV_ARGS+=(--find-links "$FIND_LINKS")

if ! command -v uv >/dev/null 2>&1 && ! "$PY" -m uv --version >/dev/null 2>&1; then
  "$PY" -m pip install --quiet --disable-pip-version-check "uv>=0.5"
fi
UV="uv"; command -v uv >/dev/null 2>&1 || UV="$PY -m uv"

# --compile-bytecode: these machines set PYTHONDONTWRITEBYTECODE, so a venv installed without .pyc files compiles
# every imported module again on every start (half of a cold `storefront ask`); Python still reads .pyc files
# with that variable set. The stamp's name changed with the flag, so an older venv is re-synced once.
STAMP=.venv/.lock-installed-bytecode
if [ ! -x .venv/bin/python ]; then
  $UV venv --quiet --python "$PY" .venv
fi
if [ ! -f "$STAMP" ] || ! cmp -s requirements.lock "$STAMP"; then
  $UV pip sync --quiet --compile-bytecode --python .venv/bin/python "${UV_ARGS[@]}" requirements.lock
  $UV pip install --quiet --compile-bytecode --python .venv/bin/python --no-deps -e .
  cp requirements.lock "$STAMP"
fi
# The project's own modules are an editable install, which --compile-bytecode skips; compile them on every run
# (only changed files are rewritten), about 0.16 s of a cold ask's CPU.
.venv/bin/python -m compileall -q assistant >/dev/null
