"""The tracker's view of a claim: its current values plus the article it came from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from extraction.schema import Certainty, Claim

#: Stances that hold the proposition true (or likely); the others doubt or deny it.
SUPPORTING = frozenset({Certainty.asserted.value, Certainty.hedged.value})
DOUBTING = frozenset({Certainty.unconfirmed.value, Certainty.denied.value})


@dataclass(frozen=True)
class TrackedClaim:
    """One claim the tracker groups: CLAIMS.md fields, flattened, plus article metadata."""

    id: str
    statement: str
    article_id: str | None = None
    claimant: str | None = None
    claimant_type: str = "other"
    via: str | None = None
    value: float | None = None
    unit: str | None = None
    qualifier: str | None = None
    claim_date: dt.date | None = None
    certainty: str = Certainty.asserted.value
    evidence: str | None = None
    publication: str | None = None
    published: dt.date | None = None
    title: str | None = None

    @property
    def has_quantity(self) -> bool:
        """True when the claim carries a figure with a unit."""
        return self.value is not None and bool(self.unit)

    @property
    def date(self) -> dt.date | None:
        """When the claim was made: its claim date, else its article's publication date."""
        return self.claim_date or self.published

    @property
    def date_source(self) -> str | None:
        """'claim' or 'published': where `date` comes from (None without a date)."""
        if self.claim_date is not None:
            return "claim"
        return "published" if self.published is not None else None

    @property
    def source(self) -> str:
        """Who makes the claim, for display: the claimant, else the publication itself."""
        return self.claimant or self.publication or "(the article)"

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> TrackedClaim:
        """Build from a store row (`extraction.store.groups.tracked_claims`)."""
        value = row.get("quantity_value")
        unit = row.get("quantity_unit")
        has_quantity = value is not None and bool(unit)
        number = float(value) if value is not None and has_quantity else None
        return cls(
            id=str(row["id"]),
            statement=str(row["statement"]),
            article_id=row.get("article_id"),
            claimant=row.get("claimant"),
            claimant_type=str(row.get("claimant_type") or "other"),
            via=row.get("via"),
            value=number,
            unit=str(unit) if has_quantity else None,
            qualifier=(row.get("quantity_qualifier") or "exact") if has_quantity else None,
            claim_date=_as_date(row.get("claim_date")),
            certainty=str(row.get("certainty") or Certainty.asserted.value),
            evidence=row.get("evidence"),
            publication=row.get("publication"),
            published=_as_date(row.get("published")),
            title=row.get("title"),
        )

    @classmethod
    def from_claim(
        cls,
        claim_id: str,
        claim: Claim,
        *,
        article_id: str | None = None,
        publication: str | None = None,
        published: dt.date | None = None,
        title: str | None = None,
    ) -> TrackedClaim:
        """Build from a schema Claim (a gold claim, an engine's claim)."""
        quantity = claim.quantity
        return cls(
            id=claim_id,
            statement=claim.statement,
            article_id=article_id,
            claimant=claim.claimant,
            claimant_type=claim.claimant_type.value,
            via=claim.via,
            value=quantity.value if quantity else None,
            unit=quantity.unit if quantity else None,
            qualifier=quantity.qualifier.value if quantity else None,
            claim_date=claim.claim_date,
            certainty=claim.certainty.value,
            evidence=claim.evidence,
            publication=publication,
            published=published,
            title=title,
        )


def _as_date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
