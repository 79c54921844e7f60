"""Bulk decisions: accept every exact-evidence pending claim of an article, reject a
selection with one reason. Each claim gets its own review row (one `accept`/`reject`
action each, with the version the claim had when the bulk action started)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from extraction.review import actions
from extraction.review.article import load_article
from extraction.review.state import ClaimState
from extraction.schema import AlignmentStatus
from extraction.store.connection import Store


@dataclass
class BulkResult:
    """What a bulk action did: claims saved, and those skipped (changed meanwhile, or not
    eligible) with why."""

    saved: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)


def exact_pending(claims: Sequence[ClaimState]) -> list[ClaimState]:
    """The pending claims whose evidence was found verbatim in the article."""
    return [
        state
        for state in claims
        if state.pending and state.grounding.status is AlignmentStatus.exact
    ]


def accept_exact(store: Store, article_id: str, reviewer: str) -> BulkResult:
    """Accept every pending claim of the article whose evidence is `exact`."""
    loaded = load_article(store, article_id)
    result = BulkResult()
    if loaded is None:
        return result
    for state in exact_pending(loaded[1]):
        outcome = actions.accept(store, state.claim_id, reviewer=reviewer, opened=state.version)
        _note(result, state.claim_id, outcome)
    return result


def reject_many(store: Store, claim_ids: Sequence[str], reason: str, reviewer: str) -> BulkResult:
    """Reject each of these pending claims with the same reason."""
    result = BulkResult()
    for claim_id in claim_ids:
        state = actions.load_state(store, claim_id)
        if state is None or not state.pending:
            result.skipped[claim_id] = "no longer pending"
            continue
        outcome = actions.reject(store, claim_id, reason, reviewer=reviewer, opened=state.version)
        _note(result, claim_id, outcome)
    return result


def _note(result: BulkResult, claim_id: str, outcome: actions.Outcome) -> None:
    if isinstance(outcome, actions.Saved):
        result.saved.append(claim_id)
    elif isinstance(outcome, actions.Conflict):
        result.skipped[claim_id] = "changed by someone else meanwhile"
    else:
        result.skipped[claim_id] = "; ".join(outcome.errors.values())
