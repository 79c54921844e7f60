"""The tracker's contested groups, flattened for the HTML report (plain tuples)."""

from __future__ import annotations

from extraction.store.connection import Store
from extraction.tracker.service import load_groups


def contested_groups(store: Store) -> list[tuple[str, list[str], list[tuple[str, str, str]]]]:
    """(label, reasons, [(claimant, figure or stance, publication)]) of each contested group."""
    result = []
    for view in load_groups(store, contested_only=True):
        rows = [
            (
                point.claim.claimant or "(the publication)",
                point.figure or point.claim.certainty,
                point.claim.publication or "",
            )
            for point in view.timeline.points
        ]
        result.append((view.label, list(view.timeline.reasons), rows))
    return result
