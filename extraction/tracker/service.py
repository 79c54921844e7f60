"""The tracker over the store: recompute groups incrementally, apply reviewers' merge /
split / move decisions, and load groups with their timelines for the CLI and the app.

Invariants:
- A claim already in a group stays there on recompute (assignments are stable); only new
  claims are placed: into the nearest existing group that reaches the threshold, together
  with other new claims, or into new groups. Claims that left the tracked set (rejected by
  a reviewer, superseded by a newer extraction) leave their group; empty groups go.
- A reviewer's decision pins the claims it touches (`assigned_by = 'reviewer'`): no
  recompute moves a pinned claim, not even `rebuild`, which re-clusters only the claims the
  grouping placed itself. Groups never merge automatically, so a split is never undone.
- Every decision is appended to `group_decisions` before it takes effect, in the same
  transaction.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from extraction.errors import ClaimDeskError
from extraction.store import groups as db
from extraction.store.connection import Store
from extraction.tracker.embeddings import (
    Embedder,
    Vectors,
    from_blob,
    get_embedder,
    text_hash,
    to_blob,
)
from extraction.tracker.features import canonical_text
from extraction.tracker.grouping import Cluster, cluster, describe, params_for
from extraction.tracker.models import TrackedClaim
from extraction.tracker.timeline import Timeline, build_timeline, timeline_to_dict

MAX_ATTEMPTS = 3


class TrackerError(ClaimDeskError, ValueError):
    """A reviewer's decision cannot be applied (unknown group, claim not in it...)."""


class ConcurrentChangeError(ClaimDeskError, RuntimeError):
    """Groups changed while a recompute was computing; it was retried and gave up."""


@dataclass
class RecomputeSummary:
    """What a recompute did."""

    n_claims: int = 0
    n_new: int = 0
    n_attached: int = 0
    n_new_groups: int = 0
    n_released: int = 0
    n_groups: int = 0
    backend: str = ""
    seconds: float = 0.0


@dataclass
class _Snapshot:
    claims: list[TrackedClaim]
    members: list[dict[str, Any]]
    groups: dict[str, dict[str, Any]]
    decisions: int


def _read_snapshot(store: Store) -> _Snapshot:
    with store.connect() as con:
        return _Snapshot(
            claims=[TrackedClaim.from_row(row) for row in db.tracked_claims(con)],
            members=db.list_members(con),
            groups={row["id"]: row for row in db.list_groups(con)},
            decisions=db.decision_count(con),
        )


def _vectors(store: Store, embedder: Embedder, claims: Sequence[TrackedClaim]) -> Vectors:
    """Vectors of the claims' canonical texts: from the store's cache, the rest embedded
    (and cached, for backends worth caching)."""
    texts = [canonical_text(claim) for claim in claims]
    keys = [text_hash(text) for text in texts]
    cached: dict[str, tuple[int, bytes]] = {}
    if embedder.persist:
        with store.connect(read_only=True) as con:
            cached = db.get_embeddings(con, embedder.name, sorted(set(keys)))
    missing = {key: text for key, text in zip(keys, texts, strict=True) if key not in cached}
    fresh: dict[str, Vectors] = {}
    if missing:
        encoded = embedder.encode(list(missing.values()))
        fresh = {key: encoded[row] for row, key in enumerate(missing)}
        if embedder.persist:
            with store.transaction() as con:
                db.put_embeddings(
                    con, embedder.name, {key: to_blob(vector) for key, vector in fresh.items()}
                )
    rows = [fresh[key] if key in fresh else from_blob(*cached[key]) for key in keys]
    if not rows:
        return np.zeros((0, 1), dtype=np.float32)
    return np.vstack(rows).astype(np.float32)


def recompute_groups(
    store: Store, *, embedder: Embedder | None = None, rebuild: bool = False
) -> RecomputeSummary:
    """Place new claims in groups (and drop claims that left); see the module docstring.

    `rebuild` re-clusters every claim the grouping placed itself (after a threshold or
    model change); claims pinned by reviewers stay where they are.
    """
    started = time.perf_counter()
    chosen = embedder or get_embedder()
    for _ in range(MAX_ATTEMPTS):
        summary = _recompute_once(store, chosen, rebuild)
        if summary is not None:
            summary.seconds = round(time.perf_counter() - started, 3)
            return summary
    raise ConcurrentChangeError("groups kept changing during recompute; try again")


def _recompute_once(store: Store, embedder: Embedder, rebuild: bool) -> RecomputeSummary | None:
    snap = _read_snapshot(store)
    index = {claim.id: row for row, claim in enumerate(snap.claims)}
    kept = [
        m
        for m in snap.members
        if m["claim_id"] in index and (not rebuild or m["assigned_by"] == "reviewer")
    ]
    released = [m["claim_id"] for m in snap.members if m not in kept]
    anchors: dict[str, list[int]] = {}
    for member in kept:
        anchors.setdefault(member["group_id"], []).append(index[member["claim_id"]])
    n_free = len(snap.claims) - len(kept)
    summary = RecomputeSummary(
        n_claims=len(snap.claims),
        n_new=n_free,
        n_released=len([c for c in released if c not in index]),
        backend=embedder.name,
    )
    if n_free == 0 and not released:
        summary.n_groups = len(snap.groups)
        return summary
    vectors = _vectors(store, embedder, snap.claims)
    found = cluster(snap.claims, vectors, params_for(embedder.name), anchors)
    with store.transaction() as con:
        if db.decision_count(con) != snap.decisions or db.list_members(con) != snap.members:
            return None  # a reviewer (or another recompute) changed groups meanwhile
        db.unassign_claims(con, released)
        for group in found:
            _write_cluster(con, group, snap, vectors, summary)
        db.delete_empty_groups(con)
        summary.n_groups = len(db.list_groups(con))
    return summary


def _write_cluster(
    con: Any, group: Cluster, snap: _Snapshot, vectors: Vectors, summary: RecomputeSummary
) -> None:
    """Store one cluster's new members (and relabel the group when its label is automatic)."""
    new = [i for i in group.members if i in group.scores]
    members = [snap.claims[i] for i in group.members]
    text = describe(members, vectors[group.members])
    meta = db.GroupMeta(label=text.label, subject=text.subject, unit=text.unit)
    if group.anchor is None:
        gid = db.create_group(con, meta)
        summary.n_new_groups += 1
    else:
        gid = group.anchor
        existing = snap.groups.get(gid)
        if existing and existing["label_source"] == "reviewer":
            meta = db.GroupMeta(
                label=existing["label"],
                subject=text.subject,
                unit=text.unit,
                label_source="reviewer",
            )
        if new or existing is None or existing["n_members"] != len(group.members):
            db.update_group(con, gid, meta)
        summary.n_attached += len(new)
    if new:
        db.assign_claims(
            con,
            gid,
            [snap.claims[i].id for i in new],
            "auto",
            {snap.claims[i].id: group.scores[i] for i in new},
        )


# ---------------------------------------------------------------- reviewer decisions


def _members_by_group(con: Any) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for member in db.list_members(con):
        found.setdefault(member["group_id"], []).append(member)
    return found


def _require_reviewer(reviewer: str) -> str:
    name = (reviewer or "").strip()
    if not name:
        raise TrackerError("a reviewer name is required")
    return name


def merge_groups(
    store: Store,
    group_ids: Sequence[str],
    *,
    reviewer: str,
    into: str | None = None,
    label: str | None = None,
) -> str:
    """Merge groups into `into` (default: the largest of them); every member is pinned, the
    other groups are deleted. Returns the surviving group's id."""
    name = _require_reviewer(reviewer)
    ids = list(dict.fromkeys([*([into] if into else []), *group_ids]))
    if len(ids) < 2:
        raise TrackerError("choose at least two groups to merge")
    with store.transaction() as con:
        by_group = _members_by_group(con)
        missing = [gid for gid in ids if db.get_group(con, gid) is None]
        if missing:
            raise TrackerError(f"no such group: {', '.join(missing)}")
        target = into or max(ids, key=lambda gid: (len(by_group.get(gid, [])), -ids.index(gid)))
        claim_ids = [m["claim_id"] for gid in ids for m in by_group.get(gid, [])]
        db.record_decision(
            con,
            name,
            "merge",
            {"groups": ids, "into": target, "claims": claim_ids, "label": label},
        )
        db.assign_claims(con, target, claim_ids, "reviewer")
        db.delete_groups(con, [gid for gid in ids if gid != target])
        if label and label.strip():
            _relabel(con, target, label.strip())
    return target


def split_group(
    store: Store,
    group_id: str,
    claim_ids: Sequence[str],
    *,
    reviewer: str,
    label: str | None = None,
) -> str:
    """Move some claims of a group into a new group; both sides are pinned (so no recompute
    puts them back together). Returns the new group's id."""
    name = _require_reviewer(reviewer)
    chosen = list(dict.fromkeys(claim_ids))
    with store.transaction() as con:
        if db.get_group(con, group_id) is None:
            raise TrackerError(f"no such group: {group_id}")
        members = {m["claim_id"] for m in db.list_members(con, group_id)}
        outside = [cid for cid in chosen if cid not in members]
        if not chosen or outside:
            raise TrackerError(
                f"claims not in group {group_id}: {', '.join(outside)}"
                if outside
                else "choose the claims to split off"
            )
        if set(chosen) == members:
            raise TrackerError("a split must leave at least one claim in the group")
        new_id = db.create_group(
            con,
            db.GroupMeta(
                label=(label or "").strip() or f"Split of {group_id[:8]}",
                label_source="reviewer" if label and label.strip() else "auto",
            ),
        )
        db.record_decision(
            con,
            name,
            "split",
            {"group": group_id, "new_group": new_id, "claims": chosen, "label": label},
        )
        db.assign_claims(con, new_id, chosen, "reviewer")
        db.pin_group_members(con, group_id)
    _describe_auto_groups(store, [new_id])
    return new_id


def move_claim(store: Store, claim_id: str, group_id: str | None = None, *, reviewer: str) -> str:
    """Move one claim into another group (or a new one when `group_id` is None); pinned.
    Returns the group's id."""
    name = _require_reviewer(reviewer)
    with store.transaction() as con:
        current = [m for m in db.list_members(con) if m["claim_id"] == claim_id]
        if not current:
            raise TrackerError(f"claim {claim_id} is in no group (run a recompute first)")
        if group_id is not None and db.get_group(con, group_id) is None:
            raise TrackerError(f"no such group: {group_id}")
        target = group_id or db.create_group(con, db.GroupMeta(label="(moved claim)"))
        db.record_decision(
            con,
            name,
            "move",
            {"claim": claim_id, "from": current[0]["group_id"], "to": target},
        )
        db.assign_claims(con, target, [claim_id], "reviewer")
        db.delete_empty_groups(con)
    if group_id is None:
        _describe_auto_groups(store, [target])
    return target


def _relabel(con: Any, group_id: str, label: str) -> None:
    row = db.get_group(con, group_id)
    if row is not None:
        db.update_group(
            con,
            group_id,
            db.GroupMeta(
                label=label, subject=row["subject"], unit=row["unit"], label_source="reviewer"
            ),
        )


def rename_group(store: Store, group_id: str, label: str) -> None:
    """Give a group a reviewer's label (kept across recomputes)."""
    if not label.strip():
        raise TrackerError("a label must not be blank")
    with store.transaction() as con:
        if db.get_group(con, group_id) is None:
            raise TrackerError(f"no such group: {group_id}")
        _relabel(con, group_id, label.strip())


def _describe_auto_groups(store: Store, group_ids: Sequence[str]) -> None:
    """Label groups whose label is automatic from their members (no embeddings needed)."""
    with store.transaction() as con:
        claims = {row["id"]: TrackedClaim.from_row(row) for row in db.tracked_claims(con)}
        for gid in group_ids:
            row = db.get_group(con, gid)
            if row is None or row["label_source"] == "reviewer":
                continue
            members = [
                claims[m["claim_id"]] for m in db.list_members(con, gid) if m["claim_id"] in claims
            ]
            text = describe(members)
            db.update_group(
                con, gid, db.GroupMeta(label=text.label, subject=text.subject, unit=text.unit)
            )


# ---------------------------------------------------------------- reading groups


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
