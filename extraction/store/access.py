"""Opening a database that must already exist, and one that may not be written.

Read commands (`claims`, `runs`, `export`, `track`, `logs`, `eval history`...) never create
a database: a missing file is a `DatabaseMissingError` whose one-line message lists the
`.duckdb` files nearby and `CLAIMDESK_DB`. A file (or its directory) that may not be
written opens read-only when its schema is current (`ReadOnlyStore`), and a command that
needs to write to it fails with one line (`StoreReadOnlyError`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from extraction.store.connection import (
    DB_ENV,
    Store,
    WaitFn,
    open_connection,
    resolve_db_path,
)
from extraction.store.migrations import MIGRATIONS, applied_migrations

#: At most this many nearby database files are named in the error.
MAX_LISTED = 5


class DatabaseMissingError(FileNotFoundError):
    """A read command was pointed at a database file that does not exist."""


class StoreReadOnlyError(PermissionError):
    """The database file or its directory may not be written."""


def nearby_databases(path: Path, cwd: Path | None = None) -> list[Path]:
    """`.duckdb` files in the current directory, its subdirectories, and the target's
    directory (sorted, at most MAX_LISTED)."""
    here = (cwd if cwd is not None else Path.cwd()).resolve()
    found: set[Path] = set()
    for folder in {here, path.resolve().parent}:
        if not folder.is_dir():
            continue
        for pattern in ("*.duckdb", "*/*.duckdb"):
            try:
                found.update(item.resolve() for item in folder.glob(pattern) if item.is_file())
            except OSError:
                continue
    shown = []
    for item in sorted(found):
        try:
            shown.append(item.relative_to(here))
        except ValueError:
            shown.append(item)
    return shown[:MAX_LISTED]


def missing_message(path: Path) -> str:
    """The one-line error for a missing database file."""
    found = nearby_databases(path)
    env = os.environ.get(DB_ENV)
    env_note = f"{DB_ENV}={env}" if env else f"{DB_ENV} is not set"
    hint = (
        "found nearby: " + ", ".join(str(item) for item in found)
        if found
        else "no .duckdb files nearby"
    )
    return (
        f"{path}: no such database ({hint}; pass --db FILE or set {DB_ENV}; {env_note};"
        " `claimdesk extract` creates one)"
    )


def is_writable(path: Path) -> bool:
    """True when the file and its directory may be written by this process."""
    folder = path.parent if str(path.parent) else Path()
    return os.access(path, os.W_OK) and os.access(folder, os.W_OK)


class ReadOnlyStore(Store):
    """A store on a file this process may not write: every connection is read-only."""

    def ensure_schema(self) -> None:
        """Check (read-only) that the file's schema is current; it cannot be migrated."""
        if self._migrated:
            return
        con = open_connection(
            self.path, read_only=True, lock_timeout=self.lock_timeout, on_wait=self.on_wait
        )
        try:
            done = set(applied_migrations(con))
        finally:
            con.close()
        pending = [step.number for step in MIGRATIONS if step.number not in done]
        if pending:
            raise StoreReadOnlyError(
                f"{self.path}: read-only, and its schema needs upgrading (migrations"
                f" {', '.join(map(str, pending))}); open it once with write access"
            )
        self._migrated = True

    @contextmanager
    def connect(self, *, read_only: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection; asking for a writable one is a StoreReadOnlyError."""
        if not read_only:
            raise StoreReadOnlyError(f"{self.path}: read-only, this command needs to write")
        self.ensure_schema()
        con = open_connection(
            self.path, read_only=True, lock_timeout=self.lock_timeout, on_wait=self.on_wait
        )
        try:
            yield con
        finally:
            con.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Writing is refused in one line."""
        raise StoreReadOnlyError(f"{self.path}: read-only, this command needs to write")
        yield  # pragma: no cover


def open_existing(
    path: str | os.PathLike[str] | None = None, *, on_wait: WaitFn | None = None
) -> Store:
    """The store for an existing database file, never creating one.

    A file this process may not write opens read-only (`ReadOnlyStore`). Raises
    DatabaseMissingError (one line, with nearby databases) when the file does not exist.
    """
    target = resolve_db_path(path)
    if not target.exists():
        raise DatabaseMissingError(missing_message(target))
    if target.is_dir():
        raise DatabaseMissingError(f"{target}: is a directory, not a database file")
    if not is_writable(target):
        store: Store = ReadOnlyStore(target, on_wait=on_wait)
    else:
        store = Store(target, on_wait=on_wait)
    store.ensure_schema()
    return store


def writable_target(path: str | os.PathLike[str] | None = None) -> Path:
    """The database path for a command that writes, checked: an existing file must be
    writable, a new one must be creatable. Raises StoreReadOnlyError in one line."""
    target = resolve_db_path(path)
    if target.exists():
        if not is_writable(target):
            raise StoreReadOnlyError(
                f"{target}: read-only (file or directory not writable); this command writes"
            )
        return target
    folder = target.parent if str(target.parent) else Path()
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not os.access(existing, os.W_OK):
        raise StoreReadOnlyError(f"{target}: cannot create the database, {existing} is read-only")
    return target
