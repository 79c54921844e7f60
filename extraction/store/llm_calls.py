"""Queries on the LLM call log: every attempt is a row; parsed rows serve as the cache."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb

from extraction.schema import LLMCall
from extraction.store.bulk import insert_rows
from extraction.store.records import fetch_dicts, new_id, utcnow

_FIELDS = (
    "attempt",
    "endpoint",
    "model",
    "prompt_version",
    "prompt_hash",
    "cache_key",
    "request",
    "response",
    "parsed",
    "error",
    "prompt_tokens",
    "completion_tokens",
    "total_tokens",
    "latency_ms",
    "cost",
)


def insert_llm_calls(
    con: duckdb.DuckDBPyConnection,
    run_id: str | None,
    article_id: str | None,
    calls: Sequence[LLMCall],
) -> None:
    """Append the calls made for one article in one run."""
    insert_llm_call_groups(con, run_id, [(article_id, calls)])


def insert_llm_call_groups(
    con: duckdb.DuckDBPyConnection,
    run_id: str | None,
    groups: Sequence[tuple[str | None, Sequence[LLMCall]]],
) -> None:
    """Append the calls of several articles of one run (article id, its calls), in one statement."""
    rows: list[list[Any]] = []
    for article_id, calls in groups:
        now = utcnow()
        rows.extend(
            [new_id(), run_id, article_id, *(getattr(call, name) for name in _FIELDS), now]
            for call in calls
        )
    insert_rows(con, "llm_calls", ("id", "run_id", "article_id", *_FIELDS, "created_at"), rows)


def cached_response(con: duckdb.DuckDBPyConnection, cache_key: str) -> str | None:
    """The latest raw response that parsed for this cache key, or None."""
    row = con.execute(
        "SELECT response FROM llm_calls WHERE cache_key = ? AND parsed AND response IS NOT NULL"
        " ORDER BY created_at DESC LIMIT 1",
        [cache_key],
    ).fetchone()
    return None if row is None else str(row[0])


def parsed_cache_keys(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Every cache key that has a parsed response (what `cached_response` can answer)."""
    rows = con.execute(
        "SELECT DISTINCT cache_key FROM llm_calls"
        " WHERE cache_key IS NOT NULL AND parsed AND response IS NOT NULL"
    ).fetchall()
    return {str(row[0]) for row in rows}


def list_llm_calls(
    con: duckdb.DuckDBPyConnection, run_id: str | None = None
) -> list[dict[str, Any]]:
    """Logged calls, optionally of one run, in the order they were made."""
    if run_id is None:
        cursor = con.execute("SELECT * FROM llm_calls ORDER BY created_at, attempt")
    else:
        cursor = con.execute(
            "SELECT * FROM llm_calls WHERE run_id = ? ORDER BY created_at, attempt", [run_id]
        )
    return fetch_dicts(cursor)
