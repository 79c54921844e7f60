"""The LLM response cache over the store's call log.

A batch of new articles looks up one key per request and almost never finds it, and
opening the DuckDB file for each lookup cost more than everything else a request does
(about 30 ms on a small file). So the keys that have a parsed response are read into
memory in one query, and only a key found there opens the file to fetch its response.
The key set is re-read when it is older than `refresh_seconds`, so responses logged
meanwhile (by this batch or by another process) are found after at most that delay;
before that, a lookup of such a key misses and the request is simply sent again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from extraction.store.connection import Store
from extraction.store.llm_calls import cached_response, parsed_cache_keys

#: Seconds after which the in-memory key set is read again.
DEFAULT_REFRESH_SECONDS = 30.0


class StoreResponseCache:
    """Implements engines' ResponseCache: a parsed response logged earlier under the same key.

    Thread-safe: engines look keys up from worker threads.
    """

    def __init__(
        self,
        store: Store,
        *,
        refresh_seconds: float = DEFAULT_REFRESH_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._store = store
        self._refresh = refresh_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._keys: set[str] | None = None
        self._loaded_at = 0.0

    def _known_keys(self) -> set[str]:
        """The key set, read from the store on first use and when it is stale."""
        with self._lock:
            now = self._clock()
            if self._keys is None or now - self._loaded_at >= self._refresh:
                with self._store.connect() as con:
                    self._keys = parsed_cache_keys(con)
                self._loaded_at = now
            return self._keys

    def load(self) -> None:
        """Read the key set now (a worker process does this when it starts, before the
        batch's writer is busy), instead of at the first lookup."""
        self._known_keys()

    def get(self, cache_key: str) -> str | None:
        """The stored raw response for this key, or None."""
        if cache_key not in self._known_keys():
            return None
        with self._store.connect() as con:
            return cached_response(con, cache_key)
