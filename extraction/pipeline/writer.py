"""The one writer of a batch: each article's extraction lands in one transaction.

Results are written in short bursts, each in a connection that is closed right after,
so another process (the review app) can open the database between bursts.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import duckdb

from extraction.schema import Article, GroundedClaim, LLMCall
from extraction.store.articles import upsert_article
from extraction.store.claims import ExtractionRecord, insert_extraction
from extraction.store.connection import Store
from extraction.store.llm_calls import insert_llm_calls
from extraction.store.runs import RunInfo, record_failure


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


class BatchWriter:
    """Buffers outcomes and writes them in bursts, one transaction per article."""

    def __init__(
        self,
        store: Store,
        run_id: str,
        info: RunInfo,
        *,
        max_buffer: int = 64,
        max_delay: float = 0.5,
    ) -> None:
        self._store = store
        self._run_id = run_id
        self._info = info
        self._max_buffer = max_buffer
        self._max_delay = max_delay
        self._buffer: list[ArticleOutcome] = []
        self._last_flush = time.monotonic()

    def add(self, outcome: ArticleOutcome) -> None:
        """Queue an outcome; flush when the buffer is full or old enough."""
        self._buffer.append(outcome)
        too_old = time.monotonic() - self._last_flush >= self._max_delay
        if len(self._buffer) >= self._max_buffer or too_old:
            self.flush()

    def flush(self) -> None:
        """Write every buffered outcome, each article in its own transaction."""
        if not self._buffer:
            return
        with self._store.connect() as con:
            while self._buffer:
                outcome = self._buffer[0]
                con.begin()
                try:
                    self._write(con, outcome)
                except BaseException:
                    con.rollback()
                    raise
                con.commit()
                self._buffer.pop(0)
        self._last_flush = time.monotonic()

    def _write(self, con: duckdb.DuckDBPyConnection, outcome: ArticleOutcome) -> None:
        upsert_article(con, outcome.article)
        insert_llm_calls(con, self._run_id, outcome.article.id, outcome.calls)
        if outcome.error is not None:
            record_failure(con, self._run_id, self._info.run_key, outcome.article.id, outcome.error)
            return
        insert_extraction(
            con,
            ExtractionRecord(
                run_id=self._run_id,
                article_id=outcome.article.id,
                info=self._info,
                claims=outcome.claims,
                prompt_tokens=outcome.prompt_tokens,
                completion_tokens=outcome.completion_tokens,
            ),
        )
