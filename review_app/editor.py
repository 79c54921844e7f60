"""The claim editor: one widget per schema field, errors shown under each field."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from extraction.review.form import FORM_FIELDS, NO_FIGURE
from extraction.schema import Certainty, ClaimantType, Qualifier

QUALIFIER_CHOICES = [NO_FIGURE, *(q.value for q in Qualifier)]
QUALIFIER_LABELS = {
    NO_FIGURE: "no figure",
    "exact": "exact",
    "about": "about",
    "at_least": "at least",
    "at_most": "at most",
}
CLAIMANT_TYPES = [t.value for t in ClaimantType]
CERTAINTIES = [c.value for c in Certainty]
_EARLIEST = dt.date(1900, 1, 1)
_LATEST = dt.date(2100, 12, 31)


def _qualifier_label(choice: str) -> str:
    return QUALIFIER_LABELS.get(choice, choice)


def _error(errors: dict[str, str], field: str) -> None:
    if field in errors:
        st.error(errors[field], icon=":material/error:")


def _index(options: list[str], value: Any) -> int:
    return options.index(value) if value in options else 0


def claim_editor(
    prefix: str,
    values: dict[str, Any],
    errors: dict[str, str],
    default_date: dt.date | None = None,
) -> None:
    """Draw the editor's widgets (keys `prefix + field`) with `values` as defaults."""
    st.text_area(
        "Statement", value=values.get("statement", ""), key=f"{prefix}statement", height=80
    )
    _error(errors, "statement")
    left, right = st.columns([3, 2])
    with left:
        st.text_input("Claimant", value=values.get("claimant", ""), key=f"{prefix}claimant")
        _error(errors, "claimant")
    with right:
        st.selectbox(
            "Claimant type",
            CLAIMANT_TYPES,
            index=_index(CLAIMANT_TYPES, values.get("claimant_type")),
            key=f"{prefix}claimant_type",
        )
        _error(errors, "claimant_type")
    st.text_input("Via", value=values.get("via", ""), key=f"{prefix}via")
    _error(errors, "via")
    value_col, unit_col, qualifier_col = st.columns([2, 2, 2])
    with value_col:
        st.number_input(
            "Figure", value=values.get("quantity_value"), format="%g", key=f"{prefix}quantity_value"
        )
        _error(errors, "quantity_value")
    with unit_col:
        st.text_input("Unit", value=values.get("quantity_unit", ""), key=f"{prefix}quantity_unit")
        _error(errors, "quantity_unit")
    with qualifier_col:
        st.selectbox(
            "Qualifier",
            QUALIFIER_CHOICES,
            index=_index(QUALIFIER_CHOICES, values.get("quantity_qualifier")),
            format_func=_qualifier_label,
            key=f"{prefix}quantity_qualifier",
        )
        _error(errors, "quantity_qualifier")
    claim_date = values.get("claim_date")
    date_col, certainty_col = st.columns(2)
    with date_col:
        st.date_input(
            "Claim date",
            value=claim_date or default_date or dt.date.today(),
            min_value=_EARLIEST,
            max_value=_LATEST,
            key=f"{prefix}claim_date",
        )
        st.checkbox("No date", value=claim_date is None, key=f"{prefix}no_date")
        _error(errors, "claim_date")
    with certainty_col:
        st.selectbox(
            "Certainty",
            CERTAINTIES,
            index=_index(CERTAINTIES, values.get("certainty")),
            key=f"{prefix}certainty",
        )
        _error(errors, "certainty")
    st.text_area(
        "Evidence (verbatim from the article)",
        value=values.get("evidence", ""),
        key=f"{prefix}evidence",
        height=90,
    )
    _error(errors, "evidence")


def read_editor(prefix: str) -> dict[str, Any]:
    """The editor's current values (the date is None when 'No date' is ticked)."""
    state = st.session_state
    values = {field: state.get(f"{prefix}{field}") for field in FORM_FIELDS}
    if state.get(f"{prefix}no_date"):
        values["claim_date"] = None
    return values
