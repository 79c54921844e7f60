"""The work split: "Next" hands each reviewer a claim no one else holds (a lease).

A reviewer holds one claim at a time: the lease is taken by Next (or on opening a claim no
one holds), renewed while the claim stays open, released on a decision, and expires after
`lease_ttl()` without renewal (a closed tab; an open Review page renews it every
`renew_every()` even when the reviewer only reads). Opening a claim someone else holds is allowed
(on purpose, from the queue) but does not take their lease.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass

import duckdb

from extraction.review.queue import QueueFilters
from extraction.store import review_leases as sql
from extraction.store.connection import Store
from extraction.store.records import utcnow

#: How long a lease lasts without renewal (default; $CLAIMDESK_LEASE_SECONDS changes it).
LEASE_TTL = dt.timedelta(minutes=5)
LEASE_ENV = "CLAIMDESK_LEASE_SECONDS"
#: Tries when another session's transaction took the same claim at the same moment.
ATTEMPTS = 12


@dataclass(frozen=True)
class Holder:
    """Who holds a claim and for how long they have held it."""

    reviewer: str
    held_for: dt.timedelta

    @property
    def label(self) -> str:
        """'held by Ada, 2 min' (under a minute: 'held by Ada, <1 min')."""
        minutes = int(self.held_for.total_seconds() // 60)
        return f"held by {self.reviewer}, {minutes if minutes else '<1'} min"


def lease_ttl(env: Mapping[str, str] | None = None) -> dt.timedelta:
    """How long a lease lasts without renewal: $CLAIMDESK_LEASE_SECONDS (at least 3 s),
    else `LEASE_TTL`."""
    raw = (os.environ if env is None else env).get(LEASE_ENV, "")
    try:
        seconds = float(raw)
    except ValueError:
        return LEASE_TTL
    return dt.timedelta(seconds=max(3.0, seconds)) if seconds > 0 else LEASE_TTL


def renew_every(ttl: dt.timedelta | None = None) -> dt.timedelta:
    """How often an open claim's lease is renewed while its page is open: a third of the
    lease, so two renewals can be missed before it lapses."""
    return (ttl or lease_ttl()) / 3


def _retrying(action, attempts: int = ATTEMPTS):  # type: ignore[no-untyped-def]
    """Run `action()` again when a concurrent transaction conflicted with it."""
    for attempt in range(attempts):
        try:
            return action()
        except (duckdb.TransactionException, duckdb.ConstraintException):
            if attempt == attempts - 1:
                raise
            time.sleep(random.uniform(0.005, 0.05) * (attempt + 1))
    return None


def next_claim(
    store: Store,
    reviewer: str,
    filters: QueueFilters | None = None,
    *,
    after_claim_id: str | None = None,
    priority: bool = False,
    now: dt.datetime | None = None,
    extra_candidates_sql: str = "",
) -> str | None:
    """Lease and return the next pending claim no other reviewer holds (None: none left).
    The reviewer's previous lease is released."""
    query = (filters or QueueFilters()).query()

    def attempt() -> str | None:
        moment = now or utcnow()
        with store.transaction() as con:
            claim_id = sql.next_free_claim(
                con,
                query,
                reviewer,
                moment,
                after_claim_id=after_claim_id,
                priority=priority,
                extra_candidates_sql=extra_candidates_sql,
            )
            if claim_id is None:
                sql.release_all(con, reviewer)
                return None
            if not sql.take_lease(con, claim_id, reviewer, moment, moment + lease_ttl()):
                raise duckdb.TransactionException("lease taken meanwhile")
            return claim_id

    result = _retrying(attempt)
    return None if result is None else str(result)


def hold(
    store: Store, claim_id: str, reviewer: str, now: dt.datetime | None = None
) -> Holder | None:
    """Take or renew the reviewer's lease on an open claim. Returns the other reviewer who
    holds it (their lease is left alone), or None when this reviewer holds it now."""

    def attempt() -> Holder | None:
        moment = now or utcnow()
        with store.transaction() as con:
            if sql.take_lease(con, claim_id, reviewer, moment, moment + lease_ttl()):
                return None
            lease = sql.live_leases(con, [claim_id], moment).get(claim_id)
        if lease is None:
            return None
        return Holder(lease.reviewer, moment - lease.acquired_at)

    held = _retrying(attempt)
    return held if isinstance(held, Holder) else None


def release(store: Store, claim_id: str, reviewer: str) -> None:
    """Release the reviewer's lease on a claim (after a decision)."""
    _retrying(lambda: _release(store, claim_id, reviewer))


def _release(store: Store, claim_id: str, reviewer: str) -> None:
    with store.transaction() as con:
        sql.release_lease(con, claim_id, reviewer)


def holders(
    store: Store, claim_ids: list[str], now: dt.datetime | None = None
) -> dict[str, Holder]:
    """Who holds each of these claims (claims no one holds are left out)."""
    moment = now or utcnow()
    with store.connect() as con:
        leases = sql.live_leases(con, claim_ids, moment)
    return {
        claim_id: Holder(lease.reviewer, moment - lease.acquired_at)
        for claim_id, lease in leases.items()
    }
