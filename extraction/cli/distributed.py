"""`claimdesk extract --executor ray` (its printing) and `claimdesk load DIR`."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from extraction.cli.app import DbOption, app, console, err_console, open_store
from extraction.engines.base import Extractor
from extraction.pipeline.batch import BatchSummary
from extraction.pipeline.distributed import RayOptions, default_out_dir, run_ray_job
from extraction.pipeline.load import LoadSummary, load_run_dir
from extraction.pipeline.processes import EngineSpec
from extraction.schema import Article
from extraction.store.connection import Store
from extraction.store.runs import RunTotals


class Executor(enum.StrEnum):
    """Where `claimdesk extract` runs the engine."""

    local = "local"
    ray = "ray"


def run_table(
    title: str, summary: BatchSummary | LoadSummary, seconds: float | None = None
) -> Table:
    """The summary table of a run (`claimdesk extract`, `claimdesk load`): articles,
    skipped, claims, ungrounded, failures (articles and inputs), and seconds when given."""
    totals = summary.totals
    table = Table(title=f"{title} — engine {summary.engine} ({summary.model})")
    names = ["articles", "skipped", "claims", "ungrounded", "failures"]
    for name in names if seconds is None else [*names, "seconds"]:
        table.add_column(name, justify="right")
    cells = [
        str(totals.n_articles),
        str(totals.n_skipped),
        str(totals.n_claims),
        str(totals.n_ungrounded),
        str(totals.n_failed + len(summary.input_errors)),
    ]
    table.add_row(*cells, *([] if seconds is None else [f"{seconds:.2f}"]))
    return table


def print_article_failures(totals: RunTotals) -> None:
    """One `failed: SOURCE: problem` line per article that failed."""
    for error in totals.errors:
        if "article" in error:
            err_console.print(f"failed: {error['source']}: {error['error']}", highlight=False)


def print_load(summary: LoadSummary, title: str) -> None:
    """The summary table of a loaded run, its failures and its id."""
    console.print(run_table(title, summary))
    print_article_failures(summary.totals)
    console.print(f"run id: {summary.run_id}")


def extract_on_ray(
    store: Store,
    engine: Extractor,
    spec: EngineSpec,
    items: Iterable[Article | str],
    out: Path | None,
    options: RayOptions,
) -> LoadSummary:
    """Run the Ray job, load its results, print what happened."""
    out_dir = out or default_out_dir(store.path)
    run = run_ray_job(store, engine, spec, items, out_dir, options)
    assert run.load is not None  # run_ray_job always loads
    console.print(f"ray: {run.submitted} article(s) extracted into {out_dir}")
    print_load(run.load, "claimdesk extract --executor ray")
    return run.load


@app.command()
def load(
    directory: Annotated[Path, typer.Argument(help="A run's results (run.json + outcomes/).")],
    db: DbOption = None,
) -> None:
    """Load a run's Parquet results (a Ray job's) into the store, in one transaction.

    Loading the same directory again adds nothing."""
    store = open_store(db, migrate=True)
    summary = load_run_dir(store, directory)
    if summary.already_loaded:
        console.print(f"run {summary.run_id} is already loaded: nothing added")
        return
    print_load(summary, "claimdesk load")
    if summary.failed:
        raise typer.Exit(1)
