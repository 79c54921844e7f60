"""`claimdesk extract --executor ray` on a local Ray instance (2 CPUs): exactly the
claims of a local run, the run's identity in the Parquet files, `claimdesk load`
idempotent. Real parts: Ray, the rules engine in Ray actors, Parquet, DuckDB, the CLI.
Skipped when the `ray` extra is not installed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner, Result

from extraction.cli import app

ray = pytest.importorskip("ray", reason="the ray extra is not installed")
pytest.importorskip("ray.data", reason="ray[data] is not installed")

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "articles"
CLAIMS = (
    "SELECT article_id, idx, statement, claimant, claimant_type, via, quantity_value,"
    " quantity_unit, quantity_qualifier, claim_date, certainty, evidence, evidence_start,"
    " evidence_end, alignment_status, alignment_score FROM claims ORDER BY article_id, idx"
)


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        _node_ip_address="127.0.0.1",
        log_to_driver=False,
    )
    try:
        yield
    finally:
        ray.shutdown()


def _run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), env={"CLAIMDESK_ENGINE": ""})


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_ray_run_stores_exactly_the_claims_of_a_local_run(
    tmp_path: Path, local_ray: None
) -> None:
    import pyarrow.parquet as pq

    local, on_ray, out = tmp_path / "local.duckdb", tmp_path / "ray.duckdb", tmp_path / "out"
    first = _run("extract", str(EXAMPLES), "--engine", "rules", "--db", str(local))
    assert first.exit_code == 0, first.output
    result = _run(
        "extract", str(EXAMPLES), "--engine", "rules", "--db", str(on_ray),
        "--executor", "ray", "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    claims = _rows(on_ray, CLAIMS)
    assert len(claims) > 40
    assert claims == _rows(local, CLAIMS)
    assert _rows(on_ray, "SELECT count(*) FROM articles") == [(5,)]

    # the Parquet rows carry the run's identity
    [(run_id, engine, run_key)] = _rows(on_ray, "SELECT id, engine, run_key FROM runs")
    table = pq.read_table(out / "outcomes")
    assert set(table.column("run_id").to_pylist()) == {run_id}
    assert set(table.column("run_key").to_pylist()) == {run_key}
    assert set(table.column("engine").to_pylist()) == {engine} == {"rules"}
    assert sum(table.column("n_claims").to_pylist()) == len(claims)

    # loading again adds nothing; extracting again on Ray skips every article
    again = _run("load", str(out), "--db", str(on_ray))
    assert again.exit_code == 0, again.output
    assert "already loaded" in again.output
    rerun = _run(
        "extract", str(EXAMPLES), "--engine", "rules", "--db", str(on_ray),
        "--executor", "ray", "--out", str(tmp_path / "out2"),
    )  # fmt: skip
    assert rerun.exit_code == 0, rerun.output
    assert _rows(on_ray, "SELECT count(*) FROM claims") == [(len(claims),)]
    assert _rows(on_ray, "SELECT max(n_skipped) FROM runs") == [(5,)]
