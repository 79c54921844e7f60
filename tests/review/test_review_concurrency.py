"""A batch extraction writing to the database from another process while reviewers work."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from extraction.review import actions
from extraction.review.actions import Saved
from extraction.review.queue import load_queue, next_pending
from extraction.store.connection import Store

ROOT = Path(__file__).resolve().parents[2]
N_ARTICLES = 150

BATCH = textwrap.dedent(
    """
    import sys, time
    from extraction.store.connection import Store
    from tests.review.factories import FixedExtractor, fill_store, make_article, sentence_claims

    def slow_claims(article):
        time.sleep(0.01)
        return sentence_claims(article.text)

    articles = [
        make_article(
            f"Report {i}. Officials said {100 + i} troops crossed the border on Monday."
            f" A spokesman said {i} vehicles were seen near the town.",
            title=f"Report {i}",
        )
        for i in range(int(sys.argv[2]))
    ]
    fill_store(Store(sys.argv[1]), articles, FixedExtractor(slow_claims, name="batch"))
    """
)


@pytest.mark.slow
def test_reviews_and_a_batch_in_another_process_share_the_file(
    store: Store, tmp_path: Path
) -> None:
    script = tmp_path / "batch.py"
    script.write_text(BATCH, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, str(script), str(store.path), str(N_ARTICLES)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    saved: list[str] = []
    during_batch = 0
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            running = process.poll() is None
            claim_id = next_pending(store)
            if claim_id is None:
                break
            state = actions.load_state(store, claim_id)
            assert state is not None
            outcome = actions.accept(store, claim_id, reviewer="ann", opened=state.version)
            assert isinstance(outcome, Saved), outcome
            saved.append(outcome.review_id)
            during_batch += running
            if not running and len(saved) >= 40:
                break
    finally:
        _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    assert "locked" not in stderr.lower()
    assert during_batch >= 5, "the reviews did not overlap the batch"
    page = load_queue(store)
    with store.connect() as con:
        n_reviews = con.execute("SELECT count(*) FROM reviews").fetchone()
        n_articles = con.execute("SELECT count(*) FROM articles").fetchone()
        n_batch = con.execute("SELECT count(*) FROM claims WHERE engine = 'batch'").fetchone()
    assert n_reviews == (len(saved),)
    assert n_articles == (N_ARTICLES + 2,)
    assert n_batch == (N_ARTICLES * 2,)
    assert page.counts["accepted"] == len(saved)
    assert page.total == 15 + N_ARTICLES * 2
