"""The Review page's controls for the open claim: accept / skip / reopen and previous /
next claim (keys A, S, U, K, J), one reject button per reason (keys 1-6), the correction
form and bulk accept. Their clicks run `review_app.review_decisions`."""

from __future__ import annotations

import streamlit as st

from extraction.review import bulk, work
from extraction.review.article import ArticleView
from extraction.review.form import form_values
from extraction.review.state import ClaimState, StateVersion
from review_app import common, editor
from review_app.review_decisions import (
    REJECT_REASONS,
    SHORT_REASONS,
    accept,
    correct,
    move,
    reject,
    reopen,
    skip,
)


def action_buttons(view: ArticleView, can_edit: bool) -> None:
    """Accept, Skip, Reopen, then Previous claim and Next claim."""
    state = view.selected
    claim_id = state.claim_id
    accept_col, skip_col, reopen_col = st.columns(3)
    accept_col.button(
        "Accept",
        key="accept",
        type="primary",
        shortcut="A",
        disabled=not can_edit or not state.grounded,
        on_click=accept,
        args=(claim_id,),
        width="stretch",
        help="Accept the claim as extracted (A).",
    )
    skip_col.button(
        "Skip",
        key="skip",
        shortcut="S",
        on_click=skip,
        args=(claim_id,),
        width="stretch",
        help="Next claim, no decision (S).",
    )
    reopen_col.button(
        "Reopen",
        key="reopen",
        shortcut="U",
        disabled=not can_edit or state.pending,
        on_click=reopen,
        args=(claim_id,),
        width="stretch",
        help="Put a decided claim back in the queue (U, undo).",
    )
    prev_col, next_col = st.columns(2)
    prev_col.button(
        "Previous claim",
        key="prev-claim",
        shortcut="K",
        on_click=move,
        args=(view, -1),
        width="stretch",
        help="Previous claim of this article (K).",
    )
    next_col.button(
        "Next claim",
        key="next-claim",
        shortcut="J",
        on_click=move,
        args=(view, 1),
        width="stretch",
        help="Next claim of this article (J).",
    )


def reject_box(state: ClaimState, can_edit: bool, errors: dict[str, str]) -> None:
    """One labelled button per reason (keys 1-6): one click rejects."""
    note_key = f"rj-{state.claim_id}-note"
    st.text("Reject because…")
    columns = st.columns(2)
    for number, (label, reason) in enumerate(
        zip(SHORT_REASONS, REJECT_REASONS, strict=True), start=1
    ):
        columns[(number - 1) % 2].button(
            f"Reject: {label}",
            key=f"reject-{number}",
            shortcut=str(number),
            disabled=not can_edit,
            on_click=reject,
            args=(state.claim_id, number, note_key),
            width="stretch",
            help=f"{reason} (key {number})",
        )
    st.text_input("Note (optional; needed for Other)", key=note_key)
    if "reason" in errors:
        st.error(errors["reason"])


def correction_form(
    view: ArticleView, opened: StateVersion, errors: dict[str, str], can_edit: bool
) -> None:
    """The "Correct & accept" expander with the claim editor, open when it has errors, the
    evidence is not grounded or text was selected in the article."""
    state = view.selected
    prefix = f"ed-{state.claim_id}-{opened.version}-"
    opened_by_selection = bool(st.session_state.get(f"{prefix}open"))
    expanded = bool(errors) or not state.grounded or opened_by_selection
    # A selection in the article opens the editor: a new expander key starts it expanded.
    key = f"x{prefix}{'-selection' if opened_by_selection else ''}"
    with (
        st.expander("Correct & accept", expanded=expanded, key=key),
        st.form(f"form-{prefix}", border=False),
    ):
        editor.claim_editor(
            prefix, form_values(state.claim), errors, default_date=view.article.published
        )
        st.form_submit_button(
            "Save correction & accept",
            key="save-correction",
            type="primary",
            disabled=not can_edit,
            on_click=correct,
            args=(state.claim_id, prefix),
        )


def bulk_accept(view: ArticleView) -> None:
    """A button accepting every pending exact-evidence claim of the article (after a
    confirmation); nothing when there is none."""
    exact = bulk.exact_pending(view.claims)
    if not exact:
        return
    if st.button(
        f"Bulk accept: {len(exact)} exact-evidence claims",
        help="Accept every pending claim of this article whose evidence is found verbatim.",
        key="bulk-accept",
        disabled=common.reviewer() is None,
    ):
        _confirm_bulk(view.article.id, len(exact))


@st.dialog("Accept in bulk")
def _confirm_bulk(article_id: str, count: int) -> None:
    st.write(
        f"Accept the {count} pending claims of this article whose evidence is found verbatim?"
        " Each gets its own review row with your name."
    )
    if st.button(f"Accept {count} claims", key="bulk-accept-confirm", type="primary"):
        result = bulk.accept_exact(common.store(), article_id, common.reviewer() or "")
        skipped = f" ({len(result.skipped)} skipped: changed meanwhile)" if result.skipped else ""
        common.flash(f"Accepted {len(result.saved)} claims in bulk{skipped}.")
        current = st.session_state.get("claim_id")
        if current in result.saved:
            work.release(common.store(), str(current), common.reviewer() or "")
            common.advance(str(current))
        st.rerun()
