"""`--max-tokens` is checked before every request, so one article cannot overshoot it."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
from llm_fakes import EngineFactory, MockServer, article_fixture, fixture_json

from extraction.engines.llm.calllog import request_token_bound
from extraction.pipeline import BatchOptions, run_batch
from extraction.store.connection import Store

SECRET = "sk-test-ECHOED-SECRET-98765"


def _invalid_answer() -> httpx.Response:
    """A schema-invalid answer (so it is re-asked) that reports 876 tokens."""
    return httpx.Response(200, json=fixture_json("tools_bad_enum.json"))


def test_the_budget_stops_before_a_request_it_cannot_pay_for(
    make_engine: EngineFactory, tmp_path: Path
) -> None:
    server = MockServer(_invalid_answer())
    engine = make_engine(server, max_reasks=2, max_completion_tokens=64)
    probe = MockServer(_invalid_answer())
    make_engine(probe, max_reasks=0, max_completion_tokens=64).extract(article_fixture())
    first = request_token_bound(probe.requests[0].content.decode())
    budget = first + 100  # the first request fits; a re-ask after 876 more tokens does not

    store = Store(tmp_path / "b.duckdb")
    summary = run_batch(store, engine, [article_fixture()], BatchOptions(max_tokens=budget))

    assert summary.stopped_by_budget and summary.totals.n_failed == 0
    assert len(server.requests) == 1  # the re-asks were not sent
    with store.connect() as con:
        spent = con.execute("SELECT sum(total_tokens), count(*) FROM llm_calls").fetchone()
        statuses = con.execute("SELECT status FROM extractions").fetchall()
    assert spent is not None and spent[1] == 1 and spent[0] <= budget
    assert statuses == []  # neither done nor failed: pending for the next run
    assert not summary.failed


def test_a_key_the_server_echoes_never_reaches_claims_or_calls(make_engine: EngineFactory) -> None:
    body = fixture_json("tools_valid.json")
    call = body["choices"][0]["message"]["tool_calls"][0]["function"]
    arguments = json.loads(call["arguments"])
    arguments["claims"][0]["statement"] += f" (key {SECRET})"
    arguments["claims"][0]["claimant"] = f"the governor {SECRET}"
    call["arguments"] = json.dumps(arguments)
    server = MockServer(httpx.Response(200, json=body))
    result = make_engine(server, api_key=SECRET).extract(article_fixture())

    dumped = json.dumps([c.model_dump(mode="json") for c in result.claims])
    assert "ECHOED-SECRET" not in dumped and "[REDACTED]" in dumped
    assert all("ECHOED-SECRET" not in (c.response or "") for c in result.calls)
