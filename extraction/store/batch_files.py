"""Queries on the provider batch tables: prepared requests, their settings, loaded sources."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

from extraction.store.bulk import insert_rows
from extraction.store.records import fetch_dicts, utcnow


@dataclass(frozen=True)
class StoredRequest:
    """One prepared request line: which article and chunk it asks about, and its body."""

    custom_id: str
    settings_id: str
    article_id: str
    chunk_index: int
    n_chunks: int
    cache_key: str | None
    body: str


def save_batch_settings(con: duckdb.DuckDBPyConnection, settings_id: str, settings: str) -> None:
    """Store the settings a batch file was prepared with (once per id)."""
    insert_rows(
        con,
        "batch_settings",
        ("id", "settings", "created_at"),
        [[settings_id, settings, utcnow()]],
        or_ignore=True,
    )


def batch_settings(con: duckdb.DuckDBPyConnection, settings_id: str) -> dict[str, Any] | None:
    """The stored settings with this id, decoded, or None."""
    row = con.execute("SELECT settings FROM batch_settings WHERE id = ?", [settings_id]).fetchone()
    return None if row is None else dict(json.loads(row[0]))


def save_batch_requests(con: duckdb.DuckDBPyConnection, requests: Sequence[StoredRequest]) -> int:
    """Store prepared requests; one already stored (same custom_id) is kept. Returns how
    many were new."""
    now = utcnow()
    rows = [
        [
            r.custom_id,
            r.settings_id,
            r.article_id,
            r.chunk_index,
            r.n_chunks,
            r.cache_key,
            r.body,
            now,
        ]
        for r in requests
    ]
    columns = (
        "custom_id",
        "settings_id",
        "article_id",
        "chunk_index",
        "n_chunks",
        "cache_key",
        "body",
        "created_at",
    )
    return insert_rows(con, "batch_requests", columns, rows, or_ignore=True)


def stored_requests(
    con: duckdb.DuckDBPyConnection, custom_ids: Sequence[str]
) -> dict[str, StoredRequest]:
    """The prepared requests with these custom ids (unknown ids are left out)."""
    if not custom_ids:
        return {}
    rows = fetch_dicts(
        con.execute(
            "SELECT custom_id, settings_id, article_id, chunk_index, n_chunks, cache_key, body"
            " FROM batch_requests WHERE custom_id IN (SELECT unnest(?::VARCHAR[]))",
            [list(custom_ids)],
        )
    )
    return {row["custom_id"]: StoredRequest(**row) for row in rows}


def article_requests(
    con: duckdb.DuckDBPyConnection, article_ids: Sequence[str], settings_ids: Iterable[str]
) -> dict[str, list[StoredRequest]]:
    """Every prepared chunk request of these articles under these settings, in chunk order."""
    rows = fetch_dicts(
        con.execute(
            "SELECT custom_id, settings_id, article_id, chunk_index, n_chunks, cache_key, body"
            " FROM batch_requests WHERE article_id IN (SELECT unnest(?::VARCHAR[]))"
            " AND settings_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY article_id, chunk_index",
            [list(article_ids), sorted(settings_ids)],
        )
    )
    found: dict[str, list[StoredRequest]] = {}
    for row in rows:
        found.setdefault(row["article_id"], []).append(StoredRequest(**row))
    return found


def run_errors(con: duckdb.DuckDBPyConnection, run_id: str) -> list[dict[str, str]]:
    """The errors a finished run recorded."""
    row = con.execute("SELECT errors FROM runs WHERE id = ?", [run_id]).fetchone()
    return list(json.loads(row[0])) if row is not None and row[0] else []


def batch_load(con: duckdb.DuckDBPyConnection, source_key: str) -> dict[str, Any] | None:
    """The load of this results source (run id, status), or None when never loaded."""
    rows = fetch_dicts(
        con.execute(
            "SELECT source_key, run_id, source, status FROM batch_loads WHERE source_key = ?",
            [source_key],
        )
    )
    return rows[0] if rows else None


def start_batch_load(
    con: duckdb.DuckDBPyConnection, source_key: str, run_id: str, source: str
) -> None:
    """Record that this results source is being loaded as run `run_id`."""
    con.execute(
        "INSERT INTO batch_loads (source_key, run_id, source, status, created_at)"
        " VALUES (?, ?, ?, 'running', ?)",
        [source_key, run_id, source, utcnow()],
    )


def finish_batch_load(con: duckdb.DuckDBPyConnection, source_key: str) -> None:
    """Record that this results source is loaded whole."""
    con.execute(
        "UPDATE batch_loads SET status = 'done', finished_at = ? WHERE source_key = ?",
        [utcnow(), source_key],
    )


def stored_article_ids(con: duckdb.DuckDBPyConnection, run_id: str) -> set[str]:
    """Articles a run has stored as done."""
    rows = con.execute(
        "SELECT DISTINCT article_id FROM extractions WHERE run_id = ? AND status = 'done'",
        [run_id],
    ).fetchall()
    return {str(row[0]) for row in rows}


def run_cost(con: duckdb.DuckDBPyConnection, run_id: str) -> float | None:
    """The sum of the known costs of a run's calls, or None when none is known."""
    row = con.execute("SELECT sum(cost) FROM llm_calls WHERE run_id = ?", [run_id]).fetchone()
    return None if row is None or row[0] is None else float(row[0])
