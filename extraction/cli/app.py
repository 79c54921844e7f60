"""The root `claimdesk` Typer app and options shared by its commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from extraction.store.access import open_existing, writable_target
from extraction.store.connection import DB_ENV, Store

app = typer.Typer(
    name="claimdesk",
    help="Turn news articles into checked, structured, grounded claims.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

console = Console()
err_console = Console(stderr=True)

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        envvar=DB_ENV,
        help="DuckDB file (default: db in claimdesk.toml, else ./claimdesk.duckdb).",
        show_default=False,
    ),
]


def open_store(db: Path | None, *, create: bool = True) -> Store:
    """The store for a --db option (env, claimdesk.toml and default applied).

    `create=False` (read commands): the file must exist, and one this process may not
    write opens read-only. Otherwise the file is created if needed, after checking it can be.
    """
    if not create:
        return open_existing(db)
    store = Store(writable_target(db))
    store.ensure_schema()
    return store
