"""Review actions: accept, correct-and-accept, reject, add a missing claim, reopen.

Every action appends one review row; nothing is updated. Each save carries the state
version the reviewer opened: when the claim got a newer review since, the save is
refused with a `Conflict` holding both versions. Invalid input comes back as `Invalid`
(field -> message), never as an exception.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import duckdb

from extraction.review.auth import clean_reviewer_name
from extraction.review.form import form_values, validate_claim
from extraction.review.state import (
    ClaimState,
    ReviewAction,
    StateVersion,
    state_from_row,
)
from extraction.schema import Claim, Grounding
from extraction.store.articles import get_article
from extraction.store.connection import Store
from extraction.store.records import new_id, utcnow
from extraction.store.review_guard import identical_add
from extraction.store.reviews import (
    NewReview,
    claim_payload,
    claim_state,
    insert_review,
    is_version_collision,
)


@dataclass(frozen=True)
class Proposal:
    """What a reviewer tried to save: the action, the claim as they left it, a reason."""

    action: ReviewAction
    reviewer: str
    claim: Claim | None = None
    grounding: Grounding | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Saved:
    """The review was stored; `state` is the claim's state after it, `before` the claim as
    it stood when the review was saved (None for an added claim)."""

    review_id: str
    state: ClaimState
    before: Claim | None = None


@dataclass(frozen=True)
class Conflict:
    """The claim changed since the reviewer opened it: nothing was stored.

    `theirs` is the claim as it stands now, `yours` what the reviewer tried to save and
    `opened` the version they had opened."""

    claim_id: str
    opened: StateVersion
    theirs: ClaimState
    yours: Proposal


@dataclass(frozen=True)
class Invalid:
    """The input was refused; `errors` maps a field name to a message."""

    errors: dict[str, str]


Outcome = Saved | Conflict | Invalid

#: An 'add' identical to one the same reviewer made this recently is the same claim.
REPEAT_WINDOW = dt.timedelta(minutes=2)
_ADD_LOCK = threading.Lock()


def _reviewer_error(reviewer: str) -> dict[str, str] | None:
    if clean_reviewer_name(reviewer) is None:
        return {"reviewer": "enter your name before reviewing"}
    return None


def _save(
    store: Store,
    claim_id: str,
    opened: StateVersion,
    proposal: Proposal,
    build: Callable[[ClaimState], NewReview | dict[str, str]],
) -> Outcome:
    """Append the review `build` makes from the current state, unless the state moved on."""
    try:
        with store.transaction() as con:
            current = _load(con, claim_id)
            if current is None:
                return Invalid({"claim": f"no claim {claim_id} under review"})
            if current.version != opened:
                return Conflict(claim_id, opened, current, proposal)
            review = build(current)
            if isinstance(review, dict):
                return Invalid(review)
            review_id = insert_review(con, review)
            saved = _load(con, claim_id)
    except duckdb.Error as error:
        if not is_version_collision(error):
            raise
        with store.connect() as con:
            theirs = _load(con, claim_id)
        if theirs is None:
            raise
        return Conflict(claim_id, opened, theirs, proposal)
    assert saved is not None
    return Saved(review_id=review_id, state=saved, before=current.claim)


def _load(con: duckdb.DuckDBPyConnection, claim_id: str) -> ClaimState | None:
    row = claim_state(con, claim_id)
    return None if row is None else state_from_row(row)


def _review(
    current: ClaimState,
    proposal: Proposal,
    after: tuple[Claim, Grounding] | None = None,
) -> NewReview:
    claim, grounding = after or (current.claim, current.grounding)
    return NewReview(
        claim_id=current.claim_id,
        article_id=current.article_id,
        reviewer=proposal.reviewer,
        action=proposal.action.value,
        version=current.version.version + 1,
        before=claim_payload(current.claim, current.grounding),
        after=claim_payload(claim, grounding),
        reason=proposal.reason,
        based_on=current.version.review_id,
    )


def accept(store: Store, claim_id: str, *, reviewer: str, opened: StateVersion) -> Outcome:
    """Accept the claim as it stands (refused when its evidence is not in the article)."""
    if error := _reviewer_error(reviewer):
        return Invalid(error)
    proposal = Proposal(ReviewAction.accept, reviewer.strip())

    def build(current: ClaimState) -> NewReview | dict[str, str]:
        if not current.grounded:
            return {"evidence": "the evidence is not in the article: correct it, or reject"}
        return _review(current, proposal)

    return _save(store, claim_id, opened, proposal, build)


def correct(
    store: Store,
    claim_id: str,
    values: Mapping[str, Any],
    *,
    reviewer: str,
    opened: StateVersion,
    reason: str | None = None,
) -> Outcome:
    """Store a corrected claim (validated, evidence located) and accept it."""
    if error := _reviewer_error(reviewer):
        return Invalid(error)
    with store.connect() as con:
        row = claim_state(con, claim_id)
        article = get_article(con, str(row["article_id"])) if row else None
    if article is None:
        return Invalid({"claim": f"no claim {claim_id} under review"})
    checked = validate_claim(values, article.text)
    if isinstance(checked, dict):
        return Invalid(checked)
    claim, grounding = checked
    proposal = Proposal(
        ReviewAction.correct, reviewer.strip(), claim, grounding, (reason or "").strip() or None
    )
    return _save(
        store,
        claim_id,
        opened,
        proposal,
        lambda current: _review(current, proposal, (claim, grounding)),
    )


def reject(
    store: Store, claim_id: str, reason: str, *, reviewer: str, opened: StateVersion
) -> Outcome:
    """Reject the claim; a reason is required."""
    if error := _reviewer_error(reviewer):
        return Invalid(error)
    if not (reason or "").strip():
        return Invalid({"reason": "give a reason to reject the claim"})
    proposal = Proposal(ReviewAction.reject, reviewer.strip(), reason=reason.strip())
    return _save(store, claim_id, opened, proposal, lambda current: _review(current, proposal))


def reopen(store: Store, claim_id: str, *, reviewer: str, opened: StateVersion) -> Outcome:
    """Put a decided claim back in the queue (undo); its values stay as they are."""
    if error := _reviewer_error(reviewer):
        return Invalid(error)
    proposal = Proposal(ReviewAction.reopen, reviewer.strip())

    def build(current: ClaimState) -> NewReview | dict[str, str]:
        if current.pending:
            return {"claim": "the claim is already pending"}
        return _review(current, proposal)

    return _save(store, claim_id, opened, proposal, build)


def add_claim(
    store: Store, article_id: str, values: Mapping[str, Any], *, reviewer: str
) -> Outcome:
    """Add a claim the extraction missed; its evidence must be found in the article."""
    if error := _reviewer_error(reviewer):
        return Invalid(error)
    with store.connect() as con:
        article = get_article(con, article_id)
    if article is None:
        return Invalid({"article": f"no article {article_id}"})
    checked = validate_claim(values, article.text)
    if isinstance(checked, dict):
        return Invalid(checked)
    claim, grounding = checked
    claim_id = new_id()
    review = NewReview(
        claim_id=claim_id,
        article_id=article_id,
        reviewer=reviewer.strip(),
        action=ReviewAction.add.value,
        version=1,
        after=claim_payload(claim, grounding),
    )
    # One add at a time in this process: two sends of one form arrive together (a double
    # click runs both callbacks at once), and a transaction does not see the other's row.
    # Processes are already serialised by the database file's lock.
    with _ADD_LOCK, store.transaction() as con:
        since = utcnow() - REPEAT_WINDOW
        repeated = identical_add(con, article_id, review.reviewer, review.after or "", since)
        if repeated is not None:  # the same form sent twice (a double click): one claim
            review_id, claim_id = repeated
        else:
            review_id = insert_review(con, review)
        saved = _load(con, claim_id)
    assert saved is not None
    return Saved(review_id=review_id, state=saved)


def load_state(store: Store, claim_id: str) -> ClaimState | None:
    """The current state of one claim, or None when it is not under review."""
    with store.connect() as con:
        return _load(con, claim_id)


def resubmit(store: Store, conflict: Conflict) -> Outcome:
    """Save what the reviewer tried again, deliberately on top of the version that beat it
    (the reviewer saw both versions and chose theirs to be replaced)."""
    yours, opened = conflict.yours, conflict.theirs.version
    claim_id, reviewer = conflict.claim_id, yours.reviewer
    if yours.action is ReviewAction.accept:
        return accept(store, claim_id, reviewer=reviewer, opened=opened)
    if yours.action is ReviewAction.correct and yours.claim is not None:
        values = form_values(yours.claim)
        return correct(
            store, claim_id, values, reviewer=reviewer, opened=opened, reason=yours.reason
        )
    if yours.action is ReviewAction.reject:
        return reject(store, claim_id, yours.reason or "", reviewer=reviewer, opened=opened)
    if yours.action is ReviewAction.reopen:
        return reopen(store, claim_id, reviewer=reviewer, opened=opened)
    return Invalid({"claim": f"cannot resubmit a {yours.action.value}"})
