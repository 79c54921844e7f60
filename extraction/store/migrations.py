"""Numbered schema migrations, recorded in the database (after simonw/llm).

Each migration is a numbered function that runs once, in order, inside a
transaction, and is recorded in `schema_migrations`, so a file made by an older
ClaimDesk opens in a newer one. Never edit a released migration: append one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import duckdb

MigrationFn = Callable[[duckdb.DuckDBPyConnection], None]


@dataclass(frozen=True)
class Migration:
    """One schema step: a number, a name and the function that applies it."""

    number: int
    name: str
    apply: MigrationFn


MIGRATIONS: list[Migration] = []


def migration(number: int, name: str) -> Callable[[MigrationFn], MigrationFn]:
    """Register a function as migration `number`."""

    def register(fn: MigrationFn) -> MigrationFn:
        if any(existing.number == number for existing in MIGRATIONS):
            raise ValueError(f"migration {number} registered twice")
        MIGRATIONS.append(Migration(number, name, fn))
        MIGRATIONS.sort(key=lambda item: item.number)
        return fn

    return register


@migration(1, "core tables: articles, runs, extractions, claims, reviews, llm_calls")
def _m001_core(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        CREATE TABLE articles (
            id VARCHAR PRIMARY KEY,
            title VARCHAR,
            publication VARCHAR,
            published DATE,
            url VARCHAR,
            author VARCHAR,
            source_path VARCHAR,
            external_id VARCHAR,
            text VARCHAR NOT NULL,
            n_chars INTEGER NOT NULL,
            ingested_at TIMESTAMP NOT NULL
        )
        """
    )
    con.execute(
        """
        CREATE TABLE runs (
            id VARCHAR PRIMARY KEY,
            engine VARCHAR NOT NULL,
            model VARCHAR NOT NULL,
            prompt_version VARCHAR NOT NULL,
            prompt_hash VARCHAR NOT NULL,
            run_key VARCHAR NOT NULL,
            parameters VARCHAR NOT NULL,
            started_at TIMESTAMP NOT NULL,
            finished_at TIMESTAMP,
            status VARCHAR NOT NULL,
            n_articles INTEGER NOT NULL DEFAULT 0,
            n_skipped INTEGER NOT NULL DEFAULT 0,
            n_failed INTEGER NOT NULL DEFAULT 0,
            n_claims INTEGER NOT NULL DEFAULT 0,
            n_ungrounded INTEGER NOT NULL DEFAULT 0,
            prompt_tokens BIGINT NOT NULL DEFAULT 0,
            completion_tokens BIGINT NOT NULL DEFAULT 0,
            cost DOUBLE,
            errors VARCHAR NOT NULL DEFAULT '[]'
        )
        """
    )
    con.execute(
        """
        CREATE TABLE extractions (
            id VARCHAR PRIMARY KEY,
            run_id VARCHAR NOT NULL,
            article_id VARCHAR NOT NULL,
            run_key VARCHAR NOT NULL,
            status VARCHAR NOT NULL,
            error VARCHAR,
            n_claims INTEGER NOT NULL DEFAULT 0,
            prompt_tokens BIGINT NOT NULL DEFAULT 0,
            completion_tokens BIGINT NOT NULL DEFAULT 0,
            created_at TIMESTAMP NOT NULL
        )
        """
    )
    con.execute("CREATE INDEX extractions_key ON extractions (run_key, article_id)")
    con.execute(
        """
        CREATE TABLE claims (
            id VARCHAR PRIMARY KEY,
            extraction_id VARCHAR NOT NULL,
            run_id VARCHAR NOT NULL,
            article_id VARCHAR NOT NULL,
            idx INTEGER NOT NULL,
            statement VARCHAR NOT NULL,
            claimant VARCHAR,
            claimant_type VARCHAR NOT NULL,
            via VARCHAR,
            quantity_value DOUBLE,
            quantity_unit VARCHAR,
            quantity_qualifier VARCHAR,
            claim_date DATE,
            certainty VARCHAR NOT NULL,
            evidence VARCHAR NOT NULL,
            evidence_start INTEGER,
            evidence_end INTEGER,
            alignment_status VARCHAR NOT NULL,
            alignment_score DOUBLE NOT NULL,
            engine VARCHAR NOT NULL,
            model VARCHAR NOT NULL,
            prompt_version VARCHAR NOT NULL,
            created_at TIMESTAMP NOT NULL
        )
        """
    )
    con.execute("CREATE INDEX claims_article ON claims (article_id)")
    con.execute(
        """
        CREATE TABLE reviews (
            id VARCHAR PRIMARY KEY,
            claim_id VARCHAR,
            article_id VARCHAR NOT NULL,
            reviewer VARCHAR NOT NULL,
            action VARCHAR NOT NULL,
            before VARCHAR,
            after VARCHAR,
            reason VARCHAR,
            based_on VARCHAR,
            created_at TIMESTAMP NOT NULL
        )
        """
    )
    con.execute("CREATE INDEX reviews_claim ON reviews (claim_id)")
    con.execute(
        """
        CREATE TABLE llm_calls (
            id VARCHAR PRIMARY KEY,
            run_id VARCHAR,
            article_id VARCHAR,
            attempt INTEGER NOT NULL,
            endpoint VARCHAR,
            model VARCHAR,
            prompt_version VARCHAR,
            prompt_hash VARCHAR,
            cache_key VARCHAR,
            request VARCHAR,
            response VARCHAR,
            parsed BOOLEAN NOT NULL DEFAULT FALSE,
            error VARCHAR,
            prompt_tokens INTEGER,
            completion_tokens INTEGER,
            total_tokens INTEGER,
            latency_ms DOUBLE,
            created_at TIMESTAMP NOT NULL
        )
        """
    )
    con.execute("CREATE INDEX llm_calls_cache ON llm_calls (cache_key)")


def applied_migrations(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Numbers of the migrations already applied to this database (works read-only)."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
    ).fetchone()
    if not exists or not exists[0]:
        return []
    rows = con.execute("SELECT number FROM schema_migrations ORDER BY number").fetchall()
    return [int(row[0]) for row in rows]


def migrate(con: duckdb.DuckDBPyConnection, upto: int | None = None) -> list[int]:
    """Apply pending migrations (up to `upto`), each in its own transaction; return those applied."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " number INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
    )
    done = set(applied_migrations(con))
    applied: list[int] = []
    for step in MIGRATIONS:
        if step.number in done or (upto is not None and step.number > upto):
            continue
        con.begin()
        try:
            step.apply(con)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                [step.number, step.name, dt.datetime.now(dt.UTC).replace(tzinfo=None)],
            )
        except BaseException:
            con.rollback()
            raise
        con.commit()
        applied.append(step.number)
    return applied
