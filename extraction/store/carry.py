"""Queries that carry reviews across re-extraction (the pairing is `pipeline.carry`'s).

A carried review is a review row appended to the new claim that repeats the old claim's
latest decision, plus a `claim_carries` row linking the two claims. Nothing is updated
or deleted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

from extraction.store.bulk import insert_rows
from extraction.store.records import fetch_dicts, new_id, utcnow

#: The latest review of each extracted claim of the given articles that decided something
#: and has not been carried on yet, with the claim as it was extracted.
_CANDIDATES_SQL = """
    WITH heads AS (
        SELECT * FROM reviews WHERE article_id IN (SELECT unnest(?::VARCHAR[]))
        QUALIFY row_number() OVER (PARTITION BY claim_id ORDER BY version DESC) = 1
    )
    SELECT h.id AS review_id, h.claim_id, h.article_id, h.reviewer, h.action, h.after,
           h.reason, c.statement, c.claimant, c.claimant_type, c.via, c.quantity_value,
           c.quantity_unit, c.quantity_qualifier, c.claim_date, c.certainty, c.evidence,
           c.evidence_start, c.evidence_end
    FROM heads h JOIN claims c ON c.id = h.claim_id
    WHERE h.action <> 'reopen'
      AND NOT EXISTS (SELECT 1 FROM claim_carries x WHERE x.from_claim_id = h.claim_id)
      AND h.claim_id NOT IN (SELECT unnest(?::VARCHAR[]))
    ORDER BY h.article_id, c.evidence_start NULLS LAST, h.claim_id
"""

_REVIEW_COLUMNS = (
    "id",
    "claim_id",
    "article_id",
    "reviewer",
    "action",
    "before",
    "after",
    "reason",
    "based_on",
    "created_at",
    "version",
)
_CARRY_COLUMNS = (
    "from_claim_id",
    "to_claim_id",
    "article_id",
    "review_id",
    "similarity",
    "created_at",
)


def carry_candidates(
    con: duckdb.DuckDBPyConnection, article_ids: Sequence[str], new_claim_ids: Sequence[str]
) -> list[dict[str, Any]]:
    """The reviewed claims of these articles whose decision may be carried: each claim's
    latest review (not a reopen, not yet carried) with the claim as extracted; the claims
    in `new_claim_ids` (just written) are left out."""
    if not article_ids or con.execute("SELECT 1 FROM reviews LIMIT 1").fetchone() is None:
        return []  # nothing reviewed at all: the common case of a batch, answered at once
    return fetch_dicts(con.execute(_CANDIDATES_SQL, [list(article_ids), list(new_claim_ids)]))


@dataclass(frozen=True)
class Carry:
    """One decision carried from a superseded claim to the claim that replaces it."""

    head: dict[str, Any]  # a `carry_candidates` row
    to_claim_id: str
    before: str  # the new claim as extracted (claim payload JSON)
    similarity: float


def insert_carries(con: duckdb.DuckDBPyConnection, carries: Sequence[Carry]) -> int:
    """Append one review row per carry to its new claim (version 1, the old decision's
    action, reviewer, reason and value, `based_on` the old review) and link the claims."""
    now = utcnow()
    reviews: list[list[Any]] = []
    links: list[list[Any]] = []
    for carry in carries:
        head = carry.head
        review_id = new_id()
        reviews.append(
            [
                review_id,
                carry.to_claim_id,
                head["article_id"],
                head["reviewer"],
                head["action"],
                carry.before,
                head["after"],
                head["reason"],
                head["review_id"],
                now,
                1,
            ]
        )
        links.append(
            [
                head["claim_id"],
                carry.to_claim_id,
                head["article_id"],
                review_id,
                round(carry.similarity, 4),
                now,
            ]
        )
    insert_rows(con, "reviews", _REVIEW_COLUMNS, reviews)
    insert_rows(con, "claim_carries", _CARRY_COLUMNS, links)
    return len(links)
