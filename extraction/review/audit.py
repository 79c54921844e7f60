"""A claim's audit trail: its original extraction and every review row."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from extraction.review.state import ClaimState, state_from_row
from extraction.store.connection import Store
from extraction.store.reviews import claim_history, claim_state, original_claim, recent_reviews


@dataclass(frozen=True)
class ClaimAudit:
    """Everything stored about one claim, oldest first."""

    claim_id: str
    original: dict[str, Any] | None
    reviews: list[dict[str, Any]]
    state: ClaimState | None


def claim_audit(store: Store, claim_id: str) -> ClaimAudit | None:
    """The audit trail of a claim; None when nothing is stored under that id."""
    with store.connect() as con:
        original = original_claim(con, claim_id)
        reviews = claim_history(con, claim_id)
        row = claim_state(con, claim_id)
    if original is None and not reviews:
        return None
    return ClaimAudit(
        claim_id=claim_id,
        original=original,
        reviews=reviews,
        state=state_from_row(row) if row else None,
    )


def latest_reviews(store: Store, limit: int = 50) -> list[dict[str, Any]]:
    """The latest review rows, newest first."""
    with store.connect() as con:
        return recent_reviews(con, limit)
