"""The review queue: pending claims first, filters, counts and progress per reviewer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from extraction.review.state import ClaimState, ReviewStatus, state_from_row
from extraction.store.connection import Store
from extraction.store.review_leases import PRIORITY_REASONS, priority_page, priority_ranks
from extraction.store.reviews import QueueQuery, _status_filter, queue_page
from extraction.store.reviews import next_pending as _next_pending

#: Rows per queue page.
PAGE_SIZE = 50


@dataclass(frozen=True)
class QueueFilters:
    """What the reviewer narrowed the queue to; None (or False) means no filter.

    `status` is a ReviewStatus value or 'reviewed' (anything but pending); `article`
    matches an article id or a part of its title; `claimant` a part of the claimant."""

    status: str | None = None
    article: str | None = None
    publication: str | None = None
    claimant: str | None = None
    engine: str | None = None
    prompt_version: str | None = None
    certainty: str | None = None
    ungrounded_only: bool = False

    def query(self, page: int = 0, page_size: int = PAGE_SIZE) -> QueueQuery:
        """The store query for one page under these filters."""
        return QueueQuery(
            status=self.status or None,
            article=(self.article or "").strip() or None,
            publication=self.publication or None,
            claimant=(self.claimant or "").strip() or None,
            engine=self.engine or None,
            prompt_version=self.prompt_version or None,
            certainty=self.certainty or None,
            ungrounded_only=self.ungrounded_only,
            limit=page_size,
            offset=max(page, 0) * page_size,
        )


@dataclass(frozen=True)
class ReviewerProgress:
    """How many reviews one reviewer made today (UTC) and in total."""

    reviewer: str
    today: int
    total: int


@dataclass
class QueuePage:
    """One page of the queue with everything shown around it."""

    claims: list[ClaimState]
    page: int
    page_size: int
    matching: int
    counts: dict[ReviewStatus, int]
    progress: list[ReviewerProgress]
    facets: dict[str, list[str]] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        """Number of pages of the claims matching the filters (at least 1)."""
        return max(1, -(-self.matching // self.page_size))

    @property
    def total(self) -> int:
        """Claims under review (all statuses) matching every filter but status."""
        return sum(self.counts.values())


def today_start(now: dt.datetime | None = None) -> dt.datetime:
    """Midnight UTC of today, as the naive timestamp reviews are stored with."""
    moment = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def load_queue(
    store: Store,
    filters: QueueFilters | None = None,
    page: int = 0,
    page_size: int = PAGE_SIZE,
    now: dt.datetime | None = None,
    *,
    priority: bool = False,
) -> QueuePage:
    """One page of the queue: claims, counts per status, reviewer progress. With
    `priority`, pending claims come least-sure first (see `priority_reasons`)."""
    chosen = filters or QueueFilters()
    query = chosen.query(page, page_size)
    with store.connect() as con:
        result = queue_page(con, query, today_start(now))
        if priority:
            status_sql, status_params = _status_filter(query.status)
            result.rows = priority_page(con, query, status_sql, status_params)
    return QueuePage(
        claims=[state_from_row(row) for row in result.rows],
        page=page,
        page_size=page_size,
        matching=result.matching,
        counts={ReviewStatus(status): n for status, n in result.counts.items()},
        progress=[_progress(item) for item in result.progress],
        facets=result.facets,
    )


def _progress(item: dict[str, Any]) -> ReviewerProgress:
    return ReviewerProgress(
        reviewer=str(item["reviewer"]), today=int(item["today"]), total=int(item["total"])
    )


def next_pending(
    store: Store, filters: QueueFilters | None = None, after_claim_id: str | None = None
) -> str | None:
    """The next pending claim after `after_claim_id` in queue order (wrapping around)."""
    with store.connect() as con:
        return _next_pending(con, (filters or QueueFilters()).query(), after_claim_id)


def priority_reasons(store: Store, claim_ids: list[str]) -> dict[str, str]:
    """Why each claim comes early in the priority order: fuzzy or normalized evidence
    match, runs that disagree, a hedged / unconfirmed / denied claim ('' otherwise)."""
    with store.connect() as con:
        ranks = priority_ranks(con, claim_ids)
    return {claim_id: PRIORITY_REASONS[rank] for claim_id, rank in ranks.items()}
