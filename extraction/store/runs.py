"""Queries on extraction runs and per-article extractions (resume bookkeeping)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb

from extraction.store.bulk import insert_rows
from extraction.store.leases import release_leases
from extraction.store.records import fetch_dicts, new_id, to_json, utcnow


@dataclass
class RunInfo:
    """What identifies and describes one extraction run."""

    engine: str
    model: str
    prompt_version: str
    prompt_hash: str
    parameters: dict[str, Any] = field(default_factory=dict)

    @property
    def run_key(self) -> str:
        """Articles extracted under the same key are skipped on resume."""
        raw = "\x1f".join([self.engine, self.model, self.prompt_version, self.prompt_hash])
        return hashlib.sha256(raw.encode()).hexdigest()[:16]


@dataclass
class RunTotals:
    """Counters a run accumulates and stores when it ends."""

    n_articles: int = 0
    n_skipped: int = 0
    n_failed: int = 0
    n_claims: int = 0
    n_ungrounded: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float | None = None
    errors: list[dict[str, str]] = field(default_factory=list)


#: A running run whose heartbeat is older than this is dead, whatever its PID says.
STALE_HEARTBEAT_SECONDS = 300.0


def this_host() -> str:
    """The name runs record as their host (PIDs are checked only on the same host)."""
    return socket.gethostname()


def _insert_running(
    con: duckdb.DuckDBPyConnection, run_id: str, info: RunInfo, started_at: dt.datetime
) -> None:
    """One `runs` row in state 'running', owned by this process (PID, host, heartbeat now)."""
    con.execute(
        "INSERT INTO runs (id, engine, model, prompt_version, prompt_hash, run_key, parameters,"
        " started_at, status, pid, host, heartbeat_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?)",
        [
            run_id,
            info.engine,
            info.model,
            info.prompt_version,
            info.prompt_hash,
            info.run_key,
            to_json(info.parameters),
            started_at,
            os.getpid(),
            this_host(),
            utcnow(),
        ],
    )


def start_run(con: duckdb.DuckDBPyConnection, info: RunInfo) -> str:
    """Record the start of a run (with this process's PID and host) and return its id."""
    run_id = new_id()
    _insert_running(con, run_id, info, utcnow())
    return run_id


def insert_run(
    con: duckdb.DuckDBPyConnection, run_id: str, info: RunInfo, started_at: dt.datetime
) -> bool:
    """Record a run made elsewhere (a Ray job) under its own id, as started by this
    process; False (and nothing written) when a run with that id is already stored."""
    if con.execute("SELECT 1 FROM runs WHERE id = ?", [run_id]).fetchone() is not None:
        return False
    _insert_running(con, run_id, info, started_at)
    return True


def heartbeat(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    """Record that the run's process is alive."""
    con.execute("UPDATE runs SET heartbeat_at = ? WHERE id = ?", [utcnow(), run_id])


def pid_alive(pid: int) -> bool:
    """True when a process with this PID exists on this host."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def is_dead(run: dict[str, Any], now: dt.datetime | None = None) -> bool:
    """True when a run still marked running has no live process: its PID is gone (same
    host) or its heartbeat is stale."""
    if run.get("status") != "running":
        return False
    beat = run.get("heartbeat_at") or run.get("started_at")
    current = now or utcnow()
    if beat is not None and (current - beat).total_seconds() > STALE_HEARTBEAT_SECONDS:
        return True
    pid = run.get("pid")
    if pid is not None and run.get("host") == this_host():
        return not pid_alive(int(pid))
    return False


def mark_dead_runs(con: duckdb.DuckDBPyConnection, run_key: str) -> list[str]:
    """Mark the dead runs of `run_key` as `dead` with the counts they stored and drop their
    article leases; return their ids. (The articles they finished are done and skipped;
    the others are free: a new run resumes them.)"""
    runs = fetch_dicts(
        con.execute(
            "SELECT id, status, pid, host, started_at, heartbeat_at FROM runs"
            " WHERE run_key = ? AND status = 'running'",
            [run_key],
        )
    )
    dead = [run["id"] for run in runs if is_dead(run)]
    for run_id in dead:
        release_leases(con, run_id)
        counts = stored_counts(con, [run_id]).get(run_id, {})
        con.execute(
            "UPDATE runs SET status = 'dead', n_articles = ?, n_failed = ?, n_claims = ?,"
            " n_ungrounded = ?, prompt_tokens = ?, completion_tokens = ? WHERE id = ?",
            [
                counts.get("n_articles", 0),
                counts.get("n_failed", 0),
                counts.get("n_claims", 0),
                counts.get("n_ungrounded", 0),
                counts.get("prompt_tokens", 0),
                counts.get("completion_tokens", 0),
                run_id,
            ],
        )
    return dead


_COUNTS_SQL = """
    WITH ids AS (SELECT unnest(?::VARCHAR[]) AS run_id),
    e AS (
        SELECT run_id, count(*) FILTER (WHERE status = 'done') AS n_articles,
               count(DISTINCT article_id) FILTER (WHERE status = 'failed') AS n_failed
        FROM extractions WHERE run_id IN (SELECT run_id FROM ids) GROUP BY run_id
    ),
    c AS (
        SELECT run_id, count(*) AS n_claims,
               count(*) FILTER (WHERE alignment_status = 'not_found') AS n_ungrounded
        FROM claims WHERE run_id IN (SELECT run_id FROM ids) GROUP BY run_id
    ),
    l AS (
        SELECT run_id, coalesce(sum(prompt_tokens), 0) AS prompt_tokens,
               coalesce(sum(completion_tokens), 0) AS completion_tokens
        FROM llm_calls WHERE run_id IN (SELECT run_id FROM ids) GROUP BY run_id
    )
    SELECT ids.run_id, coalesce(e.n_articles, 0) AS n_articles,
           coalesce(e.n_failed, 0) AS n_failed, coalesce(c.n_claims, 0) AS n_claims,
           coalesce(c.n_ungrounded, 0) AS n_ungrounded,
           coalesce(l.prompt_tokens, 0) AS prompt_tokens,
           coalesce(l.completion_tokens, 0) AS completion_tokens
    FROM ids LEFT JOIN e USING (run_id) LEFT JOIN c USING (run_id) LEFT JOIN l USING (run_id)
"""


def stored_counts(
    con: duckdb.DuckDBPyConnection, run_ids: Sequence[str]
) -> dict[str, dict[str, int]]:
    """What each run actually stored: articles done and failed, claims, ungrounded claims,
    tokens of its logged LLM calls."""
    if not run_ids:
        return {}
    rows = fetch_dicts(con.execute(_COUNTS_SQL, [list(run_ids)]))
    return {str(row.pop("run_id")): {key: int(value) for key, value in row.items()} for row in rows}


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, totals: RunTotals, status: str) -> None:
    """Record the end of a run with its counters and errors."""
    con.execute(
        "UPDATE runs SET finished_at = ?, status = ?, n_articles = ?, n_skipped = ?, n_failed = ?,"
        " n_claims = ?, n_ungrounded = ?, prompt_tokens = ?, completion_tokens = ?, cost = ?,"
        " errors = ? WHERE id = ?",
        [
            utcnow(),
            status,
            totals.n_articles,
            totals.n_skipped,
            totals.n_failed,
            totals.n_claims,
            totals.n_ungrounded,
            totals.prompt_tokens,
            totals.completion_tokens,
            totals.cost,
            to_json(totals.errors),
            run_id,
        ],
    )


def done_article_ids(con: duckdb.DuckDBPyConnection, run_key: str) -> set[str]:
    """Ids of the articles already extracted successfully under this run key."""
    rows = con.execute(
        "SELECT DISTINCT article_id FROM extractions WHERE run_key = ? AND status = 'done'",
        [run_key],
    ).fetchall()
    return {str(row[0]) for row in rows}


def record_failure(
    con: duckdb.DuckDBPyConnection, run_id: str, run_key: str, article_id: str, error: str
) -> None:
    """Record that extracting an article failed in this run (it is retried next run)."""
    record_failures(con, run_id, run_key, [(article_id, error)])


def record_failures(
    con: duckdb.DuckDBPyConnection, run_id: str, run_key: str, failures: Sequence[tuple[str, str]]
) -> None:
    """Record several failed articles of this run, (article id, error) each, in one statement."""
    rows = [
        [new_id(), run_id, article_id, run_key, "failed", error, utcnow()]
        for article_id, error in failures
    ]
    columns = ("id", "run_id", "article_id", "run_key", "status", "error", "created_at")
    insert_rows(con, "extractions", columns, rows)


def list_runs(con: duckdb.DuckDBPyConnection, limit: int = 50) -> list[dict[str, Any]]:
    """The latest runs, newest first. A run still marked running whose process is gone is
    shown `dead`; the counts of runs not finished are those of the rows they stored."""
    cursor = con.execute(
        "SELECT id, engine, model, prompt_version, started_at, finished_at, status, n_articles,"
        " n_skipped, n_failed, n_claims, n_ungrounded, prompt_tokens, completion_tokens, cost,"
        " pid, host, heartbeat_at FROM runs ORDER BY started_at DESC LIMIT ?",
        [limit],
    )
    runs = fetch_dicts(cursor)
    unfinished = [run["id"] for run in runs if run["status"] in ("running", "dead")]
    counts = stored_counts(con, unfinished)
    for run in runs:
        if is_dead(run):
            run["status"] = "dead"
        run.update(counts.get(run["id"], {}))
    return runs
