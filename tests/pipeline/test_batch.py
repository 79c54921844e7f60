"""Batch extraction: one transaction per article, resume without duplicates, failures recorded."""

from __future__ import annotations

from pathlib import Path

import pytest

from extraction.pipeline import BatchOptions, run_batch
from extraction.store.connection import Store
from tests.pipeline.fakes import ScriptedEngine, make_article

TEXTS = [
    f"Officials said {n} people were evacuated on day {n}.\nA second line {n}." for n in range(6)
]


def _count(store: Store, sql: str) -> int:
    with store.connect(read_only=True) as con:
        row = con.execute(sql).fetchone()
    assert row is not None
    return int(row[0])


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "claims.duckdb")


def test_batch_stores_articles_claims_and_a_finished_run(store: Store) -> None:
    summary = run_batch(store, ScriptedEngine(), [make_article(t) for t in TEXTS])
    assert summary.totals.n_articles == 6
    assert summary.totals.n_claims == 12
    assert summary.totals.n_ungrounded == 0
    assert not summary.failed
    assert _count(store, "SELECT count(*) FROM articles") == 6
    assert _count(store, "SELECT count(*) FROM claims WHERE alignment_status = 'exact'") == 12
    assert _count(store, "SELECT count(*) FROM runs WHERE status = 'done' AND n_claims = 12") == 1


def test_rerunning_the_same_batch_adds_nothing(store: Store) -> None:
    run_batch(store, ScriptedEngine(), [make_article(t) for t in TEXTS])
    engine = ScriptedEngine()
    summary = run_batch(store, engine, [make_article(t) for t in TEXTS])
    assert engine.calls == []
    assert summary.totals.n_skipped == 6
    assert _count(store, "SELECT count(*) FROM claims") == 12
    assert _count(store, "SELECT count(*) FROM articles") == 6


def test_the_same_article_twice_in_one_batch_is_extracted_once(store: Store) -> None:
    engine = ScriptedEngine()
    run_batch(store, engine, [make_article(TEXTS[0]), make_article(TEXTS[0])])
    assert len(engine.calls) == 1
    assert _count(store, "SELECT count(*) FROM claims") == 2


def test_force_reextracts_and_keeps_the_original_claims(store: Store) -> None:
    run_batch(store, ScriptedEngine(), [make_article(TEXTS[0])])
    run_batch(store, ScriptedEngine(), [make_article(TEXTS[0])], BatchOptions(force=True))
    assert _count(store, "SELECT count(*) FROM claims") == 4
    assert _count(store, "SELECT count(DISTINCT extraction_id) FROM claims") == 2


def test_a_failed_article_is_recorded_and_the_batch_goes_on(store: Store) -> None:
    engine = ScriptedEngine(fail_on={TEXTS[2]})
    summary = run_batch(store, engine, [make_article(t) for t in TEXTS])
    assert summary.failed
    assert summary.totals.n_failed == 1
    assert summary.totals.n_articles == 5
    assert _count(store, "SELECT count(*) FROM extractions WHERE status = 'failed'") == 1
    assert _count(store, "SELECT count(*) FROM llm_calls WHERE error = 'HTTP 500'") == 1
    # the failed article is retried by the next run, the others are skipped
    retry = ScriptedEngine()
    again = run_batch(store, retry, [make_article(t) for t in TEXTS])
    assert retry.calls == [make_article(TEXTS[2]).id]
    assert again.totals.n_articles == 1 and again.totals.n_skipped == 5


def test_input_errors_are_counted_without_stopping_the_batch(store: Store) -> None:
    items = [make_article(TEXTS[0]), "bad.bin: binary file, not text", make_article(TEXTS[1])]
    summary = run_batch(store, ScriptedEngine(), items)
    assert summary.input_errors == ["bad.bin: binary file, not text"]
    assert summary.failed
    assert summary.totals.n_articles == 2


def test_a_crash_mid_batch_leaves_no_partial_article_and_resume_completes(store: Store) -> None:
    engine = ScriptedEngine(crash_on={TEXTS[3]})
    with pytest.raises(KeyboardInterrupt):
        run_batch(store, engine, [make_article(t) for t in TEXTS])
    done_before = _count(store, "SELECT count(*) FROM extractions WHERE status = 'done'")
    assert done_before == 3
    # every stored article has all of its claims
    assert _count(store, "SELECT count(*) FROM claims") == 2 * done_before
    assert _count(store, "SELECT count(*) FROM runs WHERE status = 'interrupted'") == 1

    resumed = ScriptedEngine()
    summary = run_batch(store, resumed, [make_article(t) for t in TEXTS])
    assert summary.totals.n_skipped == 3
    assert len(resumed.calls) == 3
    assert _count(store, "SELECT count(*) FROM claims") == 12
    assert _count(store, "SELECT count(DISTINCT article_id) FROM claims") == 6


def test_a_write_that_fails_mid_article_rolls_the_whole_article_back(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import extraction.pipeline.writer as writer

    real_insert = writer.write_extractions
    second = make_article(TEXTS[1]).id

    def flaky_insert(con, records):  # type: ignore[no-untyped-def]
        extraction_ids = real_insert(con, records)
        if any(record.article_id == second for record in records):
            raise OSError("disk full")
        return extraction_ids

    monkeypatch.setattr(writer, "write_extractions", flaky_insert)
    with pytest.raises(OSError):
        run_batch(store, ScriptedEngine(), [make_article(t) for t in TEXTS[:3]])
    assert _count(store, "SELECT count(*) FROM extractions") == 1
    assert _count(store, "SELECT count(*) FROM claims") == 2
    assert _count(store, "SELECT count(*) FROM articles") == 1


def test_concurrency_writes_every_article_once(store: Store) -> None:
    texts = [f"Line {n} of a report on {n} homes.\nAnother line {n}." for n in range(40)]
    summary = run_batch(
        store, ScriptedEngine(), [make_article(t) for t in texts], BatchOptions(concurrency=8)
    )
    assert summary.totals.n_articles == 40
    assert _count(store, "SELECT count(*) FROM claims") == 80
    assert (
        _count(
            store,
            "SELECT count(*) FROM (SELECT article_id FROM extractions"
            " GROUP BY article_id HAVING count(*) > 1)",
        )
        == 0
    )


def test_limit_extracts_at_most_n_articles(store: Store) -> None:
    summary = run_batch(
        store, ScriptedEngine(), [make_article(t) for t in TEXTS], BatchOptions(limit=2)
    )
    assert summary.totals.n_articles == 2


def test_token_budget_stops_cleanly_and_leaves_the_rest_pending(store: Store) -> None:
    engine = ScriptedEngine(tokens=50)
    summary = run_batch(
        store, engine, [make_article(t) for t in TEXTS], BatchOptions(max_tokens=250)
    )
    assert summary.stopped_by_budget
    assert summary.totals.n_articles == 3  # 100 tokens each: stops once 300 >= 250
    assert _count(store, "SELECT count(*) FROM runs WHERE status = 'stopped_budget'") == 1
    rest = run_batch(store, ScriptedEngine(), [make_article(t) for t in TEXTS])
    assert rest.totals.n_articles == 3 and rest.totals.n_skipped == 3
