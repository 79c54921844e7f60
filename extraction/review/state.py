"""A claim's current state, derived from its latest review (or its extraction before any)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from extraction.schema import AlignmentStatus, Claim, Grounding
from extraction.store.records import claim_from_columns
from extraction.store.reviews import STATUS_BY_ACTION


class ReviewAction(StrEnum):
    """What a reviewer did to a claim (the `action` of a review row)."""

    accept = "accept"
    correct = "correct"
    reject = "reject"
    add = "add"
    reopen = "reopen"


class ReviewStatus(StrEnum):
    """Where a claim stands: pending until a review decides otherwise."""

    pending = "pending"
    accepted = "accepted"
    corrected = "corrected"
    rejected = "rejected"
    added = "added"


def status_after(action: ReviewAction | str | None) -> ReviewStatus:
    """The status a claim has once `action` is its latest review (None: no review yet)."""
    if action is None:
        return ReviewStatus.pending
    return ReviewStatus(STATUS_BY_ACTION[ReviewAction(action).value])


@dataclass(frozen=True)
class StateVersion:
    """Which state of a claim a reviewer saw: its latest review id and version (0 and None
    before any review). A save based on a version that is no longer current conflicts."""

    review_id: str | None
    version: int

    @property
    def label(self) -> str:
        """Short human label: 'v0 (extraction)' or 'v3'."""
        return "v0 (extraction)" if self.version == 0 else f"v{self.version}"


@dataclass(frozen=True)
class ClaimState:
    """One claim under review as it stands now."""

    claim_id: str
    article_id: str
    claim: Claim
    grounding: Grounding
    status: ReviewStatus
    version: StateVersion
    added: bool = False
    superseded: bool = False
    engine: str | None = None
    model: str | None = None
    prompt_version: str | None = None
    reviewer: str | None = None
    reviewed_at: dt.datetime | None = None
    reason: str | None = None
    article_title: str | None = None
    publication: str | None = None
    published: dt.date | None = None

    @property
    def pending(self) -> bool:
        """True while no review has decided on the claim."""
        return self.status is ReviewStatus.pending

    @property
    def status_label(self) -> str:
        """The status as shown to reviewers; a decision on a claim that a later extraction
        replaced (and that matched none of its claims) reads 'review of a superseded claim'."""
        if self.superseded:
            return f"{self.status.value} (review of a superseded claim)"
        return self.status.value

    @property
    def grounded(self) -> bool:
        """True when the claim's evidence was located in the article."""
        return self.grounding.grounded


def grounding_from_row(row: dict[str, Any]) -> Grounding:
    """The grounding columns of a state row as a Grounding."""
    return Grounding(
        start=row.get("evidence_start"),
        end=row.get("evidence_end"),
        status=AlignmentStatus(row.get("alignment_status") or "not_found"),
        score=float(row.get("alignment_score") or 0.0),
    )


def state_from_row(row: dict[str, Any]) -> ClaimState:
    """Build a ClaimState from a row of the store's state query."""
    return ClaimState(
        claim_id=str(row["claim_id"]),
        article_id=str(row["article_id"]),
        claim=claim_from_columns(row),
        grounding=grounding_from_row(row),
        status=status_after(row.get("action")),
        version=StateVersion(review_id=row.get("review_id"), version=int(row.get("version") or 0)),
        added=bool(row.get("added")),
        superseded=bool(row.get("superseded")),
        engine=row.get("engine"),
        model=row.get("model"),
        prompt_version=row.get("prompt_version"),
        reviewer=row.get("reviewer"),
        reviewed_at=row.get("reviewed_at"),
        reason=row.get("reason"),
        article_title=row.get("article_title"),
        publication=row.get("publication"),
        published=row.get("published"),
    )
