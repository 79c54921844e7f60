"""The main job end to end: `claimdesk extract` on the sample articles with the default engine.

Real parts: the rules engine, ingestion, a DuckDB file, the CLI. Also re-runs, bad input in a
batch, the engine switch and every export format.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner, Result

from extraction.cli import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "articles"


def _run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(app, list(args), env=env)


def _count(db: Path, sql: str) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute(sql).fetchone()
    finally:
        con.close()
    assert row is not None
    return int(row[0])


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("main-job") / "claims.duckdb"
    result = _run("extract", str(EXAMPLES), "--db", str(db), env={"CLAIMDESK_ENGINE": ""})
    assert result.exit_code == 0, result.output
    assert "engine: learned" in result.output  # the default engine, offline
    return db


def test_the_main_job_stores_grounded_claims_for_all_five_seeds(seeded_db: Path) -> None:
    assert _count(seeded_db, "SELECT count(*) FROM articles") == 5
    assert _count(seeded_db, "SELECT count(DISTINCT article_id) FROM claims") == 5
    assert _count(seeded_db, "SELECT count(*) FROM claims") >= 40
    assert (
        _count(seeded_db, "SELECT count(*) FROM claims WHERE alignment_status = 'not_found'") == 0
    )
    assert _count(seeded_db, "SELECT count(*) FROM runs WHERE status = 'done'") == 1


def test_rerunning_the_main_job_adds_nothing(seeded_db: Path) -> None:
    before = _count(seeded_db, "SELECT count(*) FROM claims")
    result = _run("extract", str(EXAMPLES), "--db", str(seeded_db))
    assert result.exit_code == 0, result.output
    assert _count(seeded_db, "SELECT count(*) FROM claims") == before
    assert _count(seeded_db, "SELECT max(n_skipped) FROM runs") == 5


def test_claims_and_runs_commands_list_what_is_stored(seeded_db: Path) -> None:
    listed = _run("claims", "--db", str(seeded_db), "--claimant", "Budanov", env={"COLUMNS": "200"})
    assert listed.exit_code == 0, listed.output
    assert "Kyrylo Budanov" in listed.output
    runs = _run("runs", "--db", str(seeded_db), env={"COLUMNS": "200"})
    assert runs.exit_code == 0 and "learned" in runs.output


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_export_writes_every_latest_claim(seeded_db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"claims.{fmt}"
    result = _run("export", str(out), "--db", str(seeded_db), "--format", fmt)
    assert result.exit_code == 0, result.output
    expected = _count(seeded_db, "SELECT count(*) FROM claims")
    if fmt == "jsonl":
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert len(rows) == expected
        assert {"statement", "claimant", "evidence", "alignment_status"} <= set(rows[0])
    else:
        reader = "read_csv_auto" if fmt == "csv" else "read_parquet"
        assert _count(seeded_db, f"SELECT count(*) FROM {reader}('{out}')") == expected


def test_export_refuses_an_unknown_format(seeded_db: Path, tmp_path: Path) -> None:
    result = _run("export", str(tmp_path / "x.xml"), "--db", str(seeded_db), "--format", "xml")
    assert result.exit_code != 0


def test_bad_input_is_named_the_batch_goes_on_and_the_exit_code_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    good = (EXAMPLES / "004_5f598f0e6c5614f5.txt").read_text(encoding="utf-8")
    (folder / "good.txt").write_text(good, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 100)
    (folder / "lines.jsonl").write_text(
        '{"text": "The agency said 40 people were evacuated on Monday."}\n{not json\n',
        encoding="utf-8",
    )
    db = tmp_path / "bad.duckdb"
    result = _run("extract", str(folder), str(tmp_path / "missing.txt"), "--db", str(db))
    assert result.exit_code == 1
    for name in ("empty.txt", "binary.txt", "lines.jsonl:2", "missing.txt"):
        assert name in result.output
    assert _count(db, "SELECT count(*) FROM articles") == 2


def test_an_unknown_engine_is_refused_with_the_choices(tmp_path: Path) -> None:
    result = _run(
        "extract", str(EXAMPLES), "--db", str(tmp_path / "x.duckdb"),
        env={"CLAIMDESK_ENGINE": "gpt-magic"},
    )  # fmt: skip
    assert result.exit_code == 2
    assert "unknown engine 'gpt-magic'" in result.output
    assert "rules" in result.output


def test_every_command_has_help() -> None:
    for command in (
        [],
        ["extract"],
        ["claims"],
        ["export"],
        ["runs"],
        ["review"],
        ["track"],
        ["eval"],
        ["eval", "history"],
        ["eval", "compare"],
        ["gold", "export"],
        ["prompts", "list"],
        ["prompts", "show"],
    ):
        result = _run(*command, "--help")
        assert result.exit_code == 0, (command, result.output)
        assert "Usage" in result.output
