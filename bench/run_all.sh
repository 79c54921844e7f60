#!/usr/bin/env bash
# Run every ClaimDesk benchmark, one after the other, and refresh bench/results/.
#
#   bench/run_all.sh            # everything (about 25 min on a 2-core machine)
#   bench/run_all.sh quick      # smaller sizes (a few minutes), results under /tmp: a smoke test
#
# Corpora and databases go to $CLAIMDESK_BENCH_DIR (default /tmp/claimdesk-bench), never
# into the repository. Needs the dev venv plus py-spy and matplotlib:
#   .venv/bin/pip install py-spy matplotlib
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
if [[ "${1:-}" == "quick" ]]; then
    export CLAIMDESK_BENCH_RESULTS="${CLAIMDESK_BENCH_DIR:-/tmp/claimdesk-bench}/results-quick"
    "$PY" bench/bench_pipeline.py --sizes 200 --label quick
    "$PY" bench/bench_concurrency.py --levels 1 4 --latency-ms 200
    "$PY" bench/bench_rules.py --size 50 --seed-rounds 1
    "$PY" bench/bench_local_model.py --gen-tokens 16 --skip-cli
    "$PY" bench/bench_review_app.py --sizes 1000 --repeats 1
    "$PY" bench/bench_storage.py --claims 10000 --gold-articles 100
    exit 0
fi
"$PY" bench/bench_pipeline.py --sizes 1000 10000 --profile
"$PY" bench/bench_pipeline.py --sizes 1000 --concurrency 4 --label c4
"$PY" bench/bench_concurrency.py
"$PY" bench/bench_rules.py
"$PY" bench/bench_review_app.py
"$PY" bench/bench_storage.py
"$PY" bench/bench_local_model.py
