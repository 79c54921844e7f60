"""Review page: the article with evidence highlighted beside its claims and the editor."""

from __future__ import annotations

import logging

import streamlit as st

from extraction.review import actions, agreement, bulk, work
from extraction.review.actions import Conflict
from extraction.review.article import ArticleView, chosen_claim, load_article_view
from extraction.review.form import form_values
from extraction.review.highlight import Span, changed_fields, highlight_html
from extraction.review.state import ClaimState, StateVersion
from review_app import blind, browser, common, editor, render

LOG = logging.getLogger("claimdesk.review_app")

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


def _current_claim_id() -> str | None:
    """The claim to show: ?claim= in the URL, the open claim, else the next free one."""
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


def _decided(claim_id: str, outcome: actions.Outcome, done: str) -> None:
    if common.handle_outcome(claim_id, outcome, done):
        work.release(common.store(), claim_id, common.reviewer() or "")
        common.advance(claim_id)


@common.guarded
def _accept(claim_id: str) -> None:
    if (opened := _opened(claim_id)) is None:
        return
    outcome = actions.accept(
        common.store(), claim_id, reviewer=common.reviewer() or "", opened=opened
    )
    _decided(claim_id, outcome, "Accepted")


@common.guarded
def _correct(claim_id: str, prefix: str) -> None:
    if (opened := _opened(claim_id)) is None:
        return
    values = editor.read_editor(prefix)
    outcome = actions.correct(
        common.store(), claim_id, values, reviewer=common.reviewer() or "", opened=opened
    )
    _decided(claim_id, outcome, "Corrected and accepted")


def _reason(number: int, note_key: str) -> str:
    """The stored reason of reject button `number` (1-6) with the optional note."""
    note = (st.session_state.get(note_key) or "").strip()
    preset = REJECT_REASONS[number - 1]
    if number == len(REJECT_REASONS) and not note:
        return ""
    return " — ".join(part for part in (preset, note) if part)


@common.guarded
def _reject(claim_id: str, number: int, note_key: str) -> None:
    if (opened := _opened(claim_id)) is None:
        return
    outcome = actions.reject(
        common.store(),
        claim_id,
        _reason(number, note_key),
        reviewer=common.reviewer() or "",
        opened=opened,
    )
    if isinstance(outcome, actions.Invalid) and number == len(REJECT_REASONS):
        outcome = actions.Invalid({"reason": "say why in the note, then press Other"})
    _decided(claim_id, outcome, "Rejected")


@common.guarded
def _reopen(claim_id: str) -> None:
    if (opened := _opened(claim_id)) is None:
        return
    outcome = actions.reopen(
        common.store(), claim_id, reviewer=common.reviewer() or "", opened=opened
    )
    common.handle_outcome(claim_id, outcome, "Reopened")


@common.guarded
def _skip(claim_id: str) -> None:
    common.advance(claim_id)


@common.guarded
def _keep_theirs(conflict: Conflict) -> None:
    common.set_opened(conflict.claim_id, conflict.theirs.version)
    st.session_state.pop("conflict", None)


@common.guarded
def _apply_mine(conflict: Conflict) -> None:
    outcome = actions.resubmit(common.store(), conflict)
    _decided(conflict.claim_id, outcome, "Saved over the newer version")


@common.guarded
def _move(view: ArticleView, step: int) -> None:
    """J / K: the next / previous claim of this article."""
    ids = [state.claim_id for state in view.claims]
    at = ids.index(view.selected.claim_id)
    common.open_claim(ids[(at + step) % len(ids)])


def _header(view: ArticleView) -> None:
    article = view.article
    meta = " · ".join(
        part for part in (article.publication, str(article.published or ""), article.id) if part
    )
    st.subheader(render.plain_label(article.title or "Untitled article"), anchor=False)
    st.text(f"{meta} · claim {view.position} of {len(view.claims)} in this article")


@common.guarded
def _pick(key: str, shown_for: str, claim_ids: list[str]) -> None:
    choice = chosen_claim(
        st.session_state.get(key),
        claim_ids,
        shown_for=shown_for,
        open_now=st.session_state.get("claim_id"),
    )
    if choice is not None:
        common.open_claim(choice)


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
            on_change=_pick,
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
    keep.button("Keep theirs", key="conflict-keep", on_click=_keep_theirs, args=(conflict,))
    apply.button(
        f"Save mine ({conflict.yours.action.value}) over theirs",
        key="conflict-apply",
        on_click=_apply_mine,
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


def _actions(view: ArticleView, can_edit: bool) -> None:
    state = view.selected
    claim_id = state.claim_id
    accept_col, skip_col, reopen_col = st.columns(3)
    accept_col.button(
        "Accept",
        key="accept",
        type="primary",
        shortcut="A",
        disabled=not can_edit or not state.grounded,
        on_click=_accept,
        args=(claim_id,),
        width="stretch",
        help="Accept the claim as extracted (A).",
    )
    skip_col.button(
        "Skip",
        key="skip",
        shortcut="S",
        on_click=_skip,
        args=(claim_id,),
        width="stretch",
        help="Next claim, no decision (S).",
    )
    reopen_col.button(
        "Reopen",
        key="reopen",
        shortcut="U",
        disabled=not can_edit or state.pending,
        on_click=_reopen,
        args=(claim_id,),
        width="stretch",
        help="Put a decided claim back in the queue (U, undo).",
    )
    prev_col, next_col = st.columns(2)
    prev_col.button(
        "Previous claim",
        key="prev-claim",
        shortcut="K",
        on_click=_move,
        args=(view, -1),
        width="stretch",
        help="Previous claim of this article (K).",
    )
    next_col.button(
        "Next claim",
        key="next-claim",
        shortcut="J",
        on_click=_move,
        args=(view, 1),
        width="stretch",
        help="Next claim of this article (J).",
    )


def _reject_box(state: ClaimState, can_edit: bool, errors: dict[str, str]) -> None:
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
            on_click=_reject,
            args=(state.claim_id, number, note_key),
            width="stretch",
            help=f"{reason} (key {number})",
        )
    st.text_input("Note (optional; needed for Other)", key=note_key)
    if "reason" in errors:
        st.error(errors["reason"])


def _editor(
    view: ArticleView, opened: StateVersion, errors: dict[str, str], can_edit: bool
) -> None:
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
            on_click=_correct,
            args=(state.claim_id, prefix),
        )


def _bulk_accept(view: ArticleView) -> None:
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


def _selection_as_evidence(view: ArticleView, opened: StateVersion, text: str) -> None:
    """Text selected in the article becomes the correction's evidence."""
    prefix = f"ed-{view.selected.claim_id}-{opened.version}-"
    st.session_state[f"{prefix}evidence"] = text
    st.session_state[f"{prefix}open"] = True


def _claim_panel(view: ArticleView, holder: work.Holder | None) -> None:
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
    _actions(view, can_edit)
    _reject_box(state, can_edit, errors)
    render.claim_card(state.claim, omit=frozenset({"evidence"}))
    render.evidence_context(view.article.text, state)
    _editor(view, opened, errors, can_edit)
    _bulk_accept(view)
    st.caption(
        "Keys: A accept · 1-6 reject with a reason · S skip · J / K next / previous claim"
        " · U reopen · click a highlight to select its claim · select article text to use"
        " it as the evidence"
    )
    _claim_list(view)


def _blind_panel(view: ArticleView) -> None:
    """A blind second review: the extraction as it was, decisions go to blind_reviews."""
    blind.blind_panel(view)


def _article(view: ArticleView) -> None:
    spans = [
        Span(
            start=state.grounding.start,
            end=state.grounding.end,
            key=state.claim_id,
            label=f"claim {number}: {state.status.value}",
            status=state.status.value,
        )
        for number, state in enumerate(view.claims, start=1)
        if state.grounding.start is not None and state.grounding.end is not None
    ]
    html = render.CSS + highlight_html(view.article.text, spans, view.selected.claim_id)
    result = browser.article_pane(html, view.selected.claim_id, key="article-pane")
    picked = getattr(result, "pick", None)
    ids = [state.claim_id for state in view.claims]
    if picked and picked != view.selected.claim_id and picked in ids:
        common.open_claim(str(picked))
        st.rerun()
    selection = getattr(result, "selection", None)
    if selection:
        opened = common.opened_version(view.selected)
        _selection_as_evidence(view, opened, str(selection))
        common.flash("The selected text is now the evidence in Correct & accept.", "info")
        st.rerun()


def _claim_to_show() -> tuple[str | None, work.Holder | None]:
    """The claim to show and who else holds it. A claim handed out before the reviewer gave
    a name that someone else holds now is passed over for the next free one."""
    claim_id = _current_claim_id()
    name = common.reviewer()
    if claim_id is None or not name:
        return claim_id, None
    holder = work.hold(common.store(), claim_id, name)
    if holder is not None and st.session_state.get("auto_opened") == claim_id:
        claim_id = common.advance(claim_id)
        holder = work.hold(common.store(), claim_id, name) if claim_id else None
    return claim_id, holder


@st.fragment(run_every=work.renew_every())
def _keep_lease(claim_id: str) -> None:
    """Renew the reviewer's lease on the open claim while this page stays open, though
    nothing is clicked (reading a long article takes longer than a lease)."""
    name = common.reviewer()
    if name and st.session_state.get("claim_id") == claim_id:
        work.hold(common.store(), claim_id, name)


def main() -> None:
    """Draw the review page."""
    common.show_flash()
    claim_id, holder = _claim_to_show()
    if claim_id is not None and holder is None:
        _keep_lease(claim_id)
    if claim_id is None:
        st.success("Nothing pending under the current filters.")
        st.page_link(common.QUEUE_PAGE, label="Back to the queue")
        return
    view = load_article_view(common.store(), claim_id)
    if view is None and st.session_state.get("auto_opened") == claim_id:
        claim_id = common.advance(claim_id)  # gone meanwhile: the next free one
        view = load_article_view(common.store(), claim_id) if claim_id else None
    if claim_id is None:
        st.success("Nothing pending under the current filters.")
        return
    if view is None:
        common.open_claim(None)
        st.warning("That claim is not under review (a newer extraction replaced it?).")
        return
    name = common.reviewer()
    second = agreement.needs_blind_review(common.store(), claim_id, name, common.double_share())
    _header(view)
    text_col, claims_col = st.columns([3, 2], gap="medium")
    with text_col:
        _article(view)
    with claims_col:
        if second:
            _blind_panel(view)
        else:
            _claim_panel(view, holder)


main()
