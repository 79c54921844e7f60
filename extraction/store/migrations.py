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


@migration(3, "reviews: state version per claim (unique), indexes for the review queue")
def _m003_review_versions(con: duckdb.DuckDBPyConnection) -> None:
    # A review's version is its claim's state version: 1 for the first review, n + 1 after.
    # The unique index makes two saves based on the same state collide at commit.
    # Rows written before this migration are numbered in time order. (DuckDB cannot build an
    # index after an UPDATE in the same transaction, so they are rewritten instead.)
    con.execute("ALTER TABLE reviews ADD COLUMN version INTEGER")
    con.execute(
        "CREATE TEMP TABLE reviews_numbered AS SELECT * REPLACE (row_number() OVER"
        " (PARTITION BY claim_id ORDER BY created_at, id) AS version) FROM reviews"
    )
    con.execute("DELETE FROM reviews")
    con.execute("INSERT INTO reviews SELECT * FROM reviews_numbered")
    con.execute("DROP TABLE reviews_numbered")
    con.execute("CREATE UNIQUE INDEX reviews_claim_version ON reviews (claim_id, version)")
    con.execute("CREATE INDEX reviews_article ON reviews (article_id)")
    con.execute("CREATE INDEX claims_extraction ON claims (extraction_id)")


@migration(2, "eval tables: eval_runs, eval_results")
def _m002_eval(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        CREATE TABLE eval_runs (
            id VARCHAR PRIMARY KEY,
            label VARCHAR,
            created_at TIMESTAMP NOT NULL,
            gold_path VARCHAR,
            gold_hash VARCHAR,
            engine VARCHAR NOT NULL,
            model VARCHAR NOT NULL,
            prompt_version VARCHAR NOT NULL,
            prompt_hash VARCHAR,
            metrics VARCHAR NOT NULL,
            report VARCHAR NOT NULL,
            n_articles INTEGER NOT NULL,
            n_gold INTEGER NOT NULL,
            n_pred INTEGER NOT NULL,
            f1 DOUBLE NOT NULL,
            all_correct_f1 DOUBLE NOT NULL
        )
        """
    )
    con.execute("CREATE INDEX eval_runs_label ON eval_runs (label)")
    con.execute(
        """
        CREATE TABLE eval_results (
            eval_run_id VARCHAR NOT NULL,
            article_key VARCHAR NOT NULL,
            kind VARCHAR NOT NULL,
            gold_index INTEGER,
            pred_index INTEGER,
            similarity DOUBLE,
            fields_correct VARCHAR,
            field_values VARCHAR,
            all_correct BOOLEAN,
            statement VARCHAR NOT NULL,
            evidence VARCHAR NOT NULL,
            pred_statement VARCHAR,
            claimant VARCHAR,
            pred_claimant VARCHAR,
            explanation VARCHAR
        )
        """
    )
    con.execute("CREATE INDEX eval_results_run ON eval_results (eval_run_id)")


@migration(4, "claim tracker: claim_groups, claim_group_members, group_decisions, embeddings")
def _m004_claim_groups(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        CREATE TABLE claim_groups (
            id VARCHAR PRIMARY KEY,
            label VARCHAR NOT NULL,
            label_source VARCHAR NOT NULL DEFAULT 'auto',
            subject VARCHAR,
            unit VARCHAR,
            created_at TIMESTAMP NOT NULL,
            updated_at TIMESTAMP NOT NULL
        )
        """
    )
    # One row per tracked claim; `assigned_by` 'reviewer' pins it (recompute never moves it).
    con.execute(
        """
        CREATE TABLE claim_group_members (
            claim_id VARCHAR NOT NULL,
            group_id VARCHAR NOT NULL,
            assigned_by VARCHAR NOT NULL,
            score DOUBLE,
            assigned_at TIMESTAMP NOT NULL
        )
        """
    )
    con.execute("CREATE INDEX claim_group_members_group ON claim_group_members (group_id)")
    con.execute("CREATE INDEX claim_group_members_claim ON claim_group_members (claim_id)")
    # Append-only log of reviewers' merge / split / move decisions.
    con.execute(
        """
        CREATE TABLE group_decisions (
            id VARCHAR PRIMARY KEY,
            reviewer VARCHAR NOT NULL,
            action VARCHAR NOT NULL,
            payload VARCHAR NOT NULL,
            created_at TIMESTAMP NOT NULL
        )
        """
    )
    # Sentence embeddings of canonical claim texts, so a recompute embeds only new texts.
    con.execute(
        """
        CREATE TABLE claim_embeddings (
            text_hash VARCHAR NOT NULL,
            model VARCHAR NOT NULL,
            dim INTEGER NOT NULL,
            vector BLOB NOT NULL,
            created_at TIMESTAMP NOT NULL,
            PRIMARY KEY (text_hash, model)
        )
        """
    )


@migration(5, "claim_carries: reviews carried to the matching claim of a re-extraction")
def _m005_claim_carries(con: duckdb.DuckDBPyConnection) -> None:
    # One row per review carried from a superseded claim to the claim of a newer extraction
    # that matches it; `review_id` is the review row appended to the new claim.
    con.execute(
        """
        CREATE TABLE claim_carries (
            from_claim_id VARCHAR NOT NULL,
            to_claim_id VARCHAR NOT NULL,
            article_id VARCHAR NOT NULL,
            review_id VARCHAR NOT NULL,
            similarity DOUBLE NOT NULL,
            created_at TIMESTAMP NOT NULL
        )
        """
    )
    con.execute("CREATE INDEX claim_carries_from ON claim_carries (from_claim_id)")
    con.execute("CREATE INDEX claim_carries_to ON claim_carries (to_claim_id)")


@migration(6, "article_leases: which process extracts which article of a run key")
def _m006_article_leases(con: duckdb.DuckDBPyConnection) -> None:
    # A process claims an article (under a run key) before extracting it; the lease
    # expires unless renewed, so the articles of a crashed process are taken over.
    con.execute(
        """
        CREATE TABLE article_leases (
            run_key VARCHAR NOT NULL,
            article_id VARCHAR NOT NULL,
            owner VARCHAR NOT NULL,
            acquired_at TIMESTAMP NOT NULL,
            expires_at TIMESTAMP NOT NULL,
            PRIMARY KEY (run_key, article_id)
        )
        """
    )
    con.execute("CREATE INDEX article_leases_owner ON article_leases (owner)")


@migration(7, "runs: pid, host and heartbeat of the process running them")
def _m007_run_heartbeat(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("ALTER TABLE runs ADD COLUMN pid INTEGER")
    con.execute("ALTER TABLE runs ADD COLUMN host VARCHAR")
    con.execute("ALTER TABLE runs ADD COLUMN heartbeat_at TIMESTAMP")


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
    """Apply pending migrations (up to `upto`), each in its own transaction.

    Returns the numbers of the migrations applied.
    """
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


@migration(20, "articles.encoding: the encoding an article file was decoded from")
def _m020_article_encoding(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("ALTER TABLE articles ADD COLUMN encoding VARCHAR")


# Review-team tables (migrations 10-12) and provider batch tables (30-31) live in their own
# modules; importing them registers them.
from extraction.store import batch_migrations as _batch_migrations  # noqa: E402, F401
from extraction.store import review_migrations as _review_migrations  # noqa: E402, F401
