"""ClaimDesk review app: `claimdesk review`, or `streamlit run review_app/app.py -- --db PATH`.

The entry point checks access (reviewer accounts when a password is configured, OIDC when
configured, else open mode with a typed name), then routes to the pages. Pages are thin:
logic is in extraction.review. A locked database shows a retry banner, never a traceback.
"""

from __future__ import annotations

import logging
import os

import streamlit as st

from extraction.review import accounts
from extraction.review.app_store import BUSY_MESSAGE, is_locked_error
from extraction.review.auth import (
    AccessMode,
    access_policy,
    clean_reviewer_name,
    oidc_provider,
    reviewer_from_user,
)
from review_app import browser, common

# The favicon: an emoji is drawn in the page; a :material/...: favicon would be fetched from
# fonts.gstatic.com on every page view (the only off-machine request the app made).
st.set_page_config(page_title="ClaimDesk review", page_icon="✅", layout="wide")

#: Cookies that survive a reload: the name typed in open mode, the login token otherwise.
NAME_COOKIE = "claimdesk_reviewer"
SESSION_COOKIE = "claimdesk_session"
LOG = logging.getLogger("claimdesk.review_app")


def _client() -> str:
    """The client address for the login rate limit ('local' when Streamlit has none)."""
    try:
        return str(st.context.ip_address or "local")
    except Exception:
        return "local"


@common.guarded
def _try_login() -> None:
    state = st.session_state
    result = accounts.login(
        common.store(), state.get("login_name"), state.get("login_password"), _client()
    )
    state.pop("login_password", None)
    if result.ok:
        state["account"] = result.account
        state["reviewer"] = result.account
        state["session_token"] = result.token
        state.pop("login_error", None)
    else:
        state["login_error"] = result.message


def _logout() -> None:
    state = st.session_state
    accounts.logout(common.store(), state.get("session_token"))
    for key in ("account", "reviewer", "session_token"):
        state.pop(key, None)
    state["logged_out"] = True


def _account_gate() -> bool:
    """True once the session is logged in to a reviewer account; else draw the login form."""
    state = st.session_state
    if state.get("account") is None and not state.get("logged_out"):
        token = browser.cookie(SESSION_COOKIE)
        account = accounts.session_account(common.store(), token)
        if account is not None:
            state.update(account=account, reviewer=account, session_token=token)
    if state.get("account"):
        browser.set_cookies({SESSION_COOKIE: str(state.get("session_token") or "")})
        st.sidebar.caption("Signed in as")
        st.sidebar.text(str(state["account"]))
        st.sidebar.button("Log out", key="logout", on_click=_logout)
        return True
    browser.set_cookies({SESSION_COOKIE: ""})
    st.title("ClaimDesk review", anchor=False)
    if not accounts.has_accounts(common.store()):
        st.warning(
            "No reviewer accounts yet. An administrator adds them with `claimdesk users add NAME`."
        )
    with st.form("login_form"):
        st.text_input("Name", key="login_name")
        st.text_input("Password", type="password", key="login_password")
        st.form_submit_button("Log in", type="primary", key="login-submit", on_click=_try_login)
    if state.get("login_error"):
        st.error(state["login_error"])
    return False


def _oidc_gate(secrets: dict[str, object]) -> bool:
    """True when the user is logged in with the configured OIDC provider."""
    if st.user.is_logged_in:
        st.session_state["reviewer"] = reviewer_from_user(st.user.to_dict())
        st.sidebar.caption("Signed in as")
        st.sidebar.text(st.session_state["reviewer"] or "?")
        st.sidebar.button("Log out", on_click=st.logout)
        return True
    st.title("ClaimDesk review", anchor=False)
    st.write("Sign in to review claims.")
    provider = oidc_provider(secrets)
    if st.button("Log in", type="primary"):
        if provider:
            st.login(provider)
        else:
            st.login()
    return False


def _name_changed() -> None:
    st.session_state["reviewer"] = clean_reviewer_name(st.session_state.get("reviewer_name"))


def _identify() -> None:
    """Open mode: the reviewer's name, typed in the sidebar. It is kept in the session (not
    only in the widget, which a page switch may reset) and in a cookie (reloads, links)."""
    state = st.session_state
    if "reviewer" not in state:
        state["reviewer"] = clean_reviewer_name(browser.cookie(NAME_COOKIE))
    state["reviewer_name"] = state.get("reviewer") or ""
    st.sidebar.text_input(
        "Your name",
        key="reviewer_name",
        placeholder="required to review",
        help="Every decision is stored with this name.",
        on_change=_name_changed,
    )
    st.sidebar.caption(
        "Open mode: no login. Anyone who can reach this address can review under any name."
        " Set CLAIMDESK_REVIEW_PASSWORD and add accounts (`claimdesk users add NAME`) to"
        " require a login."
    )
    browser.set_cookies({NAME_COOKIE: state.get("reviewer") or ""})


def _pages() -> list[st.Page]:
    # Material icons come with Streamlit's bundled font (served by this server).
    return [
        st.Page("views/queue.py", title="Queue", icon=":material/list:", default=True),
        st.Page("views/review.py", title="Review", icon=":material/rate_review:"),
        st.Page("views/add_claim.py", title="Add claim", icon=":material/add_circle:"),
        st.Page("views/tracker.py", title="Tracker", icon=":material/timeline:"),
        st.Page("views/agreement.py", title="Agreement", icon=":material/handshake:"),
        st.Page("views/throughput.py", title="Throughput", icon=":material/speed:"),
        st.Page("views/audit.py", title="Audit", icon=":material/history:"),
        st.Page("views/export.py", title="Export", icon=":material/download:"),
    ]


def _run() -> None:
    """Check access, identify the reviewer, run the chosen page."""
    secrets = common.secrets_dict()
    policy = access_policy(os.environ, secrets)
    if policy.mode is AccessMode.oidc:
        if not _oidc_gate(secrets):
            st.stop()
    elif policy.mode is AccessMode.password or accounts.has_accounts(common.store()):
        if not _account_gate():
            st.stop()
    else:
        _identify()
    st.sidebar.caption("Database")
    st.sidebar.text(common.db_path().name)
    st.navigation(_pages()).run()


def main() -> None:
    """Run the app; a locked database or an unexpected error shows a short message."""
    try:
        common.show_busy()
        _run()
    except Exception as error:
        if is_locked_error(error):
            st.warning(BUSY_MESSAGE, icon="⏳")
            st.button("Retry", key="busy-retry", type="primary")
            return
        LOG.exception("review app page failed")
        st.error(
            f"Something went wrong ({type(error).__name__}). Nothing was saved by this"
            " action; the details are in the server log. Reload the page to go on."
        )


main()
