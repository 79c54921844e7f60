"""A claim's current state is derived from its latest review."""

from __future__ import annotations

import pytest

from extraction.review import actions
from extraction.review.actions import Saved
from extraction.review.state import (
    ClaimState,
    ReviewAction,
    ReviewStatus,
    StateVersion,
    state_from_row,
    status_after,
)
from extraction.store.connection import Store
from extraction.store.reviews import claim_state


@pytest.mark.parametrize(
    ("action", "status"),
    [
        (None, ReviewStatus.pending),
        ("accept", ReviewStatus.accepted),
        ("correct", ReviewStatus.corrected),
        ("reject", ReviewStatus.rejected),
        ("add", ReviewStatus.added),
        ("reopen", ReviewStatus.pending),
    ],
)
def test_status_follows_the_latest_action(action: str | None, status: ReviewStatus) -> None:
    assert status_after(action) is status


def test_every_action_has_a_status() -> None:
    assert {status_after(action) for action in ReviewAction} == set(ReviewStatus)


def test_an_unreviewed_claim_is_pending_at_version_zero(store: Store, claims: list) -> None:
    with store.connect() as con:
        row = claim_state(con, claims[0].claim_id)
    assert row is not None
    state = state_from_row(row)
    assert state.status is ReviewStatus.pending
    assert state.version == StateVersion(review_id=None, version=0)
    assert state.version.label == "v0 (extraction)"
    assert state.engine == "fixture"
    assert state.grounded


def test_the_state_is_the_latest_review_and_sql_agrees_with_python(
    store: Store, claims: list
) -> None:
    target = claims[0]
    first = actions.accept(store, target.claim_id, reviewer="ann", opened=target.version)
    assert isinstance(first, Saved)
    second = actions.reject(
        store, target.claim_id, "duplicate", reviewer="bob", opened=first.state.version
    )
    assert isinstance(second, Saved)
    with store.connect() as con:
        row = claim_state(con, target.claim_id)
    assert row is not None
    state = state_from_row(row)
    assert row["status"] == state.status.value == "rejected"
    assert state.version == StateVersion(review_id=second.review_id, version=2)
    assert state.reviewer == "bob"
    assert state.reason == "duplicate"
    assert state.claim == target.claim


def test_chosen_claim_takes_an_id_or_the_number_in_a_label_from_the_open_claims_list() -> None:
    from extraction.review.article import chosen_claim

    ids = ["a1", "a2", "a3"]
    assert chosen_claim("a2", ids, shown_for="a1", open_now="a1") == "a2"
    # A label Streamlit no longer knows (the icon changed) names the claim by its number.
    assert chosen_claim("○ 3\\. A stale label", ids, shown_for="a1", open_now="a1") == "a3"
    assert chosen_claim("✓ 2. Plain", ids, shown_for="a1", open_now="a1") == "a2"
    assert chosen_claim("○ 9\\. Out of range", ids, shown_for="a1", open_now="a1") is None
    assert chosen_claim("no number", ids, shown_for="a1", open_now="a1") is None
    assert chosen_claim(None, ids, shown_for="a1", open_now="a1") is None
    assert chosen_claim("b9", ids, shown_for="a1", open_now="a1") is None
    # An event from the list drawn for a claim that is no longer open is stale.
    assert chosen_claim("a2", ids, shown_for="a1", open_now="a3") is None
    assert chosen_claim("a1", ids, shown_for="a1", open_now="a1") is None


def test_claim_spans_highlight_the_grounded_claims_numbered_in_reading_order(
    claims: list[ClaimState],
) -> None:
    from dataclasses import replace

    from extraction.review.article import claim_spans
    from extraction.review.highlight import Span
    from extraction.schema import AlignmentStatus, Grounding

    first, second, third = claims[:3]
    states = [
        replace(first, grounding=Grounding(start=5, end=9, status=AlignmentStatus.exact)),
        replace(second, grounding=Grounding(status=AlignmentStatus.not_found)),
        replace(third, status=ReviewStatus.rejected, grounding=Grounding(start=0, end=4)),
    ]
    assert claim_spans(states) == [
        Span(5, 9, first.claim_id, f"claim 1: {first.status.value}", first.status.value),
        Span(0, 4, third.claim_id, "claim 3: rejected", "rejected"),
    ]
    assert claim_spans([]) == []
