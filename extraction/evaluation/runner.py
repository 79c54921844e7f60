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

from extraction.engines.base import EngineError, Extractor
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
    article = article_for(gold)
    try:
        result = engine.extract(article)
    except EngineError as error:
        return ArticleRun(gold.id, error=str(error))
    except Exception as error:  # an engine bug must not stop the evaluation
        return ArticleRun(gold.id, error=f"{type(error).__name__}: {error}")
    return ArticleRun(
        article_id=gold.id,
        claims=tuple(ground_claims(gold.text, result.claims)),
        prompt_tokens=result.prompt_tokens,
        completion_tokens=result.completion_tokens,
        cost=result.cost,
    )


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
    """Extract every gold article with `engine` (in `concurrency` threads) and score it."""
    started = time.perf_counter()

    def one(article: GoldArticle) -> ArticleRun:
        outcome = extract_article(engine, article)
        if on_progress is not None:
            on_progress(article)
        return outcome

    if concurrency > 1:
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            runs = list(pool.map(one, gold))
    else:
        runs = [one(article) for article in gold]
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
