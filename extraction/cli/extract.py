"""`claimdesk extract`: batch extraction of files into the store."""

from __future__ import annotations

import codecs
import signal
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer
from rich.markup import escape

from extraction.cli.app import DbOption, app, console, err_console, open_store
from extraction.cli.distributed import (
    Executor,
    extract_on_ray,
    print_article_failures,
    run_table,
)
from extraction.cli.engine_options import DEFAULT_CHOICE, EngineChoice, engine_flags
from extraction.cli.progress import BatchProgress
from extraction.pipeline import BatchOptions, BatchSummary, run_batch
from extraction.pipeline.cache import StoreResponseCache
from extraction.pipeline.distributed import RayOptions
from extraction.pipeline.prefetch import ingest_in_process
from extraction.pipeline.processes import EngineSpec
from extraction.schema import Article
from extraction.text.ingest import IngestError, count_inputs, iter_ingest


def _items(found: Iterator[Article | IngestError]) -> Iterator[Article | str]:
    """Articles from ingestion; ingestion errors become one-line messages."""
    for item in found:
        if isinstance(item, IngestError):
            err_console.print(
                f"[red]error[/red] {escape(str(item))}", highlight=False, soft_wrap=True
            )
            yield str(item)
        else:
            yield item


def _print_summary(summary: BatchSummary) -> None:
    totals = summary.totals
    console.print(run_table("claimdesk extract", summary, summary.seconds))
    tokens = totals.prompt_tokens + totals.completion_tokens
    if tokens:
        cost = f", cost {totals.cost:.4f}" if totals.cost is not None else ""
        console.print(
            f"tokens: {totals.prompt_tokens} prompt + {totals.completion_tokens} completion"
            f" = {tokens} (every retry and re-ask counted){cost}"
        )
    print_article_failures(totals)
    if summary.stopped_by_budget:
        console.print("budget spent: the run stopped; articles not started stay pending.")
    console.print(f"run id: {summary.run_id}")


def _stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
    """SIGTERM ends the batch like Ctrl-C: what is done is written, the run is closed."""
    raise SystemExit(128 + signum)


@app.command()
@engine_flags
def extract(
    paths: Annotated[
        list[Path], typer.Argument(help="Files or directories (.txt .md .html .htm .jsonl).")
    ],
    db: DbOption = None,
    engine: EngineChoice = DEFAULT_CHOICE,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Ignore cached responses.")] = False,
    limit: Annotated[int | None, typer.Option(help="Extract at most N articles.")] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Re-extract articles already done by this engine.")
    ] = False,
    concurrency: Annotated[int, typer.Option(min=1, max=256, help="Articles in flight.")] = 1,
    processes: Annotated[
        int,
        typer.Option(
            min=1, max=64, help="Worker processes for the engine (1: threads in this one)."
        ),
    ] = 1,
    max_tokens: Annotated[
        int | None, typer.Option(help="Stop cleanly once this many tokens are spent.")
    ] = None,
    max_cost: Annotated[
        float | None, typer.Option(help="Stop cleanly once this cost is spent (price table).")
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(help="Decode input files with this encoding [default: detect]."),
    ] = None,
    executor: Annotated[
        Executor, typer.Option(help="local: this machine; ray: a Ray Data job (docs/scale.md).")
    ] = Executor.local,
    ray_address: Annotated[
        str | None,
        typer.Option(help="Ray cluster (ray://HOST:10001, or env RAY_ADDRESS) [default: local]."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(help="Ray: directory for the Parquet results [default: beside the db]."),
    ] = None,
) -> None:
    """Extract claims from articles into the DuckDB store (resumable; re-runs add nothing)."""
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError as error:
            raise typer.BadParameter(
                f"unknown encoding {encoding!r}", param_hint="--encoding"
            ) from error
    if executor is Executor.ray and (max_tokens is not None or max_cost is not None):
        raise typer.BadParameter("budgets need --executor local", param_hint="--max-tokens")
    if (processes > 1 or executor is Executor.ray) and engine.options.get("record"):
        raise typer.BadParameter(
            "one process records a cassette: drop --processes / --executor ray",
            param_hint="--record",
        )
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    store = open_store(db, migrate=False)  # the file is created once the engine works
    cache = None if no_cache else StoreResponseCache(store.serialized())  # turns with the batch
    extractor = engine.create(cache)
    store.ensure_schema()
    console.print(f"engine: [bold]{extractor.name}[/bold] (model {extractor.model})")
    options = BatchOptions(
        limit=limit,
        force=force,
        concurrency=concurrency,
        max_tokens=max_tokens,
        max_cost=max_cost,
        processes=processes,
    )
    if executor is Executor.ray:
        spec = EngineSpec(engine.name, engine.settings())  # Ray workers never open the db
        options_ray = RayOptions(
            address=ray_address,
            actors=processes if processes > 1 else None,
            threads=concurrency,
            limit=limit,
            force=force,
        )
        ray_summary = extract_on_ray(
            store, extractor, spec, _items(iter_ingest(paths, encoding=encoding)), out, options_ray
        )
        if ray_summary.failed:
            raise typer.Exit(1)
        return
    spec = EngineSpec(engine.name, engine.settings(), None if no_cache else store.path)
    total = count_inputs(paths)
    if limit is not None:
        total = min(total, limit)
    # with worker processes, ingestion has a process too (started now: it reads ahead)
    reader = ingest_in_process if processes > 1 else iter_ingest
    found = reader(paths, encoding=encoding)
    with BatchProgress(err_console, total) as progress:

        def on_progress(event: str, article: Article | None) -> None:
            progress.advance(event)

        summary = run_batch(
            store,
            extractor,
            _items(found),
            options,
            on_progress,
            engine_factory=spec,
        )
    _print_summary(summary)
    if summary.failed:
        raise typer.Exit(1)
