"""The rules engine: articles per second, engine only and end to end.

1. Engine only, in process: the spaCy model loaded first (not timed), then
   `engine.extract` over the 5 seed articles (repeated `--seed-rounds` times) and over
   `--size` generated articles; articles/s, ms/article, kchars/s, claims/article.
2. End to end: `claimdesk extract --engine rules` over the same generated articles on a
   fresh database, in a subprocess: wall, batch (the run's own stamps) and CPU time.

    .venv/bin/python bench/bench_rules.py [--size 1000]

Results: bench/results/rules.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
from common import CLAIMDESK, REPO, corpus, fresh_db, run_command, save_results, workdir

from extraction.engines.base import EngineError, EngineSettings, create_engine
from extraction.schema import Article
from extraction.text.ingest import ingest_paths

SEEDS = REPO / "examples" / "articles"


def _time_engine(articles: list[Article], rounds: int = 1) -> dict[str, Any]:
    engine = create_engine("rules", EngineSettings())
    engine.extract(articles[0])  # loads spaCy: not timed
    claims = 0
    chars = 0
    failures: list[str] = []
    cpu = time.process_time()
    started = time.perf_counter()
    for _ in range(rounds):
        for article in articles:
            try:
                claims += len(engine.extract(article).claims)
            except EngineError as error:  # counted, as the pipeline does
                failures.append(str(error)[:300])
            chars += len(article.text)
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu
    n = len(articles) * rounds
    return {
        "articles": n,
        "seconds": round(wall, 3),
        "articles_per_second": round(n / wall, 1),
        "ms_per_article": round(1000 * wall / n, 2),
        "cpu_ms_per_article": round(1000 * cpu / n, 2),
        "kchars_per_second": round(chars / wall / 1000, 1),
        "claims_per_article": round(claims / n, 2),
        "failures": len(failures),
        "failure_examples": sorted(set(failures))[:3],
    }


def _generated(path: Path, size: int) -> list[Article]:
    articles = []
    for line in path.read_text(encoding="utf-8").splitlines()[:size]:
        record = json.loads(line)
        text = record["text"]
        articles.append(Article(id=Article.id_for_text(text), text=text, title=record["title"]))
    return articles


def _end_to_end(path: Path, work: Path, size: int) -> dict[str, Any]:
    db = fresh_db(work / f"rules-{size}.duckdb")
    timed = run_command(
        [str(CLAIMDESK), "extract", str(path), "--engine", "rules", "--db", str(db)]
    )
    if timed.returncode not in (0, 1):  # 1: some articles failed (counted below)
        print(timed.stdout[-2000:], timed.stderr[-2000:], file=sys.stderr)
        raise SystemExit(f"claimdesk extract --engine rules failed ({timed.returncode})")
    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute(
            "SELECT n_articles, n_claims, epoch(finished_at) - epoch(started_at), n_failed"
            " FROM runs"
        ).fetchone()
    finally:
        con.close()
    assert row is not None
    batch = float(row[2])
    return {
        "articles": int(row[0]),
        "articles_failed": int(row[3]),
        "claims": int(row[1]),
        "wall_seconds": round(timed.seconds, 2),
        "batch_seconds": round(batch, 2),
        "startup_seconds": round(timed.seconds - batch, 2),
        "articles_per_second_batch": round(int(row[0]) / batch, 1),
        "articles_per_second_wall": round(int(row[0]) / timed.seconds, 1),
        "cpu_ms_per_article_incl_startup": round(1000 * timed.cpu_seconds / int(row[0]), 2),
    }


def main(argv: list[str] | None = None) -> int:
    """Time the engine and the CLI; print and save."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--seed-rounds", type=int, default=10)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args(argv)
    work = workdir(args.workdir)
    seeds = ingest_paths([SEEDS]).articles
    path = corpus(args.size, work)
    results = {
        "engine_seeds": _time_engine(seeds, args.seed_rounds),
        "engine_generated": _time_engine(_generated(path, args.size)),
        "cli_generated": _end_to_end(path, work, args.size),
    }
    for name, row in results.items():
        print(f"{name:18s} " + "  ".join(f"{k}={v}" for k, v in row.items()), flush=True)
    save_results("rules", results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
