"""`ClaimDeskError`, the root of the project's exception classes.

Every error ClaimDesk raises on purpose (bad input, bad settings, a locked store, an
engine failure) derives from it, so the command line has one handler for all of them:
the message is printed on one line and the command exits with `exit_code`. Each class
keeps its historical built-in base too (`ValueError`, `RuntimeError`, ...), so code that
catches those still works.
"""

from __future__ import annotations


class ClaimDeskError(Exception):
    """An expected failure with a message fit for a user (no traceback needed)."""

    #: Exit status of a command that stops on this error (2: bad input or settings).
    exit_code: int = 2


__all__ = ["ClaimDeskError"]
