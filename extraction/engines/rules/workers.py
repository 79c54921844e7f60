"""Worker processes for the rules engine: a batch of articles parsed on several cores.

spaCy's parse holds the GIL, so threads do not add throughput; a pool of processes does.
Each worker builds its own engine once (the spaCy model loaded in the initializer) and
runs batches of articles with `nlp.pipe`. Workers are started with "spawn", so a parent
holding threads, locks or open database connections is never forked. The pool starts on
first use and stops on `close()`.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Protocol

from extraction.engines.base import BatchItem
from extraction.schema import Article


class BatchRunner(Protocol):
    """What a worker runs: one result (or EngineError) per article, in order."""

    def extract_items(self, articles: Sequence[Article]) -> list[BatchItem]:
        """Claims of each article."""
        ...


_WORKER_ENGINE: BatchRunner | None = None


def _start_worker(factory: Callable[[], BatchRunner]) -> None:
    """Initializer of a worker process: build (and warm) its engine once."""
    global _WORKER_ENGINE
    _WORKER_ENGINE = factory()
    warm = getattr(_WORKER_ENGINE, "warm", None)
    if warm is not None:
        warm()


def _run_piece(articles: list[Article]) -> list[BatchItem]:
    """Run one piece of a batch in a worker process."""
    if _WORKER_ENGINE is None:  # pragma: no cover - the initializer always ran
        raise RuntimeError("worker engine not started")
    return _WORKER_ENGINE.extract_items(articles)


def split(articles: Sequence[Article], pieces: int) -> list[list[Article]]:
    """`articles` in at most `pieces` contiguous, nearly equal pieces (order kept)."""
    count = max(1, min(pieces, len(articles)))
    size, extra = divmod(len(articles), count)
    result: list[list[Article]] = []
    start = 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        result.append(list(articles[start:end]))
        start = end
    return [piece for piece in result if piece]


class WorkerPool:
    """A lazily started pool of `workers` processes, each with its own engine."""

    #: Pieces per worker a batch is cut into, so a slow piece does not idle the others.
    PIECES_PER_WORKER = 4

    def __init__(self, workers: int, factory: Callable[[], Any]) -> None:
        self.workers = workers
        self._factory = factory
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:  # batches may arrive from several pipeline threads
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=self.workers,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start_worker,
                    initargs=(self._factory,),
                )
            return self._pool

    def run(self, articles: Sequence[Article]) -> list[BatchItem]:
        """One result per article, in order, computed on the workers."""
        pool = self._executor()
        futures: list[Future[list[BatchItem]]] = [
            pool.submit(_run_piece, piece)
            for piece in split(articles, self.workers * self.PIECES_PER_WORKER)
        ]
        return [item for future in futures for item in future.result()]

    def close(self) -> None:
        """Stop the worker processes (a later `run` starts new ones)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
