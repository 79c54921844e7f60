"""Storage, export and scorer costs.

1. DuckDB file size per 10,000 claims: a database filled in SQL with `--claims` claims
   (`bench/fill_db.py`: articles ~4 KB, 20% reviewed, no LLM call log), the same claims
   table alone, and (when present) the database `bench_pipeline.py` left after its
   largest run (articles, claims and the full LLM call log of the openai engine).
2. `claimdesk export --format parquet` (and csv, jsonl) of the 100,000-claim database:
   wall time of the CLI, and of `export_claims` alone in process.
3. The eval scorer (`extraction.evaluation.scoring.score`) on `--gold-articles` gold
   articles: the 5 gold seed articles of `eval/gold/seeds.jsonl` repeated under new ids,
   each with the rules engine's predictions for it (grounded), timed alone.

    .venv/bin/python bench/bench_storage.py [--claims 100000] [--gold-articles 1000]

Results: bench/results/storage.json.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
from common import CLAIMDESK, REPO, run_command, save_results, workdir
from fill_db import fill

GOLD = REPO / "eval" / "gold" / "seeds.jsonl"


def _mib(path: Path) -> float:
    return round(path.stat().st_size / 2**20, 2)


def _copy_tables(source: Path, work: Path, tables: list[str]) -> float:
    """Size of a database holding only `tables` of `source` (copied, no indexes)."""
    target = work / "tables-copy.duckdb"
    for candidate in (target, target.with_name(target.name + ".wal")):
        if candidate.exists():
            candidate.unlink()
    con = duckdb.connect(str(target))
    try:
        con.execute(f"ATTACH '{source}' AS src (READ_ONLY)")
        for table in tables:
            con.execute(f"CREATE TABLE {table} AS SELECT * FROM src.{table}")
        con.execute("DETACH src")
    finally:
        con.close()
    return _mib(target)


def sizes(db: Path, n_claims: int, work: Path) -> dict[str, Any]:
    """File sizes per 10,000 claims."""
    per = 10_000 / n_claims
    result: dict[str, Any] = {
        "filled_claims": n_claims,
        "filled_db_mib": _mib(db),
        "filled_db_mib_per_10k_claims": round(_mib(db) * per, 2),
        "claims_table_only_mib_per_10k_claims": round(_copy_tables(db, work, ["claims"]) * per, 2),
    }
    pipeline_dbs = sorted(work.glob("pipeline-*-c1-l0.duckdb"), key=lambda p: p.stat().st_size)
    if pipeline_dbs:
        biggest = pipeline_dbs[-1]
        con = duckdb.connect(str(biggest), read_only=True)
        try:
            row = con.execute(
                "SELECT (SELECT count(*) FROM claims), (SELECT count(*) FROM articles),"
                " (SELECT count(*) FROM llm_calls),"
                " (SELECT sum(length(request) + length(response)) FROM llm_calls)"
            ).fetchone()
        finally:
            con.close()
        assert row is not None
        claims = int(row[0])
        result["pipeline_db"] = {
            "path": biggest.name,
            "claims": claims,
            "articles": int(row[1]),
            "llm_calls": int(row[2]),
            "llm_call_text_mib_uncompressed": round(int(row[3] or 0) / 2**20, 1),
            "db_mib": _mib(biggest),
            "db_mib_per_10k_claims": round(_mib(biggest) * 10_000 / claims, 2) if claims else None,
            "llm_calls_table_only_mib": _copy_tables(biggest, work, ["llm_calls"]),
            "articles_table_only_mib": _copy_tables(biggest, work, ["articles"]),
            "claims_table_only_mib": _copy_tables(biggest, work, ["claims"]),
        }
    return result


def exports(db: Path, work: Path, repeats: int = 3) -> dict[str, Any]:
    """Time `claimdesk export` per format, and `export_claims` alone."""
    from extraction.store.connection import Store
    from extraction.store.export import export_claims

    result: dict[str, Any] = {}
    for fmt in ("parquet", "csv", "jsonl"):
        out = work / f"export.{fmt}"
        timed = run_command([str(CLAIMDESK), "export", str(out), "--format", fmt, "--db", str(db)])
        if timed.returncode != 0:
            raise SystemExit(f"claimdesk export failed: {timed.stderr[-2000:]}")
        in_process = []
        store = Store(db)
        for _ in range(repeats):
            started = time.perf_counter()
            with store.connect(read_only=True) as con:
                rows = export_claims(con, out, fmt)
            in_process.append(time.perf_counter() - started)
        result[fmt] = {
            "rows": rows,
            "cli_wall_seconds": round(timed.seconds, 2),
            "export_claims_median_seconds": round(statistics.median(in_process), 3),
            "file_mib": _mib(out),
        }
    return result


def scorer(n_articles: int, repeats: int = 3) -> dict[str, Any]:
    """Time the scorer on `n_articles` gold articles with the rules engine's predictions."""
    from extraction.engines.base import EngineSettings, create_engine
    from extraction.evaluation.gold import load_gold
    from extraction.evaluation.scoring import score
    from extraction.text.grounding import ground_claims

    seeds = load_gold(GOLD)
    engine = create_engine("rules", EngineSettings())
    predicted = {g.id: ground_claims(g.text, engine.extract(g).claims) for g in seeds}
    gold = []
    predictions = {}
    for n in range(n_articles):
        seed = seeds[n % len(seeds)]
        copy = seed.model_copy(update={"id": f"{seed.id}-{n:05d}"})
        gold.append(copy)
        predictions[copy.id] = predicted[seed.id]
    times = []
    result = None
    for _ in range(repeats):
        started = time.perf_counter()
        result = score(gold, predictions)
        times.append(time.perf_counter() - started)
    assert result is not None
    n_gold = sum(len(g.claims) for g in gold)
    n_pred = sum(len(p) for p in predictions.values())
    seconds = statistics.median(times)
    return {
        "gold_articles": n_articles,
        "gold_claims": n_gold,
        "predicted_claims": n_pred,
        "seconds_median": round(seconds, 3),
        "ms_per_article": round(1000 * seconds / n_articles, 3),
        "claim_f1": round(result.claims.f1, 4),
    }


def main(argv: list[str] | None = None) -> int:
    """Fill, measure, print, save."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--gold-articles", type=int, default=1000)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args(argv)
    work = workdir(args.workdir)
    db = work / f"storage-{args.claims}.duckdb"
    filled = fill(db, args.claims)
    results = {
        "fill": filled,
        "sizes": sizes(db, args.claims, work),
        "export": exports(db, work),
        "scorer": scorer(args.gold_articles),
    }
    for name, value in results.items():
        print(f"{name:7s} {value}", flush=True)
    save_results("storage", results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
