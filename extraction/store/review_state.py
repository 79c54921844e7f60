"""The current state of every claim under review, as SQL: `STATE_SQL` and its columns.

A claim's current state is its latest review (highest `version`) or, before any review, its
extraction. The claims under review are those of the latest successful extraction of each
article (`REVIEW_SCOPE_SQL`), plus the claims reviewers added, plus *superseded* ones (see
`extraction.store.reviews`). Also the queue order (`QUEUE_KEY`, `QUEUE_ORDER`) and the
status each review action gives a claim.
"""

from __future__ import annotations

import json

from extraction.store.claims import REVIEW_SCOPE_SQL
from extraction.store.records import CLAIM_FIELD_COLUMNS

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
