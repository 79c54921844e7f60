"""Queries on reviews: append-only decisions, each claim's current state, the review queue.

A review row is never updated or deleted. A claim's current state is its latest review
(highest `version`) or, before any review, its extraction. The claims under review are
those of the latest successful extraction of each article, whatever run, engine or prompt
produced it (`REVIEW_SCOPE_SQL`), plus the claims reviewers added (the first review of
such a claim has action 'add'), plus *superseded* ones: claims of an earlier extraction
whose latest review decided something and was not carried to a claim of the newer
extraction (`extraction.store.carry`); they keep their decision and are flagged
`superseded`, so no review is ever hidden. `before` and
`after` hold the claim as JSON in the CLAIMS.md shape plus its grounding
(`claim_payload`); `after` is the claim's value once the review is applied.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import duckdb

from extraction.schema import Claim, Grounding
from extraction.store.claims import REVIEW_SCOPE_SQL
from extraction.store.records import CLAIM_FIELD_COLUMNS, fetch_dicts, new_id, utcnow

#: The status a claim has after each review action; a claim without reviews is pending.
STATUS_BY_ACTION: dict[str, str] = {
    "accept": "accepted",
    "correct": "corrected",
    "reject": "rejected",
    "add": "added",
    "reopen": "pending",
}
STATUSES: tuple[str, ...] = ("pending", "accepted", "corrected", "rejected", "added")

#: The columns of one claim's current state, in the order queries return them.
STATE_COLUMNS: tuple[str, ...] = (
    "claim_id",
    "article_id",
    "idx",
    "added",
    "superseded",
    "engine",
    "model",
    "prompt_version",
    "run_id",
    "extracted_at",
    "article_title",
    "publication",
    "published",
    *CLAIM_FIELD_COLUMNS,
    "evidence_start",
    "evidence_end",
    "alignment_status",
    "alignment_score",
    "review_id",
    "version",
    "action",
    "status",
    "reviewer",
    "reviewed_at",
    "reason",
)

# How `claim_payload` JSON is read back: one struct per review row, parsed once.
_PAYLOAD_TYPE = json.dumps(
    {
        "statement": "VARCHAR",
        "claimant": "VARCHAR",
        "claimant_type": "VARCHAR",
        "via": "VARCHAR",
        "quantity": {"value": "DOUBLE", "unit": "VARCHAR", "qualifier": "VARCHAR"},
        "claim_date": "DATE",
        "certainty": "VARCHAR",
        "evidence": "VARCHAR",
        "grounding": {"start": "INTEGER", "end": "INTEGER", "status": "VARCHAR", "score": "DOUBLE"},
    }
)

# (output column, column of an extracted claim, field of a review's parsed `after`)
_VALUE_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("statement", "c.statement", "statement"),
    ("claimant", "c.claimant", "claimant"),
    ("claimant_type", "c.claimant_type", "claimant_type"),
    ("via", "c.via", "via"),
    ("quantity_value", "c.quantity_value", "quantity.value"),
    ("quantity_unit", "c.quantity_unit", "quantity.unit"),
    ("quantity_qualifier", "c.quantity_qualifier", "quantity.qualifier"),
    ("claim_date", "c.claim_date", "claim_date"),
    ("certainty", "c.certainty", "certainty"),
    ("evidence", "c.evidence", "evidence"),
    ("evidence_start", "c.evidence_start", "grounding.start"),
    ("evidence_end", "c.evidence_end", "grounding.end"),
    ("alignment_status", "c.alignment_status", "grounding.status"),
    ("alignment_score", "c.alignment_score", "grounding.score"),
)


def _status_case(action: str) -> str:
    whens = " ".join(
        f"WHEN {action} = '{name}' THEN '{status}'" for name, status in STATUS_BY_ACTION.items()
    )
    return f"CASE WHEN {action} IS NULL THEN 'pending' {whens} END"


def _state_sql(one_article: bool = False) -> str:
    """Every claim under review with its current values and review status (one row each).

    `one_article`: only the claims of the article `$article_id` (a named parameter), each
    table read filtered on it, so that one article's state does not cost the whole
    database's."""

    def here(alias: str = "") -> str:
        return f"{alias}article_id = $article_id" if one_article else "TRUE"

    scope_sql = REVIEW_SCOPE_SQL
    if one_article:
        scope_sql = (
            scope_sql.replace(
                "WHERE status = 'done'", "WHERE status = 'done' AND article_id = $article_id"
            )
            + " WHERE c.article_id = $article_id"
        )
    values = ",\n".join(
        f"CASE WHEN h.id IS NULL THEN {column} ELSE h.v.{field} END AS {name}"
        for name, column, field in _VALUE_COLUMNS
    )
    extracted = ", ".join(f"{column} AS {name}" for name, column, _ in _VALUE_COLUMNS)
    added_nulls = ", ".join(f"NULL AS {name}" for name, _, _ in _VALUE_COLUMNS)
    return f"""
    WITH heads AS (
        SELECT id, claim_id, version, action, reviewer, reason, created_at,
               json_transform(after, '{_PAYLOAD_TYPE}') AS v
        FROM reviews WHERE {here()}
        QUALIFY row_number() OVER (PARTITION BY claim_id ORDER BY version DESC) = 1
    ),
    latest AS (SELECT * FROM ({scope_sql})),
    scope AS (
        SELECT c.id AS claim_id, c.article_id, c.idx, FALSE AS added, FALSE AS superseded,
               c.engine, c.model, c.prompt_version, c.run_id, c.created_at AS extracted_at,
               {extracted}
        FROM latest c
        UNION ALL
        SELECT c.id, c.article_id, c.idx, FALSE, TRUE, c.engine, c.model, c.prompt_version,
               c.run_id, c.created_at, {extracted}
        FROM claims c JOIN heads h ON h.claim_id = c.id
        WHERE h.action <> 'reopen' AND {here("c.")}
          AND c.id NOT IN (SELECT id FROM latest)
          AND c.id NOT IN (SELECT from_claim_id FROM claim_carries)
        UNION ALL
        SELECT r.claim_id, r.article_id, NULL, TRUE, FALSE, NULL, NULL, NULL, NULL,
               r.created_at, {added_nulls}
        FROM reviews r WHERE r.action = 'add' AND r.version = 1 AND {here("r.")}
    )
    SELECT c.claim_id, c.article_id, c.idx, c.added, c.superseded, c.engine, c.model,
           c.prompt_version, c.run_id, c.extracted_at, a.title AS article_title,
           a.publication, a.published,
           {values},
           h.id AS review_id, coalesce(h.version, 0) AS version, h.action,
           {_status_case("h.action")} AS status,
           h.reviewer, h.created_at AS reviewed_at, h.reason
    FROM scope c
    JOIN articles a ON a.id = c.article_id
    LEFT JOIN heads h ON h.claim_id = c.claim_id
    """


STATE_SQL = _state_sql()
#: STATE_SQL for the claims of one article (named parameter `$article_id`).
ARTICLE_STATE_SQL = _state_sql(one_article=True)

#: A claim's place in the queue: articles by date, claims in reading order (never null).
QUEUE_KEY = (
    "coalesce(published, DATE '9999-12-31'), article_id,"
    " coalesce(evidence_start, 2147483647), coalesce(idx, 2147483647), claim_id"
)
#: Queue order: pending claims first, then by QUEUE_KEY.
QUEUE_ORDER = f"(status <> 'pending'), {QUEUE_KEY}"


def claim_payload(claim: Claim, grounding: Grounding) -> str:
    """The JSON a review stores for a claim: CLAIMS.md fields plus where its evidence lies."""
    data = claim.model_dump(mode="json")
    data["grounding"] = grounding.model_dump(mode="json")
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class NewReview:
    """One review row to append. `version` is the claim's state version it creates."""

    claim_id: str
    article_id: str
    reviewer: str
    action: str
    version: int
    before: str | None = None
    after: str | None = None
    reason: str | None = None
    based_on: str | None = None


def insert_review(con: duckdb.DuckDBPyConnection, review: NewReview) -> str:
    """Append a review row and return its id; a second row with the same (claim, version)
    fails at commit (two saves based on the same state)."""
    if review.action not in STATUS_BY_ACTION:
        raise ValueError(f"unknown review action {review.action!r}")
    review_id = new_id()
    con.execute(
        "INSERT INTO reviews (id, claim_id, article_id, reviewer, action, before, after, reason,"
        " based_on, created_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            review_id,
            review.claim_id,
            review.article_id,
            review.reviewer,
            review.action,
            review.before,
            review.after,
            review.reason,
            review.based_on,
            utcnow(),
            review.version,
        ],
    )
    return review_id


def is_version_collision(error: Exception) -> bool:
    """True when writing a review failed on a duplicate key: another review took the same
    (claim, version) first (review ids are random, so that is the only key that repeats)."""
    message = str(error).lower()
    return "duplicate key" in message or "unique constraint" in message


def claim_state(con: duckdb.DuckDBPyConnection, claim_id: str) -> dict[str, Any] | None:
    """The current state of one claim under review, or None (its article's state only)."""
    found = con.execute(
        "SELECT article_id FROM claims WHERE id = $claim_id UNION ALL"
        " SELECT article_id FROM reviews WHERE claim_id = $claim_id AND action = 'add'"
        " LIMIT 1",
        {"claim_id": claim_id},
    ).fetchone()
    if found is None:
        return None
    cursor = con.execute(
        f"SELECT * FROM ({ARTICLE_STATE_SQL}) WHERE claim_id = $claim_id",
        {"article_id": found[0], "claim_id": claim_id},
    )
    rows = fetch_dicts(cursor)
    return rows[0] if rows else None


def article_states(con: duckdb.DuckDBPyConnection, article_id: str) -> list[dict[str, Any]]:
    """The current state of every claim of one article, in reading order."""
    cursor = con.execute(
        f"SELECT * FROM ({ARTICLE_STATE_SQL}) ORDER BY {QUEUE_KEY}", {"article_id": article_id}
    )
    return fetch_dicts(cursor)


def reviewed_states(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The current state of every reviewed claim (any status but pending), article order."""
    cursor = con.execute(
        f"SELECT * FROM ({STATE_SQL}) WHERE status <> 'pending' ORDER BY {QUEUE_ORDER}"
    )
    return fetch_dicts(cursor)


def complete_article_states(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Current states of the claims of the articles none of whose claims is pending, in
    article and reading order."""
    cursor = con.execute(
        f"""
        WITH state AS ({STATE_SQL}),
        complete AS (
            SELECT article_id FROM state GROUP BY article_id
            HAVING count(*) FILTER (WHERE status = 'pending') = 0
        )
        SELECT state.* FROM state JOIN complete USING (article_id) ORDER BY {QUEUE_KEY}
        """
    )
    return fetch_dicts(cursor)


def claim_history(con: duckdb.DuckDBPyConnection, claim_id: str) -> list[dict[str, Any]]:
    """Every review row of a claim, oldest first; `carried_from` names the superseded claim
    a review was carried from after a re-extraction (None for a reviewer's own)."""
    cursor = con.execute(
        "SELECT r.id, r.claim_id, r.article_id, r.reviewer, r.action, r.before, r.after,"
        " r.reason, r.based_on, r.version, r.created_at, x.from_claim_id AS carried_from"
        " FROM reviews r LEFT JOIN claim_carries x ON x.review_id = r.id"
        " WHERE r.claim_id = ? ORDER BY r.version",
        [claim_id],
    )
    return fetch_dicts(cursor)


def original_claim(con: duckdb.DuckDBPyConnection, claim_id: str) -> dict[str, Any] | None:
    """The extracted claim row as the engine produced it (None for claims reviewers added)."""
    rows = fetch_dicts(con.execute("SELECT * FROM claims WHERE id = ?", [claim_id]))
    return rows[0] if rows else None


def recent_reviews(con: duckdb.DuckDBPyConnection, limit: int = 50) -> list[dict[str, Any]]:
    """The latest review rows, newest first, with the claim's statement after each."""
    cursor = con.execute(
        "SELECT r.id, r.claim_id, r.article_id, r.reviewer, r.action, r.reason, r.version,"
        " r.created_at, coalesce(json_extract_string(r.after, '$.statement'), c.statement)"
        " AS statement FROM reviews r LEFT JOIN claims c ON c.id = r.claim_id"
        " ORDER BY r.created_at DESC, r.version DESC LIMIT ?",
        [limit],
    )
    return fetch_dicts(cursor)


@dataclass(frozen=True)
class QueueQuery:
    """Filters and paging of the review queue; None means no filter."""

    status: str | None = None
    article: str | None = None
    publication: str | None = None
    claimant: str | None = None
    engine: str | None = None
    prompt_version: str | None = None
    certainty: str | None = None
    ungrounded_only: bool = False
    limit: int = 50
    offset: int = 0


def _queue_where(query: QueueQuery) -> tuple[str, list[Any]]:
    """WHERE clause of every filter but status, with its parameters."""
    where: list[str] = []
    params: list[Any] = []
    for column, value in (
        ("publication", query.publication),
        ("engine", query.engine),
        ("prompt_version", query.prompt_version),
        ("certainty", query.certainty),
    ):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if query.article:
        where.append("(article_id = ? OR article_title ILIKE ?)")
        params.extend([query.article, f"%{query.article}%"])
    if query.claimant:
        where.append("claimant ILIKE ?")
        params.append(f"%{query.claimant}%")
    if query.ungrounded_only:
        where.append("alignment_status = 'not_found'")
    return (f"WHERE {' AND '.join(where)}" if where else ""), params


def _status_filter(status: str | None) -> tuple[str, list[Any]]:
    if status is None:
        return "TRUE", []
    if status == "reviewed":
        return "status <> 'pending'", []
    return "status = ?", [status]


@dataclass
class QueueResult:
    """One page of the queue plus the counts, facets and reviewer progress beside it."""

    rows: list[dict[str, Any]]
    matching: int
    counts: dict[str, int]
    progress: list[dict[str, Any]]
    facets: dict[str, list[str]]


def queue_page(
    con: duckdb.DuckDBPyConnection, query: QueueQuery, today_start: dt.datetime
) -> QueueResult:
    """One page of the queue, in one query: the rows, the counts per status (all filters but
    status applied), the number matching every filter, reviews per reviewer since
    `today_start` and in total, and the values the select filters offer."""
    where, params = _queue_where(query)
    status_sql, status_params = _status_filter(query.status)
    counts = ", ".join(f"count(*) FILTER (WHERE status = '{s}') AS n_{s}" for s in STATUSES)
    sql = f"""
    WITH state AS MATERIALIZED (SELECT * FROM ({STATE_SQL}) {where}),
    page AS (
        SELECT * FROM state WHERE {status_sql} ORDER BY {QUEUE_ORDER} LIMIT ? OFFSET ?
    ),
    counts AS (
        SELECT {counts}, count(*) FILTER (WHERE {status_sql}) AS n_matching FROM state
    ),
    progress AS (
        SELECT list({{'reviewer': reviewer, 'today': today, 'total': total}}
                    ORDER BY today DESC, total DESC, reviewer) AS progress
        FROM (SELECT reviewer, count(*) FILTER (WHERE created_at >= ?) AS today,
                     count(*) AS total FROM reviews
              WHERE id NOT IN (SELECT review_id FROM claim_carries) GROUP BY reviewer)
    ),
    facets AS (
        SELECT (SELECT list(DISTINCT publication ORDER BY publication) FROM articles
                WHERE publication IS NOT NULL) AS f_publication,
               (SELECT list(DISTINCT engine ORDER BY engine) FROM claims) AS f_engine,
               (SELECT list(DISTINCT prompt_version ORDER BY prompt_version) FROM claims)
                   AS f_prompt_version
    )
    SELECT counts.*, progress.progress, facets.*, page.*
    FROM counts CROSS JOIN progress CROSS JOIN facets LEFT JOIN page ON TRUE
    ORDER BY {QUEUE_ORDER}
    """
    bound = [
        *params,
        *status_params,
        query.limit,
        query.offset,
        *status_params,
        today_start,
    ]
    rows = fetch_dicts(con.execute(sql, bound))
    head = rows[0]
    return QueueResult(
        rows=[_page_row(row) for row in rows if row["claim_id"] is not None],
        matching=int(head["n_matching"]),
        counts={status: int(head[f"n_{status}"]) for status in STATUSES},
        progress=list(head["progress"] or []),
        facets={
            "publication": list(head["f_publication"] or []),
            "engine": list(head["f_engine"] or []),
            "prompt_version": list(head["f_prompt_version"] or []),
        },
    )


def _page_row(row: dict[str, Any]) -> dict[str, Any]:
    return {name: row[name] for name in STATE_COLUMNS}


def next_pending(
    con: duckdb.DuckDBPyConnection, query: QueueQuery, after_claim_id: str | None = None
) -> str | None:
    """The first pending claim after `after_claim_id` in queue order (wrapping around),
    among the claims matching the filters; None when nothing is pending."""
    where, params = _queue_where(query)
    sql = f"""
    WITH state AS MATERIALIZED (SELECT * FROM ({STATE_SQL}) {where}),
    here AS (SELECT row({QUEUE_KEY}) AS place FROM state WHERE claim_id = ?)
    SELECT claim_id FROM state
    WHERE status = 'pending' AND claim_id IS DISTINCT FROM ?
    ORDER BY coalesce(row({QUEUE_KEY}) <= (SELECT place FROM here), FALSE), {QUEUE_KEY}
    LIMIT 1
    """
    row = con.execute(sql, [*params, after_claim_id, after_claim_id]).fetchone()
    return None if row is None else str(row[0])


def search_articles(
    con: duckdb.DuckDBPyConnection, text: str | None = None, limit: int = 20
) -> list[dict[str, Any]]:
    """Articles whose id starts with, or whose title contains, `text` (all when empty),
    newest first: id, title, publication, published."""
    where, params = "", []
    if text and text.strip():
        where = "WHERE id LIKE ? OR title ILIKE ?"
        params = [f"{text.strip()}%", f"%{text.strip()}%"]
    cursor = con.execute(
        f"SELECT id, title, publication, published FROM articles {where}"
        " ORDER BY published DESC NULLS LAST, ingested_at DESC, id LIMIT ?",
        [*params, limit],
    )
    return fetch_dicts(cursor)
