"""Queries on extracted claims. Extracted claims are immutable: never updated."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

from extraction.schema import GroundedClaim
from extraction.store.bulk import insert_rows
from extraction.store.records import (
    CLAIM_FIELD_COLUMNS,
    claim_to_columns,
    fetch_dicts,
    new_id,
    utcnow,
)
from extraction.store.runs import RunInfo

CLAIM_COLUMNS = (
    "id",
    "extraction_id",
    "run_id",
    "article_id",
    "idx",
    *CLAIM_FIELD_COLUMNS,
    "evidence_start",
    "evidence_end",
    "alignment_status",
    "alignment_score",
    "engine",
    "model",
    "prompt_version",
    "created_at",
)

_EXTRACTION_COLUMNS = (
    "id",
    "run_id",
    "article_id",
    "run_key",
    "status",
    "n_claims",
    "prompt_tokens",
    "completion_tokens",
    "created_at",
)

#: The claims under review: those of the latest successful extraction of each article,
#: whatever run, engine or prompt produced it (reviews of earlier ones are carried).
REVIEW_SCOPE_SQL = """
    SELECT c.* FROM claims c
    JOIN (
        SELECT id FROM extractions WHERE status = 'done'
        QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY created_at DESC, id) = 1
    ) latest ON latest.id = c.extraction_id
"""

#: The claims of the latest successful extraction of each article per run key.
LATEST_CLAIMS_SQL = """
    SELECT c.* FROM claims c
    JOIN (
        SELECT id FROM (
            SELECT id, row_number() OVER (
                PARTITION BY article_id, run_key ORDER BY created_at DESC, id
            ) AS rn
            FROM extractions WHERE status = 'done'
        ) WHERE rn = 1
    ) latest ON latest.id = c.extraction_id
"""


@dataclass(frozen=True)
class ExtractionRecord:
    """One article's successful extraction, ready to be written."""

    run_id: str
    article_id: str
    info: RunInfo
    claims: Sequence[GroundedClaim]
    prompt_tokens: int = 0
    completion_tokens: int = 0


def insert_extraction(con: duckdb.DuckDBPyConnection, record: ExtractionRecord) -> str:
    """Write one article's extraction and all its claims; the caller holds the transaction."""
    return insert_extractions(con, [record])[0]


@dataclass(frozen=True)
class WrittenExtraction:
    """What `write_extractions` stored for one article: ids of the extraction and claims."""

    extraction_id: str
    article_id: str
    claim_ids: list[str]


def insert_extractions(
    con: duckdb.DuckDBPyConnection, records: Sequence[ExtractionRecord]
) -> list[str]:
    """Write several articles' extractions and their claims in two statements; return the
    extraction ids. The caller holds the transaction."""
    return [written.extraction_id for written in write_extractions(con, records)]


def write_extractions(
    con: duckdb.DuckDBPyConnection, records: Sequence[ExtractionRecord]
) -> list[WrittenExtraction]:
    """Write several articles' extractions and their claims in two statements; return what
    was written (ids), one per record. The caller holds the transaction."""
    extraction_rows: list[list[Any]] = []
    claim_rows: list[list[Any]] = []
    written: list[WrittenExtraction] = []
    for record in records:
        extraction_id = new_id()
        now = utcnow()
        extraction_rows.append(
            [
                extraction_id,
                record.run_id,
                record.article_id,
                record.info.run_key,
                "done",
                len(record.claims),
                record.prompt_tokens,
                record.completion_tokens,
                now,
            ]
        )
        rows = [
            _claim_row(record, extraction_id, index, grounded, now)
            for index, grounded in enumerate(record.claims)
        ]
        claim_rows.extend(rows)
        written.append(
            WrittenExtraction(extraction_id, record.article_id, [str(row[0]) for row in rows])
        )
    insert_rows(con, "extractions", _EXTRACTION_COLUMNS, extraction_rows)
    insert_rows(con, "claims", CLAIM_COLUMNS, claim_rows)
    return written


def _claim_row(
    record: ExtractionRecord,
    extraction_id: str,
    index: int,
    grounded: GroundedClaim,
    now: Any,
) -> list[Any]:
    columns = claim_to_columns(grounded.claim)
    grounding = grounded.grounding
    values: dict[str, Any] = {
        "id": new_id(),
        "extraction_id": extraction_id,
        "run_id": record.run_id,
        "article_id": record.article_id,
        "idx": index,
        **columns,
        "evidence_start": grounding.start,
        "evidence_end": grounding.end,
        "alignment_status": grounding.status.value,
        "alignment_score": grounding.score,
        "engine": record.info.engine,
        "model": record.info.model,
        "prompt_version": record.info.prompt_version,
        "created_at": now,
    }
    return [values[name] for name in CLAIM_COLUMNS]


@dataclass(frozen=True)
class ClaimFilter:
    """Filters for listing claims; None means no filter."""

    article_id: str | None = None
    engine: str | None = None
    claimant: str | None = None
    certainty: str | None = None
    ungrounded_only: bool = False
    run_id: str | None = None
    latest_only: bool = True


def list_claims(
    con: duckdb.DuckDBPyConnection, filters: ClaimFilter | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """Claims with their article's title and publication, filtered, in article order."""
    chosen = filters or ClaimFilter()
    source = f"({LATEST_CLAIMS_SQL})" if chosen.latest_only else "claims"
    where: list[str] = []
    params: list[Any] = []
    for column, value in (
        ("c.article_id", chosen.article_id),
        ("c.engine", chosen.engine),
        ("c.certainty", chosen.certainty),
        ("c.run_id", chosen.run_id),
    ):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if chosen.claimant is not None:
        where.append("lower(c.claimant) LIKE ?")
        params.append(f"%{chosen.claimant.lower()}%")
    if chosen.ungrounded_only:
        where.append("c.alignment_status = 'not_found'")
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    sql = (
        f"SELECT c.*, a.title AS article_title, a.publication AS publication,"
        f" a.published AS published FROM {source} c JOIN articles a ON a.id = c.article_id"
        f" {clause} ORDER BY a.published NULLS LAST, c.article_id, c.created_at, c.idx"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return fetch_dicts(con.execute(sql, params))
