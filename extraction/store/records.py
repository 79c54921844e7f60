"""Row conversions shared by the store's query modules."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from extraction.schema import Claim, Quantity

#: The columns that hold a claim's CLAIMS.md fields (the quantity split in three).
CLAIM_FIELD_COLUMNS: tuple[str, ...] = (
    "statement",
    "claimant",
    "claimant_type",
    "via",
    "quantity_value",
    "quantity_unit",
    "quantity_qualifier",
    "claim_date",
    "certainty",
    "evidence",
)


def utcnow() -> dt.datetime:
    """Current UTC time as a naive timestamp (DuckDB TIMESTAMP)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def new_id() -> str:
    """A fresh random identifier."""
    return uuid.uuid4().hex


def to_json(value: Any) -> str:
    """JSON text for a column; dates become ISO strings."""
    return json.dumps(value, default=str, ensure_ascii=False, sort_keys=True)


def claim_to_columns(claim: Claim) -> dict[str, Any]:
    """The claim columns of a claim (quantity split into three columns)."""
    quantity = claim.quantity
    return {
        "statement": claim.statement,
        "claimant": claim.claimant,
        "claimant_type": claim.claimant_type.value,
        "via": claim.via,
        "quantity_value": quantity.value if quantity else None,
        "quantity_unit": quantity.unit if quantity else None,
        "quantity_qualifier": quantity.qualifier.value if quantity else None,
        "claim_date": claim.claim_date,
        "certainty": claim.certainty.value,
        "evidence": claim.evidence,
    }


def claim_from_columns(row: dict[str, Any]) -> Claim:
    """Rebuild a Claim from a row holding the claim columns."""
    quantity = None
    if row.get("quantity_value") is not None and row.get("quantity_unit"):
        quantity = Quantity(
            value=row["quantity_value"],
            unit=row["quantity_unit"],
            qualifier=row.get("quantity_qualifier") or "exact",
        )
    return Claim(
        statement=row["statement"],
        claimant=row.get("claimant"),
        claimant_type=row["claimant_type"],
        via=row.get("via"),
        quantity=quantity,
        claim_date=row.get("claim_date"),
        certainty=row["certainty"],
        evidence=row["evidence"],
    )


def fetch_dicts(cursor: Any) -> list[dict[str, Any]]:
    """All rows of an executed DuckDB cursor as dicts."""
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
