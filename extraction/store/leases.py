"""Article leases: many `extract` processes on one file split a batch, none repeats one.

Before extracting an article a process claims it under the run key: it gets a lease
(owner, expiry) unless the article is already done under that key (done since the run
began, with `--force`) or another owner holds a lease that has not expired. DuckDB lets
one process open the file at a time, so a claim (one short transaction) is atomic
across processes. Leases are renewed while the owner runs and dropped when it ends; the
leases of a process that died expire and the next process to reach the article takes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import duckdb

from extraction.store.records import utcnow

_CLAIMABLE_SQL = """
    SELECT t.id FROM (SELECT unnest(?::VARCHAR[]) AS id) t
    WHERE t.id NOT IN (
        SELECT article_id FROM extractions
        WHERE run_key = ? AND status = 'done' AND created_at >= ?
    )
    AND t.id NOT IN (
        SELECT article_id FROM article_leases
        WHERE run_key = ? AND owner <> ? AND expires_at > ?
    )
"""

#: Before any run: "done at any time".
_EPOCH = dt.datetime(1970, 1, 1)


def claim_articles(
    con: duckdb.DuckDBPyConnection,
    run_key: str,
    owner: str,
    article_ids: Sequence[str],
    ttl_seconds: float,
    done_since: dt.datetime | None = None,
) -> list[str]:
    """Lease the articles nobody else holds and that are not done under `run_key` (done
    since `done_since` when given); return their ids, in the given order. The caller
    holds the transaction."""
    if not article_ids:
        return []
    now = utcnow()
    since = done_since or _EPOCH
    rows = con.execute(
        _CLAIMABLE_SQL, [list(article_ids), run_key, since, run_key, owner, now]
    ).fetchall()
    free = {str(row[0]) for row in rows}
    claimed = [article_id for article_id in dict.fromkeys(article_ids) if article_id in free]
    if claimed:
        expires = now + dt.timedelta(seconds=ttl_seconds)
        con.execute(
            "INSERT OR REPLACE INTO article_leases (run_key, article_id, owner, acquired_at,"
            " expires_at) SELECT ?, unnest(?::VARCHAR[]), ?, ?, ?",
            [run_key, claimed, owner, now, expires],
        )
    return claimed


def renew_leases(con: duckdb.DuckDBPyConnection, owner: str, ttl_seconds: float) -> None:
    """Push back the expiry of every lease `owner` holds."""
    expires = utcnow() + dt.timedelta(seconds=ttl_seconds)
    con.execute("UPDATE article_leases SET expires_at = ? WHERE owner = ?", [expires, owner])


def release_leases(con: duckdb.DuckDBPyConnection, owner: str) -> None:
    """Drop every lease `owner` holds (its run is over)."""
    con.execute("DELETE FROM article_leases WHERE owner = ?", [owner])
