"""Audit page: pick a claim, see its original extraction and every review as a diff."""

from __future__ import annotations

import streamlit as st

from extraction.review.audit import audited_claims, claim_audit, latest_reviews, review_diff
from extraction.store.records import claim_from_columns
from review_app import common, render


def _pick_claim() -> str | None:
    """The claim to audit: found by text, or picked among the latest reviewed ones; the
    claim open on the Review page comes first."""
    text = st.text_input("Find a claim (statement, claimant or id)", key="audit_search")
    found = audited_claims(common.store(), text or None)
    labels = {
        row["claim_id"]: f"{row['statement'][:90]} · {row['status']}"
        + (f" · {row['reviewer']}" if row["reviewer"] else "")
        for row in found
    }
    current = st.session_state.get("claim_id")
    if current and current not in labels and not text:
        state = claim_audit(common.store(), str(current))
        if state is not None and state.state is not None:
            labels = {str(current): f"{state.state.claim.statement[:90]} · open claim", **labels}
    if not labels:
        st.info("No claim matches." if text else "No reviews yet.")
        return None
    options = list(labels)
    chosen = st.selectbox(
        "Claim",
        options,
        index=options.index(current) if current in options else 0,
        format_func=lambda claim_id: labels[claim_id],
        key="audit_claim",
    )
    return str(chosen) if chosen else None


def main() -> None:
    """Draw the audit page."""
    st.title("Audit", anchor=False)
    claim_id = _pick_claim()
    recent = latest_reviews(common.store(), limit=50)
    if recent:
        with st.expander("Latest reviews"):
            st.dataframe(
                [
                    {
                        "time": str(row["created_at"])[:19],
                        "reviewer": row["reviewer"],
                        "action": row["action"],
                        "statement": row["statement"],
                        "reason": row["reason"] or "",
                    }
                    for row in recent
                ],
                hide_index=True,
            )
    if claim_id is None:
        return
    audit = claim_audit(common.store(), claim_id)
    if audit is None:
        st.warning("No claim with that id.")
        return
    if audit.state is not None:
        st.text(f"Now: {audit.state.status.value} ({audit.state.version.label})")
        render.claim_card(audit.state.claim, title="Current state")
    st.subheader("Original extraction", anchor=False)
    if audit.original is None:
        st.caption("Added by a reviewer: no extraction.")
    else:
        render.claim_card(claim_from_columns(audit.original), title="As the engine extracted it")
    st.subheader(f"Reviews ({len(audit.reviews)})", anchor=False)
    for row in audit.reviews:
        reason = f" — {row['reason']}" if row["reason"] else ""
        st.text(
            f"v{row['version']} · {str(row['created_at'])[:19]} · {row['reviewer']}"
            f" · {row['action']}{reason}"
        )
        diff = review_diff(row["before"], row["after"])
        if diff:
            st.dataframe(
                [{"field": label, "before": old, "after": new} for label, old, new in diff],
                hide_index=True,
                key=f"diff-{row['id']}",
            )
        else:
            st.caption("No field changed.")


main()
