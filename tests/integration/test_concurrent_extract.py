"""Three `claimdesk extract` processes on one DuckDB file split the batch.

Before leases each process extracted every article: 2x the LLM calls and every claim
stored twice. Now each article is extracted once, and the LLM calls equal the articles.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest
from scripted_server import ScriptedServer

pytestmark = [pytest.mark.integration, pytest.mark.slow]

N_ARTICLES = 300


def _articles(folder: Path) -> None:
    folder.mkdir()
    for index in range(N_ARTICLES):
        text = (
            f"Report number {index} from the valley.\n\n"
            f"Officials said {1000 + index} people left the valley town number {index} today."
            f" Nothing else about town {index} was reported."
        )
        (folder / f"a{index:03d}.txt").write_text(text, encoding="utf-8")


def _start(folder: Path, db: Path, base_url: str) -> subprocess.Popen[str]:
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
        "--concurrency",
        "4",
        "--no-cache",
    ]
    env = {**os.environ, "OPENAI_API_KEY": "sk-test-not-a-real-key-123456"}
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )


def _one(db: Path, sql: str) -> Any:
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute(sql).fetchone()
    assert row is not None
    return row[0]


def test_three_processes_extract_each_article_once(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _articles(folder)
    db = tmp_path / "x.duckdb"
    with ScriptedServer() as server:
        processes = [_start(folder, db, server.base_url) for _ in range(3)]
        outputs = [process.communicate(timeout=300) for process in processes]
    for process, (out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, out + err
    assert server.requests == N_ARTICLES
    assert max(server.per_article.values()) == 1
    assert _one(db, "SELECT count(*) FROM extractions WHERE status = 'done'") == N_ARTICLES
    assert _one(db, "SELECT count(DISTINCT article_id) FROM extractions") == N_ARTICLES
    assert _one(db, "SELECT count(*) FROM claims") == N_ARTICLES
    assert _one(db, "SELECT count(*) FROM llm_calls") == N_ARTICLES
    assert _one(db, "SELECT count(*) FROM article_leases") == 0
    # each run's totals count what it did; together exactly the batch
    assert _one(db, "SELECT sum(n_articles) FROM runs WHERE status = 'done'") == N_ARTICLES
