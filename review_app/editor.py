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
        st.error(errors[field])


def _seed(prefix: str, values: dict[str, Any], default_date: dt.date | None) -> None:
    """Give each widget its starting value through session state (once per prefix), so
    that other code (a selection in the article) may set a value before it is drawn."""
    state = st.session_state
    if state.get(f"{prefix}_seeded"):
        return
    starting = {
        "statement": values.get("statement", ""),
        "claimant": values.get("claimant", "") or "",
        "claimant_type": values.get("claimant_type"),
        "via": values.get("via", "") or "",
        "quantity_value": values.get("quantity_value"),
        "quantity_unit": values.get("quantity_unit", "") or "",
        "quantity_qualifier": values.get("quantity_qualifier") or NO_FIGURE,
        "claim_date": values.get("claim_date"),
        "certainty": values.get("certainty") or Certainty.asserted.value,
        "evidence": values.get("evidence", "") or "",
    }
    for field, value in starting.items():
        state.setdefault(f"{prefix}{field}", value)
    state[f"{prefix}_seeded"] = True
    del default_date


def claim_editor(
    prefix: str,
    values: dict[str, Any],
    errors: dict[str, str],
    default_date: dt.date | None = None,
) -> None:
    """Draw the editor's widgets (keys `prefix + field`) with `values` as starting values.

    No field is preset for a new claim but certainty (asserted): the claimant type must be
    chosen, and an empty date means the claim has no date."""
    _seed(prefix, values, default_date)
    st.text_area("Statement", key=f"{prefix}statement", height=80)
    _error(errors, "statement")
    st.text_input("Claimant", key=f"{prefix}claimant")
    _error(errors, "claimant")
    left, right = st.columns(2)
    with left:
        st.selectbox(
            "Claimant type",
            CLAIMANT_TYPES,
            index=None,
            placeholder="Choose…",
            key=f"{prefix}claimant_type",
        )
        _error(errors, "claimant_type")
    with right:
        st.selectbox("Certainty", CERTAINTIES, key=f"{prefix}certainty")
        _error(errors, "certainty")
    st.text_input("Via", key=f"{prefix}via")
    _error(errors, "via")
    value_col, unit_col = st.columns(2)
    with value_col:
        st.number_input("Figure", value=None, format="%g", key=f"{prefix}quantity_value")
        _error(errors, "quantity_value")
    with unit_col:
        st.text_input("Unit", key=f"{prefix}quantity_unit")
        _error(errors, "quantity_unit")
    qualifier_col, date_col = st.columns(2)
    with qualifier_col:
        st.selectbox(
            "Qualifier",
            QUALIFIER_CHOICES,
            format_func=_qualifier_label,
            key=f"{prefix}quantity_qualifier",
        )
        _error(errors, "quantity_qualifier")
    with date_col:
        st.date_input(
            "Claim date (empty: no date)",
            value=None,
            min_value=_EARLIEST,
            max_value=_LATEST,
            key=f"{prefix}claim_date",
        )
        _error(errors, "claim_date")
    st.text_area(
        "Evidence (verbatim from the article; or select it in the article)",
        key=f"{prefix}evidence",
        height=90,
    )
    _error(errors, "evidence")


def read_editor(prefix: str) -> dict[str, Any]:
    """The editor's current values (claim_date None when the date field is empty)."""
    state = st.session_state
    return {field: state.get(f"{prefix}{field}") for field in FORM_FIELDS}


def clear_editor(prefix: str) -> None:
    """Forget the editor's values (the next draw starts empty)."""
    for key in [key for key in st.session_state if str(key).startswith(prefix)]:
        del st.session_state[key]
