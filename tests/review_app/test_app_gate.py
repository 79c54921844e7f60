"""Access control: a password (env or secrets) or an OIDC login hides all data until passed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from extraction.review.accounts import MAX_NAME_FAILURES, add_account
from extraction.review.auth import PASSWORD_ENV
from extraction.store.connection import Store
from tests.review_app.helpers import REVIEW, no_exception, reviews, texts

AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "not-a-real-secret",
    "client_id": "claimdesk",
    "client_secret": "not-a-real-secret",
    "server_metadata_url": "https://idp.example.org/.well-known/openid-configuration",
}


def _shows_no_data(at: AppTest) -> bool:
    return not at.metric and not at.dataframe and not at.get("html")


def _log_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="login_name").input(name)
    at.text_input(key="login_password").input(password)
    return at.button(key="login-submit").click().run()


def test_with_a_password_each_reviewer_logs_in_to_their_account(
    new_app: Callable[[], AppTest], store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, "on")
    at = new_app().run()
    no_exception(at)
    assert _shows_no_data(at)
    assert any("No reviewer accounts yet" in text for text in texts(at.warning))
    add_account(store, "Ann", "correct horse battery")
    at.switch_page(REVIEW).run()
    assert _shows_no_data(at)
    assert "accept" not in {b.key for b in at.button}
    _log_in(at, "Ann", "wrong password")
    assert "Wrong name or password." in texts(at.error)
    assert _shows_no_data(at)
    _log_in(at, "Ann", "correct horse battery")
    no_exception(at)
    assert "login_password" not in at.session_state
    # The account is the reviewer name: no name to type.
    assert not [t for t in at.sidebar.text_input if t.key == "reviewer_name"]
    assert "Ann" in [t.value for t in at.sidebar.text]
    at.button(key="accept").click().run()
    no_exception(at)
    [row] = reviews(store)
    assert row["reviewer"] == "Ann"
    at.switch_page("views/queue.py").run()
    assert at.metric[0].value == "14"


def test_accounts_alone_turn_the_login_on(new_app: Callable[[], AppTest], store: Store) -> None:
    add_account(store, "Bob", "another password")
    at = new_app().run()
    assert _shows_no_data(at)
    _log_in(at, "Bob", "another password")
    assert at.metric


def test_guessing_a_password_locks_the_name_out(
    new_app: Callable[[], AppTest], store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, "on")
    add_account(store, "Ann", "correct horse battery")
    at = new_app().run()
    for guess in range(MAX_NAME_FAILURES):
        _log_in(at, "Ann", f"guess {guess}")
        assert "Wrong name or password." in texts(at.error)
    _log_in(at, "Ann", "correct horse battery")
    assert any("Too many failed attempts" in text for text in texts(at.error))
    assert _shows_no_data(at)
    # Another session (another browser) is locked out of that name too.
    other = new_app().run()
    _log_in(other, "Ann", "correct horse battery")
    assert any("Too many failed attempts" in text for text in texts(other.error))


def test_open_mode_says_so(new_app: Callable[[], AppTest], store: Store) -> None:
    at = new_app().run()
    assert any("Open mode" in c.value for c in at.sidebar.caption)


def test_oidc_login_is_required_and_names_the_reviewer(
    new_app: Callable[[], AppTest], store: Store
) -> None:
    at = new_app()
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": False}
    at.run()
    no_exception(at)
    assert _shows_no_data(at)
    assert [b.label for b in at.button] == ["Log in"]

    at.user = {"is_logged_in": True, "name": "Ann Smith", "email": "ann@example.org"}
    at.run()
    assert at.metric
    assert not at.sidebar.text_input
    assert "Ann Smith" in [t.value for t in at.sidebar.text]
    at.switch_page(REVIEW).run()
    at.button(key="accept").click().run()
    no_exception(at)
    [row] = reviews(store)
    assert row["reviewer"] == "Ann Smith"
