"""Claim-tracker grouping quality as part of an eval report.

The tracker groups the gold claims themselves and is scored against their `group`
labels (pairwise precision/recall/F1 and adjusted Rand index), so the figure measures
the grouping, independent of which engine extracted the claims.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from extraction.schema import GoldArticle
from extraction.tracker.quality import grouping_quality


def has_group_labels(articles: Sequence[GoldArticle]) -> bool:
    """True when any gold claim carries a tracker `group` label."""
    return any(claim.group for article in articles for claim in article.claims)


def grouping_report(articles: Sequence[GoldArticle]) -> dict[str, Any] | None:
    """Grouping quality of the tracker on the gold claims, or None without group labels."""
    if not has_group_labels(articles):
        return None
    return grouping_quality(list(articles))
