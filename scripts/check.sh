#!/usr/bin/env bash
# The one local check command: lint, format, layer contracts, types.
#   ruff check     - bugs and smells (pyflakes, bugbear, pyupgrade, isort, simplify, bandit...)
#   ruff format    - one formatting, no diffs in review
#   lint-imports   - the layer contract (schema < text|store < engines < pipeline|review|tracker
#                    < evaluation < training < cli < review_app) and the forbidden imports (no LLM client or
#                    Streamlit in schema/text/store; the review app never calls an LLM)
#   mypy           - types; strict on schema, text, store and eval scoring
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV:-.venv}/bin
status=0
run() {
    echo "== $*"
    if ! "$@"; then
        echo "!! failed: $*"
        status=1
    fi
}
run "$BIN/ruff" check extraction review_app tests bench eval scripts corpus
run "$BIN/ruff" format --check extraction review_app tests bench eval scripts corpus
run "$BIN/lint-imports"
run "$BIN/mypy"
exit $status
