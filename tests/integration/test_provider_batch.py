"""`claimdesk batch` end to end: prepare, submit, status, collect against a loopback server
with the Files and Batches endpoints, through the real openai client; and `batch load` of a
results file in `vllm run-batch`'s output format.

Real parts: the CLI (in process), ingestion, the openai client and HTTP on 127.0.0.1, a
DuckDB file. The server answers from scripted ChatCompletion bodies (`scripted_server`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pytest
from batch_server import BatchServer
from scripted_server import article_of, good_answer, tool_completion
from typer.testing import CliRunner, Result

from extraction.cli import app

pytestmark = pytest.mark.integration

ARTICLES = {
    "floods.txt": "Officials said 500 troops crossed the border on Monday morning. Nothing else.",
    "harbour.txt": "The harbour authority reported that 40 ships were stuck in port on Friday.",
    "long.txt": "\n\n".join(
        f"Paragraph {n}: the ministry said that {n * 100} homes lost power during the storm"
        f" in district {n}, and crews were still working late on Tuesday night to fix them."
        for n in range(1, 13)
    ),
}
PRICES = {"test-model": {"prompt": 2.0, "completion": 8.0}}
MODEL = "test-model"


def _run(*args: str, env: dict[str, str] | None = None) -> Result:
    base = {"OPENAI_API_KEY": "sk-test-not-a-real-key-123456", "CLAIMDESK_PRICES": ""}
    return CliRunner().invoke(app, list(args), env={**base, **(env or {})})


def _rows(db: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _claims(db: Path, run_filter: str) -> list[tuple[Any, ...]]:
    return sorted(
        _rows(
            db,
            "SELECT a.source_path, c.statement, c.evidence, c.evidence_start, c.evidence_end,"
            " c.alignment_status FROM claims c JOIN articles a ON a.id = c.article_id"
            f" JOIN runs r ON r.id = c.run_id WHERE {run_filter}",
        )
    )


def test_prepare_submit_collect_stores_one_run_like_a_live_run(
    folder: Path, tmp_path: Path
) -> None:
    harbour_calls = 0

    def answer(body: dict[str, Any]) -> dict[str, Any]:
        nonlocal harbour_calls
        if "harbour" in article_of(body):
            harbour_calls += 1
            if harbour_calls == 1:  # the batch's answer is cut off; the live re-ask is fine
                return tool_completion(body, '{"claims": [{"statement": ', finish_reason="length")
        return good_answer(body)

    prices = tmp_path / "prices.json"
    prices.write_text(json.dumps(PRICES), encoding="utf-8")
    db = tmp_path / "batch.duckdb"
    requests = tmp_path / "requests.jsonl"
    with BatchServer(answer) as server:
        url = ("--base-url", server.base_url)
        common = ("--model", MODEL, "--chunk-tokens", "200", "--max-completion-tokens", "600")
        prepared = _run(
            "batch", "prepare", str(folder), "--out", str(requests), "--db", str(db), *url, *common
        )
        assert prepared.exit_code == 0, prepared.output
        lines = [json.loads(line) for line in requests.read_text(encoding="utf-8").splitlines()]
        assert len(lines) > len(ARTICLES)  # the long article is split into chunks
        assert {line["url"] for line in lines} == {"/v1/chat/completions"}

        submitted = _run("batch", "submit", str(requests), *url)
        assert submitted.exit_code == 0, submitted.output
        batch_id = submitted.stdout.strip().splitlines()[-1]
        assert batch_id == "batch_1"
        status = _run("batch", "status", batch_id, *url)
        assert status.exit_code == 0 and "completed" in status.output
        assert f"{len(lines)} of {len(lines)} done" in status.output

        collected = _run(
            "batch",
            "collect",
            batch_id,
            "--db",
            str(db),
            "--prices",
            str(prices),
            "--reask-live",
            *url,
        )
        assert collected.exit_code == 0, collected.output
        assert "(batch price)" in collected.output
        assert {"POST /v1/files", "POST /v1/batches"} <= set(server.paths)
        assert len(server.chat_requests) == 1  # only the cut-off article was asked live

        # collecting again adds nothing
        again = _run("batch", "collect", batch_id, "--db", str(db), *url)
        assert again.exit_code == 0 and "already loaded" in again.output

        # the same answers, live: the same requests and the same claims
        live_db = tmp_path / "live.duckdb"
        live = _run(
            "extract",
            str(folder),
            "--db",
            str(live_db),
            "--engine",
            "openai",
            *url,
            *common,
            "--max-retries",
            "0",
        )
        assert live.exit_code == 0, live.output
    live_bodies = [json.dumps(b, sort_keys=True) for b in server.chat_requests[1:]]
    assert sorted(live_bodies) == sorted(json.dumps(line["body"], sort_keys=True) for line in lines)

    runs = _rows(db, "SELECT id, engine, model, status, n_articles, n_failed, cost FROM runs")
    assert len(runs) == 1
    run_id, engine, model, status_, n_articles, n_failed, cost = runs[0]
    assert (engine, model, status_, n_articles, n_failed) == ("openai", MODEL, "done", 3, 0)
    batch_claims = _claims(db, "true")
    assert batch_claims == _claims(live_db, "true")
    assert batch_claims and {claim[5] for claim in batch_claims} == {"exact"}

    calls = _rows(
        db,
        "SELECT a.source_path, l.parsed, l.error, l.cost, l.prompt_tokens, l.request"
        " FROM llm_calls l JOIN articles a ON a.id = l.article_id WHERE l.run_id = ?",
        [run_id],
    )
    assert len(calls) == len(lines) + 1  # every batch answer, and the live re-ask
    batch_price = (100 * 1.0 + 20 * 4.0) / 1_000_000  # half of 2.0 / 8.0 per 1M
    live_price = (100 * 2.0 + 20 * 8.0) / 1_000_000
    harbour = [c for c in calls if c[0].endswith("harbour.txt")]
    assert sorted(c[3] for c in harbour) == pytest.approx([batch_price, live_price])
    assert [c[1] for c in harbour if c[3] == pytest.approx(batch_price)] == [False]
    others = [c for c in calls if not c[0].endswith("harbour.txt")]
    assert all(c[1] and c[3] == pytest.approx(batch_price) for c in others)
    assert cost == pytest.approx(batch_price * len(lines) + live_price)


def _vllm_results(requests: Path, results: Path) -> None:
    """What `vllm run-batch` writes for the requests: one answer per line, in order; the
    harbour article's request errors, the long article's first chunk is cut off."""
    out = []
    for number, raw in enumerate(requests.read_text(encoding="utf-8").splitlines()):
        line = json.loads(raw)
        body = line["body"]
        text = article_of(body)
        response: dict[str, Any] | None = {
            "status_code": 200,
            "request_id": f"vllm-batch-{number}",
            "body": good_answer(body),
        }
        error = None
        if "harbour" in text:
            response, error = None, "Request failed: the model is overloaded"
        elif "Paragraph 1:" in text:
            cut = tool_completion(body, '{"claims": [{"statement": "x', finish_reason="length")
            response = {"status_code": 200, "request_id": f"vllm-batch-{number}", "body": cut}
        out.append(
            json.dumps(
                {
                    "id": f"vllm-{number}",
                    "custom_id": line["custom_id"],
                    "response": response,
                    "error": error,
                }
            )
        )
    results.write_text("\n".join(out) + "\n", encoding="utf-8")


def test_a_vllm_results_file_with_failures_writes_a_followup_and_exits_1(
    folder: Path, tmp_path: Path
) -> None:
    db = tmp_path / "batch.duckdb"
    requests = tmp_path / "requests.jsonl"
    prepared = _run(
        "batch",
        "prepare",
        str(folder),
        "--out",
        str(requests),
        "--db",
        str(db),
        "--model",
        MODEL,
        "--chunk-tokens",
        "200",
    )
    assert prepared.exit_code == 0, prepared.output
    results = tmp_path / "results.jsonl"
    _vllm_results(requests, results)
    followup = tmp_path / "followup.jsonl"

    loaded = _run("batch", "load", str(results), "--db", str(db), "--followup", str(followup))
    assert loaded.exit_code == 1, loaded.output
    failed = [line for line in loaded.stderr.splitlines() if line.startswith("failed: ")]
    assert len(failed) == 2
    harbour = next(line for line in failed if "harbour.txt" in line)
    assert "overloaded" in harbour
    long = next(line for line in failed if "long.txt" in line)
    assert "finish_reason 'length'" in long and "chunk 1 of" in long

    # the follow-up file asks again for every chunk of the failed articles, as prepared
    asked = {
        json.loads(line)["custom_id"]: json.loads(line)
        for line in requests.read_text().splitlines()
    }
    again = [json.loads(line) for line in followup.read_text(encoding="utf-8").splitlines()]
    assert again and all(asked[line["custom_id"]] == line for line in again)
    assert len({line["custom_id"].split("-")[0] for line in again}) == 2
    assert len(again) == len(asked) - 1  # all but the floods article's one request

    runs = _rows(db, "SELECT n_articles, n_failed, status FROM runs")
    assert runs == [(1, 2, "done")]
    assert _rows(db, "SELECT count(*) FROM claims") == [(1,)]
    n_calls = _rows(db, "SELECT count(*), count(*) FILTER (WHERE parsed) FROM llm_calls")
    assert n_calls == [(len(asked), len(asked) - 2)]  # the error line and the cut-off too

    # loading the same file again adds nothing and reports the same failures
    twice = _run("batch", "load", str(results), "--db", str(db))
    assert twice.exit_code == 1 and "already loaded" in twice.output
    assert _rows(db, "SELECT count(*) FROM runs") == [(1,)]
    assert _rows(db, "SELECT count(*) FROM llm_calls") == [(len(asked),)]


def test_an_unknown_batch_is_one_line_naming_the_server(tmp_path: Path) -> None:
    db = tmp_path / "c.duckdb"
    duckdb.connect(str(db)).close()
    with BatchServer(good_answer) as server:
        status = _run("batch", "status", "batch_404", "--base-url", server.base_url)
        collect = _run(
            "batch", "collect", "batch_404", "--db", str(db), "--base-url", server.base_url
        )
    for result in (status, collect):
        assert result.exit_code == 1
        [line] = result.stderr.strip().splitlines()
        assert "batch_404" in line and "HTTP 404" in line and "sk-test" not in line
