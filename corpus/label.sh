#!/usr/bin/env bash
# Strong-model labels for the corpus, through ClaimDesk's own openai engine (../shared/strong-model/).
#   bash corpus/label.sh record PART   record part PART's requests against the instant loopback server
#                                      and split them into files a strong model answers (work/partN/lab)
#   bash corpus/label.sh replay PART   replay the answers (corpus/silver/answers/partN) through the real
#                                      openai engine on a fresh database and export the silver gold file
# The options of the two steps are the same, so the recorded request bodies match on replay.
set -euo pipefail
cd "$(dirname "$0")/.."
step=$1; part=$2
SHARED=${SHARED:-../shared/strong-model}
CLAIMDESK=${CLAIMDESK:-.venv/bin/claimdesk}
PY=${PY:-.venv/bin/python}
PORT=${PORT:-18777}
work=corpus/work/part$part
OPTIONS=(--engine openai --model strong --api-key none --max-reasks 0 --concurrency 1)
mkdir -p "$work"
"$PY" - "$part" "$work/articles.jsonl" <<'PY'
import sys
from pathlib import Path
sys.path.insert(0, "corpus")
import build
records = [r for r in build.build_records() if r["id"].startswith(f"corpus-part{sys.argv[1]}-")]
Path(sys.argv[2]).write_text(build.render(records), encoding="utf-8")
PY
case $step in
record)
    python3 "$SHARED/instant_server.py" "$PORT" >"$work/server.log" 2>&1 &
    server=$!
    trap 'kill $server' EXIT
    sleep 1
    rm -f "$work/scratch.duckdb"
    "$CLAIMDESK" extract "$work/articles.jsonl" "${OPTIONS[@]}" --base-url "http://127.0.0.1:$PORT/v1" \
        --record "$work/requests.cassette.jsonl" --db "$work/scratch.duckdb" || true
    python3 "$SHARED/requests.py" "$work/requests.cassette.jsonl" "$work/out"
    echo "give a strong model $work/out/ANSWERING.md, system.txt, tool_schema.json and requests/ only;"
    echo "its answers go to corpus/silver/answers/part$part/NNNN.json"
    ;;
replay)
    rm -rf "$work/out/answers" && cp -r "corpus/silver/answers/part$part" "$work/out/answers"
    python3 "$SHARED/cassette.py" "$work/requests.cassette.jsonl" "$work/out" "$work/answers.cassette.jsonl"
    rm -f "$work/replay.duckdb"
    "$CLAIMDESK" extract "$work/articles.jsonl" "${OPTIONS[@]}" --replay "$work/answers.cassette.jsonl" \
        --db "$work/replay.duckdb" || true
    run=$("$PY" -c "import duckdb,sys; print(duckdb.connect(sys.argv[1], read_only=True).execute('SELECT id FROM runs').fetchone()[0])" "$work/replay.duckdb")
    "$PY" corpus/export_silver.py "$work/replay.duckdb" "$run" "$work/articles.jsonl" "$work/silver.jsonl" \
        --label-model "strong model (a helper session answering recorded requests)"
    ;;
*) echo "usage: label.sh record|replay PART" >&2; exit 2 ;;
esac
