"""Batch extraction: articles in, grounded claims in the store, resumable.

Articles already extracted under the same run key (engine, model, prompt version and
hash) are skipped unless `force`; each article's claims are committed in one
transaction (with others of its burst, see `writer`), so a crash loses at most the
articles in flight and those not yet written (one burst: 256 articles or 2 s), and a
re-run resumes.

Before an article is extracted it is leased in the database (`leases`), so any number
of processes running the same batch on one file split it and none extracts an article
another holds or has done; with `force`, "done" means done since this run began. The
runs of the same key whose process died are marked `dead` when a run starts.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from extraction.engines.base import (
    Extractor,
    TokenBudget,
    batch_size_of,
    close_engine,
)
from extraction.pipeline.leases import Leases
from extraction.pipeline.outcomes import extract_outcomes
from extraction.pipeline.processes import EngineFactory, ProcessRunner, SharedTokenBudget
from extraction.pipeline.writer import ArticleOutcome, BatchWriter
from extraction.schema import AlignmentStatus, Article
from extraction.store.bulk import warm_up
from extraction.store.connection import Store
from extraction.store.records import utcnow
from extraction.store.runs import (
    RunInfo,
    RunTotals,
    done_article_ids,
    finish_run,
    mark_dead_runs,
    start_run,
)


@dataclass(frozen=True)
class BatchOptions:
    """How a batch runs."""

    limit: int | None = None
    force: bool = False
    concurrency: int = 1
    max_tokens: int | None = None
    max_cost: float | None = None
    #: Worker processes for the engine and grounding (1: threads in this process);
    #: needs an engine factory (see `run_batch`).
    processes: int = 1


@dataclass
class BatchSummary:
    """What a batch did, for the CLI's summary and exit code."""

    run_id: str
    engine: str
    model: str
    prompt_version: str
    totals: RunTotals = field(default_factory=RunTotals)
    input_errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    stopped_by_budget: bool = False

    @property
    def failed(self) -> bool:
        """True when any input or article failed: the CLI exits non-zero."""
        return bool(self.input_errors) or self.totals.n_failed > 0


ProgressFn = Callable[[str, Article | None], None]


def run_info_for(engine: Extractor) -> RunInfo:
    """The run identity of an engine."""
    return RunInfo(
        engine=engine.name,
        model=engine.model,
        prompt_version=engine.prompt_version,
        prompt_hash=engine.prompt_hash,
        parameters=engine.parameters,
    )


class _Batch:
    """State of one running batch (kept out of the public function for readability)."""

    def __init__(
        self,
        store: Store,
        engine: Extractor,
        options: BatchOptions,
        progress: ProgressFn | None,
        budget: TokenBudget | None = None,
    ) -> None:
        # The writer, the lease keeper and this thread use the file in turns.
        store = store.serialized()
        self.store = store
        self.engine = engine
        self.options = options
        self.progress = progress
        self.info = run_info_for(engine)
        started_at = utcnow()
        with store.transaction() as con:
            mark_dead_runs(con, self.info.run_key)
            self.run_id = start_run(con, self.info)
            self.done = set() if options.force else done_article_ids(con, self.info.run_key)
        self.leases = Leases(
            store,
            self.run_id,
            self.info.run_key,
            done_since=started_at if options.force else None,
            first_burst=max(2, options.concurrency * 2),
        )
        self.summary = BatchSummary(
            run_id=self.run_id,
            engine=engine.name,
            model=engine.model,
            prompt_version=engine.prompt_version,
        )
        self.writer = BatchWriter(store, self.run_id, self.info)
        self.seen: set[str] = set()
        self.cost = 0.0
        self.budget = budget
        if budget is None and options.max_tokens is not None:
            self.budget = TokenBudget(options.max_tokens)

    def over_budget(self) -> bool:
        if self.summary.stopped_by_budget:
            return True
        totals = self.summary.totals
        used = totals.prompt_tokens + totals.completion_tokens
        if self.budget is not None:
            used = max(used, self.budget.spent)
        if self.options.max_tokens is not None and used >= self.options.max_tokens:
            return True
        return self.options.max_cost is not None and self.cost >= self.options.max_cost

    def accept(self, item: Article | str) -> Article | None:
        """Filter an input item: record input errors, skip done and duplicate articles."""
        totals = self.summary.totals
        if isinstance(item, str):
            self.summary.input_errors.append(item)
            totals.errors.append({"input": item})
            self._report("error", None)
            return None
        if item.id in self.seen or item.id in self.done:
            if item.id not in self.seen:
                totals.n_skipped += 1
                self._report("skipped", item)
            self.seen.add(item.id)
            return None
        self.seen.add(item.id)
        return item

    def leased(self, articles: list[Article]) -> list[Article]:
        """The articles this process may extract: those it could lease; the others
        (another process holds or did them) are counted as skipped."""
        claimed = set(self.leases.claim([article.id for article in articles]))
        for article in articles:
            if article.id not in claimed:
                self.summary.totals.n_skipped += 1
                self._report("skipped", article)
        return [article for article in articles if article.id in claimed]

    def record(self, outcome: ArticleOutcome) -> None:
        """Count an outcome and hand it to the writer."""
        totals = self.summary.totals
        totals.prompt_tokens += outcome.prompt_tokens
        totals.completion_tokens += outcome.completion_tokens
        if outcome.cost is not None:
            self.cost += outcome.cost
            totals.cost = self.cost
        if outcome.stopped:
            self.summary.stopped_by_budget = True
            self.writer.add(outcome)
            self._report("stopped", outcome.article)
            return
        if outcome.error is not None:
            totals.n_failed += 1
            label = outcome.article.source_path or outcome.article.id
            totals.errors.append(
                {"article": outcome.article.id, "source": label, "error": outcome.error}
            )
        else:
            totals.n_articles += 1
            totals.n_claims += len(outcome.claims)
            totals.n_ungrounded += sum(
                1 for c in outcome.claims if c.grounding.status is AlignmentStatus.not_found
            )
        self.writer.add(outcome)
        self._report("failed" if outcome.error else "done", outcome.article)

    def _report(self, event: str, article: Article | None) -> None:
        if self.progress is not None:
            self.progress(event, article)


def run_batch(
    store: Store,
    engine: Extractor,
    items: Iterable[Article | str],
    options: BatchOptions | None = None,
    progress: ProgressFn | None = None,
    engine_factory: EngineFactory | None = None,
) -> BatchSummary:
    """Extract claims from every article in `items` into `store`, then close `engine`.

    `items` yields articles, or strings describing input errors (file + problem), which
    are counted as failures without stopping the batch. Articles go to the engine's
    `extract_batch` in batches of its `batch_size`. With `options.processes` > 1 they go
    to that many worker processes, each with an engine from `engine_factory` (a
    picklable callable building the same engine as `engine`, which then only gives the
    run's identity); this process still leases, writes and counts.
    """
    opts = options or BatchOptions()
    if opts.processes > 1 and engine_factory is None:
        raise ValueError("processes > 1 needs an engine_factory")
    runner = None
    # the writer's first bulk insert imports pyarrow: do it while the workers start
    warming = threading.Thread(target=warm_up, name="claimdesk-warm-up", daemon=True)
    warming.start()
    if opts.processes > 1 and engine_factory is not None:
        runner = _start_runner(engine, opts, engine_factory)
    warming.join()
    started = time.perf_counter()
    status = "interrupted"
    try:
        batch = _Batch(store, engine, opts, progress, runner.budget if runner else None)
    except BaseException:
        if runner is not None:
            runner.close(abort=True)
        raise
    try:
        if runner is not None:
            _drive_processes(batch, items, runner)
        else:
            _drive(batch, items)
        status = "stopped_budget" if batch.summary.stopped_by_budget else "done"
    finally:
        close_engine(engine)
        try:
            batch.writer.flush()
        finally:
            batch.leases.close()
        batch.summary.seconds = time.perf_counter() - started
        with store.transaction() as con:
            finish_run(con, batch.run_id, batch.summary.totals, status)
    return batch.summary


def _leased_articles(batch: _Batch, items: Iterable[Article | str]) -> Iterator[Article]:
    """The articles of `items` this process leased, claimed in bursts (at most `limit`)."""
    limit = batch.options.limit
    given = 0
    pending: list[Article] = []

    def room() -> int | None:
        return None if limit is None else limit - given - len(pending)

    for item in items:
        article = batch.accept(item)
        if article is None:
            continue
        pending.append(article)
        left = room()
        if len(pending) < batch.leases.next_burst() and (left is None or left > 0):
            continue
        for leased in batch.leased(pending):
            given += 1
            yield leased
        pending = []
        if limit is not None and given >= limit:
            return
    if pending:
        yield from batch.leased(pending)


def _drive(batch: _Batch, items: Iterable[Article | str]) -> None:
    """Feed articles to the engine in batches of its `batch_size`, with at most
    `concurrency` batches in flight (at least two for an engine that batches)."""
    opts = batch.options
    size = batch_size_of(batch.engine)
    # a batching engine works on the next batch while the last one is grounded and written
    workers = max(1, opts.concurrency, 2 if size > 1 else 1)
    started = 0
    pending: list[Article] = []
    inflight: set[Future[list[ArticleOutcome]]] = set()

    def submit() -> bool:
        """Start the pending batch; False when the budget is spent."""
        nonlocal inflight, started
        while len(inflight) >= workers:
            finished, inflight = wait(inflight, return_when=FIRST_COMPLETED)
            for future in finished:
                for outcome in future.result():
                    batch.record(outcome)
        if batch.over_budget():
            batch.summary.stopped_by_budget = True
            return False
        inflight.add(pool.submit(extract_outcomes, batch.engine, list(pending), batch.budget))
        started += len(pending)
        pending.clear()
        return True

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="extract") as pool:
        for article in _leased_articles(batch, items):
            if opts.limit is not None and started + len(pending) >= opts.limit:
                break
            pending.append(article)
            if len(pending) >= size and not submit():
                break
        if pending and not batch.summary.stopped_by_budget:
            submit()
        for future in inflight:
            for outcome in future.result():
                batch.record(outcome)


def _start_runner(engine: Extractor, opts: BatchOptions, factory: EngineFactory) -> ProcessRunner:
    """The batch's worker processes, started (each engine built) before the run begins,
    as the engine of a one-process batch is; with the batch's token budget, if any."""
    budget = SharedTokenBudget(opts.max_tokens) if opts.max_tokens is not None else None
    runner = ProcessRunner(
        factory,
        opts.processes,
        opts.concurrency,
        engine_batch_size=batch_size_of(engine),
        budget=budget,
    )
    runner.start()
    return runner


def _drive_processes(batch: _Batch, items: Iterable[Article | str], runner: ProcessRunner) -> None:
    """Feed articles to worker processes in tasks, at most `runner.max_tasks` in
    flight; record outcomes in this process as tasks finish."""
    opts = batch.options
    started = 0
    pending: list[Article] = []

    def collect(block_while: int) -> None:
        """Record finished tasks, waiting while more than `block_while` are in flight."""
        for outcome in runner.collect(block_while):
            batch.record(outcome)

    def submit() -> bool:
        """Start the pending task; False when the budget is spent."""
        nonlocal started
        collect(runner.max_tasks - 1)
        if batch.over_budget():
            batch.summary.stopped_by_budget = True
            return False
        runner.submit(pending)
        started += len(pending)
        pending.clear()
        return True

    finished = False
    try:
        for article in _leased_articles(batch, items):
            if opts.limit is not None and started + len(pending) >= opts.limit:
                break
            pending.append(article)
            if len(pending) >= runner.task_size and not submit():
                break
        if pending and not batch.summary.stopped_by_budget:
            submit()
        collect(0)
        finished = True
    finally:
        runner.close(abort=not finished)
