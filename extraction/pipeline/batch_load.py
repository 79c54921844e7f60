"""`claimdesk batch collect` / `batch load`: a provider batch's answers stored as one run.

Each answer is matched to its prepared request (by `custom_id`, in the store since
`batch prepare`), parsed and validated like a live answer (`wire.parse_answer`), its
article's chunks merged, grounded, and written through the pipeline's writer: one run,
with one `llm_calls` row per answer (request, response, usage, cost at the batch price).
A run is tied to its results source (the batch id, or the results file's sha256): the
same results loaded again add nothing, and a load that died is finished by the next one.

An article whose answer failed (an error line, a cut-off or invalid answer, a missing
chunk) is re-asked live when a `reask` engine is given (the normal openai engine, with its
retries and re-asks); else it fails, and its requests can go to a follow-up batch file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extraction.engines.base import EngineError, Extractor, close_engine, extract_one
from extraction.engines.llm.chunking import merge_claims
from extraction.engines.llm.modes import resolve_mode
from extraction.engines.llm.pricing import PriceTable
from extraction.engines.llm.wire import AnswerError, parse_answer
from extraction.errors import ClaimDeskError
from extraction.pipeline.batch_prepare import request_line
from extraction.pipeline.batch_results import ResultLine
from extraction.pipeline.writer import ArticleOutcome, BatchWriter
from extraction.schema import Article, Claim, LLMCall
from extraction.store.articles import get_articles
from extraction.store.batch_files import (
    StoredRequest,
    article_requests,
    batch_load,
    batch_settings,
    finish_batch_load,
    run_cost,
    run_errors,
    start_batch_load,
    stored_article_ids,
    stored_requests,
)
from extraction.store.connection import Store
from extraction.store.runs import RunInfo, RunTotals, finish_run, start_run, stored_counts
from extraction.text.grounding import ground_claims


class BatchInputError(ClaimDeskError, ValueError):
    """Results that cannot be loaded as one run (exit 2)."""


@dataclass(frozen=True)
class LoadOptions:
    """How answers are stored: prices, live re-asks, a follow-up file, expected requests."""

    prices: PriceTable | None = None
    #: Builds the live engine that re-asks failed articles, from the batch's settings.
    reask: Callable[[dict[str, Any]], Extractor] | None = None
    followup: Path | None = None
    #: custom_ids the batch was asked (collect knows its input file): unanswered ones fail.
    expected: tuple[str, ...] = ()


@dataclass
class LoadSummary:
    """What a load stored, and the one line per failed item."""

    run_id: str | None
    source: str
    already_loaded: bool = False
    totals: RunTotals = field(default_factory=RunTotals)
    failures: list[str] = field(default_factory=list)
    recovered: int = 0
    followup_requests: int = 0

    @property
    def failed(self) -> bool:
        """True when an item failed and was not recovered: exit status 1."""
        return bool(self.failures)


@dataclass
class _Article:
    """The answers of one article's chunks."""

    article: Article
    requests: list[StoredRequest]
    answers: dict[int, ResultLine] = field(default_factory=dict)


def _label(article: Article) -> str:
    return article.source_path or article.id


class _Loader:
    """Turns the answers of one batch (one settings id) into article outcomes."""

    def __init__(self, settings: dict[str, Any], options: LoadOptions) -> None:
        self.settings = settings
        self.options = options
        _, self.mode = resolve_mode(settings["options"].get("mode"))
        self.salvage = int(settings["options"].get("max_reasks", 2)) == 0
        self._engine: Extractor | None = None

    def live_engine(self) -> Extractor:
        """The live engine for re-asks, built on first use."""
        if self._engine is None:
            assert self.options.reask is not None
            self._engine = self.options.reask(self.settings)
        return self._engine

    def close(self) -> None:
        """Close the live engine if one was built."""
        if self._engine is not None:
            close_engine(self._engine)

    def call(self, request: StoredRequest, answer: ResultLine | None) -> LLMCall:
        usage = _usage(answer.body) if answer is not None and answer.body else {}
        prompt, completion = usage.get("prompt_tokens"), usage.get("completion_tokens")
        cost = None
        if self.options.prices is not None and (prompt is not None or completion is not None):
            cost = self.options.prices.batch_cost(
                self.settings["model"], prompt or 0, completion or 0
            )
        return LLMCall(
            attempt=1,
            endpoint=self.settings["parameters"].get("endpoint"),
            model=self.settings["model"],
            prompt_version=self.settings["prompt_version"],
            prompt_hash=self.settings["prompt_hash"],
            cache_key=request.cache_key,
            request=request.body,
            response=answer.body if answer is not None else None,
            error=answer.error if answer is not None else "no answer in the batch",
            prompt_tokens=prompt,
            completion_tokens=completion,
            total_tokens=usage.get("total_tokens"),
            cost=cost,
        )

    def outcome(self, item: _Article) -> ArticleOutcome:
        """The article's outcome from its answers (failed: the problems of its chunks)."""
        calls: list[LLMCall] = []
        claims: list[list[Claim]] = []
        problems: list[str] = []
        count = len(item.requests)
        for request in item.requests:
            answer = item.answers.get(request.chunk_index)
            call = self.call(request, answer)
            calls.append(call)
            where = f" (chunk {request.chunk_index + 1} of {count})" if count > 1 else ""
            if answer is None or answer.body is None:
                problems.append((call.error or "no answer") + where)
                continue
            try:
                parsed = parse_answer(
                    answer.body, item.article.text, self.mode, salvage=self.salvage
                )
            except AnswerError as error:
                call.error = str(error)
                problems.append(f"{error}{where}")
                continue
            call.parsed = True
            call.error = parsed.note
            claims.append(parsed.claims)
        outcome = ArticleOutcome(
            article=item.article,
            calls=calls,
            prompt_tokens=sum(c.prompt_tokens or 0 for c in calls),
            completion_tokens=sum(c.completion_tokens or 0 for c in calls),
            cost=_total_cost(calls),
        )
        if problems:
            outcome.error = "; ".join(problems)
        else:
            outcome.claims = ground_claims(item.article.text, merge_claims(claims))
        return outcome

    def reask(self, outcome: ArticleOutcome) -> ArticleOutcome:
        """The article extracted live, with the batch calls kept in front of the live ones."""
        result = extract_one(self.live_engine(), outcome.article)
        if isinstance(result, EngineError):
            outcome.calls.extend(result.calls)
            outcome.error = f"{outcome.error}; re-asked live: {result}"
            return outcome
        prices = self.options.prices
        for call in result.calls:  # live calls cost the live price
            if prices is not None and call.cost is None:
                tokens = (call.prompt_tokens or 0, call.completion_tokens or 0)
                call.cost = prices.cost(self.settings["model"], *tokens)
        calls = [*outcome.calls, *result.calls]
        return ArticleOutcome(
            article=outcome.article,
            claims=ground_claims(outcome.article.text, result.claims),
            calls=calls,
            prompt_tokens=outcome.prompt_tokens + result.prompt_tokens,
            completion_tokens=outcome.completion_tokens + result.completion_tokens,
            cost=_total_cost(calls),
        )


def _usage(body: str) -> dict[str, int]:
    try:
        usage = json.loads(body).get("usage") or {}
    except (ValueError, AttributeError):
        return {}
    return {k: int(v) for k, v in usage.items() if isinstance(v, int) and not isinstance(v, bool)}


def _total_cost(calls: list[LLMCall]) -> float | None:
    costs = [call.cost for call in calls if call.cost is not None]
    return sum(costs) if costs else None


def _group(
    store: Store, answers: list[ResultLine], expected: tuple[str, ...], failures: list[str]
) -> tuple[dict[str, _Article], str | None]:
    """Answers grouped by article (every chunk of each), and the settings id they share."""
    ids = [line.custom_id for line in answers] + list(expected)
    with store.connect() as con:
        requests = stored_requests(con, ids)
        article_ids = sorted({r.article_id for r in requests.values()})
        articles = get_articles(con, article_ids)
        settings_ids = {request.settings_id for request in requests.values()}
        if len(settings_ids) > 1:
            raise BatchInputError(
                "the results answer requests prepared with different settings"
                f" ({', '.join(sorted(settings_ids))}); load them as separate files"
            )
        siblings = article_requests(con, article_ids, settings_ids)
    for line in answers:
        if line.custom_id not in requests:
            failures.append(
                f"{line.where}: unknown custom_id {line.custom_id!r}"
                " (not prepared with `claimdesk batch prepare` in this database)"
            )
    grouped: dict[str, _Article] = {}
    for article_id in article_ids:
        if article_id not in articles:
            failures.append(f"article {article_id}: not in the database")
            continue
        grouped[article_id] = _Article(
            article=articles[article_id], requests=siblings.get(article_id, [])
        )
    for line in answers:
        request = requests.get(line.custom_id)
        if request is not None and request.article_id in grouped:
            grouped[request.article_id].answers[request.chunk_index] = line
    return grouped, next(iter(settings_ids), None)


def _already_loaded(store: Store, source_key: str, summary: LoadSummary) -> bool:
    """Fill `summary` from an earlier, finished load of the same source; True if there was one."""
    with store.connect() as con:
        existing = batch_load(con, source_key)
        if existing is None or existing["status"] != "done":
            return False
        summary.run_id = existing["run_id"]
        summary.already_loaded = True
        errors = run_errors(con, existing["run_id"])
    summary.failures = [
        f"{error['source']}: {error['error']}" if "error" in error else error.get("input", "")
        for error in errors
    ]
    return True


def _open_run(store: Store, source_key: str, source: str, info: RunInfo) -> tuple[str, set[str]]:
    """The run of this source (a new one, or the one a load that died left), and the
    articles it already stored as done."""
    with store.transaction() as con:
        existing = batch_load(con, source_key)
        if existing is not None:
            return existing["run_id"], stored_article_ids(con, existing["run_id"])
        run_id = start_run(con, info)
        start_batch_load(con, source_key, run_id, source)
        return run_id, set()


def _write_followup(path: Path, requests: list[StoredRequest]) -> None:
    partial = path.with_name(path.name + ".partial")
    path.parent.mkdir(parents=True, exist_ok=True)
    with partial.open("w", encoding="utf-8") as handle:
        for request in requests:
            handle.write(request_line(request.custom_id, request.body) + "\n")
    partial.replace(path)


def load_results(
    store: Store,
    answers: list[ResultLine],
    problems: list[str],
    *,
    source_key: str,
    source: str,
    options: LoadOptions | None = None,
) -> LoadSummary:
    """Store a batch's answers as one run tied to `source_key` (idempotent).

    `problems` are the results' bad lines (`read_results`), reported as failures."""
    opts = options or LoadOptions()
    store = store.serialized()
    summary = LoadSummary(run_id=None, source=source)
    if _already_loaded(store, source_key, summary):
        return summary
    summary.failures.extend(problems)
    grouped, settings_id = _group(store, answers, opts.expected, summary.failures)
    if settings_id is None:
        return summary
    with store.connect() as con:
        settings = batch_settings(con, settings_id)
    if settings is None:
        raise BatchInputError(f"the settings {settings_id} of the prepared requests are missing")
    info = RunInfo(
        engine=settings["engine"],
        model=settings["model"],
        prompt_version=settings["prompt_version"],
        prompt_hash=settings["prompt_hash"],
        parameters={**settings["parameters"], "batch": source, "price": "batch"},
    )
    summary.run_id, done = _open_run(store, source_key, source, info)
    loader = _Loader(settings, opts)
    writer = BatchWriter(store, summary.run_id, info)
    followup: list[StoredRequest] = []
    try:
        for item in grouped.values():
            if item.article.id in done:
                continue
            outcome = loader.outcome(item)
            if outcome.error is not None and opts.reask is not None:
                outcome = loader.reask(outcome)
                summary.recovered += outcome.error is None
            if outcome.error is not None:
                summary.failures.append(f"{_label(item.article)}: {outcome.error}")
                followup.extend(item.requests)
            writer.add(outcome)
    finally:
        loader.close()
        writer.flush()
    if opts.followup is not None and followup:
        _write_followup(opts.followup, followup)
        summary.followup_requests = len(followup)
    _finish(store, summary, source_key)
    return summary


def _finish(store: Store, summary: LoadSummary, source_key: str) -> None:
    """Close the run with what it stored, and mark the source loaded."""
    assert summary.run_id is not None
    with store.transaction() as con:
        counts = stored_counts(con, [summary.run_id]).get(summary.run_id, {})
        totals = summary.totals
        totals.n_articles = counts.get("n_articles", 0)
        totals.n_failed = counts.get("n_failed", 0)
        totals.n_claims = counts.get("n_claims", 0)
        totals.n_ungrounded = counts.get("n_ungrounded", 0)
        totals.prompt_tokens = counts.get("prompt_tokens", 0)
        totals.completion_tokens = counts.get("completion_tokens", 0)
        totals.cost = run_cost(con, summary.run_id)
        totals.errors = [_error_entry(line) for line in summary.failures]
        finish_run(con, summary.run_id, totals, "done")
        finish_batch_load(con, source_key)


def _error_entry(line: str) -> dict[str, str]:
    source, _, error = line.partition(": ")
    return {"source": source, "error": error}
