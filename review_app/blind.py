"""The Review page's blind second review: the extraction as the engine made it, the first
reviewer's decision hidden; the decision goes to blind_reviews (agreement), not reviews."""

from __future__ import annotations

import streamlit as st

from extraction.review import agreement, work
from extraction.review.article import ArticleView
from extraction.review.form import form_values, validate_claim
from extraction.schema import Claim
from review_app import common, editor, render

REASONS = ["Not a claim", "Furniture", "Duplicate", "Headline", "Unsupported", "Other"]


def _done(claim_id: str, message: str) -> None:
    common.flash(message)
    work.release(common.store(), claim_id, common.reviewer() or "")
    common.advance(claim_id)


@common.guarded
def _record(claim_id: str, action: str, claim: Claim, reason: str | None = None) -> None:
    agreement.record_blind_review(
        common.store(), claim_id, common.reviewer() or "", action, claim, reason
    )
    _done(claim_id, f"Second review saved ({action}).")


@common.guarded
def _correct(view: ArticleView, prefix: str) -> None:
    checked = validate_claim(editor.read_editor(prefix), view.article.text)
    if isinstance(checked, dict):
        st.session_state["blind_errors"] = checked
        return
    st.session_state.pop("blind_errors", None)
    _record(view.selected.claim_id, "correct", checked[0])


def _skip(claim_id: str) -> None:
    common.advance(claim_id)


def blind_panel(view: ArticleView) -> None:
    """Draw the blind second review of the selected claim."""
    claim_id = view.selected.claim_id
    original = agreement.original_extraction(common.store(), claim_id) or view.selected.claim
    st.info(
        "Blind second review: this claim is in the agreement sample. Decide it as if no one"
        " had; the first decision is hidden and stays as it is."
    )
    accept_col, skip_col = st.columns(2)
    accept_col.button(
        "Accept",
        key="blind-accept",
        type="primary",
        shortcut="A",
        on_click=_record,
        args=(claim_id, "accept", original),
        width="stretch",
    )
    skip_col.button(
        "Skip",
        key="skip",
        shortcut="S",
        on_click=_skip,
        args=(claim_id,),
        width="stretch",
    )
    columns = st.columns(2)
    for number, label in enumerate(REASONS, start=1):
        columns[(number - 1) % 2].button(
            f"Reject: {label}",
            key=f"blind-reject-{number}",
            shortcut=str(number),
            on_click=_record,
            args=(claim_id, "reject", original, label),
            width="stretch",
        )
    render.claim_card(original, omit=frozenset({"evidence"}))
    render.evidence_context(view.article.text, view.selected)
    prefix = f"blind-{claim_id}-"
    errors = st.session_state.get("blind_errors", {})
    with st.expander("Correct (blind)", expanded=bool(errors)), st.form(f"form-{prefix}"):
        editor.claim_editor(prefix, form_values(original), errors, view.article.published)
        st.form_submit_button(
            "Save correction (blind)", key="blind-correct", on_click=_correct, args=(view, prefix)
        )
