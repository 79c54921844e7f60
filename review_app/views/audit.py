"""Audit page: every review of a claim and its original extraction."""

from __future__ import annotations

import json

import streamlit as st

from extraction.review.audit import claim_audit, latest_reviews
from extraction.review.highlight import escape_markdown
from review_app import common, render


def main() -> None:
    """Draw the audit page."""
    st.title("Audit", anchor=False)
    recent = latest_reviews(common.store(), limit=50)
    default = st.session_state.get("claim_id") or (recent[0]["claim_id"] if recent else "")
    claim_id = st.text_input("Claim id", value=default or "", key="audit_claim")
    if recent:
        with st.expander("Latest reviews", icon=":material/schedule:"):
            st.dataframe(
                [
                    {
                        "time": str(row["created_at"])[:19],
                        "reviewer": row["reviewer"],
                        "action": row["action"],
                        "claim": row["claim_id"],
                        "statement": row["statement"],
                        "reason": row["reason"] or "",
                    }
                    for row in recent
                ],
                hide_index=True,
            )
    if not claim_id:
        st.caption("No reviews yet.")
        return
    audit = claim_audit(common.store(), claim_id.strip())
    if audit is None:
        st.warning("No claim with that id.")
        return
    if audit.state is not None:
        st.markdown(f"**Now:** {audit.state.status.value} ({audit.state.version.label})")
        render.claim_card(audit.state.claim, title="Current state")
    st.subheader("Original extraction", anchor=False)
    if audit.original is None:
        st.caption("Added by a reviewer: no extraction.")
    else:
        st.json(json.dumps(audit.original, default=str), expanded=False)
    st.subheader(f"Reviews ({len(audit.reviews)})", anchor=False)
    st.dataframe(
        [
            {
                "version": row["version"],
                "time": str(row["created_at"])[:19],
                "reviewer": row["reviewer"],
                "action": row["action"],
                "reason": row["reason"] or "",
                "based_on": row["based_on"] or "(extraction)",
                "review id": row["id"],
            }
            for row in audit.reviews
        ],
        hide_index=True,
    )
    for row in audit.reviews:
        who = escape_markdown(str(row["reviewer"]))
        with st.expander(f"v{row['version']} {row['action']} by {who}: before / after"):
            before, after = st.columns(2)
            before.json(row["before"] or "null", expanded=True)
            after.json(row["after"] or "null", expanded=True)


main()
