"""Acceptance on the five seed articles (examples/articles/), read through ingestion."""

from __future__ import annotations

from pathlib import Path

import pytest

from extraction.engines.rules.engine import RulesEngine
from extraction.schema import Article, Certainty, Claim, Qualifier
from extraction.text.ingest import ingest_text

SEEDS = Path(__file__).resolve().parents[3] / "examples" / "articles"

pytestmark = pytest.mark.slow

Seeds = dict[str, tuple[Article, list[Claim]]]


@pytest.fixture(scope="module")
def seed_claims() -> Seeds:
    engine = RulesEngine()
    found: dict[str, tuple[Article, list[Claim]]] = {}
    for path in sorted(SEEDS.glob("*.txt")):
        article = ingest_text(path.read_text(encoding="utf-8"), source_path=str(path))
        found[path.name[:3]] = (article, engine.extract(article).claims)
    assert len(found) == 5
    return found


def all_claims(seed_claims: Seeds) -> list[Claim]:
    return [claim for _, claims in seed_claims.values() for claim in claims]


def find(claims: list[Claim], value: float, claimant: str) -> list[Claim]:
    return [
        claim
        for claim in claims
        if claim.quantity is not None
        and claim.quantity.value == value
        and claim.claimant == claimant
    ]


def test_budanov_11000_about_via_the_war_zone(seed_claims: Seeds) -> None:
    matches = find(seed_claims["000"][1], 11000, "Kyrylo Budanov")
    assert matches
    assert all(claim.quantity and claim.quantity.qualifier is Qualifier.about for claim in matches)
    assert matches[0].via == "The War Zone"
    assert matches[0].claimant_type.value == "intelligence"
    assert str(matches[0].claim_date) == "2024-10-17"


def test_western_diplomat_10000(seed_claims: Seeds) -> None:
    claims = all_claims(seed_claims)
    matches = [
        claim
        for claim in claims
        if claim.quantity is not None
        and claim.quantity.value == 10000
        and (claim.claimant or "").lower() == "a western diplomat"
    ]
    assert matches
    assert all(claim.claimant_type.value == "anonymous" for claim in matches)


def test_nis_12000(seed_claims: Seeds) -> None:
    matches = find(seed_claims["000"][1], 12000, "South Korea's National Intelligence Service")
    assert matches
    assert matches[0].claimant_type.value == "intelligence"
    assert str(matches[0].claim_date) == "2024-10-18"


def test_south_korean_intelligence_3000_via_reuters(seed_claims: Seeds) -> None:
    matches = find(seed_claims["002"][1], 3000, "South Korean intelligence")
    assert matches
    assert matches[0].via == "Reuters"
    assert matches[0].quantity is not None
    assert matches[0].quantity.qualifier is Qualifier.about


def test_budanov_2600(seed_claims: Seeds) -> None:
    assert find(all_claims(seed_claims), 2600, "Kyrylo Budanov")


def test_pentagon_cannot_confirm(seed_claims: Seeds) -> None:
    matches = [claim for claim in seed_claims["000"][1] if claim.claimant == "Pat Ryder"]
    assert any(claim.certainty is Certainty.unconfirmed for claim in matches)
    unconfirmed = next(claim for claim in matches if claim.certainty is Certainty.unconfirmed)
    assert "North Korean forces" in unconfirmed.statement
    assert unconfirmed.claimant_type.value == "government"


def test_north_korea_denies(seed_claims: Seeds) -> None:
    matches = [claim for claim in seed_claims["002"][1] if claim.claimant == "North Korea"]
    assert matches
    assert matches[0].certainty is Certainty.denied
    assert "troops" in matches[0].statement
    assert matches[0].claimant_type.value == "government"


def test_every_evidence_is_a_substring(seed_claims: Seeds) -> None:
    for article, claims in seed_claims.values():
        assert claims
        for claim in claims:
            assert claim.evidence in article.text


def test_raw_seed_pages_also_ground_every_evidence() -> None:
    engine = RulesEngine()
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        claims = engine.extract(Article(id=Article.id_for_text(text), text=text)).claims
        assert claims
        for claim in claims:
            assert claim.evidence in text
