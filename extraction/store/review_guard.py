"""SQL guarding against a repeated save: the same 'add' sent twice (a double click)."""

from __future__ import annotations

import datetime as dt

import duckdb


def identical_add(
    con: duckdb.DuckDBPyConnection,
    article_id: str,
    reviewer: str,
    after: str,
    since: dt.datetime,
) -> tuple[str, str] | None:
    """(review id, claim id) of an 'add' of the same claim to the same article by the same
    reviewer since `since`, or None."""
    row = con.execute(
        "SELECT id, claim_id FROM reviews WHERE action = 'add' AND article_id = ?"
        " AND reviewer = ? AND after = ? AND created_at >= ? ORDER BY created_at LIMIT 1",
        [article_id, reviewer, after, since],
    ).fetchone()
    return None if row is None else (str(row[0]), str(row[1]))
