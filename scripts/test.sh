#!/usr/bin/env bash
# Set up and run the tests that gate a landing (see "Tests" in README.md for the suites still in progress).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export HF_HUB_OFFLINE=1 ANONYMIZED_TELEMETRY=False RAGAS_DO_NOT_TRACK=true
if [ -z "${ASSISTANT_REALDATA_DIR:-}" ] && [ -d ../shared/realdata ]; then
  export ASSISTANT_REALDATA_DIR="$(cd ../shared/realdata && pwd)"
fi
# Gating suites: verified green on this machine. Pass paths (or -k) to run others, e.g. `make test ARGS=evals`.
GATING=(tests/test_knowledge.py tests/test_knowledge_data.py tests/retrieval tests/agent/test_graph.py
        tests/agent/test_llm_writer.py tests/test_cli.py tests/tasks/test_describe.py tests/tasks/test_classify.py
        tests/ui/test_browser.py::test_wrong_password_is_refused
        tests/ui/test_browser.py::test_shopper_signs_in_gets_a_cited_answer_and_no_merchant_profile)
if [ "$#" -gt 0 ]; then
  exec .venv/bin/python -m pytest "$@"
fi
exec .venv/bin/python -m pytest "${GATING[@]}"
