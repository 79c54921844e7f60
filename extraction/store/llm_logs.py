"""Reading the LLM call log for people: filtered listings and one call in full
(`claimdesk logs`). Writing it is `llm_calls.py`'s job."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

from extraction.store.records import fetch_dicts

#: The status of a logged attempt: a parsed answer, an error, or an answer that did not parse.
STATUSES = ("ok", "error", "unparsed")
_STATUS_SQL = "CASE WHEN parsed THEN 'ok' WHEN error IS NOT NULL THEN 'error' ELSE 'unparsed' END"
_SUMMARY_COLUMNS = (
    "id, run_id, article_id, attempt, endpoint, model, prompt_version, parsed, error,"
    " prompt_tokens, completion_tokens, total_tokens, latency_ms, created_at"
)


class LogNotFoundError(LookupError):
    """No logged call has this id (or id prefix), or the prefix is ambiguous."""


@dataclass(frozen=True)
class LogFilter:
    """Which calls to list: run and article by id prefix, status (see STATUSES)."""

    run: str | None = None
    article: str | None = None
    status: str | None = None


def list_calls(
    con: duckdb.DuckDBPyConnection, filters: LogFilter | None = None, limit: int | None = 20
) -> list[dict[str, Any]]:
    """Logged calls without their request and response bodies, newest first."""
    chosen = filters or LogFilter()
    where: list[str] = []
    params: list[Any] = []
    if chosen.run:
        where.append("starts_with(run_id, ?)")
        params.append(chosen.run)
    if chosen.article:
        where.append("starts_with(article_id, ?)")
        params.append(chosen.article)
    if chosen.status:
        if chosen.status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}")
        where.append(f"({_STATUS_SQL}) = ?")
        params.append(chosen.status)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    sql = (
        f"SELECT {_SUMMARY_COLUMNS}, {_STATUS_SQL} AS status FROM llm_calls {clause}"
        " ORDER BY created_at DESC, attempt DESC"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return fetch_dicts(con.execute(sql, params))


def get_call(con: duckdb.DuckDBPyConnection, call_id: str) -> dict[str, Any]:
    """One logged call in full (request and response included), by id or unique prefix."""
    rows = fetch_dicts(
        con.execute(
            f"SELECT *, {_STATUS_SQL} AS status FROM llm_calls WHERE starts_with(id, ?) LIMIT 2",
            [call_id],
        )
    )
    if not rows:
        raise LogNotFoundError(f"no logged LLM call with id {call_id!r}")
    if len(rows) > 1:
        raise LogNotFoundError(f"id prefix {call_id!r} matches several calls; give more of it")
    return rows[0]
