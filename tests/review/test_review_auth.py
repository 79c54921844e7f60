"""Access policy: password from env or secrets, OIDC when [auth] is configured, names."""

from __future__ import annotations

from extraction.review.auth import (
    PASSWORD_ENV,
    AccessMode,
    AccessPolicy,
    access_policy,
    clean_reviewer_name,
    oidc_configured,
    oidc_provider,
    password_matches,
    reviewer_from_user,
)

AUTH = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "client_id": "x"}}


def test_open_when_nothing_is_configured() -> None:
    assert access_policy({}, {}) == AccessPolicy(AccessMode.open)


def test_password_from_the_environment_or_the_secrets() -> None:
    assert access_policy({PASSWORD_ENV: "s3cret"}, {}) == AccessPolicy(
        AccessMode.password, "s3cret"
    )
    assert access_policy({}, {"review_password": "pw"}) == AccessPolicy(AccessMode.password, "pw")
    assert access_policy({PASSWORD_ENV: "env"}, {"review_password": "pw"}).password == "env"


def test_oidc_wins_when_an_auth_section_exists() -> None:
    assert access_policy({PASSWORD_ENV: "x"}, AUTH).mode is AccessMode.oidc
    assert oidc_configured(AUTH)
    assert not oidc_configured({"auth": {}})
    assert not oidc_configured({"auth": "nope"})


def test_oidc_provider_is_named_only_for_provider_sections() -> None:
    assert oidc_provider(AUTH) is None
    named = {"auth": {"redirect_uri": "r", "cookie_secret": "c", "google": {"client_id": "g"}}}
    assert oidc_provider(named) == "google"
    assert oidc_provider({}) is None


def test_password_comparison() -> None:
    assert password_matches("s3cret", "s3cret")
    assert not password_matches("s3cre", "s3cret")
    assert not password_matches("", "s3cret")
    assert not password_matches(None, "s3cret")
    assert password_matches("ünïcode", "ünïcode")


def test_reviewer_names_are_trimmed_and_required() -> None:
    assert clean_reviewer_name("  Ann   Smith ") == "Ann Smith"
    assert clean_reviewer_name("   ") is None
    assert clean_reviewer_name(None) is None
    assert len(clean_reviewer_name("x" * 500) or "") == 80


def test_reviewer_name_of_a_logged_in_user() -> None:
    assert reviewer_from_user({"is_logged_in": True, "name": "Ann Smith", "email": "a@x"}) == (
        "Ann Smith"
    )
    assert reviewer_from_user({"is_logged_in": True, "email": "ann@example.org"}) == (
        "ann@example.org"
    )
    assert reviewer_from_user({"is_logged_in": False, "name": "Ann"}) is None
    assert reviewer_from_user({"email": "test@example.com"}) is None
