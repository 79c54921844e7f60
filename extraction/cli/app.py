"""The root `claimdesk` Typer app and options shared by its commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from extraction.store.connection import DB_ENV, Store

app = typer.Typer(
    name="claimdesk",
    help="Turn news articles into checked, structured, grounded claims.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

console = Console()
err_console = Console(stderr=True)

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        envvar=DB_ENV,
        help="DuckDB file [default: ./claimdesk.duckdb; env CLAIMDESK_DB].",
        show_default=False,
    ),
]


def open_store(db: Path | None) -> Store:
    """The store for a --db option (env and default applied)."""
    store = Store(db)
    store.ensure_schema()
    return store
