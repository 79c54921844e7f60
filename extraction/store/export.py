"""Export claims with DuckDB's own COPY (CSV, JSON Lines, Parquet)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from extraction.store.claims import LATEST_CLAIMS_SQL

EXPORT_FORMATS = {
    "csv": "FORMAT csv, HEADER true",
    "jsonl": "FORMAT json",
    "parquet": "FORMAT parquet",
}

#: Exported columns: the CLAIMS.md fields, grounding, provenance and article metadata.
EXPORT_SELECT = """
    SELECT c.id AS claim_id, c.article_id, a.title AS article_title, a.publication,
           a.published, a.url, a.source_path,
           c.statement, c.claimant, c.claimant_type, c.via,
           c.quantity_value, c.quantity_unit, c.quantity_qualifier,
           c.claim_date, c.certainty, c.evidence,
           c.evidence_start, c.evidence_end, c.alignment_status, c.alignment_score,
           c.engine, c.model, c.prompt_version, c.run_id, c.created_at
    FROM ({source}) c JOIN articles a ON a.id = c.article_id
    ORDER BY a.published NULLS LAST, c.article_id, c.idx
"""


def export_claims(
    con: duckdb.DuckDBPyConnection, path: Path, fmt: str, *, all_runs: bool = False
) -> int:
    """Write claims (latest extraction per article and engine, or all) to `path`; return rows."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(
            f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}"
        )
    source = "SELECT * FROM claims" if all_runs else LATEST_CLAIMS_SQL
    query = EXPORT_SELECT.format(source=source)
    target = str(path).replace("'", "''")
    con.execute(f"COPY ({query}) TO '{target}' ({EXPORT_FORMATS[fmt]})")
    row = con.execute(f"SELECT count(*) FROM ({query})").fetchone()
    return int(row[0]) if row else 0
