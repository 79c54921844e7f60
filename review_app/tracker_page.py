"""Tracker page: claims about one proposition across articles, one chart per group.

Each chart plots the group's figures over time (claim date, else the article's date), one
colour per claimant, the shape telling the stance; claims without a figure (denials,
"cannot confirm") sit on a band above the figures, and denials and non-confirmations are
also marked by dashed rules at their date. Clicking a point selects the claim: its id goes
to `st.session_state["selected_claim_id"]` (and, through `common.open_claim`, to
`st.session_state["claim_id"]` and `?claim=`, which the Review page opens). Reviewers merge,
split and rename groups here; the logic is in `extraction.tracker.service`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitAPIException

from extraction.review.highlight import escape_markdown
from extraction.tracker.embeddings import EmbeddingUnavailableError
from extraction.tracker.service import (
    GroupView,
    TrackerError,
    load_groups,
    merge_groups,
    recompute_groups,
    rename_group,
    split_group,
)
from extraction.tracker.timeline import chart_rows
from review_app import common

#: Session-state key holding the claim picked in a chart (read by other pages).
SELECTED_CLAIM_KEY = "selected_claim_id"
#: Session-state key holding the article of that claim.
SELECTED_ARTICLE_KEY = "selected_article_id"

STANCES = ["asserted", "hedged", "unconfirmed", "denied"]
STANCE_SHAPES = ["circle", "square", "triangle-down", "cross"]
#: Chart height in pixels; taller when the claimant legend needs it (autosize fits it in).
CHART_HEIGHT = 280
#: Pixels per claimant in the legend beside the plot (the plot grows to show them all).
LEGEND_ROW_HEIGHT = 30
#: Pixels the stance legend and the axes take from the chart's height.
AXES_HEIGHT = 130
#: Up to this many claimants the legend is one column; beyond, two.
LEGEND_ONE_COLUMN = 10
DOUBT_COLOURS = {"unconfirmed": "#e8a33d", "denied": "#d62728"}


def group_chart(view: GroupView) -> alt.LayerChart | None:
    """The group's chart (None when no claim has a date): figures over time per claimant,
    stances as shapes, denials and non-confirmations as dashed rules, points selectable."""
    rows = chart_rows(view.timeline)
    if not rows:
        return None
    data = pd.DataFrame(rows)
    has_figures = bool((data["kind"] == "figure").any())
    n_claimants = int(data["claimant"].nunique())
    columns = 1 if n_claimants <= LEGEND_ONE_COLUMN else 2
    pick = alt.selection_point(name="pick", fields=["claim_id"], on="click")
    x = alt.X(
        "date:T",
        title="claim date (else the article's date)",
        axis=alt.Axis(format="%b %d", tickCount="day", labelAngle=0),
        scale=alt.Scale(padding=18),
    )
    y = (
        alt.Y("y:Q", title=view.unit or "value", scale=alt.Scale(zero=False))
        if has_figures
        else alt.Y("claimant:N", title=None)
    )
    tooltip = [
        alt.Tooltip("date:T"),
        alt.Tooltip("claimant:N"),
        alt.Tooltip("figure:N"),
        alt.Tooltip("certainty:N", title="stance"),
        alt.Tooltip("publication:N", title="outlet"),
        alt.Tooltip("via:N"),
        alt.Tooltip("statement:N"),
    ]
    points = (
        alt.Chart(data)
        .mark_point(size=110, filled=True)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "claimant:N",
                legend=alt.Legend(
                    title="claimant", orient="right", columns=columns, labelLimit=200
                ),
            ),
            shape=alt.Shape(
                "certainty:N",
                scale=alt.Scale(domain=STANCES, range=STANCE_SHAPES),
                legend=alt.Legend(title="stance", orient="top", direction="horizontal"),
            ),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.35)),
            tooltip=tooltip,
        )
        .add_params(pick)
    )
    layers: list[alt.Chart] = []
    if has_figures:
        layers.append(
            alt.Chart(data)
            .transform_filter("datum.kind == 'figure'")
            .mark_line(strokeWidth=1.5, opacity=0.6)
            .encode(x=x, y=y, color=alt.Color("claimant:N"), detail="claimant:N")
        )
    doubts = data[data["certainty"].isin(list(DOUBT_COLOURS))]
    if not doubts.empty:
        layers.append(
            alt.Chart(doubts)
            .mark_rule(strokeDash=[4, 4], strokeWidth=1.5)
            .encode(
                x=x,
                color=alt.condition(
                    "datum.certainty == 'denied'",
                    alt.value(DOUBT_COLOURS["denied"]),
                    alt.value(DOUBT_COLOURS["unconfirmed"]),
                ),
                tooltip=tooltip,
            )
        )
    legend_rows = -(-n_claimants // columns)
    height = max(CHART_HEIGHT, LEGEND_ROW_HEIGHT * legend_rows + AXES_HEIGHT)
    return alt.LayerChart(layer=[*layers, points]).properties(height=height)


def _selected_ids(event: Any) -> list[str]:
    """Claim ids picked in a chart's selection event ({"selection": {"pick": [...]}})."""
    selection = event.get("selection") if isinstance(event, Mapping) else None
    picked = selection.get("pick") if isinstance(selection, Mapping) else None
    return [
        str(item["claim_id"])
        for item in picked or []
        if isinstance(item, Mapping) and item.get("claim_id")
    ]


def select_claim(claim_id: str, article_id: str | None) -> None:
    """Make a claim the selected one, for this page and the Review page."""
    st.session_state[SELECTED_CLAIM_KEY] = claim_id
    st.session_state[SELECTED_ARTICLE_KEY] = article_id
    common.open_claim(claim_id)


def _points_table(view: GroupView) -> list[dict[str, Any]]:
    return [
        {
            "date": point.date.isoformat() if point.date else "",
            "date from": point.date_source or "",
            "claimant": point.claim.source,
            "figure": point.figure,
            "stance": point.claim.certainty,
            "outlet": point.claim.publication or "",
            "via": point.claim.via or "",
            "pinned": view.assigned_by.get(point.claim.id) == "reviewer",
            "statement": point.claim.statement,
            "claim": point.claim.id,
        }
        for point in view.timeline.points
    ]


def _sources_caption(view: GroupView) -> str:
    first = view.timeline.first
    if first is None:
        return ""
    text = f"First reported by {first.claim.source}"
    if first.date:
        text += f" on {first.date.isoformat()}"
    if first.claim.publication:
        text += f" ({first.claim.publication})"
    repeats = [
        f"{s.claimant}"
        + (f" in {', '.join(s.repeated_in)}" if s.repeated_in else "")
        + (f" via {', '.join(s.via)}" if s.via else "")
        for s in view.timeline.sources
        if s.repeated_in or s.via
    ]
    if repeats:
        text += ". Repeated: " + "; ".join(repeats)
    return text + "."


def _run(action: str, fn: Any, *args: Any, **kwargs: Any) -> None:
    """Run a service call; flash the outcome and rerun, or show the error."""
    try:
        fn(*args, **kwargs)
    except TrackerError as error:
        st.error(escape_markdown(str(error)))
        return
    common.flash(action)
    st.rerun()


def _reviewer_tools(view: GroupView, others: list[GroupView]) -> None:
    reviewer = common.reviewer()
    if not reviewer:
        st.caption("Enter your name in the sidebar to merge, split or rename groups.")
        return
    store = common.store()
    labels = {other.id: f"{other.label} ({len(other.claims)})" for other in others}
    merge_col, split_col = st.columns(2)
    with merge_col:
        chosen = st.multiselect(
            "Merge these groups into this one",
            options=list(labels),
            format_func=lambda gid: labels[gid],
            key=f"merge-{view.id}",
        )
        if st.button("Merge", key=f"merge-btn-{view.id}", disabled=not chosen):
            _run(
                f"Merged {len(chosen)} group(s) into “{escape_markdown(view.label)}”",
                merge_groups,
                store,
                chosen,
                reviewer=reviewer,
                into=view.id,
            )
    with split_col:
        claims = {c.id: f"{c.source}: {c.statement[:70]}" for c in view.claims}
        parted = st.multiselect(
            "Split these claims off into a new group",
            options=list(claims),
            format_func=lambda cid: claims[cid],
            key=f"split-{view.id}",
        )
        if st.button("Split off", key=f"split-btn-{view.id}", disabled=not parted):
            _run(
                f"Split {len(parted)} claim(s) off “{escape_markdown(view.label)}”",
                split_group,
                store,
                view.id,
                parted,
                reviewer=reviewer,
            )
    label = st.text_input("Label", value=view.label, key=f"label-{view.id}")
    if st.button("Rename", key=f"rename-btn-{view.id}", disabled=label.strip() == view.label):
        _run("Renamed the group", rename_group, store, view.id, label)


def _render_group(view: GroupView, views: list[GroupView]) -> None:
    with st.container(border=True):
        badge = " :red-badge[contested]" if view.contested else ""
        st.markdown(f"#### {escape_markdown(view.label)}{badge}")
        facts = [f"{len(view.claims)} claims"]
        if view.unit:
            facts.append(f"unit: {view.unit}")
        if view.subject:
            facts.append(f"about: {view.subject}")
        st.text(" · ".join(facts))
        for reason in view.timeline.reasons:
            st.markdown(f"- :red[{escape_markdown(reason)}]")
        chart = group_chart(view)
        if chart is not None:
            event = st.altair_chart(
                chart, on_select="rerun", selection_mode="pick", key=f"chart-{view.id}"
            )
            for claim_id in _selected_ids(event)[:1]:
                article = next((c.article_id for c in view.claims if c.id == claim_id), None)
                if st.session_state.get(SELECTED_CLAIM_KEY) != claim_id:
                    select_claim(claim_id, article)
        _selected_panel(view)
        st.text(_sources_caption(view))
        with st.expander("Claims", icon=":material/table:"):
            st.dataframe(_points_table(view), hide_index=True)
        with st.expander("Merge, split or rename", icon=":material/call_split:"):
            _reviewer_tools(view, [other for other in views if other.id != view.id])


def _selected_panel(view: GroupView) -> None:
    """The selected claim, under its group's chart, with a way to its article."""
    claim_id = st.session_state.get(SELECTED_CLAIM_KEY)
    claim = next((c for c in view.claims if c.id == claim_id), None)
    if claim is None:
        return
    with st.container(border=True):
        st.markdown("**Selected claim**")
        st.text(claim.statement)
        st.text(
            f"{claim.source} · {claim.certainty} · {claim.publication or ''}"
            f" {claim.published.isoformat() if claim.published else ''}"
        )
        if claim.evidence:
            st.text(f"Evidence: “{claim.evidence}”")
        if st.button("Open in its article", key="open-selected", icon=":material/article:"):
            select_claim(claim.id, claim.article_id)
            try:
                st.switch_page(common.REVIEW_PAGE)
            except StreamlitAPIException:
                st.info("Open the Review page: this claim is selected there.")


def _recompute(rebuild: bool) -> None:
    try:
        summary = recompute_groups(common.store(), rebuild=rebuild)
    except EmbeddingUnavailableError as error:
        st.error(str(error))
        return
    common.flash(
        f"Grouped {summary.n_claims} claims: {summary.n_new} placed,"
        f" {summary.n_new_groups} new groups ({summary.backend}, {summary.seconds:.1f} s)."
    )
    st.rerun()


def render_tracker_page() -> None:
    """Draw the Tracker page."""
    st.title("Tracker", anchor=False)
    common.show_flash()
    top = st.columns([2, 2, 3, 2, 2], vertical_alignment="bottom")
    contested_only = top[0].toggle("Contested only", key="tracker_contested")
    min_claims = top[1].number_input(
        "At least N claims", min_value=1, value=2, step=1, key="tracker_min_claims"
    )
    query = top[2].text_input("Search", key="tracker_search", placeholder="label or claimant")
    rebuild = top[4].checkbox("Rebuild", key="tracker_rebuild", help="Re-cluster unpinned claims")
    if top[3].button("Recompute groups", icon=":material/refresh:", key="tracker_recompute"):
        _recompute(rebuild)
    views = load_groups(common.store(), contested_only=contested_only)
    needle = query.strip().lower()
    shown = [
        view
        for view in views
        if len(view.claims) >= int(min_claims)
        and (
            not needle
            or needle in view.label.lower()
            or any(needle in c.source.lower() for c in view.claims)
        )
    ]
    if not views:
        st.info("No groups yet: extract some articles, then press **Recompute groups**.")
        return
    contested = sum(1 for view in shown if view.contested)
    st.text(f"{len(shown)} of {len(views)} groups shown · {contested} contested")
    for view in shown:
        _render_group(view, views)
