"""The lock message the CLI prints and the review app can show in a banner."""

from __future__ import annotations

import duckdb

from extraction.store.connection import (
    DatabaseLocked,
    DatabaseLockedError,
    lock_holder_pid,
    waiting_message,
)

DUCKDB_ERROR = (
    'IO Error: Could not set lock on file "/data/claims.duckdb": Conflicting lock is held in'
    " /usr/bin/python3.11 (PID 4242). See also https://duckdb.org/docs/current/connect/concurrency"
)


def test_the_holder_pid_is_read_from_duckdbs_error() -> None:
    assert lock_holder_pid(duckdb.IOException(DUCKDB_ERROR)) == 4242
    assert lock_holder_pid(duckdb.IOException("Could not set lock on file")) is None


def test_the_user_message_is_one_line_without_program_paths() -> None:
    error = DatabaseLockedError("/data/claims.duckdb", 61.2, 4242)
    assert DatabaseLocked is DatabaseLockedError
    message = error.user_message
    assert message.startswith("claims.duckdb is locked by process 4242; gave up after 61 s.")
    assert "\n" not in message and "/usr/bin" not in message and "/data" not in message
    assert str(error) == message
    unknown = DatabaseLockedError("claims.duckdb", 5, None).user_message
    assert "another process" in unknown
    assert (
        waiting_message("/x/claims.duckdb", 7) == "waiting for process 7 to release claims.duckdb"
    )
