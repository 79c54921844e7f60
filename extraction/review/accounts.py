"""Reviewer accounts: scrypt password hashes, login with a rate limit and lockout, sessions.

With a password configured, every reviewer logs in with their own account; the account
name is the reviewer name stored with each decision. Attempts are counted per name and per
client in the database, so the limit holds across sessions and processes.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from extraction.errors import ClaimDeskError
from extraction.review.auth import clean_reviewer_name
from extraction.store import accounts as sql
from extraction.store.connection import Store
from extraction.store.records import utcnow

#: scrypt cost: 2**14 x 8 x 128 bytes = 16 MiB per hash, tens of milliseconds.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
#: Failed attempts for one name, and for one client, before a lockout.
MAX_NAME_FAILURES = 5
MAX_CLIENT_FAILURES = 20
#: The window failures are counted in, and how long a lockout lasts after the last one.
FAILURE_WINDOW = dt.timedelta(minutes=15)
LOCKOUT = dt.timedelta(minutes=15)
#: How long a login session (its cookie) lasts.
SESSION_LIFETIME = dt.timedelta(days=7)
MIN_PASSWORD_LENGTH = 8


def hash_password(password: str, salt: bytes | None = None) -> str:
    """An scrypt hash of the password: 'scrypt$N$r$p$salt$hash' (base64 parts)."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32
    )
    parts = (base64.b64encode(salt).decode(), base64.b64encode(digest).decode())
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${parts[0]}${parts[1]}"


def verify_password(password: str, stored: str) -> bool:
    """True when `password` matches the stored scrypt hash (constant-time comparison)."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        given = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(base64.b64decode(digest)),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(given, base64.b64decode(digest))


class AccountError(ClaimDeskError, ValueError):
    """An account could not be created or changed (the message says why)."""


def add_account(store: Store, name: str, password: str) -> str:
    """Create the account `name` (or set its password); returns the cleaned name."""
    cleaned = clean_reviewer_name(name)
    if cleaned is None:
        raise AccountError("the account name is empty")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    hashed = hash_password(password)
    with store.transaction() as con:
        sql.insert_account(con, cleaned, hashed, utcnow())
    return cleaned


def disable_account(store: Store, name: str) -> None:
    """Disable an account (its sessions end); AccountError when there is none."""
    with store.transaction() as con:
        if not sql.set_disabled(con, name, True):
            raise AccountError(f"no account named {name!r}")


def list_accounts(store: Store) -> list[dict[str, object]]:
    """Every account: name, disabled, created_at, last_login."""
    with store.connect() as con:
        return sql.list_accounts(con)


def has_accounts(store: Store) -> bool:
    """True when at least one account can log in."""
    with store.connect() as con:
        return sql.count_active_accounts(con) > 0


@dataclass(frozen=True)
class LoginResult:
    """The outcome of a login attempt: the account on success, else a message; when
    locked, the time the lockout ends."""

    account: str | None
    message: str = ""
    locked_until: dt.datetime | None = None
    token: str | None = None

    @property
    def ok(self) -> bool:
        """True when the login succeeded."""
        return self.account is not None


def _locked_until(failures: list[dt.datetime], limit: int) -> dt.datetime | None:
    if len(failures) < limit:
        return None
    return failures[-1] + LOCKOUT


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def login(
    store: Store,
    name: str | None,
    password: str | None,
    client: str,
    now: dt.datetime | None = None,
) -> LoginResult:
    """Check a name and password. Refused without checking the password while the name or
    the client is locked out; every attempt is recorded. On success a session token is
    made (its hash stored) for the browser's cookie."""
    moment = now or utcnow()
    cleaned = clean_reviewer_name(name) or ""
    since = moment - FAILURE_WINDOW
    with store.transaction() as con:
        until = max(
            (
                stamp
                for stamp in (
                    _locked_until(
                        sql.recent_failures(con, "name", cleaned, since), MAX_NAME_FAILURES
                    ),
                    _locked_until(
                        sql.recent_failures(con, "client", client, since), MAX_CLIENT_FAILURES
                    ),
                )
                if stamp is not None and stamp > moment
            ),
            default=None,
        )
        if until is not None:
            sql.record_attempt(con, cleaned, client, False, moment)
            minutes = max(1, round((until - moment).total_seconds() / 60))
            return LoginResult(
                None, f"Too many failed attempts: try again in {minutes} min.", until
            )
        account = sql.get_account(con, cleaned) if cleaned else None
        good = (
            account is not None
            and not account["disabled"]
            and verify_password(password or "", str(account["password_hash"]))
        )
        sql.record_attempt(con, cleaned, client, good, moment)
        if not good:
            return LoginResult(None, "Wrong name or password.")
        token = secrets.token_urlsafe(32)
        sql.insert_session(con, _token_hash(token), cleaned, moment, moment + SESSION_LIFETIME)
    return LoginResult(cleaned, token=token)


def session_account(store: Store, token: str | None, now: dt.datetime | None = None) -> str | None:
    """The account a session token (from the cookie) belongs to, if it is still valid."""
    if not token:
        return None
    with store.connect() as con:
        return sql.session_account(con, _token_hash(token), now or utcnow())


def logout(store: Store, token: str | None) -> None:
    """End the session of this token."""
    if token:
        with store.transaction() as con:
            sql.delete_session(con, _token_hash(token))
