"""SQL for reviewer accounts, login sessions and login attempts (tables of migration 10)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from extraction.store.records import fetch_dicts


def insert_account(
    con: duckdb.DuckDBPyConnection, name: str, password_hash: str, now: dt.datetime
) -> None:
    """Create an account, or replace the password of an existing one (and enable it)."""
    con.execute(
        "INSERT INTO review_accounts (name, password_hash, disabled, created_at)"
        " VALUES (?, ?, FALSE, ?) ON CONFLICT (name) DO UPDATE SET"
        " password_hash = excluded.password_hash, disabled = FALSE",
        [name, password_hash, now],
    )


def get_account(con: duckdb.DuckDBPyConnection, name: str) -> dict[str, Any] | None:
    """The account row (name, password_hash, disabled, created_at), or None."""
    rows = fetch_dicts(con.execute("SELECT * FROM review_accounts WHERE name = ?", [name]))
    return rows[0] if rows else None


def list_accounts(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every account with its state and the time of its last successful login."""
    return fetch_dicts(
        con.execute(
            "SELECT a.name, a.disabled, a.created_at, (SELECT max(attempted_at)"
            " FROM login_attempts l WHERE l.name = a.name AND l.ok) AS last_login"
            " FROM review_accounts a ORDER BY a.name"
        )
    )


def count_active_accounts(con: duckdb.DuckDBPyConnection) -> int:
    """How many accounts can log in."""
    row = con.execute("SELECT count(*) FROM review_accounts WHERE NOT disabled").fetchone()
    return int(row[0]) if row else 0


def set_disabled(con: duckdb.DuckDBPyConnection, name: str, disabled: bool) -> bool:
    """Disable (or enable) an account and end its sessions; False when there is none."""
    if get_account(con, name) is None:
        return False
    con.execute("UPDATE review_accounts SET disabled = ? WHERE name = ?", [disabled, name])
    if disabled:
        con.execute("DELETE FROM review_sessions WHERE account = ?", [name])
    return True


def record_attempt(
    con: duckdb.DuckDBPyConnection, name: str, client: str, ok: bool, now: dt.datetime
) -> None:
    """Append one login attempt."""
    con.execute("INSERT INTO login_attempts VALUES (?, ?, ?, ?)", [name, client, ok, now])


def recent_failures(
    con: duckdb.DuckDBPyConnection, column: str, value: str, since: dt.datetime
) -> list[dt.datetime]:
    """Times of the failed attempts since `since` for one name or one client, oldest first,
    counted after the last successful attempt of that name or client."""
    if column not in ("name", "client"):
        raise ValueError(column)
    sql = (
        f"SELECT attempted_at FROM login_attempts WHERE {column} = ? AND NOT ok"
        f" AND attempted_at >= ? AND attempted_at > coalesce((SELECT max(attempted_at)"
        f" FROM login_attempts WHERE {column} = ? AND ok), TIMESTAMP '1970-01-01')"
        " ORDER BY attempted_at"
    )
    rows = con.execute(sql, [value, since, value]).fetchall()
    return [row[0] for row in rows]


def insert_session(
    con: duckdb.DuckDBPyConnection,
    token_hash: str,
    account: str,
    now: dt.datetime,
    expires_at: dt.datetime,
) -> None:
    """Store a login session (the token's hash)."""
    con.execute(
        "INSERT INTO review_sessions VALUES (?, ?, ?, ?)", [token_hash, account, now, expires_at]
    )


def session_account(
    con: duckdb.DuckDBPyConnection, token_hash: str, now: dt.datetime
) -> str | None:
    """The enabled account of a live session, or None."""
    row = con.execute(
        "SELECT s.account FROM review_sessions s JOIN review_accounts a ON a.name = s.account"
        " WHERE s.token_hash = ? AND s.expires_at > ? AND NOT a.disabled",
        [token_hash, now],
    ).fetchone()
    return None if row is None else str(row[0])


def delete_session(con: duckdb.DuckDBPyConnection, token_hash: str) -> None:
    """End a login session."""
    con.execute("DELETE FROM review_sessions WHERE token_hash = ?", [token_hash])
