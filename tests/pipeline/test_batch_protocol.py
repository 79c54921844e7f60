"""The pipeline drives engines through `extract_batch` and closes them when done."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest

from extraction.engines.base import BatchItem, EngineError
from extraction.pipeline import BatchOptions, run_batch
from extraction.schema import Article
from extraction.store.connection import Store
from tests.pipeline.fakes import ScriptedEngine, make_article

TEXTS = [f"Officials said {n} people left on day {n}.\nA second line {n}." for n in range(7)]


class BatchingEngine(ScriptedEngine):
    """Records the batches it is handed and whether it was closed."""

    batch_size = 3

    def __init__(self, fail_on: set[str] | None = None) -> None:
        super().__init__(fail_on=fail_on)
        self.batches: list[int] = []
        self.closed = 0

    def extract_batch(self, articles: Sequence[Article]) -> list[BatchItem]:
        self.batches.append(len(articles))
        items: list[BatchItem] = []
        for article in articles:
            try:
                items.append(self.extract(article))
            except EngineError as error:
                items.append(error)
        return items

    def close(self) -> None:
        self.closed += 1


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "claims.duckdb")


def test_articles_go_to_extract_batch_in_the_engines_batch_size(store: Store) -> None:
    engine = BatchingEngine()
    summary = run_batch(store, engine, [make_article(t) for t in TEXTS])
    assert engine.batches == [3, 3, 1]
    assert summary.totals.n_articles == 7 and summary.totals.n_claims == 14
    assert engine.closed == 1


def test_a_failed_item_fails_only_its_article(store: Store) -> None:
    engine = BatchingEngine(fail_on={TEXTS[1]})
    summary = run_batch(store, engine, [make_article(t) for t in TEXTS])
    assert summary.totals.n_failed == 1 and summary.totals.n_articles == 6
    assert "server said no" in summary.totals.errors[0]["error"]


def test_limit_counts_articles_not_batches(store: Store) -> None:
    engine = BatchingEngine()
    summary = run_batch(store, engine, [make_article(t) for t in TEXTS], BatchOptions(limit=4))
    assert sorted(engine.batches) == [1, 3] and summary.totals.n_articles == 4


def test_the_engine_is_closed_even_when_the_batch_is_interrupted(store: Store) -> None:
    engine = BatchingEngine()
    engine.crash_on = {TEXTS[0]}
    with pytest.raises(KeyboardInterrupt):
        run_batch(store, engine, [make_article(t) for t in TEXTS])
    assert engine.closed == 1


def test_an_engine_without_extract_batch_runs_one_by_one(store: Store) -> None:
    engine = ScriptedEngine()
    summary = run_batch(
        store, engine, [make_article(t) for t in TEXTS], BatchOptions(concurrency=3)
    )
    assert summary.totals.n_articles == 7 and sorted(engine.calls) == sorted(
        make_article(t).id for t in TEXTS
    )


def test_a_batching_engine_gets_the_next_batch_while_the_last_is_written(store: Store) -> None:
    both = threading.Barrier(2, timeout=10)
    entered = itertools.count()  # counted on entry: `batches` grows only after the barrier

    class Overlapping(BatchingEngine):
        def extract_batch(self, articles: Sequence[Article]) -> list[BatchItem]:
            if next(entered) < 2:
                both.wait()  # the first two batches must be in flight together
            return super().extract_batch(articles)

    engine = Overlapping()
    summary = run_batch(store, engine, [make_article(t) for t in TEXTS])
    assert summary.totals.n_articles == 7 and sorted(engine.batches) == [1, 3, 3]
