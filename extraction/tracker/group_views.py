"""Reading tracker groups for the CLI and the app: each group with its current claims and
timeline (`GroupView`, `load_groups`), and the log of reviewers' decisions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from extraction.store import groups as db
from extraction.store.connection import Store
from extraction.tracker.models import TrackedClaim
from extraction.tracker.timeline import Timeline, build_timeline, timeline_to_dict


@dataclass
class GroupView:
    """A group as the CLI and the app show it."""

    id: str
    label: str
    label_source: str
    subject: str | None
    unit: str | None
    claims: list[TrackedClaim]
    assigned_by: dict[str, str]
    timeline: Timeline
    scores: dict[str, float | None] = field(default_factory=dict)

    @property
    def contested(self) -> bool:
        """True when the group's figures or stances disagree."""
        return self.timeline.contested

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: group fields plus its timeline."""
        return {
            "id": self.id,
            "label": self.label,
            "label_source": self.label_source,
            "subject": self.subject,
            "unit": self.unit,
            "n_claims": len(self.claims),
            "pinned": sorted(cid for cid, by in self.assigned_by.items() if by == "reviewer"),
            **timeline_to_dict(self.timeline),
        }


def load_groups(store: Store, *, contested_only: bool = False) -> list[GroupView]:
    """Stored groups with their current claims and timelines: contested first, then larger."""
    with store.connect(read_only=True) as con:
        claims = {row["id"]: TrackedClaim.from_row(row) for row in db.tracked_claims(con)}
        groups = db.list_groups(con)
        members = db.list_members(con)
    by_group: dict[str, list[dict[str, Any]]] = {}
    for member in members:
        if member["claim_id"] in claims:
            by_group.setdefault(member["group_id"], []).append(member)
    views = []
    for row in groups:
        rows = by_group.get(row["id"], [])
        if not rows:
            continue
        group_claims = [claims[m["claim_id"]] for m in rows]
        view = GroupView(
            id=row["id"],
            label=row["label"],
            label_source=row["label_source"],
            subject=row["subject"],
            unit=row["unit"],
            claims=group_claims,
            assigned_by={m["claim_id"]: m["assigned_by"] for m in rows},
            timeline=build_timeline(group_claims),
            scores={m["claim_id"]: m["score"] for m in rows},
        )
        if view.contested or not contested_only:
            views.append(view)
    views.sort(key=lambda v: (not v.contested, -len(v.claims), v.label))
    return views


def group_decisions(store: Store) -> list[dict[str, Any]]:
    """Reviewers' decisions, oldest first."""
    with store.connect(read_only=True) as con:
        return db.list_decisions(con)
