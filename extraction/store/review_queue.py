"""The review queue: its filters (`QueueQuery`), one page with counts, facets and reviewer
progress (`queue_page`) and the next pending claim (`next_pending`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import duckdb

from extraction.store.records import fetch_dicts
from extraction.store.review_state import (
    QUEUE_KEY,
    QUEUE_ORDER,
    STATE_COLUMNS,
    STATE_SQL,
    STATUSES,
)


@dataclass(frozen=True)
class QueueQuery:
    """Filters and paging of the review queue; None means no filter."""

    status: str | None = None
    article: str | None = None
    publication: str | None = None
    claimant: str | None = None
    engine: str | None = None
    prompt_version: str | None = None
    certainty: str | None = None
    ungrounded_only: bool = False
    limit: int = 50
    offset: int = 0


def _queue_where(query: QueueQuery) -> tuple[str, list[Any]]:
    """WHERE clause of every filter but status, with its parameters."""
    where: list[str] = []
    params: list[Any] = []
    for column, value in (
        ("publication", query.publication),
        ("engine", query.engine),
        ("prompt_version", query.prompt_version),
        ("certainty", query.certainty),
    ):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if query.article:
        where.append("(article_id = ? OR article_title ILIKE ?)")
        params.extend([query.article, f"%{query.article}%"])
    if query.claimant:
        where.append("claimant ILIKE ?")
        params.append(f"%{query.claimant}%")
    if query.ungrounded_only:
        where.append("alignment_status = 'not_found'")
    return (f"WHERE {' AND '.join(where)}" if where else ""), params


def _status_filter(status: str | None) -> tuple[str, list[Any]]:
    if status is None:
        return "TRUE", []
    if status == "reviewed":
        return "status <> 'pending'", []
    return "status = ?", [status]


@dataclass
class QueueResult:
    """One page of the queue plus the counts, facets and reviewer progress beside it."""

    rows: list[dict[str, Any]]
    matching: int
    counts: dict[str, int]
    progress: list[dict[str, Any]]
    facets: dict[str, list[str]]


def queue_page(
    con: duckdb.DuckDBPyConnection, query: QueueQuery, today_start: dt.datetime
) -> QueueResult:
    """One page of the queue, in one query: the rows, the counts per status (all filters but
    status applied), the number matching every filter, reviews per reviewer since
    `today_start` and in total, and the values the select filters offer."""
    where, params = _queue_where(query)
    status_sql, status_params = _status_filter(query.status)
    counts = ", ".join(f"count(*) FILTER (WHERE status = '{s}') AS n_{s}" for s in STATUSES)
    sql = f"""
    WITH state AS MATERIALIZED (SELECT * FROM ({STATE_SQL}) {where}),
    page AS (
        SELECT * FROM state WHERE {status_sql} ORDER BY {QUEUE_ORDER} LIMIT ? OFFSET ?
    ),
    counts AS (
        SELECT {counts}, count(*) FILTER (WHERE {status_sql}) AS n_matching FROM state
    ),
    progress AS (
        SELECT list({{'reviewer': reviewer, 'today': today, 'total': total}}
                    ORDER BY today DESC, total DESC, reviewer) AS progress
        FROM (SELECT reviewer, count(*) FILTER (WHERE created_at >= ?) AS today,
                     count(*) AS total FROM reviews
              WHERE id NOT IN (SELECT review_id FROM claim_carries) GROUP BY reviewer)
    ),
    facets AS (
        SELECT (SELECT list(DISTINCT publication ORDER BY publication) FROM articles
                WHERE publication IS NOT NULL) AS f_publication,
               (SELECT list(DISTINCT engine ORDER BY engine) FROM claims) AS f_engine,
               (SELECT list(DISTINCT prompt_version ORDER BY prompt_version) FROM claims)
                   AS f_prompt_version
    )
    SELECT counts.*, progress.progress, facets.*, page.*
    FROM counts CROSS JOIN progress CROSS JOIN facets LEFT JOIN page ON TRUE
    ORDER BY {QUEUE_ORDER}
    """
    bound = [
        *params,
        *status_params,
        query.limit,
        query.offset,
        *status_params,
        today_start,
    ]
    rows = fetch_dicts(con.execute(sql, bound))
    head = rows[0]
    return QueueResult(
        rows=[_page_row(row) for row in rows if row["claim_id"] is not None],
        matching=int(head["n_matching"]),
        counts={status: int(head[f"n_{status}"]) for status in STATUSES},
        progress=list(head["progress"] or []),
        facets={
            "publication": list(head["f_publication"] or []),
            "engine": list(head["f_engine"] or []),
            "prompt_version": list(head["f_prompt_version"] or []),
        },
    )


def _page_row(row: dict[str, Any]) -> dict[str, Any]:
    return {name: row[name] for name in STATE_COLUMNS}


def next_pending(
    con: duckdb.DuckDBPyConnection, query: QueueQuery, after_claim_id: str | None = None
) -> str | None:
    """The first pending claim after `after_claim_id` in queue order (wrapping around),
    among the claims matching the filters; None when nothing is pending."""
    where, params = _queue_where(query)
    sql = f"""
    WITH state AS MATERIALIZED (SELECT * FROM ({STATE_SQL}) {where}),
    here AS (SELECT row({QUEUE_KEY}) AS place FROM state WHERE claim_id = ?)
    SELECT claim_id FROM state
    WHERE status = 'pending' AND claim_id IS DISTINCT FROM ?
    ORDER BY coalesce(row({QUEUE_KEY}) <= (SELECT place FROM here), FALSE), {QUEUE_KEY}
    LIMIT 1
    """
    row = con.execute(sql, [*params, after_claim_id, after_claim_id]).fetchone()
    return None if row is None else str(row[0])
