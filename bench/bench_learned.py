"""The learned engine next to the rules engine: articles per second and peak memory.

Each engine runs in its own fresh process (so peak RSS is that engine's alone): the
models loaded first (not timed), then `extract_batch` over `--size` articles, in batches
of the engine's `batch_size` (the learned engine spreads a batch over its worker
processes: both cores of a 2-core machine), or `extract` one by one for `rules`
(no batch method in this version). Articles: the dev-real texts when given with
`--articles FILE.jsonl` (evaluation only: nothing is written), else `make_articles.py`'s
generated corpus. Reports articles/s, ms/article, kchars/s, claims/article and the peak
RSS of the process and its children.

    .venv/bin/python bench/bench_learned.py [--size 300] [--articles FILE] [--model-path DIR]

Results: bench/results/learned.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from common import REPO, corpus, machine, save_results, workdir

from extraction.engines.base import EngineSettings, create_engine
from extraction.schema import Article


def _articles(path: Path, size: int) -> list[Article]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    rows = (rows * (size // max(1, len(rows)) + 1))[:size]
    return [Article(id=Article.id_for_text(row["text"]), text=row["text"]) for row in rows]


def _peak_mb() -> dict[str, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"peak_rss_mb": round(own, 1), "peak_rss_children_mb": round(children, 1)}


def _workers(engine: Any) -> dict[str, float]:
    """CPU seconds and peak RSS of the engine's worker processes (they are children of a
    forkserver, so getrusage does not see them): from /proc, before they stop."""
    pids: list[int] = []
    for name in ("_learned_pool", "_pool"):  # the learned engine's pool, the rules engine's
        pool = getattr(engine, name, None)
        executor = getattr(pool, "_pool", pool)  # rules' WorkerPool wraps an executor
        pids += list(getattr(executor, "_processes", {}) or {}) if executor is not None else []
    cpu = 0.0
    peak = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            cpu += (int(fields[11]) + int(fields[12])) / tick
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]) / 1024)
        except (OSError, IndexError, ValueError):
            continue
    return {
        "workers": len(pids),
        "worker_cpu_seconds": round(cpu, 2),
        "worker_peak_rss_mb": round(peak, 1),
    }


def measure(engine_name: str, path: Path, size: int, model_path: str | None) -> dict[str, Any]:
    """One engine over the articles, in this process."""
    options = {"model_path": model_path} if model_path else {}
    engine = create_engine(engine_name, EngineSettings(options=options))
    articles = _articles(path, size)
    engine.extract(articles[0])  # loads the models: not timed
    batch = getattr(engine, "batch_size", 1)
    extract_batch = getattr(engine, "extract_batch", None)
    if extract_batch is not None:
        extract_batch(articles[: min(len(articles), 32)])  # starts the worker processes
    before = _workers(engine)
    claims = 0
    cpu = time.process_time()
    started = time.perf_counter()
    for offset in range(0, len(articles), batch):
        chunk = articles[offset : offset + batch]
        if extract_batch is not None:
            results = extract_batch(chunk)
        else:
            results = [engine.extract(article) for article in chunk]
        claims += sum(len(getattr(result, "claims", [])) for result in results)
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu
    workers = _workers(engine)
    workers["worker_cpu_seconds"] = round(
        workers["worker_cpu_seconds"] - before["worker_cpu_seconds"], 2
    )
    close = getattr(engine, "close", None)
    if close is not None:
        close()
    chars = sum(len(article.text) for article in articles)
    total_cpu = cpu + workers["worker_cpu_seconds"]
    return {
        "engine": engine_name,
        "model": engine.model,
        "articles": len(articles),
        "seconds": round(wall, 2),
        "articles_per_second": round(len(articles) / wall, 1),
        "ms_per_article": round(1000 * wall / len(articles), 1),
        "parent_cpu_ms_per_article": round(1000 * cpu / len(articles), 1),
        "kchars_per_second": round(chars / wall / 1000, 1),
        "claims_per_article": round(claims / len(articles), 2),
        "cpu_ms_per_article_all_processes": round(1000 * total_cpu / len(articles), 1),
        "articles_per_second_on_2_idle_cores_cpu_bound": round(
            min(2, 1 + workers["workers"]) / (total_cpu / len(articles)) if total_cpu else 0, 1
        ),
        **workers,
        **_peak_mb(),
    }


def main(argv: list[str] | None = None) -> int:
    """Run each engine in a child process; print and save."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=300)
    parser.add_argument("--articles", type=Path, default=None)
    parser.add_argument("--model-path", default=None)
    parser.add_argument("--engines", default="rules,learned")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.child, args.articles, args.size, args.model_path)))
        return 0
    path = args.articles or corpus(args.size, workdir(None))
    results: dict[str, Any] = {"machine": machine(), "articles_file": str(path), "runs": []}
    for name in args.engines.split(","):
        command = [sys.executable, __file__, "--child", name, "--articles", str(path)]
        command += ["--size", str(args.size)]
        if args.model_path:
            command += ["--model-path", args.model_path]
        done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=REPO)
        row = json.loads(done.stdout.strip().splitlines()[-1])
        results["runs"].append(row)
        print("  ".join(f"{key}={value}" for key, value in row.items()), flush=True)
    if args.articles is None:
        save_results("learned", results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
