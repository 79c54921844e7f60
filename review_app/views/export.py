"""Export page: reviewed claims (CSV, JSON Lines), the gold set, the HTML report.

Files are built in this session when asked for and handed to the browser directly (no
`/media/...` link that a client without the session could fetch)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from extraction.review.export import reviewed_rows, to_csv, to_jsonl
from extraction.review.gold_export import gold_articles, gold_line
from extraction.review.report import ContestedGroup, build_report
from extraction.store.connection import Store
from extraction.tracker.report_groups import contested_groups
from review_app import browser, common


def _csv(store: Store) -> bytes:
    return to_csv(reviewed_rows(store)).encode("utf-8")


def _jsonl(store: Store) -> bytes:
    return to_jsonl(reviewed_rows(store)).encode("utf-8")


def _report(store: Store) -> bytes:
    groups = [ContestedGroup(*group) for group in contested_groups(store)]
    return build_report(store, groups).encode("utf-8")


def _prepared(key: str, label: str, build: Callable[[], bytes], filename: str, mime: str) -> None:
    """A 'Prepare' button; once pressed, the file is built and a download button shows."""
    files: dict[str, bytes] = st.session_state.setdefault("export_files", {})
    if st.button(f"Prepare {label}", key=f"prepare-{key}"):
        files[key] = build()
    if key in files:
        size = len(files[key])
        st.caption(f"{label}: {size:,} bytes, ready")
        browser.download(f"Download {filename}", files[key], filename, mime, key=f"dl-{key}")


def main() -> None:
    """Draw the export page."""
    st.title("Export", anchor=False)
    store = common.store()
    st.write(
        "Reviewed claims as they stand after review (accepted, corrected, added and rejected,"
        " with status, reviewer and reason). Pending claims are left out."
    )
    csv_col, jsonl_col = st.columns(2)
    with csv_col:
        _prepared(
            "csv", "reviewed claims (CSV)", lambda: _csv(store), "reviewed-claims.csv", "text/csv"
        )
    with jsonl_col:
        _prepared(
            "jsonl",
            "reviewed claims (JSON Lines)",
            lambda: _jsonl(store),
            "reviewed-claims.jsonl",
            "application/jsonl",
        )
    st.divider()
    st.write(
        "Gold set: every article whose claims are all reviewed, in the CLAIMS.md gold format"
        " (corrections applied, rejected claims left out, added claims in)."
    )
    articles = gold_articles(store)
    if not articles:
        st.info(
            "No article is fully reviewed yet, so the gold set would be empty. Review every"
            " claim of an article (accept, correct or reject) to include it."
        )
    else:
        _prepared(
            "gold",
            f"gold set ({len(articles)} articles)",
            lambda: "".join(gold_line(a) + "\n" for a in articles).encode("utf-8"),
            "gold.jsonl",
            "application/jsonl",
        )
    st.divider()
    st.write(
        "Report: one self-contained HTML file (opens offline in any browser) with each"
        " article's text and claims highlighted by status, a filterable claim table and the"
        " contested groups."
    )
    _prepared("report", "HTML report", lambda: _report(store), "claimdesk-report.html", "text/html")


main()
