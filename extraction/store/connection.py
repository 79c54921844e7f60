"""DuckDB connection policy.

DuckDB lets one process hold a file open for writing at a time, and a process that
holds it blocks every other process, readers included. So ClaimDesk never keeps a
connection open for long: each unit of work opens the file, does its work in a
transaction and closes it, and an open that finds the file locked by another
process waits and retries (`lock_timeout`, default 60 s, $CLAIMDESK_LOCK_TIMEOUT). The
batch pipeline and the review app can therefore share one file from two processes.

While it waits, `on_wait` (if given) is called once with a progress line naming the
holder ("waiting for process 12345 to release claims.duckdb"); when it gives up it
raises `DatabaseLockedError` (alias `DatabaseLocked`), whose `user_message` is one line
for people (holder PID where DuckDB names it, the file name, no paths of programs, no
traceback) that the CLI prints before exiting with code 2 and the review app can show
in a banner.
"""

from __future__ import annotations

import os
import random
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path

import duckdb

from extraction.errors import ClaimDeskError
from extraction.store.migrations import migrate

DEFAULT_DB = "claimdesk.duckdb"
DB_ENV = "CLAIMDESK_DB"
DEFAULT_LOCK_TIMEOUT = 60.0
LOCK_TIMEOUT_ENV = "CLAIMDESK_LOCK_TIMEOUT"
#: A wait shorter than this is routine (another process's burst) and goes unmentioned.
WAIT_NOTICE_SECONDS = 2.0

_HOLDER_PID = re.compile(r"\(PID (\d+)\)")

WaitFn = Callable[[str], None]


class StoreLockedError(ClaimDeskError, RuntimeError):
    """The database file stayed locked by another process for longer than allowed."""


class DatabaseLockedError(StoreLockedError):
    """Another process kept the database file locked past the lock timeout.

    `user_message` is a one-line explanation fit for a terminal or a banner."""

    def __init__(self, path: str, waited: float, holder_pid: int | None) -> None:
        self.path = path
        self.waited = waited
        self.holder_pid = holder_pid
        super().__init__(self.user_message)

    @property
    def user_message(self) -> str:
        """One line: which file, held by which process, for how long we waited."""
        name = Path(self.path).name
        holder = f"process {self.holder_pid}" if self.holder_pid else "another process"
        return (
            f"{name} is locked by {holder}; gave up after {self.waited:.0f} s."
            " Close that program (or wait for it to finish) and try again."
        )


#: Short name for the review app's banner code.
DatabaseLocked = DatabaseLockedError


def default_lock_timeout() -> float:
    """Seconds to wait for a locked file: $CLAIMDESK_LOCK_TIMEOUT, else 60."""
    try:
        return max(0.0, float(os.environ.get(LOCK_TIMEOUT_ENV) or DEFAULT_LOCK_TIMEOUT))
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT


def lock_holder_pid(error: Exception) -> int | None:
    """The PID DuckDB's lock error names as the holder, if it names one."""
    found = _HOLDER_PID.search(str(error))
    return int(found.group(1)) if found else None


def waiting_message(path: str | os.PathLike[str], holder_pid: int | None) -> str:
    """The progress line shown while waiting for a lock."""
    holder = f"process {holder_pid}" if holder_pid else "another process"
    return f"waiting for {holder} to release {Path(path).name}"


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
    lock_timeout: float | None = None,
    on_wait: WaitFn | None = None,
) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB file, retrying while another process holds its lock; `on_wait` is
    told once that we are waiting. DatabaseLockedError after `lock_timeout` seconds."""
    target = str(path)
    timeout = default_lock_timeout() if lock_timeout is None else lock_timeout
    started = time.monotonic()
    deadline = started + timeout
    delay = 0.02
    told = False
    while True:
        try:
            return duckdb.connect(target, read_only=read_only)
        except (duckdb.IOException, duckdb.ConnectionException) as error:
            if not _is_lock_error(error):
                raise
            holder = lock_holder_pid(error)
            if time.monotonic() >= deadline:
                raise DatabaseLockedError(target, time.monotonic() - started, holder) from None
            if (
                on_wait is not None
                and not told
                and time.monotonic() - started >= WAIT_NOTICE_SECONDS
            ):
                on_wait(waiting_message(target, holder))
                told = True
        time.sleep(delay + random.uniform(0, delay))
        delay = min(delay * 2, 0.5)


_PROCESS_LOCKS: dict[str, threading.RLock] = {}
_PROCESS_LOCKS_GUARD = threading.Lock()


def use_threads(con: duckdb.DuckDBPyConnection, threads: int) -> None:
    """Let DuckDB use at most `threads` threads on this connection's database (until it is
    closed). For small bulk writes one thread costs less CPU than DuckDB's default of one
    per core (see `extraction.pipeline.writer.WRITER_THREADS`)."""
    con.execute(f"SET threads = {max(1, int(threads))}")


def process_lock(path: Path) -> threading.RLock:
    """The lock that serialises a process's `serialized()` stores' connections to one file.

    The batch's threads (its writer, its lease keeper and heartbeat, the main thread) take
    turns: DuckDB's Python client can fail a statement when another thread opens or closes
    a connection to the same file at that moment ("Table Function with name
    python_arrow_scan does not exist"), and turns are short."""
    key = str(path.resolve())
    with _PROCESS_LOCKS_GUARD:
        return _PROCESS_LOCKS.setdefault(key, threading.RLock())


class Store:
    """A DuckDB file and the policy for opening it. Cheap to create; holds no connection."""

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        lock_timeout: float | None = None,
        on_wait: WaitFn | None = None,
        serialize: bool = False,
    ) -> None:
        self.path = resolve_db_path(path)
        self.lock_timeout = default_lock_timeout() if lock_timeout is None else lock_timeout
        self.on_wait = on_wait
        self._serialize = serialize
        self._migrated = False

    def serialized(self) -> Store:
        """The same file, with this process's connections to it taken in turns by every
        thread that uses a serialized store (see `process_lock`)."""
        twin = Store(
            self.path, lock_timeout=self.lock_timeout, on_wait=self.on_wait, serialize=True
        )
        twin._migrated = self._migrated
        return twin

    def _turn(self) -> AbstractContextManager[object]:
        return process_lock(self.path) if self._serialize else nullcontext()

    def ensure_schema(self) -> None:
        """Create the file if needed and apply pending migrations."""
        if self._migrated:
            return
        if self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        with process_lock(self.path):
            con = open_connection(self.path, lock_timeout=self.lock_timeout, on_wait=self.on_wait)
            try:
                migrate(con)
            finally:
                con.close()
        self._migrated = True

    @contextmanager
    def connect(self, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A short-lived connection; closed (and the file lock released) on exit."""
        self.ensure_schema()
        with self._turn():
            con = open_connection(
                self.path,
                read_only=read_only,
                lock_timeout=self.lock_timeout,
                on_wait=self.on_wait,
            )
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
