"""The `claimdesk` command line. Each command group lives in its own module."""

from __future__ import annotations

from extraction.cli import batch as _batch  # noqa: F401  (registers commands)
from extraction.cli import claims as _claims  # noqa: F401
from extraction.cli import distributed as _distributed  # noqa: F401
from extraction.cli import engines as _engines  # noqa: F401
from extraction.cli import eval as _eval  # noqa: F401
from extraction.cli import extract as _extract  # noqa: F401
from extraction.cli import logs as _logs  # noqa: F401
from extraction.cli import prompts as _prompts  # noqa: F401
from extraction.cli import review as _review  # noqa: F401
from extraction.cli import team as _team  # noqa: F401
from extraction.cli import track as _track  # noqa: F401
from extraction.cli import train as _train  # noqa: F401
from extraction.cli.app import app
from extraction.cli.errors import main

__all__ = ["app", "main"]
