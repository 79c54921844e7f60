"""A claim's audit trail: its original extraction and every review row."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from extraction.review.state import ClaimState, state_from_row
from extraction.store.connection import Store
from extraction.store.review_leases import find_states
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


#: Fields of a review's before/after JSON, in reading order, with their labels.
DIFF_FIELDS: tuple[tuple[str, str], ...] = (
    ("statement", "Statement"),
    ("claimant", "Claimant"),
    ("claimant_type", "Claimant type"),
    ("via", "Via"),
    ("quantity", "Figure"),
    ("claim_date", "Date"),
    ("certainty", "Certainty"),
    ("evidence", "Evidence"),
    ("grounding", "Evidence match"),
)


def _shown(name: str, value: Any) -> str:
    if value is None:
        return "—"
    if name == "quantity" and isinstance(value, dict):
        qualifier = value.get("qualifier")
        prefix = "" if qualifier in (None, "exact") else f"{str(qualifier).replace('_', ' ')} "
        return f"{prefix}{value.get('value'):g} {value.get('unit') or ''}".strip()
    if name == "grounding" and isinstance(value, dict):
        return f"{value.get('status')} ({value.get('start')}–{value.get('end')})"
    return str(value)


def review_diff(before: str | None, after: str | None) -> list[tuple[str, str, str]]:
    """The fields a review changed, as (label, before, after) text; [] when it changed
    none (an accept, a reject, a reopen). A first `add` review lists every field."""
    old = json.loads(before) if before else {}
    new = json.loads(after) if after else {}
    rows = []
    for name, label in DIFF_FIELDS:
        if old.get(name) != new.get(name):
            rows.append(
                (label, _shown(name, old.get(name)) if old else "", _shown(name, new.get(name)))
            )
    return rows


def audited_claims(store: Store, text: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """Claims to pick on the Audit page: the most recently reviewed ones, or those whose
    statement, claimant or id contains `text`: claim_id, statement, status, reviewer."""
    with store.connect() as con:
        return find_states(con, text, limit)
