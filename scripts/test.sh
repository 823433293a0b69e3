#!/usr/bin/env bash
# Set up and run everything that gates a landing: tests/ and evals/ (see "Tests" in README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export HF_HUB_OFFLINE=1 ANONYMIZED_TELEMETRY=False RAGAS_DO_NOT_TRACK=true
if [ -z "${ASSISTANT_REALDATA_DIR:-}" ] && [ -d ../shared/realdata ]; then
  export ASSISTANT_REALDATA_DIR="$(cd ../shared/realdata && pwd)"
fi
# Everything gates: the unit and integration tests (a real Chroma server, a real browser), then the evals, which
# fail when any task falls under its baseline margin or any metric under its accepted bound. Trained models and
# embeddings are cached in .cache/ by content hash, so a second run skips the training.
if [ "$#" -gt 0 ]; then
  exec .venv/bin/python -m pytest "$@"
fi
status=0
.venv/bin/python -m pytest tests || status=$?
.venv/bin/python -m pytest evals || status=$?  # run even when a test failed: both tell what broke
exit "$status"
