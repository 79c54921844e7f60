"""The claim tracker: claims about one proposition grouped across articles, with timelines.

Grouping (`grouping`) embeds each claim's canonical statement (`features`, `embeddings`)
and clusters with unit and entity constraints; `timeline` orders a group's figures and
stances and flags contradictions; `service` keeps groups in the store, incrementally, with
reviewers' merge / split / move decisions (`decisions`) pinned, and `group_views` reads
them back with their timelines; `quality` scores a grouping against gold group labels.
Nothing here calls an LLM or imports an engine.
"""

from extraction.tracker.embeddings import Embedder, get_embedder
from extraction.tracker.grouping import GroupingParams, group_claims, params_for
from extraction.tracker.models import TrackedClaim
from extraction.tracker.quality import adjusted_rand_index, grouping_quality, pairwise_scores
from extraction.tracker.service import (
    GroupView,
    RecomputeSummary,
    TrackerError,
    load_groups,
    merge_groups,
    move_claim,
    recompute_groups,
    rename_group,
    split_group,
)
from extraction.tracker.timeline import Timeline, build_timeline

__all__ = [
    "Embedder",
    "GroupView",
    "GroupingParams",
    "RecomputeSummary",
    "Timeline",
    "TrackedClaim",
    "TrackerError",
    "adjusted_rand_index",
    "build_timeline",
    "get_embedder",
    "group_claims",
    "grouping_quality",
    "load_groups",
    "merge_groups",
    "move_claim",
    "pairwise_scores",
    "params_for",
    "recompute_groups",
    "rename_group",
    "split_group",
]
