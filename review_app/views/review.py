"""Review page: the article with evidence highlighted beside its claims and the editor."""

from __future__ import annotations

import streamlit as st

from extraction.review import actions
from extraction.review.actions import Conflict
from extraction.review.article import ArticleView, load_article_view
from extraction.review.form import form_values
from extraction.review.highlight import changed_fields, escape_markdown
from extraction.review.state import ClaimState, StateVersion
from review_app import common, editor, render

REJECT_REASONS = [
    "Not a claim (opinion, question, call to action)",
    "Page furniture (newsletter, caption, teaser)",
    "Duplicate of another claim",
    "Headline or caption repeating the body",
    "Evidence does not support the statement",
    "Other (say why in the note)",
]


def _current_claim_id() -> str | None:
    """The claim to show: ?claim= in the URL, the open claim, else the next pending one."""
    wanted = st.query_params.get("claim")
    if wanted and wanted != st.session_state.get("claim_id"):
        common.open_claim(wanted)
    if st.session_state.get("claim_id") is None:
        common.advance(None)
    claim_id = st.session_state.get("claim_id")
    return str(claim_id) if claim_id else None


def _opened(claim_id: str) -> StateVersion | None:
    """The version of the claim the reviewer opened; None for a click on a claim that is no
    longer shown (a double click after the next claim opened), which is ignored."""
    if st.session_state.get("claim_id") != claim_id:
        return None
    opened: dict[str, StateVersion] = st.session_state.get("opened", {})
    return opened.get(claim_id)


def _accept(claim_id: str) -> None:
    if (opened := _opened(claim_id)) is None:
        return
    outcome = actions.accept(
        common.store(), claim_id, reviewer=common.reviewer() or "", opened=opened
    )
    if common.handle_outcome(claim_id, outcome, "Accepted"):
        common.advance(claim_id)


def _correct(claim_id: str, prefix: str) -> None:
    if (opened := _opened(claim_id)) is None:
        return
    values = editor.read_editor(prefix)
    outcome = actions.correct(
        common.store(), claim_id, values, reviewer=common.reviewer() or "", opened=opened
    )
    if common.handle_outcome(claim_id, outcome, "Corrected and accepted"):
        common.advance(claim_id)


def _reject(claim_id: str, prefix: str) -> None:
    if (opened := _opened(claim_id)) is None:
        return
    preset = st.session_state.get(f"{prefix}reason")
    note = (st.session_state.get(f"{prefix}note") or "").strip()
    needs_note = preset == REJECT_REASONS[-1] and not note
    reason = "" if needs_note else " — ".join(part for part in (preset, note) if part)
    outcome = actions.reject(
        common.store(), claim_id, reason, reviewer=common.reviewer() or "", opened=opened
    )
    if common.handle_outcome(claim_id, outcome, "Rejected"):
        common.advance(claim_id)


def _reopen(claim_id: str) -> None:
    if (opened := _opened(claim_id)) is None:
        return
    outcome = actions.reopen(
        common.store(), claim_id, reviewer=common.reviewer() or "", opened=opened
    )
    common.handle_outcome(claim_id, outcome, "Reopened")


def _skip(claim_id: str) -> None:
    common.advance(claim_id)


def _keep_theirs(conflict: Conflict) -> None:
    common.set_opened(conflict.claim_id, conflict.theirs.version)
    st.session_state.pop("conflict", None)


def _apply_mine(conflict: Conflict) -> None:
    outcome = actions.resubmit(common.store(), conflict)
    if common.handle_outcome(conflict.claim_id, outcome, "Saved over the newer version"):
        common.advance(conflict.claim_id)


def _header(view: ArticleView) -> None:
    article = view.article
    meta = " · ".join(
        part for part in (article.publication, str(article.published or ""), article.id) if part
    )
    st.subheader(escape_markdown(article.title or "Untitled article"), anchor=False)
    st.caption(
        f"{escape_markdown(meta)} · claim {view.position} of {len(view.claims)} in this article"
    )


def _pick(key: str) -> None:
    common.open_claim(st.session_state[key])


def _claim_list(view: ArticleView) -> None:
    """The article's claims as a radio list (arrow keys move between them)."""
    labels = {
        state.claim_id: f"{render.STATUS_ICONS[state.status]} {number}."
        f" {escape_markdown(state.claim.statement[:110])}"
        for number, state in enumerate(view.claims, start=1)
    }
    ids = list(labels)
    key = f"claims-{view.selected.claim_id}"
    st.markdown("**Claims in this article**")
    with st.container(height=260):
        st.radio(
            "Claims in this article",
            ids,
            index=ids.index(view.selected.claim_id),
            format_func=lambda claim_id: labels[claim_id],
            key=key,
            on_change=_pick,
            args=(key,),
            label_visibility="collapsed",
        )


def _conflict(conflict: Conflict) -> None:
    theirs = conflict.theirs
    st.error(
        f"**{escape_markdown(theirs.reviewer or 'Someone')}** changed this claim since you opened"
        f" it ({conflict.opened.label} → {theirs.version.label}, now **{theirs.status.value}**)."
        " Nothing of yours was saved."
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
    keep.button("Keep theirs", key="conflict-keep", on_click=_keep_theirs, args=(conflict,))
    apply.button(
        f"Save mine ({conflict.yours.action.value}) over theirs",
        key="conflict-apply",
        on_click=_apply_mine,
        args=(conflict,),
    )


def _stale(state: ClaimState, opened: StateVersion) -> None:
    st.warning(
        f"{escape_markdown(state.reviewer or 'Someone')} changed this claim since you opened it"
        f" ({opened.label} → {state.version.label}, now {state.status.value}). Saving now will"
        " ask you to choose between the versions."
    )
    st.button(
        "Load the latest version",
        key="load-latest",
        on_click=common.set_opened,
        args=(state.claim_id, state.version),
    )


def _actions(state: ClaimState, can_edit: bool) -> None:
    claim_id = state.claim_id
    accept_col, skip_col, reopen_col = st.columns(3)
    accept_col.button(
        "Accept",
        key="accept",
        type="primary",
        icon=":material/check:",
        shortcut="A",
        disabled=not can_edit or not state.grounded,
        on_click=_accept,
        args=(claim_id,),
        width="stretch",
    )
    skip_col.button(
        "Skip", key="skip", shortcut="S", on_click=_skip, args=(claim_id,), width="stretch"
    )
    reopen_col.button(
        "Reopen",
        key="reopen",
        shortcut="U",
        disabled=not can_edit or state.pending,
        on_click=_reopen,
        args=(claim_id,),
        width="stretch",
        help="Put a decided claim back in the queue (undo).",
    )


def _reject_box(state: ClaimState, can_edit: bool, errors: dict[str, str]) -> None:
    prefix = f"rj-{state.claim_id}-"
    reason_col, note_col, button_col = st.columns([4, 4, 2], vertical_alignment="bottom")
    reason_col.selectbox(
        "Reject reason", REJECT_REASONS, index=None, placeholder="Choose…", key=f"{prefix}reason"
    )
    note_col.text_input("Note", key=f"{prefix}note", placeholder="optional detail")
    button_col.button(
        "Reject",
        key="reject",
        icon=":material/close:",
        shortcut="X",
        disabled=not can_edit,
        on_click=_reject,
        args=(state.claim_id, prefix),
        width="stretch",
    )
    if "reason" in errors:
        st.error(errors["reason"], icon=":material/error:")


def _editor(
    view: ArticleView, opened: StateVersion, errors: dict[str, str], can_edit: bool
) -> None:
    state = view.selected
    prefix = f"ed-{state.claim_id}-{opened.version}-"
    expanded = bool(errors) or not state.grounded
    with (
        st.expander(
            "Correct & accept", expanded=expanded, icon=":material/edit:", key=f"x{prefix}"
        ),
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
            on_click=_correct,
            args=(state.claim_id, prefix),
        )


def _claim_panel(view: ArticleView) -> None:
    state = view.selected
    opened = common.opened_version(state)
    errors = common.field_errors(state.claim_id)
    can_edit = common.reviewer() is not None
    conflict = st.session_state.get("conflict")
    if isinstance(conflict, Conflict) and conflict.claim_id == state.claim_id:
        _conflict(conflict)
    elif state.version != opened:
        _stale(state, opened)
    icon = render.STATUS_ICONS[state.status]
    origin = "added by a reviewer" if state.added else f"{state.engine} · {state.prompt_version}"
    st.markdown(
        f"**{icon} {state.status.value}** · {opened.label} · evidence"
        f" {state.grounding.status.value} · {escape_markdown(origin)}"
    )
    if not can_edit:
        st.info("Enter your name in the sidebar to review.", icon=":material/badge:")
    for field in ("reviewer", "claim"):
        if field in errors:
            st.error(errors[field])
    if "evidence" in errors and state.grounded:
        st.error(errors["evidence"])
    _actions(state, can_edit)
    _reject_box(state, can_edit, errors)
    render.claim_card(state.claim)
    render.evidence_context(view.article.text, state)
    _editor(view, opened, errors, can_edit)
    st.caption("Keys: **A** accept · **S** skip · **X** reject · **U** reopen")
    _claim_list(view)


def main() -> None:
    """Draw the review page."""
    common.show_flash()
    claim_id = _current_claim_id()
    if claim_id is None:
        st.success("Nothing pending under the current filters.", icon=":material/task_alt:")
        st.page_link(common.QUEUE_PAGE, label="Back to the queue", icon=":material/list:")
        return
    view = load_article_view(common.store(), claim_id)
    if view is None:
        common.open_claim(None)
        st.warning(f"Claim {claim_id} is not under review (a newer extraction replaced it?).")
        return
    _header(view)
    text_col, claims_col = st.columns([3, 2], gap="medium")
    with text_col, st.container(height=720):
        render.article(view.article.text, view.claims, view.selected.claim_id)
    with claims_col:
        _claim_panel(view)


main()
