"""SQL of reviews: append-only rows, versions, current state, the one-query queue page."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest

from extraction.schema import Claim, Grounding, Quantity
from extraction.store.connection import Store
from extraction.store.migrations import migrate
from extraction.store.reviews import (
    STATE_COLUMNS,
    NewReview,
    QueueQuery,
    claim_history,
    claim_payload,
    claim_state,
    insert_review,
    is_version_collision,
    next_pending,
    queue_page,
    search_articles,
)
from tests.review.factories import bulk_fill, seeded_store

MIDNIGHT = dt.datetime(2000, 1, 1)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return seeded_store(tmp_path / "store.duckdb", 2)


def _first_claim(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    page = queue_page(con, QueueQuery(limit=1), MIDNIGHT)
    return page.rows[0]


def _review(row: dict[str, Any], version: int, action: str = "accept", **extra: Any) -> NewReview:
    return NewReview(
        claim_id=row["claim_id"],
        article_id=row["article_id"],
        reviewer="ann",
        action=action,
        version=version,
        **extra,
    )


def test_migration_3_numbers_existing_reviews_and_makes_versions_unique(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    migrate(con, upto=1)
    for review_id, minute in (("r1", 1), ("r2", 2), ("r3", 3)):
        claim = "c2" if review_id == "r3" else "c1"
        con.execute(
            "INSERT INTO reviews (id, claim_id, article_id, reviewer, action, created_at)"
            " VALUES (?, ?, 'a', 'ann', 'accept', ?)",
            [review_id, claim, dt.datetime(2024, 1, 1, 0, minute)],
        )
    con.close()
    Store(path).ensure_schema()
    con = duckdb.connect(str(path))
    rows = con.execute("SELECT id, version FROM reviews ORDER BY id").fetchall()
    assert rows == [("r1", 1), ("r2", 2), ("r3", 1)]
    with pytest.raises(duckdb.ConstraintException):
        con.execute(
            "INSERT INTO reviews (id, claim_id, article_id, reviewer, action, created_at, version)"
            " VALUES ('r4', 'c1', 'a', 'bob', 'reject', now(), 2)"
        )
    con.close()


def test_insert_review_refuses_unknown_actions(store: Store) -> None:
    with store.connect() as con:
        row = _first_claim(con)
        with pytest.raises(ValueError, match="unknown review action"):
            insert_review(con, _review(row, 1, action="delete"))


def test_two_transactions_writing_the_same_version_cannot_both_commit(store: Store) -> None:
    with store.connect() as con:
        row = _first_claim(con)
    first = duckdb.connect(str(store.path))
    second = duckdb.connect(str(store.path))
    try:
        first.begin()
        second.begin()
        insert_review(first, _review(row, 1))
        insert_review(second, _review(row, 1))
        first.commit()
        with pytest.raises(duckdb.Error) as caught:
            second.commit()
        assert is_version_collision(caught.value)
    finally:
        first.close()
        second.close()
    with store.connect() as con:
        assert len(claim_history(con, row["claim_id"])) == 1


def test_the_current_state_reads_the_latest_reviews_after_json(store: Store) -> None:
    with store.connect() as con:
        row = _first_claim(con)
        corrected = Claim(
            statement="A corrected statement.",
            claimant="Kyrylo Budanov",
            claimant_type="intelligence",
            quantity=Quantity(value=10999.5, unit="troops", qualifier="at_least"),
            claim_date=dt.date(2024, 10, 17),
            certainty="hedged",
            evidence=row["evidence"],
        )
        grounding = Grounding(start=row["evidence_start"], end=row["evidence_end"], status="exact")
        insert_review(
            con, _review(row, 1, action="correct", after=claim_payload(corrected, grounding))
        )
        state = claim_state(con, row["claim_id"])
    assert state is not None
    assert tuple(state) == STATE_COLUMNS
    assert state["status"] == "corrected"
    assert state["version"] == 1
    assert state["statement"] == "A corrected statement."
    assert state["claimant_type"] == "intelligence"
    assert state["quantity_value"] == 10999.5
    assert state["quantity_qualifier"] == "at_least"
    assert state["claim_date"] == dt.date(2024, 10, 17)
    assert state["certainty"] == "hedged"
    assert state["evidence_start"] == row["evidence_start"]
    assert state["engine"] == "fixture"


def test_claim_payload_is_the_claims_md_shape_plus_grounding() -> None:
    claim = Claim(statement="abc", evidence="e", quantity=Quantity(value=3, unit="t"))
    payload = json.loads(claim_payload(claim, Grounding(start=1, end=2, status="exact", score=100)))
    assert payload["quantity"] == {"value": 3.0, "unit": "t", "qualifier": "exact"}
    assert payload["grounding"] == {"start": 1, "end": 2, "status": "exact", "score": 100.0}
    assert Claim.model_validate({k: v for k, v in payload.items() if k != "grounding"}) == claim


class CountingConnection:
    """Delegates to a DuckDB connection and counts the statements executed."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.statements = 0

    def execute(self, *args: Any) -> Any:
        self.statements += 1
        return self.con.execute(*args)


def test_a_queue_page_is_one_query_even_when_empty(store: Store) -> None:
    with store.connect() as con:
        counting = CountingConnection(con)
        page = queue_page(counting, QueueQuery(limit=5), MIDNIGHT)  # type: ignore[arg-type]
        assert counting.statements == 1
        assert len(page.rows) == 5
        assert page.counts["pending"] == page.matching == 15
        empty = queue_page(con, QueueQuery(engine="none", limit=5), MIDNIGHT)
    assert empty.rows == []
    assert empty.matching == 0
    assert empty.facets["engine"] == ["fixture"]


def test_a_rejection_counts_and_articles_are_found_by_title_or_id(store: Store) -> None:
    with store.connect() as con:
        row = _first_claim(con)
        insert_review(con, _review(row, 1, action="reject"))
        page = queue_page(con, QueueQuery(), MIDNIGHT)
        assert page.counts == {
            "pending": 14,
            "accepted": 0,
            "corrected": 0,
            "rejected": 1,
            "added": 0,
        }
        everything = search_articles(con, None)
        assert [r["published"] for r in everything] == sorted(
            (r["published"] for r in everything), reverse=True
        )
        euromaidan = [r["id"] for r in everything if r["publication"] == "Euromaidan Press"]
        assert [r["id"] for r in search_articles(con, "EUROMAIDAN press is")] == euromaidan
        assert search_articles(con, row["article_id"][:6])[0]["id"] == row["article_id"]


def test_next_pending_orders_articles_without_a_date_last(tmp_path: Path) -> None:
    from tests.review.factories import FixedExtractor, fill_store, make_article

    undated = make_article("Officials said 10 troops left the base on Monday.", published=None)
    dated = make_article("Officials said 20 troops left the base on Friday.")
    store = fill_store(Store(tmp_path / "d.duckdb"), [undated, dated], FixedExtractor())
    with store.connect() as con:
        first = next_pending(con, QueueQuery())
        assert first is not None
        second = next_pending(con, QueueQuery(), first)
        page = queue_page(con, QueueQuery(), MIDNIGHT)
    assert [r["article_id"] for r in page.rows] == [dated.id, undated.id]
    assert [first, second] == [r["claim_id"] for r in page.rows]


@pytest.mark.slow
def test_the_queue_stays_fast_with_twenty_thousand_claims(tmp_path: Path) -> None:
    store = Store(tmp_path / "big.duckdb")
    assert bulk_fill(store, 2000, 10) == 20000
    with store.connect() as con:
        queue_page(con, QueueQuery(), MIDNIGHT)
        started = time.perf_counter()
        page = queue_page(con, QueueQuery(claimant="official 3", offset=500), MIDNIGHT)
        elapsed = time.perf_counter() - started
    assert page.matching == 4000
    assert len(page.rows) == 50
    assert elapsed < 2.0, f"queue page took {elapsed:.2f} s"
