"""The rules engine on one core and on all: `claimdesk extract --engine rules` end to end.

Runs the same corpus twice on fresh databases, `-o workers=1` then the default (one
worker process per CPU), and reports articles/s of each, the speed-up, the load average
around each run (the machine is shared: compare only quiet runs) and whether the two
runs stored identical claims.

    .venv/bin/python bench/make_articles.py 1000 --out /tmp/claimdesk-bench/a1000.jsonl
    .venv/bin/python bench/bench_rules_cores.py /tmp/claimdesk-bench/a1000.jsonl

Results: bench/results/rules_cores.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb

REPO = Path(__file__).resolve().parents[1]


def _claims(db: Path) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "SELECT article_id, idx, statement, claimant, claimant_type, certainty, evidence,"
            " CAST(claim_date AS VARCHAR) FROM claims ORDER BY article_id, idx"
        ).fetchall()
    finally:
        con.close()


def _run(corpus: Path, folder: Path, label: str, *options: str) -> dict[str, Any]:
    db = folder / f"{label}.duckdb"
    command = [
        sys.executable,
        "-c",
        "from extraction.cli import main; main()",
        "extract",
        str(corpus),
        "--db",
        str(db),
        "--engine",
        "rules",
        *options,
    ]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{label} failed: {done.stderr[-2000:]}")
    claims = _claims(db)
    articles = len({row[0] for row in claims})
    return {
        "label": label,
        "options": list(options),
        "seconds": round(wall, 2),
        "articles_with_claims": articles,
        "claims": len(claims),
        "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2),
        "_rows": claims,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--articles", type=int, default=None, help="articles in the corpus")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "rules_cores.json")
    args = parser.parse_args()
    n = args.articles or sum(1 for line in args.corpus.open(encoding="utf-8") if line.strip())
    with tempfile.TemporaryDirectory() as folder:
        one = _run(args.corpus, Path(folder), "one-core", "-o", "workers=1")
        both = _run(args.corpus, Path(folder), "all-cores")
    identical = one.pop("_rows") == both.pop("_rows")
    for run in (one, both):
        run["articles_per_second"] = round(n / run["seconds"], 2)
    result = {
        "articles": n,
        "cpus": len(os.sched_getaffinity(0)),
        "one_core": one,
        "all_cores": both,
        "speedup": round(one["seconds"] / both["seconds"], 2),
        "identical_claims": identical,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
