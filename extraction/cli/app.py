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


def _tell_waiting(message: str) -> None:
    err_console.print(f"{message} ...", markup=False, highlight=False)


def open_store(db: Path | None) -> Store:
    """The store for a --db option (env and default applied); while another process holds
    the file, a line on stderr says whom we wait for (DatabaseLockedError after the timeout,
    $CLAIMDESK_LOCK_TIMEOUT, default 60 s)."""
    store = Store(db, on_wait=_tell_waiting)
    store.ensure_schema()
    return store
