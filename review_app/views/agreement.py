"""Agreement page: blind double review, per-field agreement and Cohen's kappa by pair."""

from __future__ import annotations

import streamlit as st

from extraction.review.agreement import FIELDS, KAPPA_FIELDS, agreement_report
from review_app import common

LABELS = dict(FIELDS)


def _kappa(value: float | None) -> str:
    return "undefined" if value is None else f"{value:.3f}"


def main() -> None:
    """Draw the agreement page."""
    st.title("Agreement", anchor=False)
    share = common.double_share()
    st.write(
        f"{share:.0%} of claims are sampled for a blind second review: once one reviewer"
        " decided such a claim, Next hands it to another reviewer, who does not see the first"
        " decision. Disagreements are adjudicated by reviewing the claim again."
    )
    reports = agreement_report(common.store())
    if not reports:
        st.info("No claim has two independent reviews yet.")
        return
    st.dataframe(
        [
            {
                "pair": f"{r.first} / {r.second}",
                "claims": r.claims,
                **{f"agree: {LABELS[name]}": f"{r.agree[name]:.0%}" for name, _ in FIELDS},
                **{f"κ {LABELS[name]}": _kappa(r.kappa[name]) for name in KAPPA_FIELDS},
            }
            for r in reports
        ],
        hide_index=True,
        key="agreement-table",
    )
    for report in reports:
        open_ones = [d for d in report.disagreements if not d["adjudicated"]]
        with st.expander(
            f"{len(report.disagreements)} disagreements · {len(open_ones)} to adjudicate",
            key=f"dis-{report.first}-{report.second}",
        ):
            st.text(f"{report.first} and {report.second}")
            for item in report.disagreements:
                state = "adjudicated" if item["adjudicated"] else "to adjudicate"
                left, right = st.columns([3, 1])
                left.text(f"{item['claim_id'][:12]} · {', '.join(item['fields'])} · {state}")
                if right.button("Adjudicate", key=f"adj-{item['claim_id']}"):
                    common.switch_to_review(item["claim_id"])


main()
