"""Run an engine over a gold set and score it.

The engine sees each gold line's `text` exactly as the gold gives it (not a re-ingested
file), wrapped in an `Article` whose `id` is the text hash and whose `external_id` is
the gold id. Its claims are grounded with `ground_claims` and scored by `scoring.score`.
An engine failure on one article (EngineError, or any exception from an engine bug) is
recorded in `errors` and the article counts as having no predictions, so its gold claims
are missed: a failing engine cannot look better than a working one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from extraction.engines.base import (
    BatchItem,
    EngineError,
    Extractor,
    batch_size_of,
    close_engine,
    extract_batch,
)
from extraction.evaluation.scoring import EvalScore, score
from extraction.schema import Article, GoldArticle, GroundedClaim
from extraction.text.grounding import ground_claims

ProgressFn = Callable[[GoldArticle], None]


@dataclass(frozen=True)
class ArticleRun:
    """What the engine returned for one gold article."""

    article_id: str
    claims: tuple[GroundedClaim, ...] = ()
    error: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float | None = None


@dataclass(frozen=True)
class EvalRun:
    """One evaluation: the engine's identity, its predictions per article and the score."""

    engine: str
    model: str
    prompt_version: str
    prompt_hash: str
    parameters: dict[str, Any]
    predictions: dict[str, tuple[GroundedClaim, ...]]
    errors: dict[str, str]
    score: EvalScore
    seconds: float
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float | None = None


def article_for(gold: GoldArticle) -> Article:
    """The Article an engine sees for a gold line: its text and metadata, id = text hash."""
    return Article(
        id=Article.id_for_text(gold.text),
        text=gold.text,
        title=gold.title,
        publication=gold.publication,
        published=gold.published,
        url=gold.url,
        author=gold.author,
        external_id=gold.id,
    )


def extract_article(engine: Extractor, gold: GoldArticle) -> ArticleRun:
    """Extract and ground one gold article's text; engine failures become `error`."""
    return extract_articles(engine, [gold])[0]


def _article_run(gold: GoldArticle, item: BatchItem) -> ArticleRun:
    if isinstance(item, EngineError):
        return ArticleRun(gold.id, error=str(item))
    return ArticleRun(
        article_id=gold.id,
        claims=tuple(ground_claims(gold.text, item.claims)),
        prompt_tokens=item.prompt_tokens,
        completion_tokens=item.completion_tokens,
        cost=item.cost,
    )


def extract_articles(engine: Extractor, gold: Sequence[GoldArticle]) -> list[ArticleRun]:
    """Extract and ground gold articles with one `extract_batch` call; failures become
    `error` (an engine bug fails the whole batch's articles, not the evaluation)."""
    try:
        items = extract_batch(engine, [article_for(article) for article in gold])
    except Exception as error:  # an engine bug must not stop the evaluation
        items = [EngineError(f"{type(error).__name__}: {error}")] * len(gold)
    return [_article_run(article, item) for article, item in zip(gold, items, strict=True)]


def _sum_costs(runs: Sequence[ArticleRun]) -> float | None:
    costs = [run.cost for run in runs if run.cost is not None]
    return sum(costs) if costs else None


def run_eval(
    gold: Sequence[GoldArticle],
    engine: Extractor,
    *,
    concurrency: int = 1,
    on_progress: ProgressFn | None = None,
) -> EvalRun:
    """Extract every gold article with `engine` and score it, then close the engine.

    Articles go to `extract_batch` in batches of the engine's `batch_size`, with
    `concurrency` batches in flight.
    """
    started = time.perf_counter()
    size = batch_size_of(engine)
    batches = [list(gold[offset : offset + size]) for offset in range(0, len(gold), size)]

    def some(articles: list[GoldArticle]) -> list[ArticleRun]:
        outcomes = extract_articles(engine, articles)
        if on_progress is not None:
            for article in articles:
                on_progress(article)
        return outcomes

    try:
        if concurrency > 1:
            with ThreadPoolExecutor(max_workers=concurrency) as pool:
                runs = [run for done in pool.map(some, batches) for run in done]
        else:
            runs = [run for articles in batches for run in some(articles)]
    finally:
        close_engine(engine)
    predictions = {run.article_id: run.claims for run in runs}
    errors = {run.article_id: run.error for run in runs if run.error is not None}
    return EvalRun(
        engine=engine.name,
        model=engine.model,
        prompt_version=engine.prompt_version,
        prompt_hash=engine.prompt_hash,
        parameters=dict(engine.parameters),
        predictions=predictions,
        errors=errors,
        score=score(gold, predictions),
        seconds=time.perf_counter() - started,
        prompt_tokens=sum(run.prompt_tokens for run in runs),
        completion_tokens=sum(run.completion_tokens for run in runs),
        cost=_sum_costs(runs),
    )
