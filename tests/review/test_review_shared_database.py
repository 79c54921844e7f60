"""The review app's shared database: one open file per burst of work, closed when idle."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from extraction.review.app_store import AppStore, shared_database
from extraction.store.records import new_id


def _store(tmp_path: Path, linger: float) -> AppStore:
    path = tmp_path / "shared.duckdb"
    shared_database(path, linger=linger)  # the process's shared database of this file
    store = AppStore(path)
    store.ensure_schema()
    with store.transaction() as con:
        con.execute("CREATE TABLE IF NOT EXISTS marks (id VARCHAR PRIMARY KEY)")
    return store


def _other_process_writes(path: Path) -> str:
    """Another process opens the file (waiting for its lock) and writes a row."""
    code = (
        "import sys; from extraction.store.connection import open_connection;"
        " con = open_connection(sys.argv[1], lock_timeout=60);"
        " con.execute(\"INSERT INTO marks VALUES ('other')\"); con.close(); print('wrote')"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    return done.stdout.strip() or done.stderr[-500:]


def test_a_burst_of_connections_opens_the_file_once(tmp_path: Path) -> None:
    store = _store(tmp_path, linger=60)
    opened = store.shared.opens
    for _ in range(5):
        with store.connect(read_only=True) as con:
            con.execute("SELECT count(*) FROM marks").fetchone()
        with store.transaction() as con:
            con.execute("INSERT INTO marks VALUES (?)", [new_id()])
    assert store.shared.opens == opened
    with store.connect() as con:
        assert con.execute("SELECT count(*) FROM marks").fetchone() == (5,)
    store.shared.close()
    assert not store.shared.is_open()


def test_the_file_is_let_go_when_idle_so_another_process_can_write(tmp_path: Path) -> None:
    store = _store(tmp_path, linger=0.2)
    with store.connect() as con:
        con.execute("SELECT 1").fetchone()
    assert _other_process_writes(store.path) == "wrote"
    with store.connect() as con:  # opened again, and sees the other process's row
        assert con.execute("SELECT id FROM marks").fetchall() == [("other",)]


def test_sessions_at_once_see_what_each_committed(tmp_path: Path) -> None:
    """Four sessions write and read back at the same time: every committed row is seen
    by the next connection, and no query fails."""
    store = _store(tmp_path, linger=0.0)
    missing: list[str] = []
    errors: list[str] = []

    def session() -> None:
        for _ in range(40):
            mark = new_id()
            try:
                with store.transaction() as con:
                    con.execute("INSERT INTO marks VALUES (?)", [mark])
                with store.connect() as con:
                    row = con.execute("SELECT id FROM marks WHERE id = ?", [mark]).fetchone()
                if row is None:
                    missing.append(mark)
            except Exception as error:  # collected, asserted below
                errors.append(repr(error))

    threads = [threading.Thread(target=session) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and missing == []
    with store.connect() as con:
        assert con.execute("SELECT count(*) FROM marks").fetchone() == (160,)
