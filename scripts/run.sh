#!/usr/bin/env bash
# Set up, build the index (only what changed), and serve the chat on http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export HF_HUB_OFFLINE=1 ANONYMIZED_TELEMETRY=False
# The chat's sign-in signs its session tokens with CHAINLIT_AUTH_SECRET: make one on the first run (.env is
# git-ignored; Chainlit and the settings both read it).
if ! grep -qs '^CHAINLIT_AUTH_SECRET=' .env; then
  echo "CHAINLIT_AUTH_SECRET=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(48))')" >> .env
fi
.venv/bin/storefront ingest
.venv/bin/storefront prepare  # trains the task models once (a few minutes on 2 cores), then only what changed
exec .venv/bin/chainlit run assistant/ui/app.py --headless --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}"
