"""`claimdesk eval`: report files, stored history, compare, and the gate's exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extraction.cli.app import app
from extraction.engines import base
from tests.evaluation import eval_samples
from tests.evaluation.eval_samples import gold_article

runner = CliRunner()


@pytest.fixture
def gold_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two gold articles on disk, and a test engine `gold-echo` registered for them."""
    articles = [gold_article("a1"), gold_article("a2")]
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(a.model_dump_json() for a in articles) + "\n", encoding="utf-8")
    monkeypatch.setattr(eval_samples, "GOLD_ANSWERS", {a.id: a for a in articles})
    monkeypatch.setitem(
        base.ENGINE_FACTORIES,
        "gold-echo",
        "tests.evaluation.eval_samples:create_gold_echo_engine",
    )
    return path


def run_eval_cli(gold: Path, db: Path, *options: str) -> tuple[int, str]:
    result = runner.invoke(
        app,
        ["eval", "--gold", str(gold), "--engine", "gold-echo", "--db", str(db), *options],
    )
    return result.exit_code, result.output


def test_eval_writes_reports_and_stores_the_run(gold_file: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.duckdb"
    json_path, html_path = tmp_path / "r.json", tmp_path / "r.html"
    code, output = run_eval_cli(
        gold_file,
        db,
        "--model",
        "perfect",
        "--json",
        str(json_path),
        "--html",
        str(html_path),
        "--label",
        "v1",
    )
    assert code == 0, output
    report = json.loads(json_path.read_text(encoding="utf-8"))
    assert report["all_correct"]["f1"] == 1.0
    assert (report["n_articles"], report["n_gold"], report["n_pred"]) == (2, 12, 12)
    assert report["engine"] == "scripted"
    assert report["model"] == "perfect"
    assert report["label"] == "v1"
    assert len(report["run_id"]) == 32
    assert html_path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "all-correct" in output

    listed = runner.invoke(app, ["eval", "history", "--db", str(db)])
    assert listed.exit_code == 0, listed.output
    assert "v1" in listed.output
    assert report["run_id"][:12] in listed.output


def test_gate_fails_on_a_planted_regression_and_passes_without_one(
    gold_file: Path, tmp_path: Path
) -> None:
    db = tmp_path / "c.duckdb"
    code, output = run_eval_cli(
        gold_file, db, "--model", "perfect", "--label", "baseline", "--concurrency", "2"
    )
    assert code == 0, output

    # Same engine again: no regression, the gate passes.
    code, output = run_eval_cli(
        gold_file, db, "--model", "perfect", "--max-drop", "0.02", "--baseline", "baseline"
    )
    assert code == 0, output
    assert "gate passed" in output

    # A second run that drops half the claims: all-correct F1 falls from 1.0 to 0.667.
    code, output = run_eval_cli(
        gold_file,
        db,
        "--model",
        "half",
        "--label",
        "half",
        "--max-drop",
        "0.02",
        "--baseline",
        "baseline",
    )
    assert code == 1, output
    assert "gate failed" in output
    assert "dropped 0.333" in output

    compared = runner.invoke(app, ["eval", "compare", "baseline", "half", "--db", str(db)])
    assert compared.exit_code == 0, compared.output
    assert "gold claims matched in A, not in B: 6" in compared.output
    assert "-0.333" in compared.output


def test_min_f1_gate(gold_file: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.duckdb"
    code, output = run_eval_cli(gold_file, db, "--model", "half", "--min-f1", "0.9", "--no-store")
    assert code == 1, output
    assert "below --min-f1" in output
    code, output = run_eval_cli(gold_file, db, "--model", "half", "--min-f1", "0.6", "--no-store")
    assert code == 0, output
    # --no-store wrote nothing: not even a database file
    assert not db.exists()


def test_usage_errors_exit_2(gold_file: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.duckdb"
    assert run_eval_cli(gold_file, db, "--max-drop", "0.1")[0] == 2
    code, output = run_eval_cli(gold_file, db, "--max-drop", "0.1", "--baseline", "nope")
    assert code == 2
    assert "no eval run" in output
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"\n', encoding="utf-8")
    code, output = run_eval_cli(bad, db)
    assert code == 2
    assert "line 1: invalid JSON" in output
    missing_gold = runner.invoke(app, ["eval", "--db", str(db)])
    assert missing_gold.exit_code == 2
    unknown = runner.invoke(
        app, ["eval", "--gold", str(gold_file), "--engine", "nope", "--no-store"]
    )
    assert unknown.exit_code == 2


def test_help_pages() -> None:
    for args in (["eval", "--help"], ["eval", "history", "--help"], ["eval", "compare", "--help"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    assert "--min-f1" in runner.invoke(app, ["eval", "--help"]).output
