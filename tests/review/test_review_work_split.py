"""The work split: Next leases a claim no one else holds (issue 15, "Work split")."""

from __future__ import annotations

import datetime as dt
import threading

from extraction.review import actions, work
from extraction.review.queue import load_queue
from extraction.review.state import ClaimState
from extraction.store.connection import Store

T0 = dt.datetime(2026, 12, 6, 9, 0, 0)


def test_two_reviewers_never_get_the_same_claim_from_next(
    store: Store, claims: list[ClaimState]
) -> None:
    ann = work.next_claim(store, "Ann", now=T0)
    bob = work.next_claim(store, "Bob", now=T0)
    assert ann == claims[0].claim_id
    assert bob == claims[1].claim_id
    holders = work.holders(store, [ann, bob], now=T0 + dt.timedelta(minutes=2))
    assert holders[ann].label == "held by Ann, 2 min"
    assert holders[bob].reviewer == "Bob"


def test_a_lease_moves_with_the_reviewer_and_is_released_on_decision(
    store: Store, claims: list[ClaimState]
) -> None:
    first = work.next_claim(store, "Ann", now=T0)
    second = work.next_claim(store, "Ann", after_claim_id=first, now=T0)
    assert first != second
    assert set(work.holders(store, [first, second], now=T0)) == {second}
    work.release(store, second, "Ann")
    assert work.holders(store, [second], now=T0) == {}


def test_an_expired_lease_frees_the_claim(store: Store, claims: list[ClaimState]) -> None:
    ann = work.next_claim(store, "Ann", now=T0)
    later = T0 + work.LEASE_TTL + dt.timedelta(seconds=1)
    assert work.next_claim(store, "Bob", now=later) == ann


def test_holding_renews_but_never_steals(store: Store, claims: list[ClaimState]) -> None:
    ann = work.next_claim(store, "Ann", now=T0)
    assert work.hold(store, ann, "Ann", now=T0 + dt.timedelta(minutes=4)) is None
    other = work.hold(store, ann, "Bob", now=T0 + work.LEASE_TTL + dt.timedelta(minutes=1))
    assert other is not None and other.reviewer == "Ann"  # renewed at 4 min, still live


def test_ten_reviewers_at_once_never_share_a_claim(store: Store) -> None:
    pending = load_queue(store).counts
    got: dict[str, list[str]] = {}
    errors: list[BaseException] = []

    def review(name: str) -> None:
        try:
            mine: list[str] = []
            after = None
            while True:
                claim_id = work.next_claim(store, name, after_claim_id=after)
                if claim_id is None:
                    break
                state = actions.load_state(store, claim_id)
                assert state is not None
                if not state.pending:
                    after = claim_id
                    continue
                outcome = actions.accept(store, claim_id, reviewer=name, opened=state.version)
                assert isinstance(outcome, actions.Saved), outcome
                work.release(store, claim_id, name)
                mine.append(claim_id)
            got[name] = mine
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=review, args=(f"R{n}",)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    decided = [claim for mine in got.values() for claim in mine]
    assert len(decided) == len(set(decided))
    with store.connect() as con:
        rows = con.execute("SELECT claim_id, count(*) FROM reviews GROUP BY claim_id").fetchall()
    assert all(count == 1 for _, count in rows)
    assert len(rows) == sum(n for status, n in pending.items() if status.value == "pending")


def test_the_lease_length_comes_from_the_environment_and_is_renewed_thrice_per_lease() -> None:
    assert work.lease_ttl({}) == work.LEASE_TTL
    assert work.lease_ttl({work.LEASE_ENV: "60"}) == dt.timedelta(seconds=60)
    assert work.lease_ttl({work.LEASE_ENV: "1"}) == dt.timedelta(seconds=3)
    assert work.lease_ttl({work.LEASE_ENV: "soon"}) == work.LEASE_TTL
    assert work.lease_ttl({work.LEASE_ENV: "0"}) == work.LEASE_TTL
    assert work.renew_every(dt.timedelta(minutes=6)) == dt.timedelta(minutes=2)
