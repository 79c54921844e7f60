"""Reviewer accounts: scrypt hashes in the database, login rate limit and lockout."""

from __future__ import annotations

import datetime as dt

import pytest

from extraction.review import accounts
from extraction.review.accounts import (
    LOCKOUT,
    MAX_CLIENT_FAILURES,
    MAX_NAME_FAILURES,
    AccountError,
    add_account,
    disable_account,
    has_accounts,
    list_accounts,
    login,
    session_account,
)
from extraction.store.connection import Store

T0 = dt.datetime(2026, 12, 6, 9, 0, 0)


def test_the_password_is_stored_as_an_scrypt_hash(store: Store) -> None:
    assert not has_accounts(store)
    add_account(store, "  Ann  ", "correct horse battery")
    with store.connect() as con:
        name, stored = con.execute("SELECT name, password_hash FROM review_accounts").fetchone()
    assert name == "Ann"
    assert stored.startswith("scrypt$16384$8$1$") and "correct horse" not in stored
    assert accounts.verify_password("correct horse battery", stored)
    assert not accounts.verify_password("correct horse batterY", stored)
    assert has_accounts(store)
    assert [row["name"] for row in list_accounts(store)] == ["Ann"]


def test_short_passwords_and_empty_names_are_refused(store: Store) -> None:
    with pytest.raises(AccountError, match="at least 8"):
        add_account(store, "Ann", "short")
    with pytest.raises(AccountError, match="empty"):
        add_account(store, "   ", "long enough password")


def test_a_login_gives_a_session_token_only_its_hash_is_stored(store: Store) -> None:
    add_account(store, "Ann", "correct horse battery")
    result = login(store, "Ann", "correct horse battery", "10.0.0.1", now=T0)
    assert result.ok and result.account == "Ann" and result.token
    assert session_account(store, result.token, now=T0) == "Ann"
    with store.connect() as con:
        [stored] = con.execute("SELECT token_hash FROM review_sessions").fetchone()
    assert stored != result.token
    assert session_account(store, "forged", now=T0) is None
    accounts.logout(store, result.token)
    assert session_account(store, result.token, now=T0) is None


def test_guessing_locks_the_name_out_even_for_the_right_password(store: Store) -> None:
    add_account(store, "Ann", "correct horse battery")
    for guess in range(MAX_NAME_FAILURES):
        moment = T0 + dt.timedelta(seconds=guess)
        assert login(store, "Ann", f"guess {guess}", "10.0.0.1", now=moment).message == (
            "Wrong name or password."
        )
    later = T0 + dt.timedelta(seconds=10)
    locked = login(store, "Ann", "correct horse battery", "10.0.0.2", now=later)
    assert not locked.ok
    assert locked.message.startswith("Too many failed attempts")
    assert locked.locked_until is not None
    after = locked.locked_until + dt.timedelta(seconds=1)
    assert login(store, "Ann", "correct horse battery", "10.0.0.2", now=after).ok


def test_one_client_guessing_many_names_is_locked_out(store: Store) -> None:
    add_account(store, "Ann", "correct horse battery")
    for guess in range(MAX_CLIENT_FAILURES):
        login(store, f"user{guess}", "x", "10.9.9.9", now=T0 + dt.timedelta(seconds=guess))
    blocked = login(store, "Ann", "correct horse battery", "10.9.9.9", now=T0 + LOCKOUT / 2)
    assert not blocked.ok and blocked.locked_until is not None
    assert login(store, "Ann", "correct horse battery", "10.0.0.3", now=T0 + LOCKOUT / 2).ok


def test_a_disabled_account_cannot_log_in_and_its_sessions_end(store: Store) -> None:
    add_account(store, "Ann", "correct horse battery")
    token = login(store, "Ann", "correct horse battery", "c", now=T0).token
    disable_account(store, "Ann")
    assert session_account(store, token, now=T0) is None
    assert not login(store, "Ann", "correct horse battery", "c", now=T0).ok
    with pytest.raises(AccountError):
        disable_account(store, "Nobody")
