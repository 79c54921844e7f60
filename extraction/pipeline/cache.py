"""The LLM response cache over the store's call log."""

from __future__ import annotations

from extraction.store.connection import Store
from extraction.store.llm_calls import cached_response


class StoreResponseCache:
    """Implements engines' ResponseCache: a parsed response logged earlier under the same key."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def get(self, cache_key: str) -> str | None:
        """The stored raw response for this key, or None."""
        with self._store.connect() as con:
            return cached_response(con, cache_key)
