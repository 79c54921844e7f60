"""Queue page: counts, progress per reviewer, filters and one page of claims."""

from __future__ import annotations

from typing import Any

import streamlit as st

from extraction.review import bulk, work
from extraction.review.highlight import figure_text
from extraction.review.queue import QueueFilters, QueuePage, load_queue, priority_reasons
from extraction.review.state import ReviewStatus
from extraction.schema import Certainty
from review_app import common, render, review_decisions

STATUS_CHOICES = ["", *(s.value for s in ReviewStatus), "reviewed"]
#: The Review page's reject reasons but "Other" (a bulk reject has no note to say why).
REJECT_REASONS = [
    reason for reason in review_decisions.REJECT_REASONS if not reason.startswith("Other")
]
_ANY = "(any)"


def _label(value: str) -> str:
    return _ANY if value == "" else value


def _apply_filters() -> None:
    state = st.session_state
    common.set_filters(
        QueueFilters(
            status=state.get("f_status") or None,
            article=state.get("f_article") or None,
            publication=state.get("f_publication") or None,
            claimant=state.get("f_claimant") or None,
            engine=state.get("f_engine") or None,
            prompt_version=state.get("f_prompt_version") or None,
            certainty=state.get("f_certainty") or None,
            ungrounded_only=bool(state.get("f_ungrounded")),
        )
    )


def _select(label: str, key: str, options: list[str], current: str | None) -> None:
    choices = ["", *options]
    if current and current not in choices:
        choices.append(current)
    st.selectbox(
        label,
        choices,
        index=choices.index(current or ""),
        format_func=_label,
        key=key,
        on_change=_apply_filters,
    )


def _filters(page: QueuePage, chosen: QueueFilters) -> None:
    active = chosen != QueueFilters()
    with st.expander("Filters" + (" (active)" if active else ""), expanded=active):
        row1 = st.columns(4)
        with row1[0]:
            _select("Status", "f_status", STATUS_CHOICES[1:], chosen.status)
        with row1[1]:
            st.text_input(
                "Article (id or title)",
                value=chosen.article or "",
                key="f_article",
                on_change=_apply_filters,
            )
        with row1[2]:
            _select("Publication", "f_publication", page.facets["publication"], chosen.publication)
        with row1[3]:
            st.text_input(
                "Claimant contains",
                value=chosen.claimant or "",
                key="f_claimant",
                on_change=_apply_filters,
            )
        row2 = st.columns(4, vertical_alignment="bottom")
        with row2[0]:
            _select("Engine", "f_engine", page.facets["engine"], chosen.engine)
        with row2[1]:
            _select(
                "Prompt version",
                "f_prompt_version",
                page.facets["prompt_version"],
                chosen.prompt_version,
            )
        with row2[2]:
            _select("Certainty", "f_certainty", [c.value for c in Certainty], chosen.certainty)
        with row2[3]:
            st.checkbox(
                "Ungrounded only",
                value=chosen.ungrounded_only,
                key="f_ungrounded",
                on_change=_apply_filters,
            )


def _counts(page: QueuePage) -> None:
    columns = st.columns(len(ReviewStatus))
    for column, status in zip(columns, ReviewStatus, strict=True):
        column.metric(f"{render.STATUS_ICONS[status]} {status.value.title()}", page.counts[status])


def _progress(page: QueuePage) -> None:
    with st.expander("Progress per reviewer"):
        if not page.progress:
            st.caption("No reviews yet.")
            return
        st.dataframe(
            [{"reviewer": p.reviewer, "today": p.today, "total": p.total} for p in page.progress],
            hide_index=True,
        )


def _rows(page: QueuePage, cursor: int | None) -> list[dict[str, Any]]:
    ids = [s.claim_id for s in page.claims]
    held = work.holders(common.store(), ids)
    why = priority_reasons(common.store(), ids) if common.priority_order() else {}
    return [
        {
            "": "▶" if number == cursor else "",
            "status": f"{render.STATUS_ICONS[s.status]} {s.status_label}",
            "held": held[s.claim_id].label if s.claim_id in held else "",
            "why first": why.get(s.claim_id, ""),
            "statement": s.claim.statement,
            "claimant": s.claim.claimant or "—",
            "certainty": s.claim.certainty.value,
            "figure": figure_text(s.claim),
            "evidence": s.grounding.status.value,
            "article": s.article_title or s.article_id,
            "publication": s.publication or "",
            "engine": s.engine or "reviewer",
        }
        for number, s in enumerate(page.claims)
    ]


def _pager(page: QueuePage) -> None:
    left, right = st.columns([1, 4], vertical_alignment="center")
    left.number_input(
        "Page",
        min_value=1,
        max_value=page.pages,
        step=1,
        key="queue_page",
        label_visibility="collapsed",
    )
    first = page.page * page.page_size + 1 if page.matching else 0
    last = min(page.matching, (page.page + 1) * page.page_size)
    right.caption(
        f"Page {page.page + 1} of {page.pages} · claims {first}–{last} of {page.matching}"
    )


def _move_cursor(step: int, size: int) -> None:
    """J / K: move the row cursor; Enter opens the row under it."""
    at = int(st.session_state.get("queue_cursor", -1))
    st.session_state["queue_cursor"] = max(0, min(size - 1, at + step))


def _open_cursor(page: QueuePage) -> None:
    at = st.session_state.get("queue_cursor")
    if at is not None and 0 <= int(at) < len(page.claims):
        common.open_claim(page.claims[int(at)].claim_id)
        st.session_state["go_review"] = True


def _keys(page: QueuePage) -> None:
    size = len(page.claims)
    down, up, enter, order = st.columns([1, 1, 1, 3], vertical_alignment="center")
    down.button("Down (J)", key="queue-down", shortcut="J", on_click=_move_cursor, args=(1, size))
    up.button("Up (K)", key="queue-up", shortcut="K", on_click=_move_cursor, args=(-1, size))
    enter.button(
        "Open (Enter)", key="queue-open", shortcut="Enter", on_click=_open_cursor, args=(page,)
    )
    order.toggle(
        "Priority order (least sure first)",
        value=common.priority_order(),
        key="priority_order",
        help="Off: plain order (articles by date, claims in reading order).",
    )


def _bulk_reject(page: QueuePage, chosen: list[int]) -> None:
    claims = [page.claims[i] for i in chosen if page.claims[i].pending]
    st.text(f"{len(claims)} pending claims selected")
    reason = st.selectbox(
        "Reject the selected claims because",
        REJECT_REASONS,
        index=None,
        placeholder="Choose…",
        key="bulk-reason",
    )
    if st.button(
        f"Reject {len(claims)} claims",
        key="bulk-reject",
        disabled=not claims or reason is None or common.reviewer() is None,
    ):
        _confirm_reject([c.claim_id for c in claims], str(reason))


@st.dialog("Reject in bulk")
def _confirm_reject(claim_ids: list[str], reason: str) -> None:
    st.text(f"Reject {len(claim_ids)} claims because: {reason}?")
    if st.button("Reject them", key="bulk-reject-confirm", type="primary"):
        result = bulk.reject_many(common.store(), claim_ids, reason, common.reviewer() or "")
        skipped = f" ({len(result.skipped)} skipped)" if result.skipped else ""
        common.flash(f"Rejected {len(result.saved)} claims{skipped}.")
        st.rerun()


def main() -> None:
    """Draw the queue page."""
    common.show_flash()
    st.title("Review queue", anchor=False)
    chosen = common.filters()
    number = int(st.session_state.get("queue_page") or 1)
    priority = common.priority_order()
    page = load_queue(common.store(), chosen, page=number - 1, priority=priority)
    if number > page.pages:
        st.session_state["queue_page"] = page.pages
        page = load_queue(common.store(), chosen, page=page.pages - 1, priority=priority)
    if st.session_state.pop("go_review", False):
        common.switch_to_review(st.session_state.get("claim_id"))
    _counts(page)
    if st.button(
        "Review next pending",
        key="start",
        type="primary",
        shortcut="N",
        help="Opens the next claim no other reviewer holds (N).",
        disabled=page.counts[ReviewStatus.pending] == 0,
    ):
        common.switch_to_review(common.next_pending_id())
    _filters(page, chosen)
    _progress(page)
    _keys(page)
    select_many = st.toggle("Select several to reject in bulk", key="bulk-mode")
    cursor = st.session_state.get("queue_cursor")
    event = st.dataframe(
        _rows(page, None if cursor is None else int(cursor)),
        hide_index=True,
        on_select="rerun",
        selection_mode="multi-row" if select_many else "single-row",
        key=f"queue-{hash(chosen)}-{page.page}-{priority}-{select_many}",
        column_config={
            "statement": st.column_config.TextColumn(width="large"),
            "held": st.column_config.TextColumn(width="medium"),
            "why first": st.column_config.TextColumn(width="medium"),
        },
    )
    _pager(page)
    selected = event.selection.rows if event else []
    if select_many:
        _bulk_reject(page, list(selected))
    elif selected:
        common.switch_to_review(page.claims[selected[0]].claim_id)


main()
