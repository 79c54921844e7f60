"""Provider batch tables (migrations 30-31); importing this module registers them.

- `batch_settings`: how a batch file's requests were made (engine, model, prompt, mode,
  parameters; never a secret), so its answers can be parsed and stored as a run later.
- `batch_requests`: every request line written by `claimdesk batch prepare`, keyed by its
  `custom_id`, with the article (stored at prepare time) and chunk it asks about.
- `batch_loads`: each results source loaded (a batch id or a results file's sha256) and
  the run it became, so loading the same results again adds nothing.
- `llm_calls.cost`: the cost of one call where it is known (batch calls: the batch price).
"""

from __future__ import annotations

import duckdb

from extraction.store.migrations import migration


@migration(30, "provider batches: batch_settings, batch_requests, batch_loads")
def _m030_provider_batches(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        CREATE TABLE batch_settings (
            id VARCHAR PRIMARY KEY,
            settings VARCHAR NOT NULL,
            created_at TIMESTAMP NOT NULL
        )
        """
    )
    con.execute(
        """
        CREATE TABLE batch_requests (
            custom_id VARCHAR PRIMARY KEY,
            settings_id VARCHAR NOT NULL,
            article_id VARCHAR NOT NULL,
            chunk_index INTEGER NOT NULL,
            n_chunks INTEGER NOT NULL,
            cache_key VARCHAR,
            body VARCHAR NOT NULL,
            created_at TIMESTAMP NOT NULL
        )
        """
    )
    con.execute("CREATE INDEX batch_requests_article ON batch_requests (article_id)")
    con.execute(
        """
        CREATE TABLE batch_loads (
            source_key VARCHAR PRIMARY KEY,
            run_id VARCHAR NOT NULL,
            source VARCHAR NOT NULL,
            status VARCHAR NOT NULL,
            created_at TIMESTAMP NOT NULL,
            finished_at TIMESTAMP
        )
        """
    )


@migration(31, "llm_calls.cost: the cost of a call where it is known")
def _m031_llm_call_cost(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("ALTER TABLE llm_calls ADD COLUMN cost DOUBLE")
