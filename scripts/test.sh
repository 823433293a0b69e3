#!/usr/bin/env bash
# Set up and run every test: unit and integration tests, then the eval harness.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export HF_HUB_OFFLINE=1 ANONYMIZED_TELEMETRY=False
if [ -z "${ASSISTANT_REALDATA_DIR:-}" ] && [ -d ../shared/realdata ]; then
  export ASSISTANT_REALDATA_DIR="$(cd ../shared/realdata && pwd)"
fi
suites=(tests)
[ -n "$(ls evals/test_*.py 2>/dev/null)" ] && suites+=(evals)
exec .venv/bin/python -m pytest "${suites[@]}" "$@"
