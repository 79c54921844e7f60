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

The recompute lives here; reviewers' decisions in `decisions`, reading groups in
`group_views`. Their public names are importable from this module too.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from extraction.errors import ClaimDeskError
from extraction.store import groups as db
from extraction.store.connection import Store
from extraction.tracker.decisions import (
    TrackerError,
    merge_groups,
    move_claim,
    rename_group,
    split_group,
)
from extraction.tracker.embeddings import (
    Embedder,
    Vectors,
    from_blob,
    get_embedder,
    text_hash,
    to_blob,
)
from extraction.tracker.features import canonical_text
from extraction.tracker.group_views import GroupView, group_decisions, load_groups
from extraction.tracker.grouping import Cluster, cluster, describe, params_for
from extraction.tracker.models import TrackedClaim

__all__ = [
    "MAX_ATTEMPTS",
    "ConcurrentChangeError",
    "GroupView",
    "RecomputeSummary",
    "TrackerError",
    "group_decisions",
    "load_groups",
    "merge_groups",
    "move_claim",
    "recompute_groups",
    "rename_group",
    "split_group",
]

MAX_ATTEMPTS = 3


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
