"""The Review page's decisions: what a click on accept, correct, reject, reopen, skip, a
conflict choice or another claim of the article does (widget callbacks, nothing drawn)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from extraction.review import actions, work
from extraction.review.actions import Conflict
from extraction.review.article import ArticleView, chosen_claim
from extraction.review.highlight import correction_message
from extraction.review.state import StateVersion
from review_app import common, editor

#: Reject reasons, one labelled button each; number keys 1-6 press them.
REJECT_REASONS = [
    "Not a claim (opinion, question, call to action)",
    "Page furniture (newsletter, caption, teaser)",
    "Duplicate of another claim",
    "Headline or caption repeating the body",
    "Evidence does not support the statement",
    "Other (say why in the note)",
]
SHORT_REASONS = ["Not a claim", "Furniture", "Duplicate", "Headline", "Unsupported", "Other"]


def _opened(claim_id: str) -> StateVersion | None:
    """The version of the claim the reviewer opened; None for a click on a claim that is no
    longer shown (a double click after the next claim opened), which is ignored."""
    if st.session_state.get("claim_id") != claim_id:
        return None
    opened: dict[str, StateVersion] = st.session_state.get("opened", {})
    return opened.get(claim_id)


def _decided(
    claim_id: str, outcome: actions.Outcome, done: str | Callable[[actions.Saved], str]
) -> None:
    if common.handle_outcome(claim_id, outcome, done):
        work.release(common.store(), claim_id, common.reviewer() or "")
        common.advance(claim_id)


@common.guarded
def accept(claim_id: str) -> None:
    """Accept the claim as extracted, then open the next one."""
    if (opened := _opened(claim_id)) is None:
        return
    outcome = actions.accept(
        common.store(), claim_id, reviewer=common.reviewer() or "", opened=opened
    )
    _decided(claim_id, outcome, "Accepted")


@common.guarded
def correct(claim_id: str, prefix: str) -> None:
    """Save the correction form with key prefix `prefix`, then open the next claim."""
    if (opened := _opened(claim_id)) is None:
        return
    values = editor.read_editor(prefix)
    outcome = actions.correct(
        common.store(), claim_id, values, reviewer=common.reviewer() or "", opened=opened
    )
    _decided(claim_id, outcome, corrected_message)


def corrected_message(saved: actions.Saved) -> str:
    """The flash of a saved correction (see `correction_message`)."""
    return correction_message(saved.before, saved.state.claim)


def reject_reason(number: int, note_key: str) -> str:
    """The stored reason of reject button `number` (1-6) with the optional note."""
    note = (st.session_state.get(note_key) or "").strip()
    preset = REJECT_REASONS[number - 1]
    if number == len(REJECT_REASONS) and not note:
        return ""
    return " — ".join(part for part in (preset, note) if part)


@common.guarded
def reject(claim_id: str, number: int, note_key: str) -> None:
    """Reject the claim for reason `number` (1-6), then open the next one."""
    if (opened := _opened(claim_id)) is None:
        return
    outcome = actions.reject(
        common.store(),
        claim_id,
        reject_reason(number, note_key),
        reviewer=common.reviewer() or "",
        opened=opened,
    )
    if isinstance(outcome, actions.Invalid) and number == len(REJECT_REASONS):
        outcome = actions.Invalid({"reason": "say why in the note, then press Other"})
    _decided(claim_id, outcome, "Rejected")


@common.guarded
def reopen(claim_id: str) -> None:
    """Put a decided claim back in the queue; the claim stays open."""
    if (opened := _opened(claim_id)) is None:
        return
    outcome = actions.reopen(
        common.store(), claim_id, reviewer=common.reviewer() or "", opened=opened
    )
    common.handle_outcome(claim_id, outcome, "Reopened")


@common.guarded
def skip(claim_id: str) -> None:
    """The next claim, no decision."""
    common.advance(claim_id)


@common.guarded
def keep_theirs(conflict: Conflict) -> None:
    """Drop this reviewer's unsaved decision and load the stored version."""
    common.set_opened(conflict.claim_id, conflict.theirs.version)
    st.session_state.pop("conflict", None)


@common.guarded
def apply_mine(conflict: Conflict) -> None:
    """Save this reviewer's decision over the newer stored version."""
    outcome = actions.resubmit(common.store(), conflict)
    _decided(conflict.claim_id, outcome, "Saved over the newer version")


@common.guarded
def move(view: ArticleView, step: int) -> None:
    """J / K: the next / previous claim of this article."""
    ids = [state.claim_id for state in view.claims]
    at = ids.index(view.selected.claim_id)
    common.open_claim(ids[(at + step) % len(ids)])


@common.guarded
def pick(key: str, shown_for: str, claim_ids: list[str]) -> None:
    """Open the claim chosen in the article's claim list (widget `key`)."""
    choice = chosen_claim(
        st.session_state.get(key),
        claim_ids,
        shown_for=shown_for,
        open_now=st.session_state.get("claim_id"),
    )
    if choice is not None:
        common.open_claim(choice)
