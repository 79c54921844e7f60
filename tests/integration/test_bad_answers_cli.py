"""`claimdesk extract --engine openai` against a loopback server that answers badly.

A 200 answer whose tool-call arguments are cut off used to be stored as a done article
with 0 claims (exit 0, skipped by every later run)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest
from scripted_server import ScriptedServer, good_answer, tool_completion

pytestmark = pytest.mark.integration

TEXT = "Officials said 500 troops crossed the border on Monday morning. Nothing else happened."


def _extract(
    folder: Path, db: Path, base_url: str, *extra: str
) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable,
        "-c",
        "from extraction.cli import main; main()",
        "extract",
        str(folder),
        "--db",
        str(db),
        "--engine",
        "openai",
        "--model",
        "test-model",
        "--base-url",
        base_url,
        "--max-reasks",
        "1",
        *(extra or ("--max-retries", "0")),
    ]
    env = {**os.environ, "OPENAI_API_KEY": "sk-test-not-a-real-key-123456"}
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)


def _rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_a_cut_off_answer_fails_the_article_and_resume_retries_it(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    db = tmp_path / "x.duckdb"

    def cut_off(request: dict[str, Any]) -> dict[str, Any]:
        return tool_completion(request, '{"claims": [ {"statement": ')

    with ScriptedServer(cut_off) as server:
        first = _extract(folder, db, server.base_url)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "not complete JSON" in first.stderr
    assert "Traceback" not in first.stderr and "Max retries exceeded" not in first.stderr
    assert _rows(db, "SELECT status FROM extractions") == [("failed",)]
    errors = _rows(db, "SELECT error FROM llm_calls ORDER BY created_at")
    assert len(errors) == 2 and all("not complete JSON" in str(e[0]) for e in errors)

    with ScriptedServer(good_answer) as server:
        second = _extract(folder, db, server.base_url)
    assert second.returncode == 0, second.stdout + second.stderr
    assert server.requests == 1
    assert sorted(_rows(db, "SELECT status FROM extractions")) == [("done",), ("failed",)]
    assert _rows(db, "SELECT count(*) FROM claims") == [(1,)]


def test_after_three_failed_attempts_stderr_says_three_once(tmp_path: Path) -> None:
    """instructor's "Max retries exceeded. Total attempts: 1" reached stderr after three
    HTTP attempts; the one message left counts them all."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")

    def broken(request: dict[str, Any]) -> tuple[int, str]:
        return 500, '{"error": {"message": "boom"}}'

    with ScriptedServer(broken) as server:
        result = _extract(folder, tmp_path / "x.duckdb", server.base_url, "--max-retries", "2")
    assert result.returncode == 1
    assert server.requests == 3
    assert "Max retries exceeded" not in result.stderr and "Total attempts" not in result.stderr
    assert result.stderr.count("after 3 attempt(s)") == 1, result.stderr
