"""HTTP retries: 429 / 5xx / timeouts, backoff with jitter, Retry-After honoured, bounded."""

from __future__ import annotations

import datetime as dt
import random

import httpx
import pytest
from llm_fakes import EngineFactory, MockServer, SleepRecorder, article_fixture, completion

from extraction.engines.base import EngineError
from extraction.engines.llm.retry import (
    RetryPolicy,
    RetryTransport,
    is_retryable_status,
    parse_retry_after,
)

NOW = dt.datetime(2024, 5, 8, 12, 0, 0, tzinfo=dt.UTC)


def _rate_limited(retry_after: str) -> httpx.Response:
    return httpx.Response(
        429, headers={"retry-after": retry_after}, json={"error": {"message": "rate limited"}}
    )


def test_retry_after_in_seconds_in_milliseconds_and_as_an_http_date() -> None:
    assert parse_retry_after(httpx.Headers({"retry-after": "7"})) == 7.0
    assert parse_retry_after(httpx.Headers({"retry-after": " 1.5 "})) == 1.5
    assert parse_retry_after(httpx.Headers({"retry-after-ms": "250", "retry-after": "9"})) == 0.25
    date = "Wed, 08 May 2024 12:00:30 GMT"
    assert parse_retry_after(httpx.Headers({"retry-after": date}), now=NOW) == 30.0
    past = "Wed, 08 May 2024 11:00:00 GMT"
    assert parse_retry_after(httpx.Headers({"retry-after": past}), now=NOW) == 0.0
    assert parse_retry_after(httpx.Headers({"retry-after": "soon"})) is None
    assert parse_retry_after(httpx.Headers()) is None


def test_backoff_grows_exponentially_with_jitter_and_a_cap() -> None:
    policy = RetryPolicy(base_delay=1.0, max_delay=10.0, jitter=0.5)
    rng = random.Random(3)
    for retry, ceiling in [(1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (5, 10.0), (9, 10.0)]:
        for _ in range(20):
            wait = policy.backoff(retry, rng)
            assert ceiling * 0.5 <= wait <= ceiling
    waits = {policy.backoff(3, rng) for _ in range(20)}
    assert len(waits) > 1, "jitter spreads the waits"
    assert policy.wait(1, 12.0, rng) == 12.0
    assert RetryPolicy(max_retry_after=60).wait(1, 3600.0, rng) == 60.0


def test_which_statuses_are_retried() -> None:
    assert is_retryable_status(429) and is_retryable_status(500) and is_retryable_status(503)
    assert not any(is_retryable_status(s) for s in (200, 400, 401, 404, 422))


def test_a_429_with_retry_after_is_honoured_then_succeeds(
    make_engine: EngineFactory, sleeps: SleepRecorder
) -> None:
    server = MockServer(_rate_limited("7"), completion("tools_valid.json"))
    result = make_engine(server).extract(article_fixture())

    assert sleeps.waits == [7.0]
    assert len(result.claims) == 3
    assert [c.attempt for c in result.calls] == [1, 2]
    assert "HTTP 429" in (result.calls[0].error or "") and not result.calls[0].parsed
    assert result.calls[0].prompt_tokens is None and result.calls[1].parsed


def test_a_timeout_is_retried_then_succeeds(
    make_engine: EngineFactory, sleeps: SleepRecorder
) -> None:
    server = MockServer(httpx.ReadTimeout("read timed out"), completion("tools_valid.json"))
    result = make_engine(server).extract(article_fixture())

    assert len(result.claims) == 3 and len(sleeps.waits) == 1
    assert "ReadTimeout" in (result.calls[0].error or "")
    assert result.calls[0].response is None


def test_timeouts_until_attempts_run_out_fail_the_article(
    make_engine: EngineFactory, sleeps: SleepRecorder
) -> None:
    server = MockServer(httpx.ReadTimeout("read timed out"))
    with pytest.raises(EngineError) as failure:
        make_engine(server, max_retries=2, timeout=5).extract(article_fixture())

    assert "timed out at http://llm.test/v1 after 3 attempt(s) of 5 s" in str(failure.value)
    assert len(server.requests) == 3 and len(failure.value.calls) == 3
    assert len(sleeps.waits) == 2
    assert all("ReadTimeout" in (c.error or "") for c in failure.value.calls)


def test_5xx_until_attempts_run_out_fails_with_every_attempt_logged(
    make_engine: EngineFactory, sleeps: SleepRecorder
) -> None:
    server = MockServer(httpx.Response(503, json={"error": {"message": "overloaded"}}))
    with pytest.raises(EngineError) as failure:
        make_engine(server, max_retries=3).extract(article_fixture())

    assert len(server.requests) == 4
    assert [c.attempt for c in failure.value.calls] == [1, 2, 3, 4]
    assert all(not c.parsed and "HTTP 503" in (c.error or "") for c in failure.value.calls)
    assert "answered HTTP 503" in str(failure.value) and "after 4 attempt(s)" in str(failure.value)
    assert len(sleeps.waits) == 3
    assert sleeps.waits[0] <= 1.0 <= sleeps.waits[2], "waits grow"


def test_a_client_error_is_not_retried(make_engine: EngineFactory, sleeps: SleepRecorder) -> None:
    server = MockServer(httpx.Response(400, json={"error": {"message": "context too long"}}))
    with pytest.raises(EngineError, match="answered HTTP 400"):
        make_engine(server).extract(article_fixture())
    assert len(server.requests) == 1 and sleeps.waits == []


def test_the_transport_returns_the_last_failure_when_attempts_run_out() -> None:
    server = MockServer(httpx.Response(502))
    waits: list[float] = []
    transport = RetryTransport(server.transport, RetryPolicy(max_retries=1), sleep=waits.append)
    with httpx.Client(transport=transport) as client:
        response = client.get("http://llm.test/v1/models")
    assert response.status_code == 502 and len(server.requests) == 2 and len(waits) == 1
