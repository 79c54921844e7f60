"""Reviewer throughput from the review rows' timestamps: claims per hour, decisions by
kind, median time per claim.

Time per claim is the gap between a reviewer's consecutive decisions; gaps longer than
`BREAK` are breaks, not work, and are left out of both the median and the working hours.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import groupby, pairwise
from typing import Any

from extraction.store.connection import Store
from extraction.store.review_stats import review_times

#: A gap between two decisions longer than this is a break.
BREAK = dt.timedelta(minutes=15)


@dataclass
class ReviewerThroughput:
    """One reviewer's pace."""

    reviewer: str
    decisions: int
    by_kind: dict[str, int] = field(default_factory=dict)
    working_hours: float = 0.0
    median_seconds: float | None = None

    @property
    def per_hour(self) -> float | None:
        """Decisions per working hour (None before two decisions)."""
        if self.working_hours <= 0:
            return None
        return self.decisions / self.working_hours

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the page's table row)."""
        return {
            "reviewer": self.reviewer,
            "decisions": self.decisions,
            **{
                kind: self.by_kind.get(kind, 0)
                for kind in ("accept", "correct", "reject", "add", "reopen")
            },
            "claims per hour": None if self.per_hour is None else round(self.per_hour, 1),
            "median s per claim": None
            if self.median_seconds is None
            else round(self.median_seconds, 1),
        }


def reviewer_throughput(rows: Sequence[dict[str, Any]]) -> list[ReviewerThroughput]:
    """Throughput per reviewer from (reviewer, action, created_at) rows sorted by reviewer
    and time."""
    result = []
    for reviewer, group in groupby(rows, key=lambda row: str(row["reviewer"])):
        items = list(group)
        times = [row["created_at"] for row in items]
        gaps = [
            (later - earlier).total_seconds()
            for earlier, later in pairwise(times)
            if later - earlier <= BREAK
        ]
        result.append(
            ReviewerThroughput(
                reviewer=reviewer,
                decisions=len(items),
                by_kind=dict(Counter(str(row["action"]) for row in items)),
                working_hours=sum(gaps) / 3600,
                median_seconds=statistics.median(gaps) if gaps else None,
            )
        )
    return sorted(result, key=lambda item: -item.decisions)


def throughput(store: Store, since: dt.datetime | None = None) -> list[ReviewerThroughput]:
    """Throughput per reviewer over the reviews since `since` (all when None)."""
    with store.connect() as con:
        rows = review_times(con, since)
    return reviewer_throughput(rows)
