"""A failed answer is a failure: cut off, unparseable, empty, refused or at the token limit."""

from __future__ import annotations

import json
import logging

import httpx
import pytest
from llm_fakes import EngineFactory, MockServer, SleepRecorder, article_fixture, fixture_json

from extraction.engines.base import EngineError

TRUNCATED_ARGS = '{"claims": [ {"statement": '


def _with_arguments(arguments: str, **choice: object) -> httpx.Response:
    body = fixture_json("tools_valid.json")
    body["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"] = arguments
    body["choices"][0].update(choice)
    return httpx.Response(200, json=body)


def test_cut_off_tool_arguments_are_reasked_then_fail_the_article(
    make_engine: EngineFactory,
) -> None:
    server = MockServer(_with_arguments(TRUNCATED_ARGS))
    with pytest.raises(EngineError) as failure:
        make_engine(server, max_reasks=2).extract(article_fixture())
    assert "not complete JSON" in str(failure.value)
    assert "3 attempt(s)" in str(failure.value)
    calls = failure.value.calls
    assert len(calls) == len(server.requests) == 3
    assert all("not complete JSON" in (call.error or "") for call in calls)
    assert not any(call.parsed for call in calls)


def test_a_completion_at_the_token_limit_fails_the_article(make_engine: EngineFactory) -> None:
    server = MockServer(httpx.Response(200, json=fixture_json("tools_truncated.json")))
    with pytest.raises(EngineError) as failure:
        make_engine(server, max_completion_tokens=64).extract(article_fixture())
    assert "token limit" in str(failure.value)
    assert "finish_reason 'length'" in (failure.value.calls[-1].error or "")
    assert not failure.value.calls[-1].parsed


def test_empty_choices_are_retried_then_named_not_an_index_error(
    make_engine: EngineFactory, sleeps: SleepRecorder
) -> None:
    body = fixture_json("tools_valid.json")
    body["choices"] = []
    server = MockServer(httpx.Response(200, json=body))
    with pytest.raises(EngineError) as failure:
        make_engine(server, max_retries=2).extract(article_fixture())
    message = str(failure.value)
    assert "no choices" in message and "IndexError" not in message
    assert len(server.requests) == 3 and len(sleeps.waits) == 2
    assert all("no choices" in (call.error or "") for call in failure.value.calls)


def test_empty_choices_then_a_good_answer_succeeds(make_engine: EngineFactory) -> None:
    body = fixture_json("tools_valid.json")
    empty = {**body, "choices": []}
    server = MockServer(httpx.Response(200, json=empty), httpx.Response(200, json=body))
    result = make_engine(server).extract(article_fixture())
    assert result.claims and "no choices" in (result.calls[0].error or "")


def test_a_body_that_is_not_json_is_logged_with_its_error(make_engine: EngineFactory) -> None:
    server = MockServer(httpx.Response(200, content=b'{"id": "x", "choices": [', headers={}))
    with pytest.raises(EngineError) as failure:
        make_engine(server, max_retries=1, max_reasks=0).extract(article_fixture())
    assert len(server.requests) == 2  # retried once over HTTP
    assert all("not JSON" in (call.error or "") for call in failure.value.calls)
    assert "not JSON" in str(failure.value)


def test_a_refusal_fails_the_article_with_the_refusal(make_engine: EngineFactory) -> None:
    body = fixture_json("tools_valid.json")
    body["choices"][0]["message"] = {
        "role": "assistant",
        "content": None,
        "refusal": "I can't help with that request.",
    }
    server = MockServer(httpx.Response(200, json=body))
    with pytest.raises(EngineError) as failure:
        make_engine(server, max_reasks=1).extract(article_fixture())
    assert "refused" in str(failure.value)
    assert all("refused" in (call.error or "") for call in failure.value.calls)


def test_instructor_logs_nothing_to_stderr_and_the_count_is_right(
    make_engine: EngineFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    server = MockServer(httpx.Response(500, json={"error": {"message": "boom"}}))
    logging.lastResort = logging.StreamHandler()  # what an unconfigured interpreter uses
    with pytest.raises(EngineError) as failure:
        make_engine(server, max_retries=2).extract(article_fixture())
    assert "after 3 attempt(s)" in str(failure.value)
    err = capsys.readouterr().err
    assert "Max retries exceeded" not in err and "Total attempts" not in err


def test_valid_json_with_no_claims_is_still_a_success(make_engine: EngineFactory) -> None:
    server = MockServer(_with_arguments(json.dumps({"claims": []})))
    result = make_engine(server).extract(article_fixture())
    assert result.claims == [] and result.calls[-1].parsed
