"""The one writer of a batch: each article's extraction lands in one transaction.

Results are written in short bursts, each in a connection that is closed right after,
so another process (the review app) can open the database between bursts.

A burst is one transaction with one bulk INSERT per table: every row of an article is
in it, so an article is stored whole or not at all, while the cost of a
commit (a WAL sync, ~5 ms) and of a statement (~1 ms) is paid once per burst instead of
once per article and row. When a burst fails it is rolled back and written again one
article per transaction, so one article that cannot be written never takes the others
with it.

Most of a burst's cost does not depend on its size: opening the file (~20-50 ms) and the
checkpoint DuckDB runs when it is closed (~50-100 ms per table written, ~300 ms in all).
So a burst waits for up to 256 outcomes or 2 s, whichever comes first; results reach the
review app at most ~2 s after their article is done.

A burst started by `add` is written by a background thread, so the batch keeps sending
requests while DuckDB writes (it releases the GIL); at most one burst is in flight and
bursts are written in order. A burst's error is raised by the next `add` or `flush`, with
its unwritten articles back in the buffer. `flush` writes in the calling thread and
returns when everything is committed.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import duckdb

from extraction.pipeline.carry import carry_reviews
from extraction.schema import Article, GroundedClaim, LLMCall
from extraction.store.articles import insert_new_articles
from extraction.store.claims import ExtractionRecord, write_extractions
from extraction.store.connection import Store, use_threads
from extraction.store.llm_calls import insert_llm_call_groups
from extraction.store.runs import RunInfo, record_failures

#: DuckDB threads for a burst: one (bulk inserts and the checkpoint on close of a few
#: hundred articles: ~0.97-1.03 -> ~0.89-0.92 ms CPU per article on 2 cores; DuckDB's
#: default, a thread per core, spins for work that small).
WRITER_THREADS = 1


@dataclass
class ArticleOutcome:
    """What happened to one article: claims on success, an error on failure."""

    article: Article
    claims: list[GroundedClaim] = field(default_factory=list)
    calls: list[LLMCall] = field(default_factory=list)
    error: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float | None = None
    #: Stopped by the token budget: its calls are logged, the article stays pending.
    stopped: bool = False


@dataclass
class _Burst:
    """Outcomes being written in the background; what is left of them if writing fails."""

    outcomes: list[ArticleOutcome]
    error: BaseException | None = None


class BatchWriter:
    """Buffers outcomes and writes them in bursts, each burst in one transaction."""

    def __init__(
        self,
        store: Store,
        run_id: str,
        info: RunInfo,
        *,
        max_buffer: int = 256,
        max_delay: float = 2.0,
    ) -> None:
        self._store = store
        self._run_id = run_id
        self._info = info
        self._max_buffer = max_buffer
        self._max_delay = max_delay
        self._buffer: list[ArticleOutcome] = []
        self._last_flush = time.monotonic()
        self._in_flight: tuple[threading.Thread, _Burst] | None = None

    def add(self, outcome: ArticleOutcome) -> None:
        """Queue an outcome; start writing the buffer when it is full or old enough."""
        self._buffer.append(outcome)
        too_old = time.monotonic() - self._last_flush >= self._max_delay
        if len(self._buffer) >= self._max_buffer or too_old:
            self._write_in_background()

    def flush(self) -> None:
        """Write every buffered outcome and return when all of it is committed.

        A burst goes in one transaction, or, if that fails, each article in its own
        transaction (the first that fails raises; it and the articles after it stay
        buffered).
        """
        self._join()
        if self._buffer:
            self._write_burst(self._buffer)
        self._last_flush = time.monotonic()

    def _write_in_background(self) -> None:
        self._join()
        burst = _Burst(self._buffer)
        self._buffer = []
        thread = threading.Thread(target=self._run, args=(burst,), name="claimdesk-writer")
        self._in_flight = (thread, burst)
        thread.start()
        self._last_flush = time.monotonic()

    def _run(self, burst: _Burst) -> None:
        try:
            self._write_burst(burst.outcomes)
        except BaseException as error:  # handed to the batch's thread by _join
            burst.error = error

    def _join(self) -> None:
        """Wait for the burst in flight; if it failed, re-buffer what is left and raise."""
        if self._in_flight is None:
            return
        thread, burst = self._in_flight
        thread.join()
        self._in_flight = None
        if burst.error is not None:
            self._buffer[:0] = burst.outcomes
            raise burst.error

    def _write_burst(self, outcomes: list[ArticleOutcome]) -> None:
        """Commit `outcomes`, removing each from the list once it is committed."""
        with self._store.connect() as con:
            use_threads(con, WRITER_THREADS)
            try:
                self._commit(con, outcomes)
            except Exception:
                self._commit_one_by_one(con, outcomes)
            else:
                outcomes.clear()

    def _commit_one_by_one(
        self, con: duckdb.DuckDBPyConnection, outcomes: list[ArticleOutcome]
    ) -> None:
        """After a failed burst: each article in its own transaction; the first failure raises."""
        while outcomes:
            self._commit(con, outcomes[:1])
            outcomes.pop(0)

    def _commit(self, con: duckdb.DuckDBPyConnection, outcomes: list[ArticleOutcome]) -> None:
        con.begin()
        try:
            self._write(con, outcomes)
        except BaseException:
            con.rollback()
            raise
        con.commit()

    def _write(self, con: duckdb.DuckDBPyConnection, outcomes: list[ArticleOutcome]) -> None:
        write_outcomes(con, self._run_id, self._info, outcomes)


def write_outcomes(
    con: duckdb.DuckDBPyConnection, run_id: str, info: RunInfo, outcomes: list[ArticleOutcome]
) -> None:
    """Store `outcomes` of run `run_id` in the caller's transaction: new articles, every
    LLM call, failures, the extractions and their claims, reviews carried to them."""
    insert_new_articles(con, [outcome.article for outcome in outcomes])
    insert_llm_call_groups(
        con, run_id, [(outcome.article.id, outcome.calls) for outcome in outcomes]
    )
    failures = [(o.article.id, o.error) for o in outcomes if o.error is not None and not o.stopped]
    record_failures(con, run_id, info.run_key, failures)
    done = [outcome for outcome in outcomes if outcome.error is None]
    written = write_extractions(
        con,
        [
            ExtractionRecord(
                run_id=run_id,
                article_id=outcome.article.id,
                info=info,
                claims=outcome.claims,
                prompt_tokens=outcome.prompt_tokens,
                completion_tokens=outcome.completion_tokens,
            )
            for outcome in done
        ],
    )
    # Reviews of earlier extractions follow the claims (same transaction).
    carry_reviews(
        con,
        {
            item.article_id: list(zip(item.claim_ids, outcome.claims, strict=True))
            for item, outcome in zip(written, done, strict=True)
        },
    )
