"""Concurrency against a slow server: every answer takes 500 ms; `--concurrency 1, 4, 16, 64`.

With a 500 ms server, C requests in flight can give at most C x 2 articles per second;
the target is at least 80% of that up to C = 16, with no errors and no duplicate rows
(no article with two 'done' extractions under one run key, claims = articles x claims per
response). Each level runs the CLI on a fresh database over enough articles for about
15 s of ideal time (at least 20).

    .venv/bin/python bench/bench_concurrency.py [--levels 1 4 16 64] [--latency-ms 500]

Results: bench/results/concurrency.json and bench/results/concurrency.png.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from bench_pipeline import measure
from common import RESULTS, plot_available, save_results, workdir

IDEAL_SECONDS = 15.0
TARGET_SHARE = 0.8


def articles_for(level: int, latency_ms: float) -> int:
    """Articles that keep `level` requests busy for about IDEAL_SECONDS."""
    per_second = level * 1000 / latency_ms
    return max(20, int(per_second * IDEAL_SECONDS))


def plot(
    rows: list[dict[str, Any]],
    latency_ms: float,
    out: Path,
    before: list[dict[str, Any]] | None = None,
) -> None:
    """Throughput against concurrency, with the ideal, the 80% target and, when given, the
    same measured before the fixes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    levels = [row["concurrency"] for row in rows]
    ideal = [level * 1000 / latency_ms for level in levels]
    fig, ax = plt.subplots(figsize=(6, 4), dpi=120)
    ax.plot(levels, ideal, "--", color="grey", label="ideal: C x 1000/latency")
    ax.plot(levels, [TARGET_SHARE * i for i in ideal], ":", color="orange", label="target: 80%")
    ax.plot(levels, [row["articles_per_second_batch"] for row in rows], "o-", label="measured")
    if before:
        ax.plot(
            [row["concurrency"] for row in before],
            [row["articles_per_second_batch"] for row in before],
            "x",
            color="red",
            markersize=9,
            label="before the fixes",
        )
    ax.set_xscale("log", base=2)
    ax.set_yscale("log", base=2)
    ax.set_xticks(levels, [str(level) for level in levels])
    ax.set_xlabel("--concurrency")
    ax.set_ylabel("articles per second (batch)")
    ax.set_title(f"claimdesk extract vs a {latency_ms:.0f} ms server")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(out)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    """Run each level, check the database, save and plot."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 4, 16, 64])
    parser.add_argument("--latency-ms", type=float, default=500.0)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--label", default="", help="suffix of the results files")
    parser.add_argument("--code", type=Path, default=None, help="run this ClaimDesk tree instead")
    parser.add_argument("--plot-only", action="store_true", help="redraw from saved results")
    args = parser.parse_args(argv)
    suffix = f"-{args.label}" if args.label else ""
    if args.plot_only:
        _plot_saved()
        return 0
    work = workdir(args.workdir)
    corpus_size = max(articles_for(level, args.latency_ms) for level in args.levels)
    rows = []
    for level in args.levels:
        size = articles_for(level, args.latency_ms)
        row = measure(
            size, work, level, None, args.latency_ms, corpus_size=corpus_size, code=args.code
        )
        ideal = level * 1000 / args.latency_ms
        row["ideal_articles_per_second"] = ideal
        row["share_of_ideal"] = round(row["articles_per_second_batch"] / ideal, 3)
        row["meets_target"] = level > 16 or row["share_of_ideal"] >= TARGET_SHARE
        rows.append(row)
        checks = row["checks"]
        print(
            f"C={level:>3}  {size:>4} articles  {row['articles_per_second_batch']:7.1f} art/s"
            f"  ideal {ideal:6.1f}  {100 * row['share_of_ideal']:5.1f}%"
            f"  in flight max {row['server_max_in_flight']:>3}"
            f"  duplicates {checks['duplicate_done_rows']}  failed {checks['articles_failed']}"
            f"  claims {checks['claims']}  checks {'ok' if checks['ok'] else 'FAILED'}",
            flush=True,
        )
    save_results(f"concurrency{suffix}", {"latency_ms": args.latency_ms, "levels": rows})
    _plot_saved()
    ok = all(row["checks"]["ok"] and row["meets_target"] for row in rows)
    return 0 if ok else 1


def _plot_saved() -> None:
    """Draw concurrency.png from concurrency.json (and concurrency-before.json if saved)."""
    main_file, before_file = RESULTS / "concurrency.json", RESULTS / "concurrency-before.json"
    if not plot_available() or not main_file.exists():
        return
    data = json.loads(main_file.read_text(encoding="utf-8"))
    before = None
    if before_file.exists():
        before = json.loads(before_file.read_text(encoding="utf-8"))["levels"]
    plot(data["levels"], data["latency_ms"], RESULTS / "concurrency.png", before)


if __name__ == "__main__":
    sys.exit(main())
