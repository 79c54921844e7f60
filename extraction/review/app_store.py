"""The review app's one connection policy, and how it recognises a locked database.

DuckDB refuses a second connection to a file that one process already holds with another
configuration (read-only beside read-write: `ConnectionException ... different
configuration`). The app serves many sessions from one process, so every connection it
opens is read-write, whatever the caller asked for. A lock held by another process is
waited for briefly (`APP_LOCK_TIMEOUT`), then reported as `DatabaseBusy`-like errors that
the app turns into a retry banner.

Opening the file costs tens of milliseconds (and closing it a checkpoint), and one page
run asks for a connection several times. So the app's sessions share one open database
per process and file (`SharedDatabase`): each `connect()` is a cursor of it (a
connection of its own, with its own transactions, safe to use beside the other sessions'
cursors), and the file is closed once no cursor was in use for `APP_LINGER` seconds, so
another process (an extraction, an export) gets the file between bursts of reviewing. At
most one DuckDB instance of the file is open in the process at a time: opening and
closing are serialised, never concurrent.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from extraction.store.connection import Store, StoreLockedError, open_connection

#: Seconds a page waits for another process's lock before showing the retry banner.
APP_LOCK_TIMEOUT = 8.0

#: Seconds the shared database stays open after its last cursor closed.
APP_LINGER = 0.5

#: What the app shows instead of a traceback when the database is locked.
BUSY_MESSAGE = (
    "The database is busy: another ClaimDesk process (an extraction, an export) is using it."
    " Nothing was lost. Retry in a moment."
)


class SharedDatabase:
    """One read-write DuckDB database of a file for the whole process, lent out as cursors.

    Opened on the first `cursor()`, closed by a background thread once no cursor was
    open for `linger` seconds. Opening and closing hold one lock, so the process never
    has two instances of the file (one closing while the next opens)."""

    def __init__(self, path: str, linger: float) -> None:
        self.path = path
        self.linger = linger
        self.opens = 0  # how many times the file was opened (for tests and benchmarks)
        self._cond = threading.Condition()
        self._base: duckdb.DuckDBPyConnection | None = None
        self._users = 0
        self._idle_since = 0.0
        self._broken = False
        self._closer: threading.Thread | None = None

    def cursor(self, lock_timeout: float) -> duckdb.DuckDBPyConnection:
        """A new connection to the shared database (open the file when it is closed)."""
        with self._cond:
            if self._base is None:
                self._base = open_connection(self.path, lock_timeout=lock_timeout)
                self.opens += 1
                self._broken = False
                self._start_closer()
            try:
                cursor = self._base.cursor()
            except duckdb.Error:
                self._broken = True
                self._close_if_idle(force=True)
                raise
            self._users += 1
            return cursor

    def give_back(self, cursor: duckdb.DuckDBPyConnection, *, broken: bool = False) -> None:
        """Close a cursor; `broken`: the database failed (it is reopened once idle)."""
        try:
            cursor.close()
        finally:
            with self._cond:
                self._users -= 1
                self._broken = self._broken or broken
                self._idle_since = time.monotonic()
                self._close_if_idle(force=self._broken)  # at once when `linger` is 0
                self._cond.notify_all()

    def is_open(self) -> bool:
        """True while the file is open in this process."""
        with self._cond:
            return self._base is not None

    def close(self) -> None:
        """Close the file now when no cursor is in use (a no-op otherwise)."""
        with self._cond:
            self._close_if_idle(force=True)

    def _close_if_idle(self, *, force: bool = False) -> None:
        idle = time.monotonic() - self._idle_since >= self.linger
        if self._base is not None and self._users == 0 and (force or idle):
            base, self._base = self._base, None
            base.close()

    def _start_closer(self) -> None:
        if self._closer is None or not self._closer.is_alive():
            self._closer = threading.Thread(
                target=self._close_when_idle, name="claimdesk-db-closer", daemon=True
            )
            self._closer.start()

    def _close_when_idle(self) -> None:
        with self._cond:
            while self._base is not None:
                if self._users:
                    self._cond.wait()
                    continue
                left = self._idle_since + self.linger - time.monotonic()
                if left > 0:
                    self._cond.wait(left)
                    continue
                self._close_if_idle()


_SHARED: dict[str, SharedDatabase] = {}
_SHARED_GUARD = threading.Lock()


def shared_database(path: str | os.PathLike[str], linger: float | None = None) -> SharedDatabase:
    """The process's shared database of this file (created with `linger`, default
    `APP_LINGER`, on first use)."""
    key = str(os.path.realpath(path))
    with _SHARED_GUARD:
        found = _SHARED.get(key)
        if found is None:
            found = _SHARED[key] = SharedDatabase(key, APP_LINGER if linger is None else linger)
        return found


class AppStore(Store):
    """A Store whose connections are cursors of the process's shared read-write database
    of the file (one configuration per process, one file open per burst of work)."""

    def __init__(
        self, path: str | os.PathLike[str] | None = None, *, lock_timeout: float | None = None
    ) -> None:
        timeout = APP_LOCK_TIMEOUT if lock_timeout is None else lock_timeout
        super().__init__(path, lock_timeout=timeout)

    @property
    def shared(self) -> SharedDatabase:
        """The shared database this store lends cursors of."""
        return shared_database(self.path)

    @contextmanager
    def connect(self, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-write cursor of the shared database (`read_only` is ignored on purpose)."""
        del read_only
        self.ensure_schema()
        shared = self.shared
        cursor = shared.cursor(self.lock_timeout)
        broken = False
        try:
            yield cursor
        except duckdb.FatalException:
            broken = True
            raise
        finally:
            shared.give_back(cursor, broken=broken)


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
