"""Loading a run's Parquet results (`load_run_dir`, `claimdesk load`): the rows a local
run writes, one transaction, idempotent, no second extraction under a run key. Real
Parquet files (pyarrow) and a real DuckDB file; the outcomes come from the same code
the Ray actors run (`extract_outcomes`)."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from extraction.cli import app
from extraction.pipeline import run_batch
from extraction.pipeline.batch import run_info_for
from extraction.pipeline.load import (
    OUTCOMES,
    RunDirError,
    identity_columns,
    load_run_dir,
    outcome_row,
    write_manifest,
)
from extraction.pipeline.outcomes import extract_outcomes
from extraction.store.connection import Store
from extraction.store.records import new_id, utcnow
from tests.pipeline.fakes import ScriptedEngine, make_article

TEXTS = [f"Officials said {n} people left on day {n}.\nA second line {n}." for n in range(5)]
CLAIMS = (
    "SELECT article_id, idx, statement, evidence, evidence_start, evidence_end,"
    " alignment_status FROM claims ORDER BY article_id, idx"
)


def _rows(store: Store, sql: str) -> list[tuple[object, ...]]:
    with store.connect(read_only=True) as con:
        return con.execute(sql).fetchall()


def _run_dir(directory: Path, texts: list[str], fail_on: set[str] | None = None) -> str:
    """A run directory as a Ray job writes it (two Parquet files)."""
    engine = ScriptedEngine(fail_on=fail_on)
    info = run_info_for(engine)
    run_id = new_id()
    identity = identity_columns(run_id, info)
    started = utcnow()
    outcomes = extract_outcomes(engine, [make_article(t) for t in texts])
    (directory / OUTCOMES).mkdir(parents=True)
    for part, chunk in enumerate((outcomes[:2], outcomes[2:])):
        rows = [outcome_row(outcome, identity) for outcome in chunk]
        pq.write_table(pa.Table.from_pylist(rows), directory / OUTCOMES / f"{part}.parquet")
    write_manifest(
        directory, run_id, info, started_at=started, finished_at=utcnow(), force=False,
        input_errors=["bad.jsonl: line 3: not JSON"],
    )  # fmt: skip
    return run_id


def test_loading_stores_what_a_local_run_stores_once(tmp_path: Path) -> None:
    local = Store(tmp_path / "local.duckdb")
    run_batch(local, ScriptedEngine(), [make_article(t) for t in TEXTS])
    loaded = Store(tmp_path / "loaded.duckdb")
    run_id = _run_dir(tmp_path / "out", TEXTS)
    summary = load_run_dir(loaded, tmp_path / "out")
    assert summary.run_id == run_id and not summary.already_loaded
    assert summary.totals.n_articles == 5 and summary.totals.n_claims == 10
    assert summary.failed  # the input error in the manifest
    assert _rows(loaded, CLAIMS) == _rows(local, CLAIMS)
    assert _rows(loaded, "SELECT id, status, n_articles FROM runs") == [(run_id, "done", 5)]

    again = load_run_dir(loaded, tmp_path / "out")
    assert again.already_loaded
    assert _rows(loaded, "SELECT count(*) FROM claims") == [(10,)]
    assert _rows(loaded, "SELECT count(*) FROM runs") == [(1,)]


def test_articles_done_under_the_run_key_are_skipped_and_failures_recorded(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "claims.duckdb")
    run_batch(store, ScriptedEngine(), [make_article(TEXTS[0])])
    _run_dir(tmp_path / "out", TEXTS, fail_on={TEXTS[4]})
    summary = load_run_dir(store, tmp_path / "out")
    assert summary.totals.n_skipped == 1
    assert summary.totals.n_articles == 3 and summary.totals.n_failed == 1
    duplicates = (
        "SELECT count(*) FROM (SELECT article_id FROM extractions WHERE status = 'done'"
        " GROUP BY article_id, run_key HAVING count(*) > 1)"
    )
    assert _rows(store, duplicates) == [(0,)]
    assert _rows(store, "SELECT count(*) FROM extractions WHERE status = 'failed'") == [(1,)]


def test_a_directory_that_is_not_a_run_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(RunDirError, match=r"no run\.json"):
        load_run_dir(Store(tmp_path / "c.duckdb"), tmp_path / "empty")
    result = CliRunner().invoke(
        app, ["load", str(tmp_path / "empty"), "--db", str(tmp_path / "c.duckdb")]
    )
    assert result.exit_code == 2
    assert "no run.json" in result.output and "Traceback" not in result.output
