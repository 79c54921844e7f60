"""The batch writer: bursts in one transaction each, in the background, in order; an article
is never stored in part."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import extraction.pipeline.writer as writer
from extraction.pipeline.writer import ArticleOutcome, BatchWriter
from extraction.schema import AlignmentStatus, Claim, GroundedClaim, Grounding
from extraction.store.claims import write_extractions
from extraction.store.connection import Store
from extraction.store.runs import RunInfo, start_run
from tests.pipeline.fakes import make_article

INFO = RunInfo(engine="e", model="m", prompt_version="p", prompt_hash="h")


def _outcome(n: int) -> ArticleOutcome:
    text = f"Officials said {n} homes were damaged."
    claim = Claim(statement=text, evidence=text)
    grounding = Grounding(start=0, end=len(text), status=AlignmentStatus.exact, score=100)
    return ArticleOutcome(
        article=make_article(text), claims=[GroundedClaim(claim=claim, grounding=grounding)] * 2
    )


def _counts(store: Store) -> tuple[int, int, int]:
    with store.connect(read_only=True) as con:
        row = con.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM extractions),"
            " (SELECT count(*) FROM claims)"
        ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1]), int(row[2])


@pytest.fixture()
def store_and_run(tmp_path: Path) -> tuple[Store, str]:
    store = Store(tmp_path / "writer.duckdb")
    with store.transaction() as con:
        run_id = start_run(con, INFO)
    return store, run_id


def test_full_buffers_are_written_and_flush_writes_the_rest(
    store_and_run: tuple[Store, str],
) -> None:
    store, run_id = store_and_run
    batch_writer = BatchWriter(store, run_id, INFO, max_buffer=2, max_delay=3600)
    for n in range(5):
        batch_writer.add(_outcome(n))
    batch_writer.flush()
    assert _counts(store) == (5, 5, 10)


def test_a_failed_burst_keeps_the_articles_it_could_not_write(
    store_and_run: tuple[Store, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, run_id = store_and_run
    broken = {_outcome(1).article.id}

    def flaky_insert(con: Any, records: Any) -> list[str]:
        if any(record.article_id in broken for record in records):
            raise OSError("disk full")
        return write_extractions(con, records)

    monkeypatch.setattr(writer, "write_extractions", flaky_insert)
    batch_writer = BatchWriter(store, run_id, INFO, max_buffer=3, max_delay=3600)
    for n in range(3):
        batch_writer.add(_outcome(n))  # the third starts writing [0, 1, 2] in the background
    batch_writer.add(_outcome(3))
    with pytest.raises(OSError, match="disk full"):
        batch_writer.flush()  # the burst failed; one by one, 0 was stored and 1 failed
    assert _counts(store) == (1, 1, 2)
    broken.clear()  # the disk has room again
    batch_writer.flush()
    assert _counts(store) == (4, 4, 8)
