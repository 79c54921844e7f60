"""One connection policy for the app, and a friendly banner when the file is locked."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from extraction.review import app_store
from extraction.review.app_store import AppStore, is_locked_error
from extraction.store.connection import Store, StoreLockedError
from extraction.tracker.service import load_groups
from tests.review_app.helpers import no_exception, open_page, texts


def test_a_read_only_open_beside_a_held_read_write_connection_is_refused_by_duckdb(
    store: Store,
) -> None:
    """What the Tracker page met: another session of the same server held the file."""
    store.ensure_schema()
    with store.connect(), pytest.raises(duckdb.ConnectionException, match="configuration"):
        load_groups(store)


def test_the_app_store_opens_every_connection_the_same_way(store: Store) -> None:
    shared = AppStore(store.path)
    with shared.connect():
        assert load_groups(shared) == []  # read_only=True asked, read-write given


def test_the_tracker_page_works_while_another_session_holds_the_file(
    new_app: Callable[[], AppTest], store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAIMDESK_TRACKER_BACKEND", "lexical")
    at = open_page(new_app(), "views/queue.py")
    no_exception(at)
    with AppStore(store.path).connect():  # another session, mid-query, same process
        at.switch_page("views/tracker.py").run()
        no_exception(at)
        assert at.title[0].value == "Tracker"


@pytest.fixture
def locked(store: Store) -> Iterator[Path]:
    """Another process holds the database file open (and so its lock)."""
    store.ensure_schema()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]);"
            " print('held', flush=True); time.sleep(120)",
            str(store.path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield store.path
    finally:
        holder.kill()
        holder.wait()


def test_a_locked_database_shows_a_retry_banner_not_a_traceback(
    new_app: Callable[[], AppTest], locked: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_store, "APP_LOCK_TIMEOUT", 0.3)
    at = new_app().run()
    assert not at.exception
    [warning] = texts(at.warning)
    assert warning == app_store.BUSY_MESSAGE
    assert str(locked.parent) not in warning and "PID" not in warning
    assert at.button(key="busy-retry")
    assert not at.error


def test_lock_errors_are_recognised_whoever_raises_them(tmp_path: Path) -> None:
    message = 'IO Error: Could not set lock on file "x.duckdb": Conflicting lock is held'
    assert is_locked_error(duckdb.IOException(message))
    assert is_locked_error(StoreLockedError("x.duckdb: still locked"))
    wrapped = RuntimeError("page failed")
    wrapped.__cause__ = duckdb.IOException(message)
    assert is_locked_error(wrapped)
    assert not is_locked_error(duckdb.IOException("disk full"))
