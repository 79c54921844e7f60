"""The store's response cache: keys read once into memory, a miss never opens the file."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

from extraction.pipeline.cache import StoreResponseCache
from extraction.schema import LLMCall
from extraction.store.connection import Store
from extraction.store.llm_calls import insert_llm_calls


class CountingStore(Store):
    """A Store that counts the connections it opens."""

    opened = 0

    @contextmanager
    def connect(self, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        self.opened += 1
        with super().connect(read_only=read_only) as con:
            yield con


@pytest.fixture()
def store(tmp_path: Path) -> CountingStore:
    store = CountingStore(tmp_path / "cache.duckdb")
    _log(store, "k1", '{"answer": 1}', parsed=True)
    _log(store, "bad", '{"answer": 0}', parsed=False)
    store.opened = 0
    return store


def _log(store: Store, key: str, response: str, *, parsed: bool) -> None:
    with store.transaction() as con:
        call = LLMCall(cache_key=key, response=response, parsed=parsed)
        insert_llm_calls(con, "run", "article", [call])


def test_a_logged_parsed_response_is_served(store: CountingStore) -> None:
    cache = StoreResponseCache(store)
    assert cache.get("k1") == '{"answer": 1}'
    assert cache.get("bad") is None  # logged, but it did not parse


def test_misses_open_the_file_once_for_the_whole_batch(store: CountingStore) -> None:
    cache = StoreResponseCache(store)
    for n in range(50):
        assert cache.get(f"new-{n}") is None
    assert store.opened == 1


def test_keys_logged_later_are_found_after_the_refresh_delay(store: CountingStore) -> None:
    now = [0.0]
    cache = StoreResponseCache(store, refresh_seconds=30, clock=lambda: now[0])
    assert cache.get("k2") is None
    _log(store, "k2", '{"answer": 2}', parsed=True)
    now[0] = 10.0
    assert cache.get("k2") is None  # the key set is still the one read at t=0
    now[0] = 31.0
    assert cache.get("k2") == '{"answer": 2}'
