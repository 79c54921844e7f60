"""The store work of one Review-page accept, step by step (server side, no browser).

    PYTHONPATH=. python bench/review_rerun_steps.py [N_CLAIMS]

Builds (once, under /tmp) a database with the tests' bulk_fill (8 claims per article) and
runs, 8 times, what one press of A asks of the store: the account check, the accept, the
lease release, Next (lease on the next free claim), the lease renewal, the article view
and the blind-review check, through the app's AppStore. Prints the median ms per step and
how many times the DuckDB file was opened.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import extraction.store.connection as connection  # noqa: E402
from extraction.review import accounts, actions, agreement, work  # noqa: E402
from extraction.review.app_store import AppStore  # noqa: E402
from extraction.review.article import load_article_view  # noqa: E402
from extraction.store.connection import Store  # noqa: E402
from tests.review.factories import bulk_fill  # noqa: E402

ROUNDS = 8


def _one_accept(store: AppStore, claim: str, extra: str, steps: dict[str, list[float]]) -> str:
    """What one press of A asks of the store; returns the next claim."""

    def timed(name: str, fn: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        result = fn()
        steps.setdefault(name, []).append(time.perf_counter() - start)
        return result

    timed("accounts check", lambda: accounts.has_accounts(store))
    state = timed("load state", lambda: actions.load_state(store, claim))
    timed("accept", lambda: actions.accept(store, claim, reviewer="Bench", opened=state.version))
    timed("release lease", lambda: work.release(store, claim, "Bench"))
    following = timed(
        "next (lease)",
        lambda: work.next_claim(store, "Bench", after_claim_id=claim, extra_candidates_sql=extra),
    )
    timed("renew lease", lambda: work.hold(store, following, "Bench"))
    timed("article view", lambda: load_article_view(store, following))
    timed("blind check", lambda: agreement.needs_blind_review(store, following, "Bench", 0))
    return str(following)


def main() -> None:
    """Time each step of an accept at the given size (default 1,000 claims)."""
    n_claims = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000
    path = Path(f"/tmp/claimdesk-bench/review-steps-{n_claims}.duckdb")
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        bulk_fill(Store(path), n_claims // 8, 8)
    store = AppStore(path)
    store.ensure_schema()
    opens = [0]
    original = connection.open_connection

    def counting(*args: Any, **kwargs: Any) -> Any:
        opens[0] += 1
        return original(*args, **kwargs)

    connection.open_connection = counting
    import extraction.review.app_store as app_store

    if hasattr(app_store, "open_connection"):
        app_store.open_connection = counting
    extra = agreement.second_review_candidates_sql("Bench", 0.0)
    claim = work.next_claim(store, "Bench", extra_candidates_sql=extra)
    assert claim is not None
    steps: dict[str, list[float]] = {}

    opens[0] = 0
    for _ in range(ROUNDS):
        start = time.perf_counter()
        claim = _one_accept(store, claim, extra, steps)
        steps.setdefault("total", []).append(time.perf_counter() - start)
    print(f"{n_claims:,} claims: {opens[0] / ROUNDS:.1f} file opens per accept")
    for name, values in steps.items():
        print(f"  {name:15s} {statistics.median(values) * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
