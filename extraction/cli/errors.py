"""Running the CLI: project config applied, expected failures as one line, no tracebacks."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click
import duckdb
import typer

from extraction.cli.app import app, err_console
from extraction.cli.config import ConfigError, default_map, find_config, load_config
from extraction.store.access import DatabaseMissingError, StoreReadOnlyError
from extraction.store.connection import StoreLockedError

#: Failures a user can fix: printed as one line, exit status 1.
USER_ERRORS: tuple[type[BaseException], ...] = (
    ConfigError,
    DatabaseMissingError,
    StoreReadOnlyError,
    StoreLockedError,
)


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def run(args: Sequence[str] | None = None) -> int:
    """Run `claimdesk` with `args` (default: sys.argv); return the exit status."""
    command = typer.main.get_command(app)
    extra: dict[str, object] = {}
    try:
        found = find_config()
        if found is not None:
            extra["default_map"] = default_map(command, load_config(found))
        status = command.main(
            args=list(args) if args is not None else None,
            prog_name="claimdesk",
            standalone_mode=False,
            **extra,
        )
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.Abort:
        err_console.print("aborted", highlight=False)
        return 130
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except USER_ERRORS as error:
        err_console.print(f"[red]error:[/red] {_one_line(error)}", highlight=False)
        return 1
    except (PermissionError, duckdb.IOException) as error:
        err_console.print(
            f"[red]error:[/red] cannot open the database: {_one_line(error)}", highlight=False
        )
        return 1
    return status if isinstance(status, int) else 0


def main() -> None:
    """Entry point of the `claimdesk` console script."""
    sys.exit(run())
