"""Queries on reviews: append-only decisions, each claim's current state, the review queue.

A review row is never updated or deleted. A claim's current state is its latest review
(highest `version`) or, before any review, its extraction. The claims under review are
those of the latest successful extraction of each article, whatever run, engine or prompt
produced it (`REVIEW_SCOPE_SQL`), plus the claims reviewers added (the first review of
such a claim has action 'add'), plus *superseded* ones: claims of an earlier extraction
whose latest review decided something and was not carried to a claim of the newer
extraction (`extraction.store.carry`); they keep their decision and are flagged
`superseded`, so no review is ever hidden. `before` and
`after` hold the claim as JSON in the CLAIMS.md shape plus its grounding
(`claim_payload`); `after` is the claim's value once the review is applied.

The queries live by concern in `review_state` (the current-state SQL, statuses and queue
order), `review_writes` (appending a review), `review_reads` (states, history, search) and
`review_queue` (the queue page and the next pending claim); this module re-exports them
under their old names.
"""

from __future__ import annotations

from extraction.store.review_queue import QueueQuery, QueueResult, next_pending, queue_page
from extraction.store.review_queue import _queue_where as _queue_where
from extraction.store.review_queue import _status_filter as _status_filter
from extraction.store.review_reads import (
    article_states,
    claim_history,
    claim_state,
    complete_article_states,
    original_claim,
    recent_reviews,
    reviewed_states,
    search_articles,
)
from extraction.store.review_state import (
    ARTICLE_STATE_SQL,
    QUEUE_KEY,
    QUEUE_ORDER,
    STATE_COLUMNS,
    STATE_SQL,
    STATUS_BY_ACTION,
    STATUSES,
)
from extraction.store.review_writes import (
    NewReview,
    claim_payload,
    insert_review,
    is_version_collision,
)

__all__ = [
    "ARTICLE_STATE_SQL",
    "QUEUE_KEY",
    "QUEUE_ORDER",
    "STATE_COLUMNS",
    "STATE_SQL",
    "STATUSES",
    "STATUS_BY_ACTION",
    "NewReview",
    "QueueQuery",
    "QueueResult",
    "article_states",
    "claim_history",
    "claim_payload",
    "claim_state",
    "complete_article_states",
    "insert_review",
    "is_version_collision",
    "next_pending",
    "original_claim",
    "queue_page",
    "recent_reviews",
    "reviewed_states",
    "search_articles",
]
