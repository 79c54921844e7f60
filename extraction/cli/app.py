"""The root `claimdesk` Typer app, its one error handler, and options shared by its commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from extraction.errors import ClaimDeskError
from extraction.store.access import open_existing, writable_target
from extraction.store.connection import DB_ENV, Store

console = Console()
err_console = Console(stderr=True)


class ClaimDeskGroup(TyperGroup):
    """The root command group: any ClaimDeskError a command raises becomes one line on
    stderr and the error's exit code (the one CLI error handler; no tracebacks)."""

    def invoke(self, ctx: Any) -> Any:
        """Run the command; report a ClaimDeskError and exit with its code."""
        try:
            return super().invoke(ctx)
        except ClaimDeskError as error:
            err_console.print(
                f"[red]error[/red]: {escape(str(error))}", highlight=False, soft_wrap=True
            )
            raise typer.Exit(error.exit_code) from error


app = typer.Typer(
    cls=ClaimDeskGroup,
    name="claimdesk",
    help="Turn news articles into checked, structured, grounded claims.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        envvar=DB_ENV,
        help="DuckDB file (default: db in claimdesk.toml, else ./claimdesk.duckdb).",
        show_default=False,
    ),
]


def _tell_waiting(message: str) -> None:
    err_console.print(f"{message} ...", markup=False, highlight=False)


def open_store(db: Path | None, *, create: bool = True, migrate: bool = True) -> Store:
    """The store for a --db option (env, claimdesk.toml and default applied).

    `create=False` (read commands): the file must exist, and one this process may not
    write opens read-only. Otherwise the file is created if needed, after checking it can be.
    While another process holds the file, a line on stderr says whom we wait for
    (DatabaseLockedError after the timeout, $CLAIMDESK_LOCK_TIMEOUT, default 60 s).
    """
    if not create:
        return open_existing(db, on_wait=_tell_waiting)
    store = Store(writable_target(db), on_wait=_tell_waiting)
    if migrate:  # False: the caller creates the file later (store.ensure_schema())
        store.ensure_schema()
    return store
