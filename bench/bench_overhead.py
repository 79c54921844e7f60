"""Overhead ratio: `claimdesk extract` against the bare instructor + openai loop, same run.

For each size and repetition, against one instant fake server (3 claims per answer) on
the same cores, one after the other: the bare loop (`bare_loop.py`, `--concurrency C`
threads), `claimdesk extract --concurrency C` (threads in one process) and
`claimdesk extract --concurrency C --processes P` (worker processes), each CLI run on a
fresh database; with `--before-code DIR` also the same `--processes` run of another source
tree (an older commit: the "before"), in the same repetition. Rates are articles per
second of the measured part: the bare loop's own clock around its requests, the run's
started/finished stamps for ClaimDesk (neither counts interpreter start-up or imports).
The ratio is ClaimDesk's rate over the bare loop's of the same repetition; the 1-minute
load average is recorded before each run.

    .venv/bin/python bench/bench_overhead.py --sizes 1000 10000 --repeats 3
    .venv/bin/python bench/bench_overhead.py --before-code /tmp/claimdesk-349e8f8 --no-threads
Results: bench/results/overhead[-LABEL].json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from pathlib import Path
from typing import Any

from bench_pipeline import CLAIMS_PER_RESPONSE, db_checks, extract_command
from common import BENCH, PYTHON, corpus, fake_server, fresh_db, run_command, save_results, workdir


def _bare(articles: Path, base_url: str, concurrency: int, size: int) -> dict[str, Any]:
    load = os.getloadavg()[0]
    args = [str(PYTHON), str(BENCH / "bare_loop.py"), str(articles), "--base-url", base_url]
    timed = run_command([*args, "--concurrency", str(concurrency), "--limit", str(size)])
    if timed.returncode != 0:
        raise SystemExit(f"bare loop failed: {timed.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(timed.stdout.strip().splitlines()[-1])
    return {"load_1m": round(load, 2), "rate": round(result["articles_per_second"], 1)}


def _claimdesk(
    articles: Path,
    db: Path,
    base_url: str,
    concurrency: int,
    processes: int,
    size: int,
    code: Path | None = None,
) -> dict[str, Any]:
    load = os.getloadavg()[0]
    args = extract_command(articles, fresh_db(db), base_url, concurrency, size)
    env = {"OPENAI_API_KEY": ""}
    if code is not None:  # another source tree first on the path: the "before"
        env["PYTHONPATH"] = os.pathsep.join([str(code), os.environ.get("PYTHONPATH", "")])
    timed = run_command([*args, "--processes", str(processes)], env=env)
    if timed.returncode != 0:
        raise SystemExit(f"extract failed: {timed.stderr[-2000:]}")
    checks = db_checks(db, size, CLAIMS_PER_RESPONSE)
    batch = checks["batch_seconds"]
    return {
        "load_1m": round(load, 2),
        "rate": round(size / batch, 1),
        "ms_per_article": round(1000 * batch / size, 2),
        "cpu_ms_per_article": round(1000 * timed.cpu_seconds / size, 2),
        "wall_seconds": round(timed.seconds, 2),
        "checks_ok": checks["ok"],
    }


def main(argv: list[str] | None = None) -> int:
    """Run the repetitions, print each, save medians."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--label", default="")
    parser.add_argument(
        "--before-code",
        type=Path,
        default=None,
        help="another ClaimDesk tree (e.g. an older commit) run with --processes in each"
        " repetition too, between the bare loop and this tree's runs",
    )
    parser.add_argument(
        "--no-threads", action="store_true", help="skip the --concurrency-only (threads) run"
    )
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args(argv)
    work = workdir(args.workdir)
    c, p = args.concurrency, args.processes
    rows: list[dict[str, Any]] = []
    ok = True
    with fake_server(claims=CLAIMS_PER_RESPONSE) as server:
        for size in args.sizes:
            articles = corpus(size, work)
            for rep in range(args.repeats):
                bare = _bare(articles, server.base_url, c, size)
                row: dict[str, Any] = {"articles": size, "repeat": rep, "bare": bare}
                line = f"{size:>6} #{rep}  bare {bare['rate']:6.1f}/s (load {bare['load_1m']})"
                runs = [] if args.no_threads else [("threads", 1, None)]
                if args.before_code is not None:
                    runs.append(("processes_before", p, args.before_code))
                runs.append(("processes", p, None))
                for name, count, code in runs:
                    db = work / f"oh-{name}.duckdb"
                    result = _claimdesk(articles, db, server.base_url, c, count, size, code)
                    row[name] = result
                    row[f"ratio_{name}"] = round(result["rate"] / bare["rate"], 3)
                    ok = ok and result["checks_ok"]
                    line += (
                        f"  {name} {result['rate']:6.1f}/s ({row[f'ratio_{name}']:.2f},"
                        f" {result['cpu_ms_per_article']} ms CPU, load {result['load_1m']})"
                    )
                rows.append(row)
                print(line, flush=True)
    medians = {}
    for size in args.sizes:
        mine = [row for row in rows if row["articles"] == size]
        names = [name for name in ("threads", "processes_before", "processes") if name in mine[0]]
        keys = ["bare.rate", "bare.load_1m"]
        for name in names:
            keys += [f"{name}.rate", f"ratio_{name}", f"{name}.ms_per_article"]
            keys += [f"{name}.cpu_ms_per_article"]
        medians[str(size)] = {
            key: statistics.median(
                row[key] if "ratio" in key else row[key.split(".")[0]][key.split(".")[1]]
                for row in mine
            )
            for key in keys
        }
        print(size, medians[str(size)])
    suffix = f"-{args.label}" if args.label else ""
    save_results(
        f"overhead{suffix}",
        {
            "concurrency": c,
            "processes": p,
            "before_code": str(args.before_code) if args.before_code else None,
            "runs": rows,
            "medians": medians,
        },
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
