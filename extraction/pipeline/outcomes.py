"""One batch of articles through an engine: grounded outcomes, never an exception.

Used by the pipeline's threads in the batch's process and by its worker processes
(`extraction.pipeline.processes`) alike, so both paths store the same claims.
"""

from __future__ import annotations

from extraction.engines.base import (
    BatchItem,
    BudgetExhaustedError,
    EngineError,
    Extractor,
    TokenBudget,
    budget_scope,
    extract_batch,
)
from extraction.pipeline.writer import ArticleOutcome
from extraction.schema import Article
from extraction.text.grounding import ground_claims


def failed_outcome(
    article: Article, error: EngineError, *, stopped: bool = False
) -> ArticleOutcome:
    """The outcome of an article whose extraction failed (or was stopped by the budget),
    with the calls it made and the tokens they cost."""
    return ArticleOutcome(
        article=article,
        calls=error.calls,
        error=str(error),
        prompt_tokens=sum(call.prompt_tokens or 0 for call in error.calls),
        completion_tokens=sum(call.completion_tokens or 0 for call in error.calls),
        stopped=stopped,
    )


def grounded_outcome(article: Article, item: BatchItem) -> ArticleOutcome:
    """An engine's result (or EngineError) for one article, its claims grounded. An LLM
    request the token budget could not pay for was not sent: that article is stopped (not
    failed, not done) and stays pending."""
    if isinstance(item, EngineError):
        return failed_outcome(article, item, stopped=isinstance(item, BudgetExhaustedError))
    return ArticleOutcome(
        article=article,
        claims=ground_claims(article.text, item.claims),
        calls=list(item.calls),
        prompt_tokens=item.prompt_tokens,
        completion_tokens=item.completion_tokens,
        cost=item.cost,
    )


def extract_outcomes(
    engine: Extractor, articles: list[Article], budget: TokenBudget | None = None
) -> list[ArticleOutcome]:
    """Run the engine on a batch of articles under the batch's token budget; never raises
    for engine errors."""
    try:
        with budget_scope(budget):
            items = extract_batch(engine, articles)
    except Exception as error:  # an engine bug must not stop the batch
        failure = EngineError(f"{type(error).__name__}: {error}")
        items = [failure] * len(articles)
    return [grounded_outcome(article, item) for article, item in zip(articles, items, strict=True)]
