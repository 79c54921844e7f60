"""The Review page's claim panel: a conflict or stale-version notice, the claim's status
line, the decision controls (`review_app.review_buttons`), the claim card with its
evidence in context, the key help and the list of the article's claims."""

from __future__ import annotations

import streamlit as st

from extraction.review import work
from extraction.review.actions import Conflict
from extraction.review.article import ArticleView
from extraction.review.highlight import changed_fields
from extraction.review.state import ClaimState, StateVersion
from review_app import common, render
from review_app.review_buttons import action_buttons, bulk_accept, correction_form, reject_box
from review_app.review_decisions import apply_mine, keep_theirs, pick


def _claim_list(view: ArticleView) -> None:
    """The article's claims as a radio list (arrow keys move between them); labels are
    plain text (no Markdown)."""
    labels = {
        state.claim_id: f"{render.STATUS_ICONS[state.status]} {number}."
        f" {state.claim.statement[:110]}"
        for number, state in enumerate(view.claims, start=1)
    }
    ids = list(labels)
    key = f"claims-{view.selected.claim_id}"
    st.text("Claims in this article")
    with st.container(height=260):
        st.radio(
            "Claims in this article",
            ids,
            index=ids.index(view.selected.claim_id),
            format_func=lambda claim_id: render.plain_label(labels[claim_id]),
            key=key,
            on_change=pick,
            args=(key, view.selected.claim_id, ids),
            label_visibility="collapsed",
        )


def _conflict(conflict: Conflict) -> None:
    theirs = conflict.theirs
    st.error(
        f"{render.plain_label(theirs.reviewer or 'Someone')} changed this claim since you"
        f" opened it ({conflict.opened.label} → {theirs.version.label}, now"
        f" {theirs.status.value}). Nothing of yours was saved."
    )
    left, right = st.columns(2)
    mine = conflict.yours.claim or theirs.claim
    with left:
        render.claim_card(theirs.claim, title=f"Theirs (stored): {theirs.status.value}")
    with right:
        render.claim_card(
            mine,
            changed_fields(theirs.claim, mine),
            title=f"Yours (not saved): {conflict.yours.action.value}",
        )
    keep, apply = st.columns(2)
    keep.button("Keep theirs", key="conflict-keep", on_click=keep_theirs, args=(conflict,))
    apply.button(
        f"Save mine ({conflict.yours.action.value}) over theirs",
        key="conflict-apply",
        on_click=apply_mine,
        args=(conflict,),
    )


def _stale(state: ClaimState, opened: StateVersion) -> None:
    st.warning(
        f"{render.plain_label(state.reviewer or 'Someone')} changed this claim since you opened"
        f" it ({opened.label} → {state.version.label}, now {state.status.value}). Saving now"
        " will ask you to choose between the versions."
    )
    st.button(
        "Load the latest version",
        key="load-latest",
        on_click=common.set_opened,
        args=(state.claim_id, state.version),
    )


def claim_panel(view: ArticleView, holder: work.Holder | None) -> None:
    """Draw the selected claim of `view` with everything to decide on it; `holder`: who
    else holds the claim (the reviewer opened it on purpose)."""
    state = view.selected
    opened = common.opened_version(state)
    errors = common.field_errors(state.claim_id)
    can_edit = common.reviewer() is not None
    conflict = st.session_state.get("conflict")
    if isinstance(conflict, Conflict) and conflict.claim_id == state.claim_id:
        _conflict(conflict)
    elif state.version != opened:
        _stale(state, opened)
    if holder is not None:
        st.info(render.plain_label(f"This claim is {holder.label}: you opened it on purpose."))
    icon = render.STATUS_ICONS[state.status]
    origin = "added by a reviewer" if state.added else f"{state.engine} · {state.prompt_version}"
    st.text(
        f"{icon} {state.status.value} · {opened.label} · evidence"
        f" {state.grounding.status.value} · {origin}"
    )
    if not can_edit:
        st.info("Enter your name in the sidebar to review.")
    for field in ("reviewer", "claim"):
        if field in errors:
            st.error(render.plain_label(errors[field]))
    if "evidence" in errors and state.grounded:
        st.error(render.plain_label(errors["evidence"]))
    action_buttons(view, can_edit)
    reject_box(state, can_edit, errors)
    render.claim_card(state.claim, omit=frozenset({"evidence"}))
    render.evidence_context(view.article.text, state)
    correction_form(view, opened, errors, can_edit)
    bulk_accept(view)
    st.caption(
        "Keys: A accept · 1-6 reject with a reason · S skip · J / K next / previous claim"
        " · U reopen · click a highlight to select its claim · select article text to use"
        " it as the evidence"
    )
    _claim_list(view)
