"""The review queue: pending first, filters, counts, paging, progress, next pending."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from extraction.review import actions, form
from extraction.review.actions import Saved
from extraction.review.queue import QueueFilters, load_queue, next_pending, today_start
from extraction.review.state import ClaimState, ReviewStatus
from extraction.schema import Claim
from extraction.store.connection import Store
from tests.review.factories import FixedExtractor, fill_store, make_article


def _accept(store: Store, state: ClaimState, reviewer: str = "ann") -> Saved:
    outcome = actions.accept(store, state.claim_id, reviewer=reviewer, opened=state.version)
    assert isinstance(outcome, Saved)
    return outcome


def test_pending_claims_come_first_in_reading_order(store: Store, claims: list[ClaimState]) -> None:
    _accept(store, claims[0])
    page = load_queue(store)
    statuses = [state.status for state in page.claims]
    assert statuses[-1] is ReviewStatus.accepted
    assert all(status is ReviewStatus.pending for status in statuses[:-1])
    first_article = [s for s in page.claims[:-1] if s.article_id == claims[1].article_id]
    starts = [s.grounding.start for s in first_article]
    assert starts == sorted(starts)


def test_counts_per_status(store: Store, claims: list[ClaimState]) -> None:
    _accept(store, claims[0])
    outcome = actions.reject(
        store, claims[1].claim_id, "dup", reviewer="ann", opened=claims[1].version
    )
    assert isinstance(outcome, Saved)
    page = load_queue(store)
    assert page.counts[ReviewStatus.accepted] == 1
    assert page.counts[ReviewStatus.rejected] == 1
    assert page.counts[ReviewStatus.pending] == len(claims) - 2
    assert page.total == len(claims)


def test_status_filter_keeps_counts_of_every_status(store: Store, claims: list[ClaimState]) -> None:
    _accept(store, claims[0])
    page = load_queue(store, QueueFilters(status="accepted"))
    assert [s.claim_id for s in page.claims] == [claims[0].claim_id]
    assert page.matching == 1
    assert page.counts[ReviewStatus.pending] == len(claims) - 1
    reviewed = load_queue(store, QueueFilters(status="reviewed"))
    assert reviewed.matching == 1


def test_filters_by_article_publication_claimant_engine_prompt_and_certainty(
    store: Store, claims: list[ClaimState]
) -> None:
    article_id = claims[0].article_id
    by_article = load_queue(store, QueueFilters(article=article_id)).claims
    assert by_article and {s.article_id for s in by_article} == {article_id}
    by_title = load_queue(store, QueueFilters(article="11,000 North Korean")).claims
    assert by_title and all(
        "11,000 north korean" in (s.article_title or "").lower() for s in by_title
    )
    euromaidan = load_queue(store, QueueFilters(publication="Euromaidan Press")).claims
    assert euromaidan and {s.publication for s in euromaidan} == {"Euromaidan Press"}
    assert load_queue(store, QueueFilters(engine="fixture")).matching == len(claims)
    assert load_queue(store, QueueFilters(engine="nope")).matching == 0
    assert load_queue(store, QueueFilters(prompt_version="p1")).matching == len(claims)
    assert load_queue(store, QueueFilters(certainty="hedged")).matching == 0
    assert load_queue(store, QueueFilters(claimant="budanov")).matching == 0

    target = claims[2]
    values = {
        **form.form_values(target.claim),
        "claimant": "Kyrylo Budanov",
        "certainty": "hedged",
    }
    assert isinstance(
        actions.correct(store, target.claim_id, values, reviewer="ann", opened=target.version),
        Saved,
    )
    assert [s.claim_id for s in load_queue(store, QueueFilters(claimant="BUDANOV")).claims] == [
        target.claim_id
    ]
    assert load_queue(store, QueueFilters(certainty="hedged")).matching == 1


def test_ungrounded_only(tmp_path: Path) -> None:
    text = "Officials said 500 troops crossed the border on Monday. Nothing else happened."
    good = Claim(
        statement="500 troops crossed the border.", evidence="500 troops crossed the border"
    )
    bad = Claim(statement="Troops left.", evidence="a passage the article never had")
    store = fill_store(
        Store(tmp_path / "u.duckdb"), [make_article(text)], FixedExtractor(lambda _: [good, bad])
    )
    page = load_queue(store, QueueFilters(ungrounded_only=True))
    assert [s.claim.statement for s in page.claims] == ["Troops left."]


def test_facets_list_the_values_to_filter_on(store: Store) -> None:
    page = load_queue(store)
    assert page.facets["publication"] == ["Euromaidan Press", "The Kyiv Independent"]
    assert page.facets["engine"] == ["fixture"]
    assert page.facets["prompt_version"] == ["p1"]


def test_paging(store: Store, claims: list[ClaimState]) -> None:
    first = load_queue(store, page=0, page_size=4)
    second = load_queue(store, page=1, page_size=4)
    last = load_queue(store, page=3, page_size=4)
    beyond = load_queue(store, page=9, page_size=4)
    assert [s.claim_id for s in first.claims + second.claims] == [c.claim_id for c in claims[:8]]
    assert first.pages == -(-len(claims) // 4)
    assert len(last.claims) == len(claims) - 12
    assert beyond.claims == [] and beyond.counts[ReviewStatus.pending] == len(claims)


def test_progress_per_reviewer_today_and_in_total(store: Store, claims: list[ClaimState]) -> None:
    _accept(store, claims[0], "ann")
    _accept(store, claims[1], "ann")
    _accept(store, claims[2], "bob")
    page = load_queue(store)
    progress = {p.reviewer: (p.today, p.total) for p in page.progress}
    assert progress == {"ann": (2, 2), "bob": (1, 1)}
    tomorrow = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(days=1)
    later = load_queue(store, now=tomorrow)
    assert {p.reviewer: (p.today, p.total) for p in later.progress} == {
        "ann": (0, 2),
        "bob": (0, 1),
    }


def test_today_starts_at_midnight() -> None:
    assert today_start(dt.datetime(2024, 10, 18, 14, 5, 3, 7)) == dt.datetime(2024, 10, 18)


def test_next_pending_moves_forward_skips_decided_claims_and_wraps(
    store: Store, claims: list[ClaimState]
) -> None:
    ids = [c.claim_id for c in claims]
    assert next_pending(store) == ids[0]
    assert next_pending(store, after_claim_id=ids[0]) == ids[1]
    _accept(store, claims[1])
    assert next_pending(store, after_claim_id=ids[0]) == ids[2]
    assert next_pending(store, after_claim_id=ids[-1]) == ids[0]


def test_next_pending_honours_filters_and_ends_when_nothing_is_pending(
    store: Store, claims: list[ClaimState]
) -> None:
    euromaidan = QueueFilters(publication="Euromaidan Press")
    wanted = [c for c in claims if c.publication == "Euromaidan Press"]
    assert next_pending(store, euromaidan) == wanted[0].claim_id
    for state in wanted:
        _accept(store, state)
    assert next_pending(store, euromaidan, wanted[-1].claim_id) is None


def test_added_claims_join_the_queue_as_added(store: Store, claims: list[ClaimState]) -> None:
    values = {
        "statement": "About 11,000 North Korean troops are in Russia.",
        "claimant_type": "intelligence",
        "certainty": "asserted",
        "evidence": "Close to 11,000 North Korean troops are in Russia",
    }
    outcome = actions.add_claim(store, claims[0].article_id, values, reviewer="ann")
    assert isinstance(outcome, Saved)
    page = load_queue(store, QueueFilters(status="added"))
    assert [s.claim_id for s in page.claims] == [outcome.state.claim_id]
    assert page.claims[0].engine is None
