"""Export page: reviewed claims as CSV or JSON Lines, fully reviewed articles as gold."""

from __future__ import annotations

import streamlit as st

from extraction.review.export import reviewed_rows, to_csv, to_jsonl
from extraction.review.gold_export import gold_articles, gold_line
from extraction.store.connection import Store
from review_app import common


def _csv(store: Store) -> str:
    return to_csv(reviewed_rows(store))


def _jsonl(store: Store) -> str:
    return to_jsonl(reviewed_rows(store))


def _gold(store: Store) -> str:
    return "".join(gold_line(article) + "\n" for article in gold_articles(store))


def main() -> None:
    """Draw the export page (files are built when a button is clicked)."""
    st.title("Export", anchor=False)
    store = common.store()
    st.write(
        "Reviewed claims as they stand after review (accepted, corrected, added and rejected,"
        " with status, reviewer and reason). Pending claims are left out."
    )
    csv_col, jsonl_col = st.columns(2)
    csv_col.download_button(
        "Reviewed claims (CSV)",
        data=lambda: _csv(store),
        file_name="reviewed-claims.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/table:",
        key="download-csv",
    )
    jsonl_col.download_button(
        "Reviewed claims (JSON Lines)",
        data=lambda: _jsonl(store),
        file_name="reviewed-claims.jsonl",
        mime="application/jsonl",
        on_click="ignore",
        icon=":material/data_object:",
        key="download-jsonl",
    )
    st.divider()
    st.write(
        "Gold set: every article whose claims are all reviewed, in the CLAIMS.md gold format"
        " (corrections applied, rejected claims left out, added claims in)."
    )
    st.download_button(
        "Gold set (JSON Lines)",
        data=lambda: _gold(store),
        file_name="gold.jsonl",
        mime="application/jsonl",
        on_click="ignore",
        icon=":material/verified:",
        key="download-gold",
    )


main()
