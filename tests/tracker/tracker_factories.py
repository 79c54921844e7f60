"""Helpers for the tracker tests: hand-made claims, stores holding them, a keyword embedder.

The gold set (eval/gold/seeds.jsonl) gives the real claims; hand-made claims keep each
test about one behaviour. `KeywordEmbedder` maps a text to a one-hot topic vector, so
tests of the store-level machinery (incremental recompute, pins) do not depend on a
model's judgement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from extraction.schema import Article, Certainty, Claim, ClaimantType, GoldArticle, Quantity
from extraction.store.articles import upsert_article
from extraction.store.claims import ExtractionRecord, insert_extraction
from extraction.store.connection import Store
from extraction.store.runs import RunInfo, start_run
from extraction.text.grounding import ground_claims
from extraction.tracker.embeddings import Vectors
from extraction.tracker.models import TrackedClaim

GOLD_PATH = Path(__file__).resolve().parents[2] / "eval" / "gold" / "seeds.jsonl"


def load_gold() -> list[GoldArticle]:
    """The seeds' gold articles."""
    lines = GOLD_PATH.read_text(encoding="utf-8").splitlines()
    return [GoldArticle.model_validate_json(line) for line in lines if line.strip()]


def claim(
    statement: str,
    *,
    claimant: str | None = "an official",
    value: float | None = None,
    unit: str = "troops",
    qualifier: str = "exact",
    certainty: str = "asserted",
    claim_date: dt.date | None = None,
    via: str | None = None,
) -> Claim:
    """A schema claim whose evidence is its statement (so it grounds in a text holding it)."""
    quantity = None if value is None else Quantity(value=value, unit=unit, qualifier=qualifier)
    return Claim(
        statement=statement,
        claimant=claimant,
        claimant_type=ClaimantType.government if claimant else ClaimantType.media,
        via=via,
        quantity=quantity,
        claim_date=claim_date,
        certainty=Certainty(certainty),
        evidence=statement,
    )


def tracked(
    claim_id: str,
    statement: str,
    *,
    claimant: str | None = "an official",
    value: float | None = None,
    unit: str | None = "troops",
    qualifier: str = "exact",
    certainty: str = "asserted",
    claim_date: dt.date | None = None,
    published: dt.date | None = dt.date(2024, 10, 20),
    publication: str | None = "The Gazette",
    article_id: str | None = "a1",
    via: str | None = None,
) -> TrackedClaim:
    """A hand-made tracked claim."""
    return TrackedClaim(
        id=claim_id,
        statement=statement,
        article_id=article_id,
        claimant=claimant,
        via=via,
        value=value,
        unit=unit if value is not None else None,
        qualifier=qualifier if value is not None else None,
        claim_date=claim_date,
        certainty=certainty,
        evidence=statement,
        publication=publication,
        published=published,
    )


def article_of(
    claims: Sequence[Claim],
    *,
    publication: str = "The Gazette",
    published: dt.date = dt.date(2024, 10, 20),
    salt: str = "",
) -> Article:
    """An article whose text is the claims' evidence sentences (plus a salt line)."""
    text = "\n".join([*(c.evidence for c in claims), salt or publication])
    return Article(
        id=Article.id_for_text(text),
        text=text,
        title=f"{publication} {published}",
        publication=publication,
        published=published,
    )


def store_article(
    store: Store, article: Article, claims: Sequence[Claim], engine: str = "fixture"
) -> None:
    """Write an article and one extraction of its claims, as the pipeline does."""
    info = RunInfo(engine=engine, model=f"{engine}-m", prompt_version="p1", prompt_hash="h1")
    with store.transaction() as con:
        run_id = start_run(con, info)
        upsert_article(con, article)
        insert_extraction(
            con,
            ExtractionRecord(
                run_id=run_id,
                article_id=article.id,
                info=info,
                claims=ground_claims(article.text, list(claims)),
            ),
        )


def store_gold(store: Store, gold: Sequence[GoldArticle]) -> Store:
    """Write gold articles and their claims to a store (one extraction each)."""
    for gold_article in gold:
        article = Article(**gold_article.model_dump(exclude={"claims"}))
        store_article(store, article, list(gold_article.claims), engine="gold")
    return store


def claim_ids(store: Store, statement_part: str) -> list[str]:
    """Ids of stored claims whose statement contains `statement_part`."""
    with store.connect(read_only=True) as con:
        rows = con.execute(
            "SELECT id FROM claims WHERE statement LIKE ? ORDER BY created_at, idx",
            [f"%{statement_part}%"],
        ).fetchall()
    return [str(row[0]) for row in rows]


def memberships(store: Store) -> dict[str, tuple[str, str]]:
    """claim id -> (group id, assigned_by)."""
    with store.connect(read_only=True) as con:
        rows = con.execute(
            "SELECT claim_id, group_id, assigned_by FROM claim_group_members"
        ).fetchall()
    return {str(r[0]): (str(r[1]), str(r[2])) for r in rows}


class KeywordEmbedder:
    """One-hot topic vectors: the first topic keyword found in the text (else 'other')."""

    name = "keyword-test"
    persist = True
    TOPICS = ("detained", "kursk", "pact", "equipment", "troops", "soldiers")

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def encode(self, texts: Sequence[str]) -> Vectors:
        self.encoded.extend(texts)
        size = len(self.TOPICS) + 1
        matrix = np.zeros((len(texts), size), dtype=np.float32)
        for row, text in enumerate(texts):
            lowered = text.lower()
            topic = next((i for i, kw in enumerate(self.TOPICS) if kw in lowered), size - 1)
            # troops and soldiers are one topic
            matrix[row, 4 if topic == 5 else topic] = 1.0
        return matrix
