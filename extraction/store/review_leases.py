"""SQL for the review work split: leases on claims, the next free claim, the priority order.

A lease says a reviewer holds a claim until `expires_at`. "Next" only hands out claims no
one else holds, and takes the lease in the same transaction, so two reviewers never get the
same claim from Next (a concurrent transaction that took it first makes this one fail and
the caller retries).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import duckdb

from extraction.store.records import fetch_dicts
from extraction.store.reviews import QUEUE_KEY, STATE_SQL, QueueQuery
from extraction.store.reviews import _queue_where as queue_where

#: Ranks of the priority order (lower first) and the reason shown for each.
PRIORITY_REASONS: dict[int, str] = {
    0: "evidence matched only fuzzily or after normalising",
    1: "runs disagree on claimant, figure or certainty",
    2: "hedged, unconfirmed or denied",
    3: "",
}

#: Claims whose evidence overlaps a claim of another run on the same article that says
#: something else about claimant, figure or certainty.
_DISAGREE_SQL = """
    SELECT DISTINCT a.claim_id FROM state_all a JOIN state_all b
      ON a.article_id = b.article_id AND a.run_id <> b.run_id
     AND a.evidence_start < b.evidence_end AND b.evidence_start < a.evidence_end
    WHERE lower(coalesce(a.claimant, '')) <> lower(coalesce(b.claimant, ''))
       OR a.quantity_value IS DISTINCT FROM b.quantity_value
       OR a.certainty IS DISTINCT FROM b.certainty
"""

_RANK_SQL = """
    CASE WHEN alignment_status IN ('fuzzy', 'normalized') THEN 0
         WHEN claim_id IN (SELECT claim_id FROM disagree) THEN 1
         WHEN certainty IN ('hedged', 'unconfirmed', 'denied') THEN 2
         ELSE 3 END
"""


def _ranked_cte(where: str, priority: bool) -> str:
    """CTEs `state_all`, `disagree` and `state` (filtered, with a `priority` column)."""
    if not priority:
        return f"""
        state_all AS MATERIALIZED (SELECT * FROM ({STATE_SQL})),
        state AS MATERIALIZED (SELECT *, 3 AS priority FROM state_all {where})
        """
    return f"""
        state_all AS MATERIALIZED (SELECT * FROM ({STATE_SQL})),
        disagree AS MATERIALIZED ({_DISAGREE_SQL}),
        state AS MATERIALIZED (SELECT *, {_RANK_SQL} AS priority FROM state_all {where})
    """


def next_free_claim(
    con: duckdb.DuckDBPyConnection,
    query: QueueQuery,
    reviewer: str,
    now: dt.datetime,
    *,
    after_claim_id: str | None = None,
    priority: bool = False,
    extra_candidates_sql: str = "",
) -> str | None:
    """The first pending claim after `after_claim_id` (queue or priority order, wrapping
    around) that no other reviewer holds a live lease on; None when there is none.

    `extra_candidates_sql` may add claim ids to hand out though they are not pending
    (blind second reviews); it selects one column, claim_id, and sees `state`."""
    where, params = queue_where(query)
    key = f"priority, {QUEUE_KEY}" if priority else QUEUE_KEY
    extra = f"OR claim_id IN ({extra_candidates_sql})" if extra_candidates_sql else ""
    sql = f"""
    WITH {_ranked_cte(where, priority)},
    here AS (SELECT row({key}) AS place FROM state WHERE claim_id = ?)
    SELECT claim_id FROM state s
    WHERE (status = 'pending' {extra}) AND claim_id IS DISTINCT FROM ?
      AND NOT EXISTS (
        SELECT 1 FROM review_leases l
        WHERE l.claim_id = s.claim_id AND l.expires_at > ? AND l.reviewer <> ?)
    ORDER BY coalesce(row({key}) <= (SELECT place FROM here), FALSE), {key}
    LIMIT 1
    """
    row = con.execute(sql, [*params, after_claim_id, after_claim_id, now, reviewer]).fetchone()
    return None if row is None else str(row[0])


def take_lease(
    con: duckdb.DuckDBPyConnection,
    claim_id: str,
    reviewer: str,
    now: dt.datetime,
    expires_at: dt.datetime,
) -> bool:
    """Take or renew the lease on a claim unless another reviewer holds a live one; the
    reviewer's other leases are released (one claim at a time). True when held."""
    holder = lease_holder(con, claim_id, now)
    if holder is not None and holder != reviewer:
        return False
    con.execute(
        "INSERT INTO review_leases VALUES (?, ?, ?, ?) ON CONFLICT (claim_id) DO UPDATE SET"
        " reviewer = excluded.reviewer, expires_at = excluded.expires_at,"
        " acquired_at = CASE WHEN review_leases.reviewer = excluded.reviewer"
        " AND review_leases.expires_at > excluded.acquired_at"
        " THEN review_leases.acquired_at ELSE excluded.acquired_at END",
        [claim_id, reviewer, now, expires_at],
    )
    con.execute(
        "DELETE FROM review_leases WHERE reviewer = ? AND claim_id <> ?", [reviewer, claim_id]
    )
    return True


def lease_holder(con: duckdb.DuckDBPyConnection, claim_id: str, now: dt.datetime) -> str | None:
    """Who holds a live lease on the claim, or None."""
    row = con.execute(
        "SELECT reviewer FROM review_leases WHERE claim_id = ? AND expires_at > ?",
        [claim_id, now],
    ).fetchone()
    return None if row is None else str(row[0])


def release_lease(con: duckdb.DuckDBPyConnection, claim_id: str, reviewer: str) -> None:
    """Release the reviewer's lease on the claim (nothing when they do not hold it)."""
    con.execute(
        "DELETE FROM review_leases WHERE claim_id = ? AND reviewer = ?", [claim_id, reviewer]
    )


def release_all(con: duckdb.DuckDBPyConnection, reviewer: str) -> None:
    """Release every lease the reviewer holds."""
    con.execute("DELETE FROM review_leases WHERE reviewer = ?", [reviewer])


@dataclass(frozen=True)
class Lease:
    """A live lease: who holds the claim, since when, until when."""

    claim_id: str
    reviewer: str
    acquired_at: dt.datetime
    expires_at: dt.datetime


def live_leases(
    con: duckdb.DuckDBPyConnection, claim_ids: list[str], now: dt.datetime
) -> dict[str, Lease]:
    """The live leases on these claims, by claim id."""
    if not claim_ids:
        return {}
    rows = fetch_dicts(
        con.execute(
            "SELECT * FROM review_leases WHERE expires_at > ? AND list_contains(?, claim_id)",
            [now, claim_ids],
        )
    )
    return {str(row["claim_id"]): Lease(**row) for row in rows}


def priority_page(
    con: duckdb.DuckDBPyConnection, query: QueueQuery, status_sql: str, status_params: list[Any]
) -> list[dict[str, Any]]:
    """One page of claims in priority order (pending first), each with its `priority` rank."""
    where, params = queue_where(query)
    sql = f"""
    WITH {_ranked_cte(where, True)}
    SELECT * FROM state WHERE {status_sql}
    ORDER BY (status <> 'pending'), priority, {QUEUE_KEY} LIMIT ? OFFSET ?
    """
    return fetch_dicts(con.execute(sql, [*params, *status_params, query.limit, query.offset]))


def priority_ranks(con: duckdb.DuckDBPyConnection, claim_ids: list[str]) -> dict[str, int]:
    """The priority rank of each of these claims."""
    if not claim_ids:
        return {}
    sql = f"""
    WITH {_ranked_cte("", True)}
    SELECT claim_id, priority FROM state WHERE list_contains(?, claim_id)
    """
    return {str(c): int(p) for c, p in con.execute(sql, [claim_ids]).fetchall()}


def find_states(
    con: duckdb.DuckDBPyConnection, text: str | None, limit: int = 50
) -> list[dict[str, Any]]:
    """Claims whose statement, claimant or id contains `text` (case-insensitive), or, with
    no text, the most recently reviewed ones: claim_id, statement, status, reviewer."""
    if text and text.strip():
        pattern = f"%{text.strip()}%"
        sql = f"""
        SELECT claim_id, statement, status, reviewer FROM ({STATE_SQL})
        WHERE statement ILIKE ? OR claimant ILIKE ? OR claim_id LIKE ?
        ORDER BY reviewed_at DESC NULLS LAST, claim_id LIMIT ?
        """
        return fetch_dicts(con.execute(sql, [pattern, pattern, f"{text.strip()}%", limit]))
    sql = f"""
    SELECT claim_id, statement, status, reviewer FROM ({STATE_SQL})
    WHERE reviewed_at IS NOT NULL ORDER BY reviewed_at DESC LIMIT ?
    """
    return fetch_dicts(con.execute(sql, [limit]))
