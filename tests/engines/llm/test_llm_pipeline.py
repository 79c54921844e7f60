"""The openai engine in the batch pipeline: calls, tokens and claims land in DuckDB; the
store's call log then serves as the response cache."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
from llm_fakes import EngineFactory, MockServer, article_fixture, completion

from extraction.pipeline import BatchOptions, run_batch
from extraction.pipeline.cache import StoreResponseCache
from extraction.store.connection import Store
from extraction.store.llm_calls import list_llm_calls


def _claims(store: Store) -> list[tuple[str, str]]:
    with store.connect(read_only=True) as con:
        rows = con.execute(
            "SELECT claimant, alignment_status FROM claims ORDER BY claimant, alignment_status"
        ).fetchall()
    return [(str(a), str(b)) for a, b in rows]


def test_a_batch_stores_claims_and_every_llm_call(
    make_engine: EngineFactory, tmp_path: Path
) -> None:
    store = Store(tmp_path / "claims.duckdb")
    good, injected = article_fixture(), article_fixture("article_injected.json")
    server = MockServer(
        httpx.Response(429, headers={"retry-after": "0"}),
        completion("tools_bad_enum.json"),
        completion("tools_valid.json"),
        httpx.Response(503),
    )
    engine = make_engine(server, max_retries=1, api_key="sk-test-SECRET123")
    summary = run_batch(store, engine, [good, injected])

    assert summary.totals.n_articles == 1 and summary.totals.n_failed == 1
    assert summary.totals.prompt_tokens == 812 * 2
    assert summary.totals.completion_tokens == 71 + 96
    with store.connect(read_only=True) as con:
        calls = list_llm_calls(con, summary.run_id)
    by_article: dict[str, list[dict[str, object]]] = {}
    for call in calls:
        by_article.setdefault(str(call["article_id"]), []).append(call)
    good_calls = by_article[good.id]
    assert [c["attempt"] for c in good_calls] == [1, 2, 3]
    assert [c["parsed"] for c in good_calls] == [False, False, True]
    assert [c["prompt_tokens"] for c in good_calls] == [None, 812, 812]
    assert all(c["model"] == "gpt-4o-mini" and c["prompt_version"] == "claims-v1" for c in calls)
    failed_calls = by_article[injected.id]
    assert len(failed_calls) == 2 and all("HTTP 503" in str(c["error"]) for c in failed_calls)
    assert "SECRET123" not in json.dumps(calls, default=str)
    assert _claims(store) == [
        ("The UN refugee agency", "exact"),
        ("The UN refugee agency", "exact"),
        ("the regional governor", "exact"),
    ]


def test_a_forced_rerun_is_served_from_the_stored_call_log(
    make_engine: EngineFactory, tmp_path: Path
) -> None:
    store = Store(tmp_path / "claims.duckdb")
    live = make_engine(MockServer(completion("tools_valid.json")), cache=StoreResponseCache(store))
    first = run_batch(store, live, [article_fixture()])
    assert first.totals.n_claims == 3

    server = MockServer(httpx.Response(500))
    cached = make_engine(server, cache=StoreResponseCache(store))
    second = run_batch(store, cached, [article_fixture()], BatchOptions(force=True))
    assert server.requests == [], "the stored parsed response answered"
    assert second.totals.n_claims == 3 and second.totals.prompt_tokens == 0
    with store.connect(read_only=True) as con:
        [hit] = list_llm_calls(con, second.run_id)
    assert hit["parsed"] and hit["prompt_tokens"] == 0 and "cache_hit" in str(hit["request"])
