"""The response cache: same request -> the stored response, without calling the server."""

from __future__ import annotations

import json

from llm_fakes import EngineFactory, MockServer, article_fixture, completion, fixture_json

from extraction.engines.llm.cache import cache_key

BASE = {
    "endpoint": "http://llm.test/v1",
    "model": "gpt-4o-mini",
    "prompt_hash": "abc",
    "parameters": {"temperature": 0.0, "mode": "tools"},
    "messages": [{"role": "user", "content": "hello"}],
}


class DictCache:
    """A ResponseCache over a dict, counting lookups."""

    def __init__(self, entries: dict[str, str] | None = None) -> None:
        self.entries = dict(entries or {})
        self.lookups: list[str] = []

    def get(self, cache_key: str) -> str | None:
        self.lookups.append(cache_key)
        return self.entries.get(cache_key)


def test_the_key_is_stable_and_changes_with_every_part() -> None:
    key = cache_key(**BASE)  # type: ignore[arg-type]
    assert key == cache_key(**BASE) and len(key) == 64  # type: ignore[arg-type]
    reordered = dict(BASE, parameters={"mode": "tools", "temperature": 0.0})
    assert cache_key(**reordered) == key  # type: ignore[arg-type]
    changes = {
        "endpoint": "http://other/v1",
        "model": "gpt-4o",
        "prompt_hash": "abd",
        "parameters": {"temperature": 0.7, "mode": "tools"},
        "messages": [{"role": "user", "content": "hello!"}],
    }
    for field, value in changes.items():
        assert cache_key(**dict(BASE, **{field: value})) != key, field  # type: ignore[arg-type]


def test_a_cache_hit_reuses_the_response_without_calling_the_server(
    make_engine: EngineFactory,
) -> None:
    live = make_engine(MockServer(completion("tools_valid.json"))).extract(article_fixture())
    [logged] = live.calls
    cache = DictCache({logged.cache_key or "": logged.response or ""})

    server = MockServer(completion("tools_bad_enum.json"))
    result = make_engine(server, cache=cache).extract(article_fixture())

    assert server.requests == [], "no request on a cache hit"
    assert cache.lookups == [logged.cache_key]
    assert result.from_cache and result.claims == live.claims
    assert (result.prompt_tokens, result.completion_tokens) == (0, 0)
    [hit] = result.calls
    assert hit.parsed and hit.cache_key == logged.cache_key and hit.response == logged.response
    assert (hit.prompt_tokens, hit.completion_tokens, hit.latency_ms) == (0, 0, 0.0)
    assert json.loads(hit.request or "")["cache_hit"] == logged.cache_key


def test_a_different_model_or_parameter_misses_the_cache(make_engine: EngineFactory) -> None:
    live = make_engine(MockServer(completion("tools_valid.json"))).extract(article_fixture())
    cache = DictCache({live.calls[0].cache_key or "": live.calls[0].response or ""})

    for options in ({"model": "gpt-4o"}, {"temperature": 0.5}, {"mode": "json"}):
        reply = "json_content_valid.json" if "mode" in options else "tools_valid.json"
        server = MockServer(completion(reply))
        result = make_engine(server, cache=cache, **options).extract(article_fixture())
        assert len(server.requests) == 1 and not result.from_cache, options


def test_an_unreadable_cache_entry_is_ignored(make_engine: EngineFactory) -> None:
    live = make_engine(MockServer(completion("tools_valid.json"))).extract(article_fixture())
    cache = DictCache({live.calls[0].cache_key or "": "not json"})
    server = MockServer(completion("tools_valid.json"))
    result = make_engine(server, cache=cache).extract(article_fixture())
    assert len(server.requests) == 1 and not result.from_cache and len(result.claims) == 3


def test_a_failing_cache_does_not_fail_the_article(make_engine: EngineFactory) -> None:
    class BrokenCache:
        def get(self, cache_key: str) -> str | None:
            raise OSError("database is locked")

    server = MockServer(completion("tools_valid.json"))
    result = make_engine(server, cache=BrokenCache()).extract(article_fixture())
    assert len(result.claims) == 3 and len(server.requests) == 1


def test_a_cached_response_from_a_reasked_call_is_the_final_one(make_engine: EngineFactory) -> None:
    server = MockServer(completion("tools_bad_enum.json"), completion("tools_valid.json"))
    live = make_engine(server).extract(article_fixture())
    parsed = [c for c in live.calls if c.parsed]
    assert len(parsed) == 1 and parsed[0].attempt == 2
    assert json.loads(parsed[0].response or "") == fixture_json("tools_valid.json")
    assert {c.cache_key for c in live.calls} == {parsed[0].cache_key}
