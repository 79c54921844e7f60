"""Batches on worker processes (`BatchOptions(processes=N)`): the same claims as in one
process, one writer, resume without duplicates, a dead worker fails only its articles,
one token budget for all workers. Real spawned processes and a real DuckDB file."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from extraction.pipeline import BatchOptions, run_batch
from extraction.pipeline.processes import main_module_hidden
from extraction.store.connection import Store
from tests.pipeline.fakes import BudgetedEngine, ExitingEngine, ScriptedEngine, make_article

TEXTS = [
    f"Officials said {n} people were evacuated on day {n}.\nA second line {n}." for n in range(24)
]
CLAIMS_SQL = (
    "SELECT article_id, idx, statement, evidence, evidence_start, evidence_end,"
    " alignment_status, certainty FROM claims ORDER BY article_id, idx"
)


def _rows(store: Store, sql: str) -> list[tuple[object, ...]]:
    with store.connect(read_only=True) as con:
        return con.execute(sql).fetchall()


def _count(store: Store, sql: str) -> int:
    return int(_rows(store, sql)[0][0])  # type: ignore[call-overload]


def test_worker_processes_store_the_same_claims_as_one_process(tmp_path: Path) -> None:
    articles = [make_article(t) for t in TEXTS]
    one = Store(tmp_path / "one.duckdb")
    run_batch(one, ScriptedEngine(), articles)
    many = Store(tmp_path / "many.duckdb")
    summary = run_batch(
        many,
        ScriptedEngine(),
        articles,
        BatchOptions(processes=2, concurrency=4),
        engine_factory=ScriptedEngine,
    )
    assert summary.totals.n_articles == len(TEXTS) and not summary.failed
    assert _rows(many, CLAIMS_SQL) == _rows(one, CLAIMS_SQL)
    assert len(_rows(many, CLAIMS_SQL)) == 2 * len(TEXTS)
    assert _count(many, "SELECT count(*) FROM runs WHERE status = 'done'") == 1
    assert _count(many, "SELECT count(*) FROM article_leases") == 0  # released at the end


def test_a_dead_worker_fails_its_articles_with_a_clear_line_and_the_next_run_resumes(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "claims.duckdb")
    articles = [make_article(t) for t in TEXTS]
    doomed = TEXTS[5]
    crashing = functools.partial(ExitingEngine, frozenset({doomed}))
    summary = run_batch(
        store,
        ScriptedEngine(),
        articles,
        BatchOptions(processes=2, concurrency=2),
        engine_factory=crashing,
    )
    assert summary.failed
    failed = {error["article"] for error in summary.totals.errors}
    assert make_article(doomed).id in failed
    assert all("worker process died" in error["error"] for error in summary.totals.errors)
    assert summary.totals.n_articles + summary.totals.n_failed == len(TEXTS)
    assert summary.totals.n_failed == 1  # only the article that kills its worker
    done_first = _count(store, "SELECT count(*) FROM extractions WHERE status = 'done'")
    assert _count(store, "SELECT count(*) FROM claims") == 2 * done_first

    resumed = run_batch(
        store, ScriptedEngine(), articles, BatchOptions(processes=2), engine_factory=ScriptedEngine
    )
    assert resumed.totals.n_skipped == done_first
    assert resumed.totals.n_articles == len(TEXTS) - done_first
    assert _count(store, "SELECT count(DISTINCT article_id) FROM claims") == len(TEXTS)
    assert _count(store, "SELECT count(*) FROM claims") == 2 * len(TEXTS)
    duplicates = (
        "SELECT count(*) FROM (SELECT article_id FROM extractions WHERE status = 'done'"
        " GROUP BY article_id, run_key HAVING count(*) > 1)"
    )
    assert _count(store, duplicates) == 0


def test_one_token_budget_binds_every_worker(tmp_path: Path) -> None:
    store = Store(tmp_path / "claims.duckdb")
    articles = [make_article(t) for t in TEXTS]
    summary = run_batch(
        store,
        BudgetedEngine(),
        articles,
        BatchOptions(processes=2, concurrency=4, max_tokens=1000),
        engine_factory=BudgetedEngine,
    )
    assert summary.stopped_by_budget
    assert summary.totals.n_articles == 10  # 100 tokens each, checked before each article
    assert summary.totals.n_failed == 0
    rest = run_batch(store, ScriptedEngine(), articles)
    assert rest.totals.n_articles == len(TEXTS) - 10


def test_processes_need_an_engine_factory(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="engine_factory"):
        run_batch(Store(tmp_path / "c.duckdb"), ScriptedEngine(), [], BatchOptions(processes=2))


def test_main_module_hidden_restores_the_main_module() -> None:
    import sys

    main = sys.modules["__main__"]
    before = getattr(main, "__file__", None)
    with main_module_hidden():
        pass
    assert getattr(main, "__file__", None) == before
