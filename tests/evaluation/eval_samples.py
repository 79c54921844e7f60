"""Hand-made gold articles and a scripted engine for the evaluation tests."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Sequence
from typing import Any

from extraction.engines.base import EngineSettings
from extraction.schema import (
    Article,
    Certainty,
    Claim,
    ClaimantType,
    ExtractionResult,
    GoldArticle,
    GoldClaim,
    GroundedClaim,
    Qualifier,
    Quantity,
)
from extraction.text.grounding import ground_claims

S_BUDANOV = (
    'Close to 11,000 North Korean troops are in Russia and will be "ready to fight" in Ukraine'
    " by Nov. 1, military intelligence head Kyrylo Budanov said in comments published by the"
    " War Zone on Oct. 17."
)
S_KURSK = (
    "Budanov said the first group of 2,600 soldiers will be deployed to Russia's Kursk Oblast."
)
S_NIS = (
    "South Korea's National Intelligence Service (NIS) said on Oct. 18 Pyongyang had recently"
    " decided to deploy 12,000 North Korean soldiers, including special forces, to support"
    " Russia's war effort."
)
S_RYDER = (
    "At the same time, Pentagon spokesperson Pat Ryder said on Oct. 17 he \"can't confirm"
    " whether there's North Korean forces that have gone to Russia\" but added that the U.S."
    ' would "continue to monitor" the situation.'
)
TEXT = "\n\n".join([S_BUDANOV, S_KURSK, S_NIS, S_RYDER])
OCT17 = dt.date(2024, 10, 17)


def gold_claims() -> list[GoldClaim]:
    """Six gold claims on four sentences: two pairs share one sentence each."""
    budanov: dict[str, Any] = {
        "claimant": "Kyrylo Budanov",
        "claimant_type": ClaimantType.intelligence,
        "claim_date": OCT17,
        "via": "The War Zone",
    }
    ryder: dict[str, Any] = {
        "claimant": "Pat Ryder",
        "claimant_type": ClaimantType.government,
        "claim_date": OCT17,
    }
    return [
        GoldClaim(
            statement="About 11,000 North Korean troops are in Russia.",
            quantity=Quantity(value=11000, unit="troops", qualifier=Qualifier.about),
            evidence=S_BUDANOV,
            **budanov,
        ),
        GoldClaim(
            statement=(
                "North Korean troops in Russia will be ready to fight in Ukraine by Nov. 1, 2024."
            ),
            evidence=S_BUDANOV,
            **budanov,
        ),
        GoldClaim(
            statement=(
                "The first group of 2,600 North Korean soldiers will be deployed"
                " to Russia's Kursk Oblast."
            ),
            quantity=Quantity(value=2600, unit="soldiers"),
            evidence=S_KURSK,
            **budanov,
        ),
        GoldClaim(
            statement=(
                "North Korea has decided to deploy 12,000 North Korean soldiers"
                " to support Russia's war effort."
            ),
            claimant="South Korea's National Intelligence Service (NIS)",
            claimant_type=ClaimantType.intelligence,
            quantity=Quantity(value=12000, unit="soldiers"),
            claim_date=dt.date(2024, 10, 18),
            evidence=S_NIS,
        ),
        GoldClaim(
            statement=(
                "The United States cannot confirm whether North Korean forces have gone to Russia."
            ),
            certainty=Certainty.unconfirmed,
            evidence=S_RYDER,
            **ryder,
        ),
        GoldClaim(
            statement="The United States will continue to monitor the situation.",
            evidence=S_RYDER,
            **ryder,
        ),
    ]


def gold_article(article_id: str = "ki-budanov", text: str = TEXT, **meta: Any) -> GoldArticle:
    """A gold article over TEXT with the six gold claims."""
    return GoldArticle(
        id=article_id,
        text=text,
        title=meta.pop("title", "Budanov: 11,000 North Korean troops in Russia"),
        publication="The Kyiv Independent",
        published=dt.date(2024, 10, 18),
        claims=meta.pop("claims", gold_claims()),
        **meta,
    )


def as_claim(gold: GoldClaim, **changes: Any) -> Claim:
    """A predicted Claim copied from a gold claim, with some fields changed."""
    data = gold.model_dump(exclude={"group"})
    data.update(changes)
    return Claim.model_validate(data)


def perfect(article: GoldArticle) -> list[Claim]:
    """Predictions identical to the gold claims."""
    return [as_claim(claim) for claim in article.claims]


def grounded(text: str, claims: Sequence[Claim]) -> list[GroundedClaim]:
    """Claims grounded in text, as the runner does it."""
    return ground_claims(text, claims)


class ScriptedEngine:
    """An Extractor that answers from a function of the article; fails on chosen ids."""

    name = "scripted"
    model = "scripted-1"
    prompt_version = "p1"
    prompt_hash = "h1"

    def __init__(
        self,
        claims_for: Callable[[Article], list[Claim]],
        fail_on: set[str] | None = None,
    ) -> None:
        self.claims_for = claims_for
        self.fail_on = fail_on or set()
        self.seen: list[Article] = []
        self._lock = threading.Lock()

    @property
    def parameters(self) -> dict[str, Any]:
        return {"kind": "test"}

    def extract(self, article: Article) -> ExtractionResult:
        with self._lock:
            self.seen.append(article)
        if article.external_id in self.fail_on:
            from extraction.engines.base import EngineError

            raise EngineError("server said no")
        return ExtractionResult(claims=self.claims_for(article), prompt_tokens=3)


#: Gold articles by id that `create_gold_echo_engine` answers from (tests set it).
GOLD_ANSWERS: dict[str, GoldArticle] = {}


def _echo(keep: Callable[[int], bool]) -> Callable[[Article], list[Claim]]:
    def claims_for(article: Article) -> list[Claim]:
        gold = GOLD_ANSWERS[str(article.external_id)]
        return [as_claim(claim) for index, claim in enumerate(gold.claims) if keep(index)]

    return claims_for


def create_gold_echo_engine(settings: EngineSettings) -> ScriptedEngine:
    """Engine factory for CLI tests: model 'perfect' echoes the gold, 'half' drops every
    other gold claim (a planted regression)."""
    if settings.model == "half":
        engine = ScriptedEngine(_echo(lambda index: index % 2 == 0))
    else:
        engine = ScriptedEngine(_echo(lambda index: True))
    engine.model = settings.model or "perfect"
    return engine
