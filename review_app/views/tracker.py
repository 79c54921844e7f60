"""Tracker page: claims about the same proposition across articles, figures over time."""

from __future__ import annotations

from review_app.tracker_page import render_tracker_page

render_tracker_page()
