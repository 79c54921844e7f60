"""Pipeline overhead: `claimdesk extract --engine openai` against a fake server answering at once.

Everything but the model is measured: ingestion, prompt rendering, cache lookups,
instructor and the openai client, HTTP on 127.0.0.1, grounding and the DuckDB writes.
For each size the CLI runs in a subprocess on a fresh database; the report gives the
wall time (process start to exit), the batch time (the run's own started/finished
stamps: no interpreter start-up or imports), articles per second and ms per article,
and SQL checks (every article done once, claims = articles x claims per response).

    .venv/bin/python bench/bench_pipeline.py                      # 1,000 and 10,000
    .venv/bin/python bench/bench_pipeline.py --sizes 1000 --profile
    .venv/bin/python bench/bench_pipeline.py --label before       # keep several results

`--profile` records the first size under py-spy (collapsed stacks) and writes the top
frames to bench/results/pipeline_profile[-LABEL].json (see bench/profile_summary.py).
Results: bench/results/pipeline[-LABEL].json.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import duckdb
from common import (
    CLAIMDESK,
    RESULTS,
    corpus,
    fake_server,
    fresh_db,
    plot_available,
    profiled,
    run_command,
    save_results,
    workdir,
)
from profile_summary import summarise

CLAIMS_PER_RESPONSE = 3


def db_checks(db: Path, expected_articles: int, claims_per_article: int) -> dict[str, Any]:
    """What the run left in the database, and whether it is what it should be."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        run = con.execute(
            "SELECT id, status, n_articles, n_failed, n_claims,"
            " epoch(finished_at) - epoch(started_at) FROM runs ORDER BY started_at DESC LIMIT 1"
        ).fetchone()
        assert run is not None
        run_id = run[0]
        done = con.execute(
            "SELECT count(DISTINCT article_id) FROM extractions"
            " WHERE run_id = ? AND status = 'done'",
            [run_id],
        ).fetchone()
        duplicates = con.execute(
            "SELECT count(*) FROM (SELECT article_id, run_key FROM extractions"
            " WHERE status = 'done' GROUP BY 1, 2 HAVING count(*) > 1)"
        ).fetchone()
        failed = con.execute("SELECT count(*) FROM extractions WHERE status = 'failed'").fetchone()
        claims = con.execute("SELECT count(*) FROM claims WHERE run_id = ?", [run_id]).fetchone()
        calls = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE parsed) FROM llm_calls WHERE run_id = ?",
            [run_id],
        ).fetchone()
    finally:
        con.close()
    assert done and duplicates and failed and claims and calls
    checks = {
        "run_status": run[1],
        "articles_done": int(done[0]),
        "articles_failed": int(failed[0]),
        "duplicate_done_rows": int(duplicates[0]),
        "claims": int(claims[0]),
        "llm_calls": int(calls[0]),
        "llm_calls_parsed": int(calls[1]),
        "batch_seconds": float(run[5]),
        "db_bytes": db.stat().st_size,
    }
    checks["ok"] = (
        checks["run_status"] == "done"
        and checks["articles_done"] == expected_articles
        and checks["articles_failed"] == 0
        and checks["duplicate_done_rows"] == 0
        and checks["claims"] == expected_articles * claims_per_article
    )
    return checks


def extract_command(
    corpus_path: Path, db: Path, base_url: str, concurrency: int, limit: int | None = None
) -> list[str]:
    """The CLI call being measured."""
    args = [
        str(CLAIMDESK),
        "extract",
        str(corpus_path),
        "--engine",
        "openai",
        "--base-url",
        base_url,
        "--model",
        "fake",
        "--db",
        str(db),
        "--concurrency",
        str(concurrency),
    ]
    return args + (["--limit", str(limit)] if limit is not None else [])


def measure(
    size: int,
    work: Path,
    concurrency: int,
    profile_to: Path | None,
    latency_ms: float = 0.0,
    corpus_size: int | None = None,
    code: Path | None = None,
) -> dict[str, Any]:
    """One CLI run over `size` generated articles (the first of a corpus of `corpus_size`)
    on a fresh database; `code`: a ClaimDesk source tree to run instead of this one."""
    articles = corpus(corpus_size or size, work)
    limit = size if corpus_size else None
    db = fresh_db(work / f"pipeline-{size}-c{concurrency}-l{int(latency_ms)}.duckdb")
    env = {"OPENAI_API_KEY": ""}
    if code is not None:
        env["PYTHONPATH"] = str(code.resolve())
    with fake_server(latency_ms=latency_ms, claims=CLAIMS_PER_RESPONSE) as server:
        startup = run_command(
            extract_command(articles, fresh_db(work / "startup.duckdb"), server.base_url, 1, 0),
            env=env,
        )
        args = extract_command(articles, db, server.base_url, concurrency, limit)
        if profile_to is not None:
            args = profiled(args, profile_to)
        timed = run_command(args, env=env)
        stats = server.stats()
    server_cpu = server.cpu_seconds - timed.cpu_seconds - startup.cpu_seconds
    if timed.returncode != 0:
        print(timed.stdout[-3000:], timed.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"extract failed with exit status {timed.returncode}")
    checks = db_checks(db, size, CLAIMS_PER_RESPONSE)
    batch = checks["batch_seconds"]
    return {
        "articles": size,
        "concurrency": concurrency,
        "latency_ms": latency_ms,
        "profiled": profile_to is not None,
        "wall_seconds": round(timed.seconds, 3),
        "batch_seconds": round(batch, 3),
        "startup_seconds": round(timed.seconds - batch, 3),
        "articles_per_second_batch": round(size / batch, 1),
        "articles_per_second_wall": round(size / timed.seconds, 1),
        "ms_per_article_batch": round(1000 * batch / size, 2),
        "cli_cpu_seconds": round(timed.cpu_seconds, 2),
        "cli_cpu_ms_per_article": round(1000 * timed.cpu_seconds / size, 2),
        "startup_cpu_seconds": round(startup.cpu_seconds, 2),
        "batch_cpu_ms_per_article": round(
            1000 * (timed.cpu_seconds - startup.cpu_seconds) / size, 2
        ),
        "server_cpu_ms_per_article": round(1000 * server_cpu / size, 2),
        "server_requests": stats["requests"],
        "server_max_in_flight": stats["max_in_flight"],
        "db_mib": round(checks["db_bytes"] / 2**20, 1),
        "checks": checks,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the sizes, print a table, save the results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument(
        "--profile", action="store_true", help="one more run of the first size, under py-spy"
    )
    parser.add_argument("--label", default="", help="suffix of the results file")
    parser.add_argument("--code", type=Path, default=None, help="run this ClaimDesk tree instead")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args(argv)
    work = workdir(args.workdir)
    suffix = f"-{args.label}" if args.label else ""
    rows = []
    for size in args.sizes:
        row = measure(size, work, args.concurrency, None, code=args.code)
        rows.append(row)
        print(
            f"{size:>6} articles  batch {row['batch_seconds']:8.2f} s"
            f"  {row['articles_per_second_batch']:7.1f} art/s  {row['ms_per_article_batch']:6.2f}"
            f" ms/art  wall {row['wall_seconds']:8.2f} s  batch cpu"
            f" {row['batch_cpu_ms_per_article']:.2f} ms/art (+ server"
            f" {row['server_cpu_ms_per_article']:.2f})  db {row['db_mib']} MiB"
            f"  checks {'ok' if row['checks']['ok'] else 'FAILED'}",
            flush=True,
        )
    save_results(f"pipeline{suffix}", {"concurrency": args.concurrency, "runs": rows})
    if plot_available():
        plot(RESULTS / "pipeline.png")
    if args.profile:
        raw = work / f"pipeline-{args.sizes[0]}{suffix}.raw"
        measure(args.sizes[0], work, args.concurrency, raw, code=args.code)
        save_results(f"pipeline_profile{suffix}", _profile_top(raw))
    return 0 if all(row["checks"]["ok"] for row in rows) else 1


def plot(out: Path) -> None:
    """ms per article (batch wall, batch CPU of the CLI, CPU of the fake server) of every
    saved pipeline result (`pipeline*.json`), grouped by result and size."""
    import json

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    groups = []
    for path in sorted(RESULTS.glob("pipeline*.json")):
        if path.name.startswith("pipeline_profile"):
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        label = path.stem.removeprefix("pipeline").lstrip("-") or "after"
        for row in data["runs"]:
            name = f"{label}\n{row['articles']} art, c={row['concurrency']}"
            groups.append((name, row))
    if not groups:
        return
    order = {"before": 0, "after": 1}
    groups.sort(key=lambda g: (order.get(g[0].split("\n")[0], 2), g[1]["articles"]))
    fig, ax = plt.subplots(figsize=(max(6, 1.6 * len(groups)), 4), dpi=120)
    width = 0.27
    xs = range(len(groups))
    series = (
        ("ms_per_article_batch", "wall per article (batch)"),
        ("batch_cpu_ms_per_article", "CLI CPU per article"),
        ("server_cpu_ms_per_article", "fake server CPU per article"),
    )
    for offset, (key, label) in enumerate(series):
        values = [row.get(key, 0) or 0 for _, row in groups]
        ax.bar([x + (offset - 1) * width for x in xs], values, width, label=label)
    ax.axhline(5, color="red", linestyle="--", linewidth=1, label="target: 5 ms (200 art/s)")
    ax.set_xticks(list(xs), [name for name, _ in groups], fontsize=8)
    ax.set_ylabel("ms per article")
    ax.set_yscale("log")
    ax.set_title("claimdesk extract --engine openai vs an instant fake server")
    ax.legend(fontsize=8)
    ax.grid(True, axis="y", which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(out)
    plt.close(fig)


def _profile_top(raw: Path, top: int = 30) -> dict[str, Any]:
    summary = summarise(raw)
    samples = int(summary["samples"]) or 1  # type: ignore[call-overload]
    result: dict[str, Any] = {"samples": samples, "raw": str(raw)}
    for kind in ("self", "total"):
        counter = summary[kind]
        result[kind] = [
            [name, round(100 * n / samples, 1)]
            for name, n in counter.most_common(top)  # type: ignore[attr-defined]
        ]
    return result


if __name__ == "__main__":
    sys.exit(main())
