"""Worker processes for a batch: the engine, grounding and the request/answer work on
several cores, while the batch's own process keeps the one DuckDB writer.

One Python process is held to one core by the GIL: building an LLM request (prompt,
JSON encoding, the openai SDK), parsing and validating its answer (instructor,
pydantic) and grounding the claims run in turns with ingestion and the writer. With
`processes` > 1 the batch starts that many worker processes ("spawn": a parent holding
threads, locks or a database connection is never forked). Each builds its own engine
once, from a picklable factory, and runs the articles of a task on `threads` threads
(requests in flight per process). The batch's process reads and leases articles, sends
them in tasks, and hands the outcomes to its writer: leases, heartbeat, resume, the
single writer and the run's counts are the ones of the one-process path.

A token budget (`--max-tokens`) is one counter in shared memory, checked by every
worker before each request, so it binds the whole batch exactly as with threads.

A worker process that dies (killed, out of memory, a crash in native code) fails the
articles it had, with a line saying so; the pool is started again for the rest of the
batch, and the next run retries the failed articles.
"""

from __future__ import annotations

import contextlib
import dataclasses
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import (
    FIRST_COMPLETED,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from extraction.engines.base import (
    EngineError,
    EngineSettings,
    Extractor,
    TokenBudget,
    batch_size_of,
    create_engine,
    load_plugin,
)
from extraction.pipeline.cache import StoreResponseCache
from extraction.pipeline.outcomes import extract_outcomes, failed_outcome
from extraction.pipeline.writer import ArticleOutcome
from extraction.schema import Article
from extraction.store.connection import Store

#: What builds a worker's engine: module-level and picklable (a function or a
#: functools.partial of one), since workers are spawned.
EngineFactory = Callable[[], Extractor]

#: Tasks a worker has queued behind the one it runs, so it never waits for the next: the
#: batch's thread can be busy for a few hundred ms (a lease claim waiting for the writer's
#: turn at the file, a burst of outcomes to record), and with one task queued the workers
#: were idle meanwhile.
QUEUED_PER_WORKER = 4
#: A task holds this many rounds of the worker's threads (fewer tasks, less IPC).
ROUNDS_PER_TASK = 4


@dataclasses.dataclass(frozen=True)
class EngineSpec:
    """Builds a registered engine in a worker process: its name, its settings (without a
    cache) and the database whose call log is the response cache (None: no cache).

    An engine that runs its own worker processes (an option `workers`, like `rules`)
    gets `workers=1` unless it was given: the batch's processes are its workers."""

    name: str
    settings: EngineSettings
    cache_db: Path | None = None

    def __call__(self) -> Extractor:
        """The engine, with a response cache over `cache_db`."""
        options = dict(self.settings.options)
        if "workers" in load_plugin(self.name).options.model_fields:
            options.setdefault("workers", 1)
        cache = None
        if self.cache_db is not None:
            cache = StoreResponseCache(Store(self.cache_db).serialized())
            cache.load()
        settings = dataclasses.replace(self.settings, options=options, cache=cache)
        return create_engine(self.name, settings)


class SharedTokenBudget(TokenBudget):
    """A TokenBudget whose counter lives in shared memory: one budget for every process.

    Pass it to worker processes when they start (a `multiprocessing.Value` travels only
    that way), not with each task."""

    def __init__(self, limit: int, value: Any | None = None) -> None:
        self.limit = limit
        ctx = multiprocessing.get_context("spawn")
        self._value = value if value is not None else ctx.Value("q", 0)

    def __reduce__(self) -> tuple[Any, ...]:
        return (SharedTokenBudget, (self.limit, self._value))

    @property
    def spent(self) -> int:
        """Tokens spent so far, by every process."""
        with self._value.get_lock():
            return int(self._value.value)

    def can_afford(self, estimate: int) -> bool:
        """True when a request costing up to `estimate` tokens stays within the limit."""
        with self._value.get_lock():
            return int(self._value.value) + max(0, estimate) <= self.limit

    def spend(self, tokens: int) -> None:
        """Record tokens an answer cost."""
        with self._value.get_lock():
            self._value.value += max(0, tokens)


@contextlib.contextmanager
def main_module_hidden() -> Iterator[None]:
    """While processes are spawned: keep them from importing this process's `__main__`.

    "spawn" runs the parent's main script again in each child (as `__mp_main__`), and
    for `claimdesk` that is the whole CLI, every command's imports (seconds, spaCy and
    torch among them). The workers need only the engine's modules; functions they run
    are module-level in `extraction`, never in `__main__`."""
    main = sys.modules.get("__main__")
    saved = {name: getattr(main, name) for name in ("__file__", "__spec__") if hasattr(main, name)}
    if main is None or not getattr(main, "__file__", None) or getattr(main, "__spec__", None):
        yield  # an interactive session, or `python -m`: nothing to hide / left as is
        return
    try:
        del main.__file__
        yield
    finally:
        for name, value in saved.items():
            setattr(main, name, value)


class _Worker:
    """The state of one worker process: its engine, threads and the batch's budget."""

    engine: Extractor | None = None
    threads: ThreadPoolExecutor | None = None
    budget: TokenBudget | None = None
    size: int = 1


def _start_worker(factory: EngineFactory, threads: int, budget: TokenBudget | None) -> None:
    """Initializer of a worker process: build its engine once (and warm it: a model
    loaded now is not loaded by the first task)."""
    _Worker.engine = factory()
    warm = getattr(_Worker.engine, "warm", None)
    if callable(warm):
        warm()
    _Worker.size = batch_size_of(_Worker.engine)
    _Worker.budget = budget
    if threads > 1:
        _Worker.threads = ThreadPoolExecutor(threads, thread_name_prefix="extract")


def _ready() -> int:
    """A no-op task: its worker has started (held briefly, so each worker takes one)."""
    time.sleep(0.05)
    return os.getpid()


def _run_task(articles: list[Article]) -> list[ArticleOutcome]:
    """Extract and ground one task's articles in a worker (in the engine's batch size)."""
    engine = _Worker.engine
    if engine is None:  # pragma: no cover - the initializer always ran
        raise RuntimeError("worker engine not started")
    size = _Worker.size
    pieces = [articles[start : start + size] for start in range(0, len(articles), size)]
    if _Worker.threads is None or len(pieces) == 1:
        results = [extract_outcomes(engine, piece, _Worker.budget) for piece in pieces]
    else:
        results = list(
            _Worker.threads.map(
                lambda piece: extract_outcomes(engine, piece, _Worker.budget), pieces
            )
        )
    return [outcome for result in results for outcome in result]


def died_message(error: BaseException) -> str:
    """The error stored for an article whose worker process died."""
    detail = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return (
        f"worker process died while extracting this article ({detail});"
        " not extracted, the next run retries it"
    )


class ProcessRunner:
    """A pool of worker processes running tasks of articles; restarted after a crash."""

    def __init__(
        self,
        factory: EngineFactory,
        processes: int,
        concurrency: int,
        engine_batch_size: int = 1,
        budget: TokenBudget | None = None,
    ) -> None:
        self.processes = max(1, processes)
        #: Requests (or engine batches) in flight per process.
        self.threads = max(1, -(-concurrency // self.processes))
        self.task_size = engine_batch_size * self.threads * ROUNDS_PER_TASK
        #: Tasks in flight at once.
        self.max_tasks = self.processes * (1 + QUEUED_PER_WORKER)
        self._factory = factory
        #: The batch's token budget, shared by every worker (None: no budget).
        self.budget = budget
        self._pool: ProcessPoolExecutor | None = None
        self._inflight: dict[
            Future[list[ArticleOutcome]], tuple[list[Article], ProcessPoolExecutor]
        ] = {}
        self.restarts = 0

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.processes,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(self._factory, self.threads, self.budget),
            )
        return self._pool

    def start(self) -> None:
        """Spawn every worker and return once each has built its engine (a broken
        start, e.g. an engine that cannot be built in a worker, raises here)."""
        pool = self._executor()
        with main_module_hidden():
            futures = [pool.submit(_ready) for _ in range(self.processes * 2)]
        try:
            for future in futures:
                future.result()
        except BrokenProcessPool as error:
            self.close(abort=True)
            raise EngineError(f"the worker processes could not start: {error}") from error

    @property
    def in_flight(self) -> int:
        """Tasks submitted and not yet collected."""
        return len(self._inflight)

    def _submit(self, articles: list[Article]) -> Future[list[ArticleOutcome]]:
        try:
            pool = self._executor()
            with main_module_hidden():  # submit spawns the workers
                future = pool.submit(_run_task, articles)
        except BrokenProcessPool:
            self._restart(pool)
            pool = self._executor()
            with main_module_hidden():
                future = pool.submit(_run_task, articles)
        self._inflight[future] = (articles, pool)
        return future

    def submit(self, articles: Sequence[Article]) -> None:
        """Start a task of articles (collect its outcomes with `collect`)."""
        self._submit(list(articles))

    def collect(self, block_while: int = 0) -> list[ArticleOutcome]:
        """Outcomes of the finished tasks, waiting while more than `block_while` tasks
        are in flight (0: wait for all).

        A dead worker breaks the whole pool, and every task in flight with it. Those
        tasks' articles are then run again one at a time on a new pool: an article
        that kills its worker again fails (with `died_message`), the others are
        extracted. So a crash costs the articles that cause it, not their neighbours.
        """
        done: list[ArticleOutcome] = []
        suspects: list[Article] = []
        while self._inflight:
            timeout = None if len(self._inflight) > block_while else 0
            finished, _ = wait(set(self._inflight), timeout=timeout, return_when=FIRST_COMPLETED)
            if not finished:
                break
            for future in finished:
                articles, pool = self._inflight.pop(future)
                try:
                    done.extend(future.result())
                except BrokenProcessPool:
                    self._restart(pool)
                    suspects.extend(articles)
            if suspects:
                block_while = 0  # every task of the broken pool reports before the retries
        for article in suspects:
            done.extend(self._alone(article))
        return done

    def _alone(self, article: Article) -> list[ArticleOutcome]:
        """One article in a task of its own, nothing else in flight."""
        future = self._submit([article])
        _, pool = self._inflight.pop(future)
        try:
            return future.result()
        except BrokenProcessPool as error:
            self._restart(pool)
            return [failed_outcome(article, EngineError(died_message(error)))]

    def _restart(self, broken: ProcessPoolExecutor | None) -> None:
        """Drop a broken pool (once, however many of its tasks report it); the next
        task starts a new one."""
        if broken is None or broken is not self._pool:
            return
        self._pool = None
        self.restarts += 1
        broken.shutdown(wait=True, cancel_futures=True)

    def close(self, *, abort: bool = False) -> None:
        """Stop the worker processes: when their tasks are done, or at once (`abort`:
        the batch was interrupted, what they are doing would be lost anyway)."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if abort:
            # ProcessPoolExecutor has no public way to stop running tasks
            for process in list(getattr(pool, "_processes", {}).values()):
                process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)
