"""Article leases: claimed once, taken over when expired, never over a done article."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from extraction.pipeline import run_batch
from extraction.pipeline.batch import run_info_for
from extraction.store.connection import Store
from extraction.store.leases import claim_articles, release_leases
from extraction.store.records import utcnow
from tests.review.factories import FixedExtractor, make_article

TEXTS = [f"Officials said {100 + i} troops crossed the border on day {i}." for i in range(4)]


def test_a_leased_article_is_not_claimed_by_another_owner_until_it_expires(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "l.duckdb")
    with store.transaction() as con:
        assert claim_articles(con, "key", "a", ["x", "y"], ttl_seconds=0.3) == ["x", "y"]
        assert claim_articles(con, "key", "b", ["x", "y", "z"], ttl_seconds=60) == ["z"]
        assert claim_articles(con, "other-key", "b", ["x"], ttl_seconds=60) == ["x"]
        assert claim_articles(con, "key", "a", ["x"], ttl_seconds=0.3) == ["x"]  # renewal
    time.sleep(0.4)
    with store.transaction() as con:
        assert claim_articles(con, "key", "b", ["x", "y"], ttl_seconds=60) == ["x", "y"]
        release_leases(con, "b")
        assert claim_articles(con, "key", "c", ["x", "y", "z"], ttl_seconds=60) == ["x", "y", "z"]


def test_a_crashed_process_leases_are_taken_over_once_expired(tmp_path: Path) -> None:
    store = Store(tmp_path / "b.duckdb")
    extractor = FixedExtractor()
    articles = [make_article(text) for text in TEXTS]
    store.ensure_schema()
    key = run_info_for(extractor).run_key
    with store.transaction() as con:  # a process that died holding two leases
        claim_articles(con, key, "dead-run", [a.id for a in articles[:2]], ttl_seconds=0.5)
    first = run_batch(store, extractor, articles)
    assert first.totals.n_articles == 2 and first.totals.n_skipped == 2
    time.sleep(0.6)
    second = run_batch(store, extractor, articles)
    assert second.totals.n_articles == 2 and second.totals.n_skipped == 2
    with store.connect() as con:
        row = con.execute("SELECT count(*), count(DISTINCT article_id) FROM extractions").fetchone()
    assert row == (4, 4)


def test_done_articles_are_not_claimed_and_force_means_done_since_the_run_began(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "d.duckdb")
    extractor = FixedExtractor()
    articles = [make_article(text) for text in TEXTS[:2]]
    run_batch(store, extractor, articles)
    key = run_info_for(extractor).run_key
    ids = [a.id for a in articles]
    with store.transaction() as con:
        assert claim_articles(con, key, "late", ids, ttl_seconds=60) == []
        since = utcnow() + dt.timedelta(seconds=-0.001)
        assert claim_articles(con, key, "forced", ids, ttl_seconds=60, done_since=since) == ids


def test_a_lease_burst_grows_at_most_twofold(tmp_path: Path) -> None:
    """Articles claimed and queued at once make a very fast 'rate': sized from it alone the
    next burst was thousands of articles, read from ingestion before any was leased."""
    from extraction.pipeline.leases import Leases

    leases = Leases(Store(tmp_path / "g.duckdb").serialized(), "run", "key", first_burst=8)
    sizes = []
    try:
        for round_ in range(5):
            size = leases.next_burst()
            sizes.append(size)
            assert len(leases.claim([f"a{round_}-{i}" for i in range(size)])) == size
    finally:
        leases.close()
    assert sizes == [8, 8, 16, 32, 64]  # the first claim has no rate yet
