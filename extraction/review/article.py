"""An article with the current state of its claims: what the article view shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from extraction.review.state import ClaimState, state_from_row
from extraction.schema import Article
from extraction.store.articles import get_article
from extraction.store.connection import Store
from extraction.store.reviews import article_states, claim_state, search_articles


@dataclass(frozen=True)
class ArticleView:
    """An article, its claims under review in reading order, and the selected one."""

    article: Article
    claims: list[ClaimState]
    selected: ClaimState

    @property
    def position(self) -> int:
        """1-based position of the selected claim among the article's claims."""
        ids = [state.claim_id for state in self.claims]
        return ids.index(self.selected.claim_id) + 1


def load_article_view(store: Store, claim_id: str) -> ArticleView | None:
    """The article of a claim with all its claims (one connection), or None."""
    with store.connect() as con:
        row = claim_state(con, claim_id)
        if row is None:
            return None
        article = get_article(con, str(row["article_id"]))
        rows = article_states(con, str(row["article_id"]))
    if article is None:
        return None
    claims = [state_from_row(item) for item in rows]
    selected = next(state for state in claims if state.claim_id == claim_id)
    return ArticleView(article=article, claims=claims, selected=selected)


def load_article(store: Store, article_id: str) -> tuple[Article, list[ClaimState]] | None:
    """An article and the current state of its claims, or None."""
    with store.connect() as con:
        article = get_article(con, article_id)
        rows = article_states(con, article_id) if article else []
    if article is None:
        return None
    return article, [state_from_row(item) for item in rows]


def find_articles(store: Store, text: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
    """Articles matching an id prefix or a part of the title (newest first)."""
    with store.connect() as con:
        return search_articles(con, text, limit)
