"""Running the CLI: project config applied, expected failures as one line, no tracebacks."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from typing import Any

import duckdb
import typer
from rich.markup import escape

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


#: Log level of ClaimDesk's messages on stderr (info shows each removed furniture passage).
LOG_ENV = "CLAIMDESK_LOG"


class _StderrHandler(logging.Handler):
    """Writes to whatever sys.stderr is at the time (test runners swap it)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
        except (OSError, ValueError):
            self.handleError(record)


def configure_logging() -> None:
    """Warnings (and, with CLAIMDESK_LOG=info, details) as plain lines on stderr."""
    level = (os.environ.get(LOG_ENV) or "warning").upper()
    logger = logging.getLogger("extraction")
    if not any(isinstance(handler, _StderrHandler) for handler in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(level if level in logging.getLevelNamesMapping() else "WARNING")


def run(args: Sequence[str] | None = None) -> int:
    """Run `claimdesk` with `args` (default: sys.argv); return the exit status."""
    configure_logging()
    extra: dict[str, Any] = {}
    try:
        found = find_config()
        if found is not None:
            extra["default_map"] = default_map(typer.main.get_command(app), load_config(found))
        app(args=list(args) if args is not None else None, prog_name="claimdesk", **extra)
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except USER_ERRORS as error:
        err_console.print(
            f"[red]error:[/red] {escape(_one_line(error))}", highlight=False, soft_wrap=True
        )
        return 1
    except (PermissionError, duckdb.IOException) as error:
        err_console.print(
            f"[red]error:[/red] {escape(_one_line(error))}",
            highlight=False,
            soft_wrap=True,
        )
        return 1
    return 0


def main() -> None:
    """Entry point of the `claimdesk` console script."""
    sys.exit(run())
