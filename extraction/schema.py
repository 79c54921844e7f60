"""Pydantic models of ../shared/CLAIMS.md: the contract between extraction, review and eval.

Field names and enum values are fixed by CLAIMS.md. This module imports pydantic only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator


class ClaimantType(StrEnum):
    """Who makes a claim (CLAIMS.md `claimant_type`)."""

    government = "government"
    military = "military"
    intelligence = "intelligence"
    international_organization = "international_organization"
    media = "media"
    expert = "expert"
    anonymous = "anonymous"
    other = "other"


class Certainty(StrEnum):
    """The claimant's stance toward the statement."""

    asserted = "asserted"
    hedged = "hedged"
    unconfirmed = "unconfirmed"
    denied = "denied"


class Qualifier(StrEnum):
    """How a figure is qualified: "close to 11,000" is `about`."""

    exact = "exact"
    about = "about"
    at_least = "at_least"
    at_most = "at_most"


class AlignmentStatus(StrEnum):
    """How a claim's evidence was located in its article text."""

    exact = "exact"
    normalized = "normalized"
    fuzzy = "fuzzy"
    not_found = "not_found"


class Quantity(BaseModel):
    """The main figure of a claim: 11000 troops, `about`."""

    model_config = ConfigDict(extra="forbid")

    value: float = Field(description="The number itself: 11000, not '11,000'.")
    unit: str = Field(min_length=1, description="Short plural noun: 'troops', 'soldiers', 'USD'.")
    qualifier: Qualifier = Field(
        default=Qualifier.exact,
        description=(
            "exact (bare figure), about ('close to'), at_least ('more than'), at_most ('up to')."
        ),
    )

    @field_validator("unit")
    @classmethod
    def _strip_unit(cls, value: str) -> str:
        stripped = value.strip()
        if not stripped:
            raise ValueError("unit must not be blank")
        return stripped


class Claim(BaseModel):
    """One check-worthy factual assertion that an article reports (CLAIMS.md)."""

    model_config = ConfigDict(extra="forbid")

    statement: str = Field(
        min_length=3,
        description=(
            "The proposition as one self-contained English sentence, without the attribution."
        ),
    )
    claimant: str | None = Field(
        default=None,
        description=(
            "Who makes the claim, as named in the article; null when the publication asserts it."
        ),
    )
    claimant_type: ClaimantType = Field(default=ClaimantType.other)
    via: str | None = Field(default=None, description="Intermediary the article names: 'Reuters'.")
    quantity: Quantity | None = None
    claim_date: dt.date | None = Field(
        default=None, description="Day the claimant made the statement, YYYY-MM-DD."
    )
    certainty: Certainty = Field(default=Certainty.asserted)
    evidence: str = Field(
        min_length=1,
        description=(
            "Shortest verbatim passage of the article supporting the claim, copied exactly."
        ),
    )

    @field_validator("statement", "evidence")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value

    @field_validator("claimant", "via")
    @classmethod
    def _blank_to_none(cls, value: str | None) -> str | None:
        if value is None:
            return None
        stripped = value.strip()
        if not stripped or stripped.lower() in {"null", "none", "n/a"}:
            return None
        return stripped


class Grounding(BaseModel):
    """Where a claim's evidence lies in the article text."""

    model_config = ConfigDict(frozen=True)

    start: int | None = None
    end: int | None = None
    status: AlignmentStatus = AlignmentStatus.not_found
    score: float = 0.0

    @property
    def grounded(self) -> bool:
        """True when the evidence was located in the text."""
        return self.status is not AlignmentStatus.not_found


class GroundedClaim(BaseModel):
    """A claim with its evidence located in the article."""

    claim: Claim
    grounding: Grounding


class Article(BaseModel):
    """One article, its cleaned text and the metadata recovered from it."""

    model_config = ConfigDict(extra="forbid")

    id: str
    text: str = Field(min_length=1)
    title: str | None = None
    publication: str | None = None
    published: dt.date | None = None
    url: str | None = None
    author: str | None = None
    source_path: str | None = Field(default=None, description="File the article was read from.")
    external_id: str | None = Field(
        default=None,
        description="An id the input gave (JSONL `id`, gold id); `id` is the text hash.",
    )
    encoding: str | None = Field(
        default=None, description="Encoding the file was decoded from (utf-8, cp1251...)."
    )

    @staticmethod
    def id_for_text(text: str) -> str:
        """The article id: a hash of its cleaned text, so one text is stored once."""
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class GoldClaim(Claim):
    """A gold claim: a claim plus an optional tracker group label."""

    group: str | None = Field(
        default=None, description="Optional label of the proposition group (claim tracker)."
    )


class GoldArticle(Article):
    """One line of a gold file: an article and its annotated claims.

    Silver files (strong-model labels of the training corpus) add the corpus record's `genre` and
    `topic` and a `label_source` naming who produced the labels (engine, model, prompt version
    and hash, run id).
    """

    claims: list[GoldClaim] = Field(default_factory=list)
    genre: str | None = None
    topic: str | None = None
    label_source: dict[str, str] | None = Field(
        default=None, description="Where the labels came from (silver files); None for human gold."
    )

    def as_article(self) -> Article:
        """The article alone: its text and metadata, without claims or gold-only fields."""
        return Article(**self.model_dump(include=set(Article.model_fields)))


class LLMCall(BaseModel):
    """One attempt at one LLM call, as the `llm_calls` table stores it. Never holds secrets."""

    attempt: int = 1
    endpoint: str | None = None
    model: str | None = None
    prompt_version: str | None = None
    prompt_hash: str | None = None
    cache_key: str | None = None
    request: str | None = Field(default=None, description="Request messages and parameters, JSON.")
    response: str | None = Field(default=None, description="Raw response body or text.")
    parsed: bool = False
    error: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    total_tokens: int | None = None
    latency_ms: float | None = None
    cost: float | None = Field(
        default=None, description="Cost of this call where known (batch calls: batch price)."
    )


class ExtractionResult(BaseModel):
    """What an engine returns for one article: claims, and every LLM call made for them."""

    claims: list[Claim] = Field(default_factory=list)
    calls: list[LLMCall] = Field(default_factory=list)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float | None = None
    from_cache: bool = False
    notes: list[str] = Field(default_factory=list)
