"""The `claimdesk` command line. Each command group lives in its own module."""

from __future__ import annotations

import sys

from extraction.cli import claims as _claims  # noqa: F401  (registers commands)
from extraction.cli import eval as _eval  # noqa: F401
from extraction.cli import extract as _extract  # noqa: F401
from extraction.cli import prompts as _prompts  # noqa: F401
from extraction.cli import review as _review  # noqa: F401
from extraction.cli import track as _track  # noqa: F401
from extraction.cli.app import app, err_console
from extraction.store.connection import DatabaseLockedError

#: Exit code when the database stayed locked by another process (like a usage error).
EXIT_LOCKED = 2


def main() -> None:
    """Entry point of the `claimdesk` console script. A database that stays locked by
    another process ends the command with one line naming the holder and exit code 2."""
    try:
        app()
    except DatabaseLockedError as error:
        err_console.print(f"error: {error.user_message}", markup=False, highlight=False)
        sys.exit(EXIT_LOCKED)


__all__ = ["app", "main"]
