"""Reviewers' decisions on tracker groups: merge, split, move a claim, rename.

Every decision pins the claims it touches (`assigned_by = 'reviewer'`), so no recompute
moves them again, and is appended to `group_decisions` before it takes effect, in the same
transaction. Groups split by a reviewer are labelled from their members when their label
is automatic.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from extraction.errors import ClaimDeskError
from extraction.store import groups as db
from extraction.store.connection import Store
from extraction.tracker.grouping import describe
from extraction.tracker.models import TrackedClaim


class TrackerError(ClaimDeskError, ValueError):
    """A reviewer's decision cannot be applied (unknown group, claim not in it...)."""


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
