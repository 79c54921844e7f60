"""Reading reviews: claims' current states, a claim's review history, recent reviews and
the article search of the review app."""

from __future__ import annotations

from typing import Any

import duckdb

from extraction.store.records import fetch_dicts
from extraction.store.review_state import ARTICLE_STATE_SQL, QUEUE_KEY, QUEUE_ORDER, STATE_SQL


def claim_state(con: duckdb.DuckDBPyConnection, claim_id: str) -> dict[str, Any] | None:
    """The current state of one claim under review, or None (its article's state only)."""
    found = con.execute(
        "SELECT article_id FROM claims WHERE id = $claim_id UNION ALL"
        " SELECT article_id FROM reviews WHERE claim_id = $claim_id AND action = 'add'"
        " LIMIT 1",
        {"claim_id": claim_id},
    ).fetchone()
    if found is None:
        return None
    cursor = con.execute(
        f"SELECT * FROM ({ARTICLE_STATE_SQL}) WHERE claim_id = $claim_id",
        {"article_id": found[0], "claim_id": claim_id},
    )
    rows = fetch_dicts(cursor)
    return rows[0] if rows else None


def article_states(con: duckdb.DuckDBPyConnection, article_id: str) -> list[dict[str, Any]]:
    """The current state of every claim of one article, in reading order."""
    cursor = con.execute(
        f"SELECT * FROM ({ARTICLE_STATE_SQL}) ORDER BY {QUEUE_KEY}", {"article_id": article_id}
    )
    return fetch_dicts(cursor)


def reviewed_states(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The current state of every reviewed claim (any status but pending), article order."""
    cursor = con.execute(
        f"SELECT * FROM ({STATE_SQL}) WHERE status <> 'pending' ORDER BY {QUEUE_ORDER}"
    )
    return fetch_dicts(cursor)


def complete_article_states(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Current states of the claims of the articles none of whose claims is pending, in
    article and reading order."""
    cursor = con.execute(
        f"""
        WITH state AS ({STATE_SQL}),
        complete AS (
            SELECT article_id FROM state GROUP BY article_id
            HAVING count(*) FILTER (WHERE status = 'pending') = 0
        )
        SELECT state.* FROM state JOIN complete USING (article_id) ORDER BY {QUEUE_KEY}
        """
    )
    return fetch_dicts(cursor)


def claim_history(con: duckdb.DuckDBPyConnection, claim_id: str) -> list[dict[str, Any]]:
    """Every review row of a claim, oldest first; `carried_from` names the superseded claim
    a review was carried from after a re-extraction (None for a reviewer's own)."""
    cursor = con.execute(
        "SELECT r.id, r.claim_id, r.article_id, r.reviewer, r.action, r.before, r.after,"
        " r.reason, r.based_on, r.version, r.created_at, x.from_claim_id AS carried_from"
        " FROM reviews r LEFT JOIN claim_carries x ON x.review_id = r.id"
        " WHERE r.claim_id = ? ORDER BY r.version",
        [claim_id],
    )
    return fetch_dicts(cursor)


def original_claim(con: duckdb.DuckDBPyConnection, claim_id: str) -> dict[str, Any] | None:
    """The extracted claim row as the engine produced it (None for claims reviewers added)."""
    rows = fetch_dicts(con.execute("SELECT * FROM claims WHERE id = ?", [claim_id]))
    return rows[0] if rows else None


def recent_reviews(con: duckdb.DuckDBPyConnection, limit: int = 50) -> list[dict[str, Any]]:
    """The latest review rows, newest first, with the claim's statement after each."""
    cursor = con.execute(
        "SELECT r.id, r.claim_id, r.article_id, r.reviewer, r.action, r.reason, r.version,"
        " r.created_at, coalesce(json_extract_string(r.after, '$.statement'), c.statement)"
        " AS statement FROM reviews r LEFT JOIN claims c ON c.id = r.claim_id"
        " ORDER BY r.created_at DESC, r.version DESC LIMIT ?",
        [limit],
    )
    return fetch_dicts(cursor)


def search_articles(
    con: duckdb.DuckDBPyConnection, text: str | None = None, limit: int = 20
) -> list[dict[str, Any]]:
    """Articles whose id starts with, or whose title contains, `text` (all when empty),
    newest first: id, title, publication, published."""
    where, params = "", []
    if text and text.strip():
        where = "WHERE id LIKE ? OR title ILIKE ?"
        params = [f"{text.strip()}%", f"%{text.strip()}%"]
    cursor = con.execute(
        f"SELECT id, title, publication, published FROM articles {where}"
        " ORDER BY published DESC NULLS LAST, ingested_at DESC, id LIMIT ?",
        [*params, limit],
    )
    return fetch_dicts(cursor)
