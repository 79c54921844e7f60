"""The response model instructor fills: the article's claims, with grounding as validation.

Field rules (statement, evidence, enums, quantity) come from `extraction.schema.Claim`.
On top, every claim's evidence must be found in the article: the article text reaches
the validator through instructor's validation context (`info.context["article_text"]`),
and a quote that cannot be located fails validation with a message naming it, which
instructor sends back to the model as a re-ask.

`validation_context` builds that context. Instructor renders the messages as Jinja
templates whenever the context it is given is truthy; the messages hold the article,
which is untrusted data and must reach the model verbatim, so the context is a mapping
that reports itself as empty to truth tests (`if context:`) while validators still read it.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from extraction.schema import AlignmentStatus, Claim
from extraction.text.grounding import locate_evidence

ARTICLE_TEXT = "article_text"
#: Quotes longer than this are shortened in error messages.
MAX_QUOTE = 200


class ValidationContext(dict[str, Any]):
    """Validation context that instructor will not use as template variables."""

    def __bool__(self) -> bool:
        return False


def validation_context(article_text: str) -> ValidationContext:
    """The context that lets the grounding validator see the article."""
    return ValidationContext({ARTICLE_TEXT: article_text})


def _shorten(quote: str) -> str:
    return quote if len(quote) <= MAX_QUOTE else quote[: MAX_QUOTE - 3] + "..."


class ExtractedClaim(Claim):
    """A claim whose evidence must be a quote of the article (when the article is known)."""

    @field_validator("evidence")
    @classmethod
    def _evidence_in_article(cls, value: str, info: ValidationInfo) -> str:
        context = info.context
        if not isinstance(context, dict) or ARTICLE_TEXT not in context:
            return value
        grounding = locate_evidence(str(context[ARTICLE_TEXT]), value)
        if grounding.status is AlignmentStatus.not_found:
            raise ValueError(
                f"evidence not found in the article: '{_shorten(value)}'; quote the article exactly"
            )
        return value

    def to_claim(self) -> Claim:
        """The plain schema claim."""
        return Claim.model_validate(self.model_dump())


class ArticleClaims(BaseModel):
    """Every check-worthy claim the article reports."""

    model_config = ConfigDict(extra="forbid")

    claims: list[ExtractedClaim] = Field(
        default_factory=list, description="One item per proposition and claimant."
    )

    def to_claims(self) -> list[Claim]:
        """The claims as plain schema claims."""
        return [claim.to_claim() for claim in self.claims]
