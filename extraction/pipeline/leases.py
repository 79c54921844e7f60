"""The batch's side of article leases (`extraction.store.leases`) and its heartbeat.

Articles are claimed in bursts, one short transaction per burst. The first burst is
small, so concurrent processes split a batch early; each later burst is sized to about
`TARGET_BURST_SECONDS` of this process's work at the rate it used up the previous one
(between `MIN_BURST` and `MAX_BURST`, and at most `MAX_GROWTH` times the previous burst).
A fast engine then pays for a claim (~0.1-0.2 s) once per thousands of articles; a slow
LLM engine claims a few seconds' worth at a time, so processes share the work evenly and
a crash strands little.
A background thread renews the process's leases and the run's heartbeat four times per
lease lifetime (at least once a minute); `close` stops it and drops the leases still held.

`CLAIMDESK_LEASE_SECONDS` sets how long a lease lives without renewal (default 120 s).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
from collections.abc import Sequence

from extraction.store.connection import Store
from extraction.store.leases import claim_articles, release_leases, renew_leases
from extraction.store.runs import heartbeat

_LOG = logging.getLogger(__name__)

LEASE_ENV = "CLAIMDESK_LEASE_SECONDS"
DEFAULT_LEASE_SECONDS = 120.0
MIN_BURST = 4
MAX_BURST = 8192
TARGET_BURST_SECONDS = 5.0
#: A burst is at most this many times the one before. The rate of the first, small burst
#: is how fast the batch queued it, not how fast it is extracted: sized from it alone the
#: second burst was thousands of articles, and reading them from ingestion before any was
#: leased left the worker processes idle for ~3 s at the start of every batch.
MAX_GROWTH = 2
#: Beat at least this often, well within `runs.STALE_HEARTBEAT_SECONDS`.
HEARTBEAT_MAX_SECONDS = 60.0


def lease_seconds() -> float:
    """The lease lifetime: $CLAIMDESK_LEASE_SECONDS, else 120 s."""
    try:
        value = float(os.environ.get(LEASE_ENV) or DEFAULT_LEASE_SECONDS)
    except ValueError:
        value = DEFAULT_LEASE_SECONDS
    return max(1.0, value)


class Leases:
    """Claims articles for one run and keeps its leases and heartbeat alive."""

    def __init__(
        self,
        store: Store,
        run_id: str,
        run_key: str,
        *,
        done_since: dt.datetime | None = None,
        first_burst: int = MIN_BURST,
        ttl_seconds: float | None = None,
    ) -> None:
        self._store = store
        self._run_id = run_id
        self._run_key = run_key
        self._done_since = done_since
        self.ttl = ttl_seconds if ttl_seconds is not None else lease_seconds()
        self.burst = max(1, min(first_burst, MAX_BURST))
        self._last_claim = 0.0
        self._last_size = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name="claimdesk-lease", daemon=True)
        self._thread.start()

    def next_burst(self) -> int:
        """How many articles to claim next."""
        return self.burst

    def claim(self, article_ids: Sequence[str]) -> list[str]:
        """Lease what nobody else holds or has done; the ids this process may extract."""
        now = time.monotonic()
        if self._last_claim and self._last_size:
            # the rate this process worked through what it last claimed (articles others
            # hold are skipped at once and say nothing about it)
            rate = self._last_size / max(now - self._last_claim, 1e-3)
            target = max(MIN_BURST, rate * TARGET_BURST_SECONDS)
            self.burst = int(min(MAX_BURST, self.burst * MAX_GROWTH, target))
        with self._lock, self._store.transaction() as con:
            claimed = claim_articles(
                con, self._run_key, self._run_id, article_ids, self.ttl, self._done_since
            )
        if claimed or not self._last_size:
            self._last_claim = time.monotonic()
            self._last_size = len(claimed)
        return claimed

    def _beat(self) -> None:
        interval = min(max(0.5, self.ttl / 4), HEARTBEAT_MAX_SECONDS)
        while not self._stop.wait(interval):
            try:
                with self._lock, self._store.transaction() as con:
                    renew_leases(con, self._run_id, self.ttl)
                    heartbeat(con, self._run_id)
            except Exception as error:  # a missed beat is retried at the next one
                _LOG.debug("lease renewal failed: %s", error)

    def close(self) -> None:
        """Stop renewing and drop the leases still held (the run is over)."""
        self._stop.set()
        self._thread.join()
        with self._lock, self._store.transaction() as con:
            release_leases(con, self._run_id)
