"""Extraction as a Ray Data job (`claimdesk extract --executor ray`), past one machine.

The driver (the `claimdesk` process) reads and cleans the input with the same
ingestion as a local run (so article ids are the same), leaves out the articles
already done under the run key (unless `force`), and hands the rest to Ray Data in
shards (blocks). Actors run the engine: each builds it once from an `EngineSpec` and
extracts and grounds the articles of its batches on `threads` threads (requests in
flight, for LLM engines against one URL; 1 for the CPU-bound engines, which scale by
actors). Outcomes are written as Parquet with the run's identity
(`extraction.pipeline.load`), then the driver writes the manifest and loads the
directory into the DuckDB store in one transaction.

The database is never opened by a Ray worker: the single DuckDB writer stays the driver
(or whoever runs `claimdesk load DIR`). Ray is imported only here and only when a job
runs (the `ray` extra).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extraction.engines.base import Extractor, batch_size_of
from extraction.errors import ClaimDeskError
from extraction.pipeline.batch import run_info_for
from extraction.pipeline.load import (
    OUTCOMES,
    LoadSummary,
    identity_columns,
    load_run_dir,
    outcome_row,
    write_manifest,
)
from extraction.pipeline.outcomes import extract_outcomes
from extraction.pipeline.processes import EngineSpec
from extraction.schema import Article
from extraction.store.connection import Store
from extraction.store.records import new_id, utcnow
from extraction.store.runs import done_article_ids

#: Articles per Ray Data block (a shard a task or actor takes at once).
SHARD_ARTICLES = 64


class RayJobError(ClaimDeskError, RuntimeError):
    """The Ray job itself failed (cluster unreachable, an actor that cannot start)."""

    exit_code = 1


class RayNotInstalledError(ClaimDeskError, RuntimeError):
    """`--executor ray` without the `ray` extra."""


@dataclass(frozen=True)
class RayOptions:
    """How the Ray job runs."""

    address: str | None = None
    #: Engine actors (None: one per CPU of the cluster).
    actors: int | None = None
    #: Requests in flight per actor (LLM engines).
    threads: int = 1
    limit: int | None = None
    force: bool = False


@dataclass
class RayRun:
    """What the job did: the Parquet directory and the load's summary."""

    out_dir: Path
    run_id: str
    submitted: int = 0
    skipped_before: int = 0
    load: LoadSummary | None = None
    input_errors: list[str] = field(default_factory=list)


def import_ray() -> Any:
    """The `ray` module, or RayNotInstalledError saying how to install it."""
    try:
        import ray
        import ray.data
    except ImportError as error:
        raise RayNotInstalledError(
            f"--executor ray needs Ray: pip install 'claimdesk[ray]' ({error})"
        ) from error
    return ray


class EngineActor:
    """A Ray Data actor: the engine built once, batches of articles to outcome rows."""

    def __init__(self, spec: EngineSpec, threads: int, identity: dict[str, str]) -> None:
        self.engine = spec()
        self.size = batch_size_of(self.engine)
        self.identity = identity
        self.pool = ThreadPoolExecutor(threads) if threads > 1 else None

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        """Extract and ground a batch (column `article`: Article JSON) into outcome rows."""
        articles = [Article.model_validate_json(text) for text in batch["article"]]
        pieces = [articles[i : i + self.size] for i in range(0, len(articles), self.size)]

        def run(piece: list[Article]) -> list[Any]:
            return extract_outcomes(self.engine, piece)

        done = list(self.pool.map(run, pieces)) if self.pool else [run(p) for p in pieces]
        rows = [outcome_row(outcome, self.identity) for result in done for outcome in result]
        return {key: [row[key] for row in rows] for key in (rows[0] if rows else {})}


def _pending_articles(
    store: Store, run_key: str, items: Iterable[Article | str], options: RayOptions, run: RayRun
) -> list[Article]:
    """The input's articles to extract: new ids, not done under the run key, at most `limit`."""
    done: set[str] = set()
    if not options.force and store.path.exists():
        with store.connect(read_only=True) as con:
            done = done_article_ids(con, run_key)
    seen: set[str] = set()
    articles: list[Article] = []
    for item in items:
        if isinstance(item, str):
            run.input_errors.append(item)
            continue
        if item.id in seen:
            continue
        seen.add(item.id)
        if item.id in done:
            run.skipped_before += 1
            continue
        if options.limit is not None and len(articles) >= options.limit:
            continue
        articles.append(item)
    return articles


def run_ray_job(
    store: Store,
    engine: Extractor,
    spec: EngineSpec,
    items: Iterable[Article | str],
    out_dir: Path,
    options: RayOptions,
) -> RayRun:
    """Run the extraction on Ray, write `out_dir`, then load it into `store`."""
    ray = import_ray()
    info = run_info_for(engine)
    run = RayRun(out_dir=out_dir, run_id=new_id())
    articles = _pending_articles(store, info.run_key, items, options, run)
    run.submitted = len(articles)
    started_at = utcnow()
    out_dir.mkdir(parents=True, exist_ok=True)
    if articles:
        try:
            _run_dataset(ray, engine, spec, articles, out_dir, options, run.run_id)
        except Exception as error:  # Ray's own failures: one line, not a traceback
            first = (str(error).strip().splitlines() or [""])[0]
            raise RayJobError(f"the Ray job failed ({type(error).__name__}: {first})") from error
    else:
        (out_dir / OUTCOMES).mkdir(exist_ok=True)
    write_manifest(
        out_dir,
        run.run_id,
        info,
        started_at=started_at,
        finished_at=utcnow(),
        force=options.force,
        input_errors=run.input_errors,
        skipped=run.skipped_before,
    )
    store.ensure_schema()
    run.load = load_run_dir(store, out_dir)
    return run


def _run_dataset(
    ray: Any,
    engine: Extractor,
    spec: EngineSpec,
    articles: list[Article],
    out_dir: Path,
    options: RayOptions,
    run_id: str,
) -> None:
    """The Ray Data pipeline: articles in shards, engine actors, Parquet out."""
    _quiet(ray)
    if not ray.is_initialized():
        ray.init(address=options.address, log_to_driver=False, logging_level=logging.WARNING)
    actors = options.actors or max(1, int(ray.cluster_resources().get("CPU", 1)))
    rows = [{"article": article.model_dump_json()} for article in articles]
    blocks = max(1, math.ceil(len(rows) / SHARD_ARTICLES))
    dataset = ray.data.from_items(rows, override_num_blocks=blocks)
    outcomes = dataset.map_batches(
        EngineActor,
        fn_constructor_kwargs={
            "spec": spec,
            "threads": options.threads,
            "identity": identity_columns(run_id, run_info_for(engine)),
        },
        batch_size=max(batch_size_of(engine), options.threads * 4),
        compute=ray.data.ActorPoolStrategy(size=min(actors, blocks)),
        num_cpus=1,
    )
    outcomes.write_parquet(os.fspath(out_dir / OUTCOMES))


def _quiet(ray: Any) -> None:
    """Ray Data's progress bars and INFO lines off: the CLI prints its own summary."""
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    for name in ("ray", "ray.data"):
        logging.getLogger(name).setLevel(logging.WARNING)


def default_out_dir(db: Path, when: dt.datetime | None = None) -> Path:
    """Where a Ray job writes its Parquet when `--out` is not given: next to the database."""
    stamp = (when or utcnow()).strftime("%Y%m%dT%H%M%S")
    return db.parent / f"{db.stem}-ray-{stamp}"
