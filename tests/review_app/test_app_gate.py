"""Access control: a password (env or secrets) or an OIDC login hides all data until passed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

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


def _log_in(at: AppTest, password: str) -> AppTest:
    at.text_input(key="password").input(password)
    return at.button(key="password-submit").click().run()


def test_the_env_password_gates_every_page(
    new_app: Callable[[], AppTest], store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, "s3cret")
    at = new_app().run()
    no_exception(at)
    assert _shows_no_data(at)
    assert not at.sidebar.text_input
    at.switch_page(REVIEW).run()
    assert _shows_no_data(at)
    assert "accept" not in {b.key for b in at.button}
    _log_in(at, "wrong")
    assert "Wrong password." in texts(at.error)
    assert _shows_no_data(at)
    _log_in(at, "s3cret")
    no_exception(at)
    assert "password" not in at.session_state
    assert at.button(key="accept")
    at.switch_page("views/queue.py").run()
    assert at.metric[0].value == "15"


def test_a_password_in_the_secrets_gates_too(new_app: Callable[[], AppTest], store: Store) -> None:
    at = new_app()
    at.secrets["review_password"] = "from-secrets"
    at.run()
    assert _shows_no_data(at)
    _log_in(at, "from-secrets")
    assert at.metric


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
    assert any("Ann Smith" in c.value for c in at.sidebar.caption)
    at.switch_page(REVIEW).run()
    at.button(key="accept").click().run()
    no_exception(at)
    [row] = reviews(store)
    assert row["reviewer"] == "Ann Smith"
