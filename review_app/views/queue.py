"""Queue page: counts, progress per reviewer, filters and one page of claims."""

from __future__ import annotations

from typing import Any

import streamlit as st

from extraction.review.highlight import figure_text
from extraction.review.queue import QueueFilters, QueuePage, load_queue
from extraction.review.state import ReviewStatus
from extraction.schema import Certainty
from review_app import common, render

STATUS_CHOICES = ["", *(s.value for s in ReviewStatus), "reviewed"]
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
    with st.expander(
        "Filters" + (" (active)" if active else ""), expanded=active, icon=":material/filter_list:"
    ):
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
    with st.expander("Progress per reviewer", icon=":material/group:"):
        if not page.progress:
            st.caption("No reviews yet.")
            return
        st.dataframe(
            [{"reviewer": p.reviewer, "today": p.today, "total": p.total} for p in page.progress],
            hide_index=True,
        )


def _rows(page: QueuePage) -> list[dict[str, Any]]:
    return [
        {
            "status": f"{render.STATUS_ICONS[s.status]} {s.status_label}",
            "statement": s.claim.statement,
            "claimant": s.claim.claimant or "—",
            "certainty": s.claim.certainty.value,
            "figure": figure_text(s.claim),
            "evidence": s.grounding.status.value,
            "article": s.article_title or s.article_id,
            "publication": s.publication or "",
            "engine": s.engine or "reviewer",
        }
        for s in page.claims
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


def main() -> None:
    """Draw the queue page."""
    common.show_flash()
    st.title("Review queue", anchor=False)
    chosen = common.filters()
    number = int(st.session_state.get("queue_page") or 1)
    page = load_queue(common.store(), chosen, page=number - 1)
    if number > page.pages:
        st.session_state["queue_page"] = page.pages
        page = load_queue(common.store(), chosen, page=page.pages - 1)
    _counts(page)
    if st.button(
        "Review next pending",
        key="start",
        type="primary",
        icon=":material/play_arrow:",
        shortcut="N",
        disabled=page.counts[ReviewStatus.pending] == 0,
    ):
        common.switch_to_review(common.next_pending_id())
    _filters(page, chosen)
    _progress(page)
    event = st.dataframe(
        _rows(page),
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        key=f"queue-{hash(chosen)}-{page.page}",
        column_config={"statement": st.column_config.TextColumn(width="large")},
    )
    _pager(page)
    selected = event.selection.rows if event else []
    if selected:
        common.switch_to_review(page.claims[selected[0]].claim_id)


main()
