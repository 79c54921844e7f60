"""A locked database file and a killed run, with real second processes.

- A lock held (here for up to 90 s) by another process used to give the CLI a full
  traceback after 60 s; now it prints whom it waits for, then one line naming the
  holder, exit code 2. ($CLAIMDESK_LOCK_TIMEOUT shortens the wait; the code path is
  the real one.)
- A run killed with SIGKILL stayed `running` with zero counts forever; now it is shown
  `dead` with the articles it stored, and the next run resumes it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from scripted_server import ScriptedServer, good_answer

from extraction.store.connection import Store
from extraction.store.runs import list_runs

pytestmark = pytest.mark.integration

CLI = [sys.executable, "-c", "from extraction.cli import main; main()"]
ENV = {**os.environ, "OPENAI_API_KEY": "sk-test-not-a-real-key-123456", "COLUMNS": "200"}


def test_a_lock_held_by_another_process_gives_one_line_and_exit_2(tmp_path: Path) -> None:
    db = tmp_path / "claims.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(db)!r}); print('held', flush=True);"
            " time.sleep(90)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        env = {**ENV, "CLAIMDESK_LOCK_TIMEOUT": "4"}
        started = time.monotonic()
        result = subprocess.run(
            [*CLI, "runs", "--db", str(db)], capture_output=True, text=True, env=env, timeout=60
        )
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 2
    assert waited >= 4
    lines = result.stderr.strip().splitlines()
    assert lines[0] == f"waiting for process {holder.pid} to release claims.duckdb ..."
    assert lines[-1].startswith(f"error: claims.duckdb is locked by process {holder.pid};")
    assert len(lines) == 2, result.stderr
    assert "Traceback" not in result.stderr and sys.executable not in result.stderr


def _articles(folder: Path, count: int) -> None:
    folder.mkdir()
    for index in range(count):
        text = f"Officials said {1000 + index} people left valley town number {index} today."
        (folder / f"a{index:03d}.txt").write_text(text, encoding="utf-8")


def _extract(folder: Path, db: Path, base_url: str) -> list[str]:
    return [
        *CLI,
        "extract",
        str(folder),
        "--db",
        str(db),
        "--engine",
        "openai",
        "--model",
        "test-model",
        "--base-url",
        base_url,
        "--no-cache",
    ]


def _done(store: Store) -> int:
    with store.connect(read_only=True) as con:
        row = con.execute("SELECT count(*) FROM extractions WHERE status = 'done'").fetchone()
    return int(row[0]) if row else 0


def test_a_sigkilled_run_is_shown_dead_with_its_true_counts_and_is_resumed(
    tmp_path: Path,
) -> None:
    folder, db = tmp_path / "in", tmp_path / "x.duckdb"
    _articles(folder, 150)

    def slow(request: dict[str, Any]) -> dict[str, Any]:
        time.sleep(0.05)
        return good_answer(request)

    store = Store(db, lock_timeout=30)
    with ScriptedServer(slow) as server:
        process = subprocess.Popen(
            _extract(folder, db, server.base_url),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=ENV,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (not db.exists() or _done(store) < 10):
            time.sleep(0.3)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    stored = _done(store)
    assert 10 <= stored < 150

    with store.connect(read_only=True) as con:
        (run,) = list_runs(con)
    assert run["status"] == "dead"
    assert run["n_articles"] == stored and run["n_claims"] == stored
    assert run["prompt_tokens"] >= stored * 100  # the calls it logged
    shown = subprocess.run(
        [*CLI, "runs", "--db", str(db)], capture_output=True, text=True, env=ENV, timeout=60
    )
    assert shown.returncode == 0 and " dead " in shown.stdout

    with ScriptedServer(good_answer) as server:
        again = subprocess.run(
            _extract(folder, db, server.base_url), capture_output=True, text=True, env=ENV
        )
    assert again.returncode == 0, again.stderr
    assert server.requests == 150 - stored  # only what the dead run did not store
    assert _done(store) == 150
    with store.connect(read_only=True) as con:
        statuses = sorted(row["status"] for row in list_runs(con))
        kept = con.execute("SELECT status, n_articles FROM runs WHERE status = 'dead'").fetchall()
    assert statuses == ["dead", "done"]
    assert kept == [("dead", stored)]


def test_a_sigterm_closes_the_run_with_what_it_stored(tmp_path: Path) -> None:
    """SIGTERM (exit 143) used to leave the run `running` with zero counts."""
    folder, db = tmp_path / "in", tmp_path / "x.duckdb"
    _articles(folder, 150)

    def slow(request: dict[str, Any]) -> dict[str, Any]:
        time.sleep(0.05)
        return good_answer(request)

    store = Store(db, lock_timeout=30)
    with ScriptedServer(slow) as server:
        process = subprocess.Popen(
            _extract(folder, db, server.base_url),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=ENV,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (not db.exists() or _done(store) < 5):
            time.sleep(0.3)
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 143
    assert "Traceback" not in err
    stored = _done(store)
    with store.connect(read_only=True) as con:
        (run,) = list_runs(con)
        leases = con.execute("SELECT count(*) FROM article_leases").fetchone()
    assert run["status"] == "interrupted"
    assert run["n_articles"] == stored and 5 <= stored < 150
    assert leases == (0,)
