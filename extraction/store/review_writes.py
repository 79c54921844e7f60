"""Writing reviews: the JSON a review stores for a claim and appending one review row.

Reviews are append-only: a row is never updated or deleted; two saves based on the same
claim version collide on the (claim, version) key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import duckdb

from extraction.schema import Claim, Grounding
from extraction.store.records import new_id, utcnow
from extraction.store.review_state import STATUS_BY_ACTION


def claim_payload(claim: Claim, grounding: Grounding) -> str:
    """The JSON a review stores for a claim: CLAIMS.md fields plus where its evidence lies."""
    data = claim.model_dump(mode="json")
    data["grounding"] = grounding.model_dump(mode="json")
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class NewReview:
    """One review row to append. `version` is the claim's state version it creates."""

    claim_id: str
    article_id: str
    reviewer: str
    action: str
    version: int
    before: str | None = None
    after: str | None = None
    reason: str | None = None
    based_on: str | None = None


def insert_review(con: duckdb.DuckDBPyConnection, review: NewReview) -> str:
    """Append a review row and return its id; a second row with the same (claim, version)
    fails at commit (two saves based on the same state)."""
    if review.action not in STATUS_BY_ACTION:
        raise ValueError(f"unknown review action {review.action!r}")
    review_id = new_id()
    con.execute(
        "INSERT INTO reviews (id, claim_id, article_id, reviewer, action, before, after, reason,"
        " based_on, created_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            review_id,
            review.claim_id,
            review.article_id,
            review.reviewer,
            review.action,
            review.before,
            review.after,
            review.reason,
            review.based_on,
            utcnow(),
            review.version,
        ],
    )
    return review_id


def is_version_collision(error: Exception) -> bool:
    """True when writing a review failed on a duplicate key: another review took the same
    (claim, version) first (review ids are random, so that is the only key that repeats)."""
    message = str(error).lower()
    return "duplicate key" in message or "unique constraint" in message
