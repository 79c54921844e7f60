"""Throughput page: claims per hour, decisions by kind, median time per claim."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from extraction.review.throughput import BREAK, throughput
from review_app import common

PERIODS = {"Today": 1, "Last 7 days": 7, "All time": None}


def main() -> None:
    """Draw the throughput page."""
    st.title("Throughput", anchor=False)
    period = st.segmented_control("Period", list(PERIODS), default="Today", key="tp-period")
    days = PERIODS.get(period or "All time")
    since = None
    if days is not None:
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        since = now.replace(hour=0, minute=0, second=0, microsecond=0) - dt.timedelta(days=days - 1)
    rows = throughput(common.store(), since)
    if not rows:
        st.info("No decisions in this period.")
        return
    st.dataframe([row.as_dict() for row in rows], hide_index=True)
    st.caption(
        f"Time per claim is the gap between a reviewer's consecutive decisions; gaps over"
        f" {int(BREAK.total_seconds() // 60)} min count as breaks and are left out."
    )


main()
