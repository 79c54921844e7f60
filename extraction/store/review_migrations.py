"""Schema for a review team (migrations 10-12): accounts, login sessions and attempts,
review leases, blind second reviews.

Registered on import; `extraction.store.migrations` imports this module at its end.
"""

from __future__ import annotations

import duckdb

from extraction.store.migrations import migration


@migration(10, "review accounts, login sessions, login attempts")
def _m010_accounts(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        CREATE TABLE review_accounts (
            name VARCHAR PRIMARY KEY,
            password_hash VARCHAR NOT NULL,
            disabled BOOLEAN NOT NULL DEFAULT FALSE,
            created_at TIMESTAMP NOT NULL
        )
        """
    )
    # A login session: the cookie holds the token, the database only its SHA-256.
    con.execute(
        """
        CREATE TABLE review_sessions (
            token_hash VARCHAR PRIMARY KEY,
            account VARCHAR NOT NULL,
            created_at TIMESTAMP NOT NULL,
            expires_at TIMESTAMP NOT NULL
        )
        """
    )
    # Append-only: every login attempt, for the rate limit and the lockout.
    con.execute(
        """
        CREATE TABLE login_attempts (
            name VARCHAR NOT NULL,
            client VARCHAR NOT NULL,
            ok BOOLEAN NOT NULL,
            attempted_at TIMESTAMP NOT NULL
        )
        """
    )
    con.execute("CREATE INDEX login_attempts_at ON login_attempts (attempted_at)")


@migration(11, "review leases: which reviewer holds which claim until when")
def _m011_review_leases(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        CREATE TABLE review_leases (
            claim_id VARCHAR PRIMARY KEY,
            reviewer VARCHAR NOT NULL,
            acquired_at TIMESTAMP NOT NULL,
            expires_at TIMESTAMP NOT NULL
        )
        """
    )


@migration(12, "blind second reviews for inter-reviewer agreement")
def _m012_blind_reviews(con: duckdb.DuckDBPyConnection) -> None:
    # A second reviewer's independent decision on a claim sampled for double review. It
    # never changes the claim's state (reviews does): agreement compares the two.
    con.execute(
        """
        CREATE TABLE blind_reviews (
            id VARCHAR PRIMARY KEY,
            claim_id VARCHAR NOT NULL,
            reviewer VARCHAR NOT NULL,
            action VARCHAR NOT NULL,
            claimant_type VARCHAR,
            certainty VARCHAR,
            claimant VARCHAR,
            quantity_value DOUBLE,
            reason VARCHAR,
            created_at TIMESTAMP NOT NULL
        )
        """
    )
    con.execute("CREATE UNIQUE INDEX blind_reviews_claim ON blind_reviews (claim_id)")
