"""The claim editor's values: conversion from a claim, validation into one, evidence lookup.

Validation uses the Pydantic `Claim` model; errors come back as field -> message (the
quantity split into value, unit and qualifier as the editor shows it), never raised.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from extraction.schema import AlignmentStatus, Claim, Grounding
from extraction.store.records import CLAIM_FIELD_COLUMNS
from extraction.text.grounding import locate_evidence

#: The fields of the claim editor; the quantity is split into value, unit and qualifier.
FORM_FIELDS: tuple[str, ...] = CLAIM_FIELD_COLUMNS
#: The qualifier choice meaning "this claim has no figure".
NO_FIGURE = "none"


@dataclass(frozen=True)
class EvidenceMatch:
    """Where a passage was found in an article: the grounding and the article's own text."""

    grounding: Grounding
    matched: str | None

    @property
    def found(self) -> bool:
        """True when the passage was located."""
        return self.grounding.grounded


def find_evidence(text: str, evidence: str) -> EvidenceMatch:
    """Locate a passage in an article (exact, normalised, fuzzy) and return the match."""
    grounding = locate_evidence(text, evidence or "")
    if not grounding.grounded or grounding.start is None or grounding.end is None:
        return EvidenceMatch(grounding=grounding, matched=None)
    return EvidenceMatch(grounding=grounding, matched=text[grounding.start : grounding.end])


def form_values(claim: Claim) -> dict[str, Any]:
    """The editor's values for a claim (the inverse of `validate_claim`)."""
    quantity = claim.quantity
    return {
        "statement": claim.statement,
        "claimant": claim.claimant or "",
        "claimant_type": claim.claimant_type.value,
        "via": claim.via or "",
        "quantity_value": quantity.value if quantity else None,
        "quantity_unit": quantity.unit if quantity else "",
        "quantity_qualifier": quantity.qualifier.value if quantity else NO_FIGURE,
        "claim_date": claim.claim_date,
        "certainty": claim.certainty.value,
        "evidence": claim.evidence,
    }


def _quantity(values: Mapping[str, Any], errors: dict[str, str]) -> dict[str, Any] | None:
    qualifier = values.get("quantity_qualifier") or NO_FIGURE
    value = values.get("quantity_value")
    unit = (values.get("quantity_unit") or "").strip()
    if qualifier == NO_FIGURE:
        if value is not None:
            errors["quantity_qualifier"] = (
                "choose how the figure is qualified, or clear the figure for 'no figure'"
            )
        return None
    if value is None:
        errors["quantity_value"] = "enter the figure, or choose 'no figure'"
    return {"value": value, "unit": unit, "qualifier": qualifier}


def _field_of(location: tuple[Any, ...]) -> str:
    """The editor field of a Pydantic error location: ('quantity', 'unit') -> quantity_unit."""
    if len(location) >= 2 and location[0] == "quantity":
        return f"quantity_{location[1]}"
    return str(location[0]) if location else "claim"


def _message(item: Any) -> str:
    """A reviewer-friendly message for one Pydantic error."""
    kind = item.get("type")
    context = item.get("ctx") or {}
    if kind == "missing" or (kind == "string_too_short" and not item.get("input")):
        return "required"
    if kind == "string_too_short":
        return f"too short: at least {context.get('min_length')} characters"
    if kind == "enum":
        return f"choose one of {context.get('expected', 'the listed values')}"
    message = str(item.get("msg", "invalid value"))
    return message.removeprefix("Value error, ")


def validate_claim(
    values: Mapping[str, Any], article_text: str
) -> tuple[Claim, Grounding] | dict[str, str]:
    """Check editor values with the `Claim` model and locate the evidence in the article.

    Returns the claim and its grounding, or the errors (field -> message). Evidence found
    only after normalisation or fuzzily is replaced by the article's own text, so stored
    evidence is always verbatim."""
    errors: dict[str, str] = {}
    data = {
        "statement": values.get("statement") or "",
        "claimant": values.get("claimant") or None,
        "claimant_type": values.get("claimant_type"),
        "via": values.get("via") or None,
        "quantity": _quantity(values, errors),
        "claim_date": values.get("claim_date"),
        "certainty": values.get("certainty"),
        "evidence": values.get("evidence") or "",
    }
    try:
        claim = Claim.model_validate(data)
    except ValidationError as error:
        for item in error.errors():
            errors.setdefault(_field_of(tuple(item["loc"])), _message(item))
        return errors
    if errors:
        return errors
    match = find_evidence(article_text, claim.evidence)
    if not match.found or match.matched is None:
        return {"evidence": "not found in the article text: copy the passage verbatim"}
    if match.grounding.status is not AlignmentStatus.exact:
        claim = claim.model_copy(update={"evidence": match.matched})
        match = find_evidence(article_text, match.matched)
    return claim, match.grounding
