"""SQL for blind second reviews (migration 12) and the pairs agreement compares."""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from extraction.store.records import fetch_dicts, new_id


def sample_sql(share: float) -> str:
    """A SQL condition true for the claims sampled for double review: the first 32 bits of
    md5(claim_id) below `share` of 2**32 (the same rule as `in_sample` in Python)."""
    bound = max(0, min(2**32, int(share * 2**32)))
    return f"(('0x' || substr(md5(claim_id), 1, 8))::UBIGINT < {bound})"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def candidates_sql(reviewer: str, share: float) -> str:
    """Claim ids (over the `state` CTE of the queue) that await a blind second review from
    `reviewer`: sampled, decided by someone else, not yet second-reviewed."""
    if share <= 0:
        return ""
    return (
        "SELECT claim_id FROM state WHERE status IN ('accepted', 'corrected', 'rejected')"
        f" AND NOT added AND reviewer <> {_literal(reviewer)} AND {sample_sql(share)}"
        " AND claim_id NOT IN (SELECT claim_id FROM blind_reviews)"
    )


def insert_blind_review(
    con: duckdb.DuckDBPyConnection,
    claim_id: str,
    reviewer: str,
    values: dict[str, Any],
    now: dt.datetime,
) -> str:
    """Store a blind second review; a second one for the same claim fails (unique index)."""
    review_id = new_id()
    con.execute(
        "INSERT INTO blind_reviews (id, claim_id, reviewer, action, claimant_type, certainty,"
        " claimant, quantity_value, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            review_id,
            claim_id,
            reviewer,
            values["action"],
            values.get("claimant_type"),
            values.get("certainty"),
            values.get("claimant"),
            values.get("quantity_value"),
            values.get("reason"),
            now,
        ],
    )
    return review_id


def blind_review_of(con: duckdb.DuckDBPyConnection, claim_id: str) -> dict[str, Any] | None:
    """The blind second review of a claim, or None."""
    rows = fetch_dicts(con.execute("SELECT * FROM blind_reviews WHERE claim_id = ?", [claim_id]))
    return rows[0] if rows else None


def review_pairs(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every claim with a blind second review beside the first decision on it (the first
    accept/correct/reject in `reviews`): reviewers, decisions, certainty, claimant type,
    claimant and figure of each, and whether a later review settled it (adjudicated)."""
    sql = """
    WITH first AS (
        SELECT claim_id, reviewer, action, version,
               json_extract_string(after, '$.certainty') AS certainty,
               json_extract_string(after, '$.claimant_type') AS claimant_type,
               json_extract_string(after, '$.claimant') AS claimant,
               TRY_CAST(json_extract_string(after, '$.quantity.value') AS DOUBLE) AS quantity_value
        FROM reviews WHERE action IN ('accept', 'correct', 'reject')
        QUALIFY row_number() OVER (PARTITION BY claim_id ORDER BY version) = 1
    ),
    last AS (
        SELECT claim_id, max(version) AS version FROM reviews GROUP BY claim_id
    )
    SELECT b.claim_id, f.reviewer AS first_reviewer, b.reviewer AS second_reviewer,
           f.action AS first_action, b.action AS second_action,
           f.certainty AS first_certainty, b.certainty AS second_certainty,
           f.claimant_type AS first_claimant_type, b.claimant_type AS second_claimant_type,
           f.claimant AS first_claimant, b.claimant AS second_claimant,
           f.quantity_value AS first_quantity_value, b.quantity_value AS second_quantity_value,
           (l.version > f.version AND r.created_at > b.created_at) AS adjudicated,
           r.reviewer AS last_reviewer
    FROM blind_reviews b
    JOIN first f ON f.claim_id = b.claim_id
    JOIN last l ON l.claim_id = b.claim_id
    JOIN reviews r ON r.claim_id = b.claim_id AND r.version = l.version
    ORDER BY b.created_at, b.claim_id
    """
    return fetch_dicts(con.execute(sql))
