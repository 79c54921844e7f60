"""The review app's one connection policy, and how it recognises a locked database.

DuckDB refuses a second connection to a file that one process already holds with another
configuration (read-only beside read-write: `ConnectionException ... different
configuration`). The app serves many sessions from one process, so every connection it
opens is read-write, whatever the caller asked for. A lock held by another process is
waited for briefly (`APP_LOCK_TIMEOUT`), then reported as `DatabaseBusy`-like errors that
the app turns into a retry banner.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from extraction.store.connection import Store, StoreLockedError

#: Seconds a page waits for another process's lock before showing the retry banner.
APP_LOCK_TIMEOUT = 8.0

#: What the app shows instead of a traceback when the database is locked.
BUSY_MESSAGE = (
    "The database is busy: another ClaimDesk process (an extraction, an export) is using it."
    " Nothing was lost. Retry in a moment."
)


class AppStore(Store):
    """A Store that opens every connection read-write (one configuration per process)."""

    def __init__(
        self, path: str | os.PathLike[str] | None = None, *, lock_timeout: float | None = None
    ) -> None:
        timeout = APP_LOCK_TIMEOUT if lock_timeout is None else lock_timeout
        super().__init__(path, lock_timeout=timeout)

    @contextmanager
    def connect(self, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A short-lived read-write connection (`read_only` is ignored on purpose)."""
        del read_only
        with super().connect(read_only=False) as con:
            yield con


def is_locked_error(error: BaseException) -> bool:
    """True when `error` (or its cause) says another process holds the database file."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, StoreLockedError) or "Locked" in type(current).__name__:
            return True
        if isinstance(current, duckdb.Error):
            message = str(current).lower()
            if "lock" in message and ("conflicting" in message or "could not set" in message):
                return True
        current = current.__cause__ or current.__context__
    return False
