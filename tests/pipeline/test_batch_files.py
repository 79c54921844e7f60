"""Provider batch files: prepare writes and stores the requests; load stores answers once.

Real parts: a DuckDB file, the openai engine's request building (nothing is sent), the
pipeline writer. Answers are chat-completion bodies written by the test.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from extraction.cli import app
from extraction.engines.base import EngineSettings
from extraction.engines.openai_engine import OpenAIEngine, create_engine
from extraction.pipeline.batch_load import BatchInputError, load_results
from extraction.pipeline.batch_prepare import prepare_batch
from extraction.pipeline.batch_results import ResultLine, read_results
from extraction.schema import Article
from extraction.store.connection import Store

TEXTS = [
    "Officials said 500 troops crossed the border on Monday morning.",
    "The harbour authority reported that 40 ships were stuck in port on Friday.",
]


def _engine(**options: Any) -> OpenAIEngine:
    settings = EngineSettings(
        model="test-model",
        prompt_version="claims-v1",
        options={"base_url": "http://llm.test/v1", "api_key": "unused", **options},
    )
    return create_engine(settings)


def _articles() -> list[Article]:
    return [
        Article(id=Article.id_for_text(t), text=t, source_path=f"a{n}.txt")
        for n, t in enumerate(TEXTS)
    ]


def _answer(request: dict[str, Any], evidence: str) -> str:
    claim = {"statement": evidence, "claimant_type": "media", "evidence": evidence}
    arguments = json.dumps({"claims": [claim]})
    tool = request["tools"][0]["function"]["name"]
    message = {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {"id": "c1", "type": "function", "function": {"name": tool, "arguments": arguments}}
        ],
    }
    return json.dumps(
        {
            "id": "x",
            "object": "chat.completion",
            "created": 1,
            "model": "test-model",
            "choices": [{"index": 0, "finish_reason": "stop", "message": message}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
        }
    )


@pytest.fixture
def prepared(tmp_path: Path) -> tuple[Store, list[dict[str, Any]]]:
    store = Store(tmp_path / "claims.duckdb")
    store.ensure_schema()
    out = tmp_path / "requests.jsonl"
    summary = prepare_batch(store, _engine(), [*_articles(), "bad.html: broken"], out)
    assert (summary.n_articles, summary.n_requests, summary.input_errors) == (
        2,
        2,
        ["bad.html: broken"],
    )
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return store, lines


def _results(lines: list[dict[str, Any]]) -> list[ResultLine]:
    return [
        ResultLine(
            line["custom_id"], f"r line {n}", body=_answer(line["body"], TEXTS[n].rstrip("."))
        )
        for n, line in enumerate(lines)
    ]


def _count(store: Store, sql: str) -> int:
    with store.connect() as con:
        row = con.execute(sql).fetchone()
    assert row is not None
    return int(row[0])


def test_prepare_writes_one_openai_batch_line_per_article_and_stores_the_articles(
    prepared: tuple[Store, list[dict[str, Any]]],
) -> None:
    store, lines = prepared
    assert [sorted(line) for line in lines] == [["body", "custom_id", "method", "url"]] * 2
    articles = _articles()
    assert [line["custom_id"].split("-")[:2] for line in lines] == [
        [a.id, "1of1"] for a in articles
    ]
    assert _count(store, "SELECT count(*) FROM articles") == 2
    assert _count(store, "SELECT count(*) FROM batch_requests") == 2
    assert _count(store, "SELECT count(*) FROM runs") == 0


def test_loading_the_same_results_twice_stores_them_once(
    prepared: tuple[Store, list[dict[str, Any]]],
) -> None:
    store, lines = prepared
    first = load_results(store, _results(lines), [], source_key="file:abc", source="r.jsonl")
    assert not first.failed and first.totals.n_articles == 2 and first.totals.n_claims == 2
    again = load_results(store, _results(lines), [], source_key="file:abc", source="r.jsonl")
    assert again.already_loaded and again.run_id == first.run_id and not again.failed
    assert _count(store, "SELECT count(*) FROM runs") == 1
    assert _count(store, "SELECT count(*) FROM claims") == 2
    assert _count(store, "SELECT count(*) FROM llm_calls") == 2
    # without a price table, costs are unknown rather than zero
    assert _count(store, "SELECT count(*) FROM llm_calls WHERE cost IS NULL") == 2


def test_a_load_that_died_is_finished_by_the_next_without_duplicates(
    prepared: tuple[Store, list[dict[str, Any]]],
) -> None:
    store, lines = prepared
    results = _results(lines)
    load_results(store, results[:1], [], source_key="file:x", source="r.jsonl")
    with store.transaction() as con:  # as if the process died before the load was finished
        con.execute("UPDATE batch_loads SET status = 'running'")
    summary = load_results(store, results, [], source_key="file:x", source="r.jsonl")
    assert not summary.failed and summary.totals.n_articles == 2
    assert _count(store, "SELECT count(*) FROM runs") == 1
    assert _count(store, "SELECT count(*) FROM claims") == 2


def test_unknown_custom_ids_and_malformed_lines_are_failures_naming_the_line(
    prepared: tuple[Store, list[dict[str, Any]]],
) -> None:
    store, lines = prepared
    good = json.dumps(
        {
            "id": "1",
            "custom_id": lines[0]["custom_id"],
            "response": {"status_code": 200, "body": json.loads(_answer(lines[0]["body"], "x"))},
            "error": None,
        }
    )
    text = "\n".join(
        [
            good,
            "{not json",
            json.dumps({"custom_id": "nope-1of1-00000000", "response": None, "error": "x"}),
            json.dumps({"response": {}}),
        ]
    )
    answers, problems = read_results(text, "r.jsonl")
    assert problems[0].startswith("r.jsonl line 2: not JSON")
    assert problems[1] == "r.jsonl line 4: no custom_id"
    summary = load_results(store, answers, problems, source_key="file:y", source="r.jsonl")
    assert summary.failed
    assert any(
        line.startswith("r.jsonl line 3: unknown custom_id 'nope-1of1-00000000'")
        for line in summary.failures
    )
    # the known answer quotes no text of its article: invalid, so it fails too (not stored)
    assert any(line.startswith("a0.txt: invalid answer") for line in summary.failures)
    assert _count(store, "SELECT count(*) FROM claims") == 0


def test_an_article_missing_a_chunk_fails(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.duckdb")
    store.ensure_schema()
    text = "\n\n".join(
        f"Paragraph {n}: " + "the ministry said many things. " * 12 for n in range(6)
    )
    article = Article(id=Article.id_for_text(text), text=text, source_path="long.txt")
    out = tmp_path / "r.jsonl"
    prepare_batch(store, _engine(chunk_tokens=200), [article], out)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) > 2
    answers = [
        ResultLine(
            line["custom_id"], "w", body=_answer(line["body"], "the ministry said many things")
        )
        for line in lines[1:]
    ]
    summary = load_results(store, answers, [], source_key="file:z", source="r.jsonl")
    assert summary.failures == [f"long.txt: no answer in the batch (chunk 1 of {len(lines)})"]


def test_results_of_requests_prepared_with_different_settings_are_refused(
    tmp_path: Path, prepared: tuple[Store, list[dict[str, Any]]]
) -> None:
    store, lines = prepared
    other = tmp_path / "other.jsonl"
    prepare_batch(store, _engine(temperature=0.5), _articles(), other, force=True)
    more = [json.loads(line) for line in other.read_text(encoding="utf-8").splitlines()]
    mixed = [ResultLine(lines[0]["custom_id"], "a"), ResultLine(more[0]["custom_id"], "b")]
    with pytest.raises(BatchInputError, match="different settings"):
        load_results(store, mixed, [], source_key="file:m", source="m.jsonl")


def test_load_of_a_missing_file_is_one_line_naming_it(tmp_path: Path) -> None:
    db = tmp_path / "c.duckdb"
    duckdb.connect(str(db)).close()
    missing = tmp_path / "nowhere.jsonl"
    result = CliRunner().invoke(app, ["batch", "load", str(missing), "--db", str(db)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(missing) in lines[0] and "cannot read" in lines[0]


def test_prepare_skips_articles_already_done_unless_forced(
    tmp_path: Path, prepared: tuple[Store, list[dict[str, Any]]]
) -> None:
    store, lines = prepared
    load_results(store, _results(lines), [], source_key="file:d", source="r.jsonl")
    again = prepare_batch(store, _engine(), _articles(), tmp_path / "again.jsonl")
    assert (again.n_articles, again.n_skipped) == (0, 2)
    forced = prepare_batch(store, _engine(), _articles(), tmp_path / "f.jsonl", force=True)
    assert forced.n_requests == 2
    assert (tmp_path / "f.jsonl").read_text(encoding="utf-8").splitlines() == [
        json.dumps(line, ensure_ascii=False) for line in lines
    ]
