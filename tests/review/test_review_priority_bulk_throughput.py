"""Priority queue, bulk decisions, throughput, and the HTML report's content."""

from __future__ import annotations

import datetime as dt

from extraction.review import bulk, work
from extraction.review.article import load_article
from extraction.review.queue import load_queue, priority_reasons
from extraction.review.report import ContestedGroup, build_report
from extraction.review.state import ClaimState
from extraction.review.throughput import reviewer_throughput
from extraction.schema import AlignmentStatus, Certainty
from extraction.store.connection import Store
from tests.review.factories import review_rows


def _set(store: Store, claim_id: str, **columns: object) -> None:
    sets = ", ".join(f"{name} = ?" for name in columns)
    with store.transaction() as con:
        con.execute(f"UPDATE claims SET {sets} WHERE id = ?", [*columns.values(), claim_id])


def test_priority_puts_the_least_sure_claims_first_and_says_why(
    store: Store, claims: list[ClaimState]
) -> None:
    plain = [state.claim_id for state in claims]
    fuzzy, hedged = plain[-1], plain[-2]
    _set(store, fuzzy, alignment_status=AlignmentStatus.fuzzy.value)
    _set(store, hedged, certainty=Certainty.hedged.value)
    page = load_queue(store, priority=True)
    order = [state.claim_id for state in page.claims]
    assert order[:2] == [fuzzy, hedged]
    reasons = priority_reasons(store, order[:3])
    assert "fuzzily" in reasons[fuzzy]
    assert reasons[hedged] == "hedged, unconfirmed or denied"
    assert [state.claim_id for state in load_queue(store).claims] == plain  # plain order stays
    assert work.next_claim(store, "Ann", priority=True) == fuzzy
    assert work.next_claim(store, "Bob", priority=False) == plain[0]


def test_bulk_accept_writes_one_review_per_exact_claim(
    store: Store, claims: list[ClaimState]
) -> None:
    article_id = claims[0].article_id
    loaded = load_article(store, article_id)
    assert loaded is not None
    exact = bulk.exact_pending(loaded[1])
    result = bulk.accept_exact(store, article_id, "Ann")
    assert sorted(result.saved) == sorted(state.claim_id for state in exact)
    rows = review_rows(store)
    assert len(rows) == len(exact)
    assert {row["action"] for row in rows} == {"accept"}
    assert len({row["claim_id"] for row in rows}) == len(rows)
    again = bulk.accept_exact(store, article_id, "Ann")
    assert again.saved == []


def test_bulk_reject_uses_one_reason_and_skips_decided_claims(
    store: Store, claims: list[ClaimState]
) -> None:
    ids = [state.claim_id for state in claims[:3]]
    bulk.reject_many(store, ids[:1], "Duplicate of another claim", "Ann")
    result = bulk.reject_many(store, ids, "Page furniture", "Bob")
    assert result.saved == ids[1:]
    assert result.skipped == {ids[0]: "no longer pending"}
    assert [row["reason"] for row in review_rows(store)].count("Page furniture") == 2


def test_throughput_from_review_timestamps() -> None:
    t0 = dt.datetime(2026, 12, 6, 9, 0, 0)
    rows = [
        {"reviewer": "Ann", "action": "accept", "created_at": t0},
        {"reviewer": "Ann", "action": "reject", "created_at": t0 + dt.timedelta(seconds=30)},
        {"reviewer": "Ann", "action": "accept", "created_at": t0 + dt.timedelta(seconds=90)},
        {"reviewer": "Ann", "action": "correct", "created_at": t0 + dt.timedelta(hours=2)},
        {"reviewer": "Bob", "action": "accept", "created_at": t0},
    ]
    ann, bob = reviewer_throughput(rows)
    assert ann.decisions == 4 and ann.by_kind == {"accept": 2, "reject": 1, "correct": 1}
    assert ann.median_seconds == 45.0  # 30 s and 60 s; the 2 h break is left out
    assert ann.per_hour == 4 / (90 / 3600)
    assert bob.per_hour is None and bob.median_seconds is None


def test_the_report_escapes_text_and_needs_no_network(
    store: Store, claims: list[ClaimState]
) -> None:
    group = ContestedGroup("<b>troops</b> :red[x]", ["figures disagree"], [("<i>A</i>", "1", "P")])
    report = build_report(store, [group])
    assert report.startswith("<!DOCTYPE html>")
    assert "&lt;b&gt;troops&lt;/b&gt; :red[x]" in report and "<b>troops" not in report
    assert "&lt;i&gt;A&lt;/i&gt;" in report
    # Nothing to fetch: no linked stylesheet, script, image or font.
    assert "<link" not in report and " src=" not in report and "url(" not in report
    for state in claims:
        assert f'data-claims="{state.claim_id}"' in report or state.grounding.start is None
