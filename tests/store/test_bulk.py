"""Bulk inserts: many rows per statement, same rows as one statement per row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from extraction.schema import AlignmentStatus, Article, Claim, GroundedClaim, Grounding, LLMCall
from extraction.store.articles import insert_new_articles, list_articles, upsert_article
from extraction.store.bulk import insert_rows
from extraction.store.claims import ExtractionRecord, insert_extractions, list_claims
from extraction.store.connection import Store
from extraction.store.llm_calls import insert_llm_call_groups, list_llm_calls, parsed_cache_keys
from extraction.store.runs import RunInfo, record_failures


@pytest.fixture()
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    store = Store(tmp_path / "bulk.duckdb")
    store.ensure_schema()
    connection = duckdb.connect(str(store.path))
    yield connection
    connection.close()


def _article(text: str) -> Article:
    return Article(id=Article.id_for_text(text), text=text)


def test_insert_rows_casts_types_and_counts_rows(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE TABLE t (id VARCHAR PRIMARY KEY, n INTEGER, day DATE, note VARCHAR)")
    rows: list[list[Any]] = [["a", 1, dt.date(2024, 10, 17), None], ["b", None, None, None]]
    assert insert_rows(con, "t", ("id", "n", "day", "note"), rows) == 2
    assert con.execute("SELECT * FROM t ORDER BY id").fetchall() == [
        ("a", 1, dt.date(2024, 10, 17), None),
        ("b", None, None, None),
    ]


def test_insert_rows_or_ignore_skips_stored_keys(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE TABLE t (id VARCHAR PRIMARY KEY, n INTEGER)")
    insert_rows(con, "t", ("id", "n"), [["a", 1]])
    assert insert_rows(con, "t", ("id", "n"), [["a", 2], ["b", 3]], or_ignore=True) == 1
    assert con.execute("SELECT id, n FROM t ORDER BY id").fetchall() == [("a", 1), ("b", 3)]
    assert insert_rows(con, "t", ("id", "n"), []) == 0


def test_new_articles_are_stored_once_in_the_given_order(con: duckdb.DuckDBPyConnection) -> None:
    first, second, third = (_article(f"Article number {n}.") for n in (3, 1, 2))
    assert upsert_article(con, second) is True
    assert upsert_article(con, second) is False
    assert insert_new_articles(con, [first, second, third, first]) == 2
    assert [a.id for a in list_articles(con)] == [second.id, first.id, third.id]
    stored = con.execute("SELECT n_chars FROM articles WHERE id = ?", [first.id]).fetchone()
    assert stored == (len(first.text),)


def test_extractions_of_several_articles_keep_their_claims_apart(
    con: duckdb.DuckDBPyConnection,
) -> None:
    info = RunInfo(engine="e", model="m", prompt_version="p", prompt_hash="h")
    articles = [_article("Officials said 40 homes were hit."), _article("Nothing here.")]
    insert_new_articles(con, articles)

    def grounded(text: str) -> GroundedClaim:
        return GroundedClaim(
            claim=Claim(statement=text, evidence=text, claim_date=dt.date(2024, 10, 18)),
            grounding=Grounding(start=0, end=len(text), status=AlignmentStatus.exact, score=100),
        )

    records = [
        ExtractionRecord("run", articles[0].id, info, [grounded(articles[0].text)] * 2, 5, 7),
        ExtractionRecord("run", articles[1].id, info, []),
    ]
    ids = insert_extractions(con, records)
    assert len(set(ids)) == 2
    rows = con.execute(
        "SELECT id, article_id, status, n_claims, prompt_tokens, completion_tokens FROM extractions"
        " ORDER BY n_claims DESC"
    ).fetchall()
    assert rows == [
        (ids[0], articles[0].id, "done", 2, 5, 7),
        (ids[1], articles[1].id, "done", 0, 0, 0),
    ]
    claims = list_claims(con)
    assert [(c["extraction_id"], c["idx"], c["alignment_status"]) for c in claims] == [
        (ids[0], 0, "exact"),
        (ids[0], 1, "exact"),
    ]
    assert claims[0]["claim_date"] == dt.date(2024, 10, 18)


def test_call_groups_and_failures_are_written_per_article(con: duckdb.DuckDBPyConnection) -> None:
    calls = [LLMCall(attempt=1, cache_key="k1", response="{}", parsed=True), LLMCall(attempt=2)]
    insert_llm_call_groups(con, "run", [("a1", calls), ("a2", []), ("a3", [LLMCall(error="x")])])
    logged = list_llm_calls(con, "run")
    assert [(c["article_id"], c["attempt"]) for c in logged] == [("a1", 1), ("a1", 2), ("a3", 1)]
    assert parsed_cache_keys(con) == {"k1"}
    record_failures(con, "run", "key", [("a3", "HTTP 500"), ("a4", "timeout")])
    failed = con.execute(
        "SELECT article_id, error FROM extractions WHERE status = 'failed' ORDER BY article_id"
    ).fetchall()
    assert failed == [("a3", "HTTP 500"), ("a4", "timeout")]
