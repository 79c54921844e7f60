"""Queries for the claim tracker: groups, their members, reviewers' decisions, embeddings.

All SQL of the tracker lives here; the tracker passes plain rows in and gets plain rows
back. Tables (migration 4):

- `claim_groups`: one row per group (label, `label_source` 'auto' or 'reviewer', subject,
  unit).
- `claim_group_members`: the group of each tracked claim; `assigned_by` is 'auto' (the
  grouping put it there) or 'reviewer' (a merge, split or move pinned it: recomputation
  never moves a pinned claim).
- `group_decisions`: append-only log of reviewers' merge / split / move decisions.
- `claim_embeddings`: embedding vectors of canonical claim texts per model (float32 bytes).

The claims the tracker follows are the review layer's current claim states
(`extraction.store.reviews.STATE_SQL`): reviewers' corrections applied, claims they added
included, rejected claims left out. Of each article only the claims of its most recent
extraction run count (one engine's view of an article, not two copies of every claim).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

from extraction.store.records import fetch_dicts, new_id, utcnow
from extraction.store.reviews import STATE_SQL

ASSIGNED_BY = ("auto", "reviewer")
DECISION_ACTIONS = ("merge", "split", "move")

#: The claims the tracker follows, one row each, with article metadata.
TRACKED_CLAIMS_SQL = f"""
    WITH state AS ({STATE_SQL}),
    latest_run AS (
        SELECT article_id, arg_max(run_id, created_at) AS run_id
        FROM extractions WHERE status = 'done' GROUP BY article_id
    )
    SELECT s.claim_id AS id, s.article_id, s.article_title AS title, s.publication,
           s.published, s.statement, s.claimant, s.claimant_type, s.via, s.quantity_value,
           s.quantity_unit, s.quantity_qualifier, s.claim_date, s.certainty, s.evidence,
           s.evidence_start, s.evidence_end, s.engine, s.status AS review_status
    FROM state s LEFT JOIN latest_run l ON l.article_id = s.article_id
    WHERE s.status <> 'rejected' AND s.statement IS NOT NULL
      AND (s.added OR s.run_id = l.run_id)
    ORDER BY s.published NULLS LAST, s.article_id, s.evidence_start NULLS LAST, s.claim_id
"""


def tracked_claims(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The claims the tracker follows (see the module docstring), in article order."""
    return fetch_dicts(con.execute(TRACKED_CLAIMS_SQL))


# ---------------------------------------------------------------- groups and members


@dataclass(frozen=True)
class GroupMeta:
    """What a group shows: its label (and who set it), subject and unit."""

    label: str
    subject: str | None = None
    unit: str | None = None
    label_source: str = "auto"


def list_groups(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every group with its member count, oldest first."""
    cursor = con.execute(
        "SELECT g.id, g.label, g.label_source, g.subject, g.unit, g.created_at, g.updated_at,"
        " count(m.claim_id) AS n_members FROM claim_groups g"
        " LEFT JOIN claim_group_members m ON m.group_id = g.id"
        " GROUP BY ALL ORDER BY g.created_at, g.id"
    )
    return fetch_dicts(cursor)


def get_group(con: duckdb.DuckDBPyConnection, group_id: str) -> dict[str, Any] | None:
    """One group row, or None."""
    rows = fetch_dicts(con.execute("SELECT * FROM claim_groups WHERE id = ?", [group_id]))
    return rows[0] if rows else None


def list_members(
    con: duckdb.DuckDBPyConnection, group_id: str | None = None
) -> list[dict[str, Any]]:
    """Membership rows (claim_id, group_id, assigned_by, score, assigned_at): one group's or all."""
    sql = "SELECT claim_id, group_id, assigned_by, score, assigned_at FROM claim_group_members"
    params: list[Any] = []
    if group_id is not None:
        sql += " WHERE group_id = ?"
        params.append(group_id)
    return fetch_dicts(con.execute(sql + " ORDER BY group_id, assigned_at, claim_id", params))


def create_group(
    con: duckdb.DuckDBPyConnection, meta: GroupMeta, group_id: str | None = None
) -> str:
    """Insert a group and return its id."""
    chosen = group_id or new_id()
    now = utcnow()
    con.execute(
        "INSERT INTO claim_groups (id, label, label_source, subject, unit, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [chosen, meta.label, meta.label_source, meta.subject, meta.unit, now, now],
    )
    return chosen


def update_group(con: duckdb.DuckDBPyConnection, group_id: str, meta: GroupMeta) -> None:
    """Replace a group's label, subject and unit."""
    con.execute(
        "UPDATE claim_groups SET label = ?, label_source = ?, subject = ?, unit = ?,"
        " updated_at = ? WHERE id = ?",
        [meta.label, meta.label_source, meta.subject, meta.unit, utcnow(), group_id],
    )


def assign_claims(
    con: duckdb.DuckDBPyConnection,
    group_id: str,
    claim_ids: Iterable[str],
    assigned_by: str,
    scores: dict[str, float | None] | None = None,
) -> None:
    """Put claims in a group (moving them out of any other): one membership row per claim."""
    if assigned_by not in ASSIGNED_BY:
        raise ValueError(f"assigned_by must be one of {ASSIGNED_BY}, not {assigned_by!r}")
    ids = list(dict.fromkeys(claim_ids))
    if not ids:
        return
    unassign_claims(con, ids)
    now = utcnow()
    chosen = scores or {}
    con.executemany(
        "INSERT INTO claim_group_members (claim_id, group_id, assigned_by, score, assigned_at)"
        " VALUES (?, ?, ?, ?, ?)",
        [[claim_id, group_id, assigned_by, chosen.get(claim_id), now] for claim_id in ids],
    )


def unassign_claims(con: duckdb.DuckDBPyConnection, claim_ids: Sequence[str]) -> None:
    """Remove claims from whatever group holds them."""
    if claim_ids:
        con.execute(
            "DELETE FROM claim_group_members WHERE claim_id IN (SELECT unnest(?))",
            [list(claim_ids)],
        )


def pin_group_members(con: duckdb.DuckDBPyConnection, group_id: str) -> None:
    """Mark every member of a group as placed by a reviewer (pinned)."""
    rows = con.execute(
        "SELECT claim_id, score FROM claim_group_members WHERE group_id = ?", [group_id]
    ).fetchall()
    assign_claims(
        con, group_id, [row[0] for row in rows], "reviewer", {row[0]: row[1] for row in rows}
    )


def delete_groups(con: duckdb.DuckDBPyConnection, group_ids: Sequence[str]) -> None:
    """Delete groups and their memberships."""
    if group_ids:
        ids = list(group_ids)
        con.execute("DELETE FROM claim_group_members WHERE group_id IN (SELECT unnest(?))", [ids])
        con.execute("DELETE FROM claim_groups WHERE id IN (SELECT unnest(?))", [ids])


def delete_empty_groups(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Delete groups that have no member left; return their ids."""
    rows = con.execute(
        "SELECT id FROM claim_groups WHERE id NOT IN (SELECT group_id FROM claim_group_members)"
    ).fetchall()
    ids = [str(row[0]) for row in rows]
    delete_groups(con, ids)
    return ids


# ---------------------------------------------------------------- reviewers' decisions


def record_decision(
    con: duckdb.DuckDBPyConnection, reviewer: str, action: str, payload: dict[str, Any]
) -> str:
    """Append a reviewer's merge / split / move decision; return its id."""
    if action not in DECISION_ACTIONS:
        raise ValueError(f"action must be one of {DECISION_ACTIONS}, not {action!r}")
    decision_id = new_id()
    con.execute(
        "INSERT INTO group_decisions (id, reviewer, action, payload, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        [
            decision_id,
            reviewer,
            action,
            json.dumps(payload, sort_keys=True, default=str),
            utcnow(),
        ],
    )
    return decision_id


def list_decisions(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every decision, oldest first, its payload parsed."""
    rows = fetch_dicts(
        con.execute(
            "SELECT id, reviewer, action, payload, created_at FROM group_decisions"
            " ORDER BY created_at, id"
        )
    )
    for row in rows:
        row["payload"] = json.loads(row["payload"])
    return rows


def decision_count(con: duckdb.DuckDBPyConnection) -> int:
    """How many decisions were recorded (a recompute checks it did not change under it)."""
    row = con.execute("SELECT count(*) FROM group_decisions").fetchone()
    return int(row[0]) if row else 0


# ---------------------------------------------------------------- embeddings cache


def get_embeddings(
    con: duckdb.DuckDBPyConnection, model: str, text_hashes: Sequence[str]
) -> dict[str, tuple[int, bytes]]:
    """Stored vectors of these text hashes for a model: hash -> (dim, float32 bytes)."""
    if not text_hashes:
        return {}
    rows = con.execute(
        "SELECT text_hash, dim, vector FROM claim_embeddings"
        " WHERE model = ? AND text_hash IN (SELECT unnest(?))",
        [model, list(text_hashes)],
    ).fetchall()
    return {str(row[0]): (int(row[1]), bytes(row[2])) for row in rows}


def put_embeddings(
    con: duckdb.DuckDBPyConnection, model: str, vectors: dict[str, tuple[int, bytes]]
) -> None:
    """Store vectors (hash -> (dim, float32 bytes)) for a model; existing ones are kept."""
    if not vectors:
        return
    now = utcnow()
    con.executemany(
        "INSERT INTO claim_embeddings (text_hash, model, dim, vector, created_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        [[key, model, dim, blob, now] for key, (dim, blob) in vectors.items()],
    )
