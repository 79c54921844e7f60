"""Who may review and under which name: password and OIDC policy as pure functions.

The app reads the environment, `st.secrets` and `st.user` and hands plain values here.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

#: Environment variable holding the shared review password.
PASSWORD_ENV = "CLAIMDESK_REVIEW_PASSWORD"  # noqa: S105  (a name, not a secret)
#: Key of the shared review password in st.secrets.
PASSWORD_SECRET = "review_password"  # noqa: S105
#: Longest reviewer name kept.
MAX_NAME_LENGTH = 80


class AccessMode(StrEnum):
    """How the app decides who may see data."""

    open = "open"
    password = "password"  # noqa: S105
    oidc = "oidc"


@dataclass(frozen=True)
class AccessPolicy:
    """The access mode and, for `password`, the expected password."""

    mode: AccessMode
    password: str | None = None


def access_policy(env: Mapping[str, str], secrets: Mapping[str, Any]) -> AccessPolicy:
    """Decide the access mode: OIDC when secrets have an [auth] section, else a password
    when $CLAIMDESK_REVIEW_PASSWORD or secrets' review_password is set, else open."""
    if oidc_configured(secrets):
        return AccessPolicy(AccessMode.oidc)
    password = env.get(PASSWORD_ENV) or secrets.get(PASSWORD_SECRET)
    if password:
        return AccessPolicy(AccessMode.password, str(password))
    return AccessPolicy(AccessMode.open)


def oidc_configured(secrets: Mapping[str, Any]) -> bool:
    """True when Streamlit's OIDC login is configured (an [auth] section in secrets)."""
    auth = secrets.get("auth")
    return isinstance(auth, Mapping) and bool(auth)


def oidc_provider(secrets: Mapping[str, Any]) -> str | None:
    """The provider to pass to st.login: None when [auth] configures one provider directly
    (client_id in [auth]), else the first named provider section ([auth.google])."""
    auth = secrets.get("auth")
    if not isinstance(auth, Mapping) or "client_id" in auth:
        return None
    named = [key for key, value in auth.items() if isinstance(value, Mapping)]
    return named[0] if named else None


def password_matches(given: str | None, expected: str) -> bool:
    """Compare a typed password with the expected one in constant time."""
    if not given:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def clean_reviewer_name(name: str | None) -> str | None:
    """A usable reviewer name (trimmed, inner whitespace collapsed, capped), or None."""
    if name is None:
        return None
    cleaned = " ".join(str(name).split())[:MAX_NAME_LENGTH]
    return cleaned or None


def reviewer_from_user(user: Mapping[str, Any]) -> str | None:
    """The reviewer name of an OIDC user: name, else email, else subject; None when the
    user is not logged in."""
    if not user.get("is_logged_in"):
        return None
    for key in ("name", "email", "preferred_username", "sub"):
        name = clean_reviewer_name(user.get(key))
        if name:
            return name
    return None
