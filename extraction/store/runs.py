"""Queries on extraction runs and per-article extractions (resume bookkeeping)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb

from extraction.store.bulk import insert_rows
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


def start_run(con: duckdb.DuckDBPyConnection, info: RunInfo) -> str:
    """Record the start of a run and return its id."""
    run_id = new_id()
    con.execute(
        "INSERT INTO runs (id, engine, model, prompt_version, prompt_hash, run_key, parameters,"
        " started_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running')",
        [
            run_id,
            info.engine,
            info.model,
            info.prompt_version,
            info.prompt_hash,
            info.run_key,
            to_json(info.parameters),
            utcnow(),
        ],
    )
    return run_id


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
    """The latest runs, newest first."""
    cursor = con.execute(
        "SELECT id, engine, model, prompt_version, started_at, finished_at, status, n_articles,"
        " n_skipped, n_failed, n_claims, n_ungrounded, prompt_tokens, completion_tokens, cost"
        " FROM runs ORDER BY started_at DESC LIMIT ?",
        [limit],
    )
    return fetch_dicts(cursor)
