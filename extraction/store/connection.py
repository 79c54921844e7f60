"""DuckDB connection policy.

DuckDB lets one process hold a file open for writing at a time, and a process that
holds it blocks every other process, readers included. So ClaimDesk never keeps a
connection open for long: each unit of work opens the file, does its work in a
transaction and closes it, and an open that finds the file locked by another
process waits and retries (`lock_timeout`). The batch pipeline and the review app
can therefore share one file from two processes.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from extraction.errors import ClaimDeskError
from extraction.store.migrations import migrate

DEFAULT_DB = "claimdesk.duckdb"
DB_ENV = "CLAIMDESK_DB"
DEFAULT_LOCK_TIMEOUT = 60.0


class StoreLockedError(ClaimDeskError, RuntimeError):
    """The database file stayed locked by another process for longer than allowed."""


def resolve_db_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The database path: the argument, else $CLAIMDESK_DB, else ./claimdesk.duckdb."""
    if path is not None and str(path):
        return Path(path)
    return Path(os.environ.get(DB_ENV) or DEFAULT_DB)


def _is_lock_error(error: Exception) -> bool:
    message = str(error).lower()
    return "lock" in message and ("conflicting" in message or "could not set" in message)


def open_connection(
    path: str | os.PathLike[str],
    *,
    read_only: bool = False,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB file, retrying while another process holds its lock."""
    target = str(path)
    deadline = time.monotonic() + lock_timeout
    delay = 0.02
    while True:
        try:
            return duckdb.connect(target, read_only=read_only)
        except (duckdb.IOException, duckdb.ConnectionException) as error:
            if not _is_lock_error(error) or time.monotonic() >= deadline:
                if _is_lock_error(error):
                    raise StoreLockedError(
                        f"{target}: still locked by another process after {lock_timeout:.0f} s"
                    ) from error
                raise
        time.sleep(delay + random.uniform(0, delay))
        delay = min(delay * 2, 0.5)


class Store:
    """A DuckDB file and the policy for opening it. Cheap to create; holds no connection."""

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    ) -> None:
        self.path = resolve_db_path(path)
        self.lock_timeout = lock_timeout
        self._migrated = False

    def ensure_schema(self) -> None:
        """Create the file if needed and apply pending migrations."""
        if self._migrated:
            return
        if self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        con = open_connection(self.path, lock_timeout=self.lock_timeout)
        try:
            migrate(con)
        finally:
            con.close()
        self._migrated = True

    @contextmanager
    def connect(self, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A short-lived connection; closed (and the file lock released) on exit."""
        self.ensure_schema()
        con = open_connection(self.path, read_only=read_only, lock_timeout=self.lock_timeout)
        try:
            yield con
        finally:
            con.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A write connection inside one transaction: all or nothing."""
        with self.connect() as con:
            con.begin()
            try:
                yield con
            except BaseException:
                con.rollback()
                raise
            con.commit()
