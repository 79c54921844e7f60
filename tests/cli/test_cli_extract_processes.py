"""`claimdesk extract --processes N`: the same claims as one process, input errors still
one line each. Real parts: the rules engine in spawned worker processes, ingestion in
its own process, a DuckDB file, the CLI."""

from __future__ import annotations

from pathlib import Path

import duckdb
from typer.testing import CliRunner, Result

from extraction.cli import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "articles"
CLAIMS = (
    "SELECT article_id, idx, statement, claimant, certainty, evidence, evidence_start,"
    " alignment_status FROM claims ORDER BY article_id, idx"
)


def _run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), env={"CLAIMDESK_ENGINE": ""})


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_extract_on_worker_processes_stores_the_claims_of_one_process(tmp_path: Path) -> None:
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"text": "Officials said 3 people left."}\nnot json\n', encoding="utf-8")
    one, many = tmp_path / "one.duckdb", tmp_path / "many.duckdb"
    first = _run("extract", str(EXAMPLES), str(broken), "--engine", "rules", "--db", str(one))
    second = _run(
        "extract", str(EXAMPLES), str(broken), "--engine", "rules", "--db", str(many),
        "--processes", "2", "--concurrency", "2",
    )  # fmt: skip
    assert first.exit_code == second.exit_code == 1  # the bad JSONL line
    assert second.output.count("error") == first.output.count("error")
    assert ":2:" in second.output or "line 2" in second.output, second.output
    rows = _rows(many, CLAIMS)
    assert len(rows) > 40
    assert rows == _rows(one, CLAIMS)
    assert _rows(many, "SELECT count(*) FROM articles") == [(6,)]


def test_options_one_process_needs_are_refused_with_one_line(tmp_path: Path) -> None:
    db = str(tmp_path / "c.duckdb")
    record = _run(
        "extract", str(EXAMPLES), "--engine", "openai", "--model", "m", "--db", db,
        "--record", str(tmp_path / "cassette.json"), "--processes", "2",
    )  # fmt: skip
    assert record.exit_code == 2
    assert "one process records a cassette" in record.output
    budget = _run(
        "extract", str(EXAMPLES), "--engine", "rules", "--db", db,
        "--executor", "ray", "--max-tokens", "100",
    )  # fmt: skip
    assert budget.exit_code == 2
    assert "budgets need --executor local" in budget.output
    assert not (tmp_path / "c.duckdb").exists()
