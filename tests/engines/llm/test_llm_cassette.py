"""Record live HTTP exchanges to a cassette; replay gives exactly the same extraction."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from llm_fakes import EngineFactory, MockServer, article_fixture, completion

from extraction.engines.base import EngineConfigError, EngineError, EngineSettings
from extraction.engines.llm.cassette import ReplayTransport, request_hash
from extraction.engines.openai_engine import create_engine

SECRET = "sk-test-SECRET123"


def test_a_replayed_extraction_equals_the_recorded_one(
    make_engine: EngineFactory, tmp_path: Path
) -> None:
    cassette = tmp_path / "run.jsonl"
    live_server = MockServer(
        httpx.Response(429, headers={"retry-after": "1"}),
        completion("tools_bad_enum.json"),
        completion("tools_valid.json"),
    )
    live = make_engine(live_server, record=str(cassette), api_key=SECRET).extract(article_fixture())
    entries = [json.loads(line) for line in cassette.read_text().splitlines()]
    assert len(entries) == 2, "the 429 is not recorded"
    assert SECRET not in cassette.read_text()

    replay = create_engine(
        EngineSettings(
            model="gpt-4o-mini",
            prompt_version="claims-v1",
            options={"base_url": "http://elsewhere:9999/v1", "replay": str(cassette)},
        )
    )
    replayed = replay.extract(article_fixture())
    assert replayed.claims == live.claims
    assert [c.parsed for c in replayed.calls] == [False, True]
    assert (replayed.prompt_tokens, replayed.completion_tokens) == (
        live.prompt_tokens,
        live.completion_tokens,
    )


def test_a_request_missing_from_the_cassette_fails_the_article_only(
    make_engine: EngineFactory, tmp_path: Path
) -> None:
    cassette = tmp_path / "run.jsonl"
    make_engine(MockServer(completion("tools_valid.json")), record=str(cassette)).extract(
        article_fixture()
    )
    replay = create_engine(
        EngineSettings(
            model="gpt-4o-mini",
            prompt_version="claims-v1",
            options={"base_url": "http://x/v1", "replay": str(cassette), "max_retries": 0},
        )
    )
    with pytest.raises(EngineError, match="no recorded exchange for request"):
        replay.extract(article_fixture("article_injected.json"))
    assert len(replay.extract(article_fixture()).claims) == 3, "not fatal for other articles"


def test_the_request_hash_ignores_host_and_key_order() -> None:
    one = httpx.Request("POST", "http://a:1/v1/chat/completions", json={"a": 1, "b": [1, 2]})
    two = httpx.Request("POST", "http://b:2/v1/chat/completions", content=b'{"b":[1,2],"a":1}')
    other = httpx.Request("POST", "http://a:1/v1/chat/completions", json={"a": 2, "b": [1, 2]})
    assert request_hash(one) == request_hash(two) != request_hash(other)


def test_cassette_options_are_checked(tmp_path: Path) -> None:
    with pytest.raises(EngineConfigError, match="exclude each other"):
        create_engine(EngineSettings(model="m", options={"record": "a.jsonl", "replay": "b.jsonl"}))
    with pytest.raises(EngineConfigError, match="cannot read replay cassette"):
        ReplayTransport(tmp_path / "missing.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"no_hash": 1}\n')
    with pytest.raises(EngineConfigError, match=r"bad\.jsonl:1: not a cassette entry"):
        ReplayTransport(bad)
