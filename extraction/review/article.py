"""An article with the current state of its claims: what the article view shows."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from extraction.review.highlight import Span
from extraction.review.state import ClaimState, state_from_row
from extraction.schema import Article
from extraction.store.articles import get_article
from extraction.store.connection import Store
from extraction.store.reviews import article_states, claim_state, search_articles

#: The number in a claim list label as the list showed it ("○ 7\\. Claim ...").
_LIST_NUMBER = re.compile(r"^\S*\s*(\d+)\\?\.")


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


def chosen_claim(
    value: object, claim_ids: list[str], *, shown_for: str, open_now: object
) -> str | None:
    """The claim a click in the article's claim list asks for, or None for an event to
    ignore.

    The list (labels "<status icon> <number>. <statement>") reports the label it showed,
    and Streamlit hands over a label it no longer knows (the claim's icon or statement
    changed since it was drawn: this reviewer or another one decided it) as raw text, not
    as a claim id: the number in it says which claim was clicked. An event from the list
    drawn for a claim that is no longer open (a key pressed while the next claim was on
    its way) is stale and ignored."""
    if shown_for != open_now or not isinstance(value, str):
        return None
    if value not in claim_ids:
        found = _LIST_NUMBER.match(value)
        number = int(found.group(1)) if found else 0
        if not 1 <= number <= len(claim_ids):
            return None
        value = claim_ids[number - 1]
    return None if value == open_now else value


def claim_spans(claims: Sequence[ClaimState]) -> list[Span]:
    """The highlights of an article's claims whose evidence was found in it: keyed by claim
    id, labelled "claim <number>: <status>" (1-based, in the order given)."""
    return [
        Span(
            start=state.grounding.start,
            end=state.grounding.end,
            key=state.claim_id,
            label=f"claim {number}: {state.status.value}",
            status=state.status.value,
        )
        for number, state in enumerate(claims, start=1)
        if state.grounding.start is not None and state.grounding.end is not None
    ]


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
