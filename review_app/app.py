"""ClaimDesk review app: `claimdesk review`, or `streamlit run review_app/app.py -- --db PATH`.

The entry point checks access (password or OIDC login, when configured), asks for the
reviewer's name and routes to the pages. Pages are thin: logic is in extraction.review.
"""

from __future__ import annotations

import os

import streamlit as st

from extraction.review.auth import (
    AccessMode,
    access_policy,
    clean_reviewer_name,
    oidc_provider,
    password_matches,
    reviewer_from_user,
)
from extraction.review.highlight import escape_markdown
from review_app import common

st.set_page_config(page_title="ClaimDesk review", page_icon=":material/fact_check:", layout="wide")


def _password_gate(expected: str) -> bool:
    """True once the session gave the right password; otherwise draw the password form."""
    if st.session_state.get("authenticated"):
        return True
    st.title("ClaimDesk review")
    with st.form("password_form"):
        given = st.text_input("Password", type="password", key="password")
        submitted = st.form_submit_button("Enter", type="primary", key="password-submit")
    if submitted:
        if password_matches(given, expected):
            st.session_state["authenticated"] = True
            st.session_state.pop("password", None)
            st.rerun()
        st.error("Wrong password.")
    return False


def _oidc_gate(secrets: dict[str, object]) -> bool:
    """True when the user is logged in with the configured OIDC provider."""
    if st.user.is_logged_in:
        st.session_state["reviewer"] = reviewer_from_user(st.user.to_dict())
        name = escape_markdown(st.session_state["reviewer"] or "?")
        st.sidebar.caption(f"Signed in as **{name}**")
        st.sidebar.button("Log out", on_click=st.logout)
        return True
    st.title("ClaimDesk review")
    st.write("Sign in to review claims.")
    provider = oidc_provider(secrets)
    if st.button("Log in", type="primary"):
        if provider:
            st.login(provider)
        else:
            st.login()
    return False


def _identify() -> None:
    """The reviewer's name, asked in the sidebar (required before any change)."""
    st.sidebar.text_input(
        "Your name",
        key="reviewer_name",
        placeholder="required to review",
        help="Every decision is stored with this name.",
    )
    st.session_state["reviewer"] = clean_reviewer_name(st.session_state.get("reviewer_name"))


def main() -> None:
    """Check access, identify the reviewer, run the chosen page."""
    secrets = common.secrets_dict()
    policy = access_policy(os.environ, secrets)
    if policy.mode is AccessMode.oidc:
        if not _oidc_gate(secrets):
            st.stop()
    else:
        if policy.mode is AccessMode.password and not _password_gate(policy.password or ""):
            st.stop()
        _identify()
    path = common.db_path()
    name = path.name.replace("`", "'")
    st.sidebar.caption(f"Database: `{name}`", help=str(path.resolve()))
    pages = [
        st.Page("views/queue.py", title="Queue", icon=":material/list:", default=True),
        st.Page("views/review.py", title="Review", icon=":material/rate_review:"),
        st.Page("views/add_claim.py", title="Add claim", icon=":material/add_circle:"),
        st.Page("views/tracker.py", title="Tracker", icon=":material/timeline:"),
        st.Page("views/audit.py", title="Audit", icon=":material/history:"),
        st.Page("views/export.py", title="Export", icon=":material/download:"),
    ]
    st.navigation(pages).run()


main()
