"""`claimdesk gold export`: fully reviewed articles as gold JSON Lines (CLAIMS.md format).

An article is exported when every claim under review for it has a decision (accepted,
corrected, rejected or added) and at least one review exists. Accepted and added claims
go in with their current values, corrected ones with the corrections; rejected claims
are left out. Evidence is always the article's own text (an exact substring).
"""

from __future__ import annotations

import json
from itertools import groupby
from pathlib import Path
from typing import Any

from extraction.review.state import ClaimState, ReviewStatus, state_from_row
from extraction.schema import GoldArticle, GoldClaim
from extraction.store.articles import get_article
from extraction.store.connection import Store
from extraction.store.reviews import complete_article_states
from extraction.text.grounding import locate_evidence

#: Keys of a gold line, in the order CLAIMS.md shows them.
GOLD_KEYS = ("id", "title", "publication", "published", "url", "text", "claims")


def _gold_claim(text: str, state: ClaimState) -> GoldClaim:
    """The gold claim of a reviewed claim; evidence replaced by the article's exact span
    when it was located only after normalisation or fuzzily."""
    claim = state.claim
    evidence = claim.evidence
    if evidence not in text:
        grounding = locate_evidence(text, evidence)
        if grounding.start is None or grounding.end is None:
            raise ValueError(f"claim {state.claim_id}: evidence is not in the article text")
        evidence = text[grounding.start : grounding.end]
    return GoldClaim(**{**claim.model_dump(), "evidence": evidence})


def gold_articles(store: Store) -> list[GoldArticle]:
    """Every fully reviewed article with its kept claims, in article order."""
    articles: list[GoldArticle] = []
    with store.connect() as con:
        rows = complete_article_states(con)
        for article_id, group in groupby(rows, key=lambda row: row["article_id"]):
            states = [state_from_row(row) for row in group]
            article = get_article(con, str(article_id))
            if article is None:
                continue
            kept = [state for state in states if state.status is not ReviewStatus.rejected]
            articles.append(
                GoldArticle(
                    **article.model_dump(exclude={"id"}),
                    id=article.external_id or article.id,
                    claims=[_gold_claim(article.text, state) for state in kept],
                )
            )
    return articles


def gold_line(article: GoldArticle) -> str:
    """One JSON line of the gold file (CLAIMS.md keys; a claim's null group left out)."""
    data = article.model_dump(mode="json")
    record: dict[str, Any] = {key: data[key] for key in GOLD_KEYS}
    for claim in record["claims"]:
        if claim.get("group") is None:
            claim.pop("group", None)
    return json.dumps(record, ensure_ascii=False)


def write_gold(store: Store, path: Path) -> int:
    """Write the gold file; return the number of articles written."""
    articles = gold_articles(store)
    path.write_text("".join(gold_line(article) + "\n" for article in articles), encoding="utf-8")
    return len(articles)
