#!/usr/bin/env bash
# Run every ClaimDesk benchmark, one after the other, and refresh bench/results/.
#
#   bench/run_all.sh            # everything (about 25 min on a 2-core machine)
#   bench/run_all.sh quick      # smaller sizes (a few minutes), results under /tmp: a smoke test
#
# A script exits 1 when its target does not hold (the review app in a browser, for one);
# the others still run, and the list of those that exited non-zero is printed at the end.
# Corpora and databases go to $CLAIMDESK_BENCH_DIR (default /tmp/claimdesk-bench), never
# into the repository. Needs the dev venv plus py-spy and matplotlib:
#   .venv/bin/pip install py-spy matplotlib
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
failed=()
run() {
    echo "== $*"
    "$PY" "$@" || failed+=("$*")
}
if [[ "${1:-}" == "quick" ]]; then
    export CLAIMDESK_BENCH_RESULTS="${CLAIMDESK_BENCH_DIR:-/tmp/claimdesk-bench}/results-quick"
    run bench/bench_pipeline.py --sizes 200 --label quick
    run bench/bench_concurrency.py --levels 1 4 --latency-ms 200
    run bench/bench_rules.py --size 50 --seed-rounds 1
    run bench/bench_local_model.py --gen-tokens 16 --skip-cli
    run bench/bench_review_app.py --sizes 1000 --repeats 1
    run bench/bench_storage.py --claims 10000 --gold-articles 100
else
    run bench/bench_pipeline.py --sizes 1000 10000 --profile
    run bench/bench_pipeline.py --sizes 1000 --concurrency 4 --label c4
    run bench/bench_concurrency.py
    run bench/bench_rules.py
    run bench/bench_review_app.py
    run bench/bench_storage.py
    run bench/bench_local_model.py
fi
if ((${#failed[@]})); then
    printf 'exited non-zero (target missed or error):\n'
    printf '  %s\n' "${failed[@]}"
    exit 1
fi
