"""Inter-reviewer agreement: blind double review of a sample, Cohen's kappa by pair.

A share of claims (default 10 %, $CLAIMDESK_DOUBLE_REVIEW) is sampled by a hash of the claim
id. Once one reviewer decided such a claim, Next hands it to another reviewer blind: they
see the extraction, not the first decision, and their decision goes to `blind_reviews`,
never changing the claim's state. Agreement compares the two decisions per field; where
they differ, a reviewer adjudicates by reviewing the claim again (one more review row), so
the claim still counts once in exports and the gold set.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from extraction.review.auth import clean_reviewer_name
from extraction.schema import Claim
from extraction.store import blind_reviews as sql
from extraction.store.connection import Store
from extraction.store.records import utcnow

#: Share of claims routed to a second, blind reviewer unless configured.
DEFAULT_SHARE = 0.10
SHARE_ENV = "CLAIMDESK_DOUBLE_REVIEW"
#: Fields compared: (name, label). Kappa is computed for the categorical ones.
FIELDS = (
    ("decision", "decision (keep / reject)"),
    ("certainty", "certainty"),
    ("claimant_type", "claimant type"),
    ("claimant", "claimant"),
    ("quantity_value", "figure"),
)
KAPPA_FIELDS = ("certainty", "claimant_type")


def share_from_env(env: Mapping[str, str], default: float = DEFAULT_SHARE) -> float:
    """The double-review share from the environment (0-1, or a percentage like '10%')."""
    raw = (env.get(SHARE_ENV) or "").strip()
    if not raw:
        return default
    try:
        value = float(raw.rstrip("%")) / (100 if raw.endswith("%") else 1)
    except ValueError:
        return default
    return max(0.0, min(1.0, value))


def in_sample(claim_id: str, share: float) -> bool:
    """True when the claim is sampled for double review (the rule of `sample_sql`)."""
    bucket = int(hashlib.md5(claim_id.encode("utf-8"), usedforsecurity=False).hexdigest()[:8], 16)
    return bucket < int(share * 2**32)


def second_review_candidates_sql(reviewer: str, share: float) -> str:
    """SQL of the claims awaiting a blind second review from `reviewer` (for Next)."""
    return sql.candidates_sql(reviewer, share)


def needs_blind_review(store: Store, claim_id: str, reviewer: str | None, share: float) -> bool:
    """True when `reviewer` should review this decided claim blind (sampled, decided by
    someone else, no second review yet)."""
    name = clean_reviewer_name(reviewer)
    if name is None or share <= 0 or not in_sample(claim_id, share):
        return False
    condition = sql.candidates_sql(name, share)
    from extraction.store.reviews import STATE_SQL

    with store.connect() as con:
        row = con.execute(
            f"WITH state AS ({STATE_SQL}) SELECT count(*) FROM ({condition}) WHERE claim_id = ?",
            [claim_id],
        ).fetchone()
    return bool(row and row[0])


def record_blind_review(
    store: Store,
    claim_id: str,
    reviewer: str,
    action: str,
    claim: Claim,
    reason: str | None = None,
    now: dt.datetime | None = None,
) -> str:
    """Store a blind second review of `claim_id` (`claim` as the reviewer left it)."""
    values = {
        "action": action,
        "claimant_type": claim.claimant_type.value,
        "certainty": claim.certainty.value,
        "claimant": claim.claimant,
        "quantity_value": claim.quantity.value if claim.quantity else None,
        "reason": reason,
    }
    with store.transaction() as con:
        return sql.insert_blind_review(con, claim_id, reviewer, values, now or utcnow())


def cohen_kappa(first: Sequence[Any], second: Sequence[Any]) -> float | None:
    """Cohen's kappa of two raters' labels on the same items; None when undefined (no
    items, or both raters used one and the same label throughout: kappa is 0/0)."""
    if len(first) != len(second):
        raise ValueError("both raters must label the same items")
    n = len(first)
    if n == 0:
        return None
    observed: float = sum(a == b for a, b in zip(first, second, strict=True)) / n
    left, right = Counter(first), Counter(second)
    expected: float = sum(left[label] * right[label] for label in left) / (n * n)
    if expected == 1:
        return 1.0 if observed == 1 else None
    return (observed - expected) / (1 - expected)


@dataclass
class PairAgreement:
    """Agreement of one pair of reviewers over the claims both decided."""

    first: str
    second: str
    claims: int = 0
    agree: dict[str, float] = field(default_factory=dict)
    kappa: dict[str, float | None] = field(default_factory=dict)
    disagreements: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "reviewers": [self.first, self.second],
            "claims": self.claims,
            "agreement": self.agree,
            "kappa": self.kappa,
            "disagreements": self.disagreements,
        }


def _decision(action: str | None) -> str:
    return "reject" if action == "reject" else "keep"


def _value(row: Mapping[str, Any], side: str, name: str) -> Any:
    if name == "decision":
        return _decision(row[f"{side}_action"])
    value = row[f"{side}_{name}"]
    if name == "claimant":
        return " ".join(str(value or "").lower().split())
    return value


def pair_agreement(rows: Sequence[Mapping[str, Any]]) -> list[PairAgreement]:
    """Per reviewer pair (names sorted): per-field agreement, kappa for certainty and
    claimant type, and the claims they disagree on (with whether they were adjudicated)."""
    by_pair: dict[tuple[str, str], list[Mapping[str, Any]]] = defaultdict(list)
    for row in rows:
        pair = tuple(sorted((str(row["first_reviewer"]), str(row["second_reviewer"]))))
        by_pair[(pair[0], pair[1])].append(row)
    result = []
    for (first, second), items in sorted(by_pair.items()):
        report = PairAgreement(first, second, claims=len(items))
        for name, _ in FIELDS:
            pairs = [(_value(r, "first", name), _value(r, "second", name)) for r in items]
            report.agree[name] = sum(a == b for a, b in pairs) / len(pairs)
            if name in KAPPA_FIELDS:
                report.kappa[name] = cohen_kappa([a for a, _ in pairs], [b for _, b in pairs])
        for row in items:
            differing = [
                name
                for name, _ in FIELDS
                if _value(row, "first", name) != _value(row, "second", name)
            ]
            if differing:
                report.disagreements.append(
                    {
                        "claim_id": row["claim_id"],
                        "fields": differing,
                        "adjudicated": bool(row["adjudicated"]),
                    }
                )
        result.append(report)
    return result


def agreement_report(store: Store) -> list[PairAgreement]:
    """Agreement by reviewer pair over every blind second review in the database."""
    with store.connect() as con:
        rows = sql.review_pairs(con)
    return pair_agreement(rows)


def report_json(reports: Sequence[PairAgreement]) -> dict[str, Any]:
    """The agreement report as `claimdesk agreement --json` prints it."""
    return {"pairs": [report.as_dict() for report in reports]}


def original_extraction(store: Store, claim_id: str) -> Claim | None:
    """The claim as the engine extracted it (what a blind second reviewer sees)."""
    from extraction.store.records import claim_from_columns
    from extraction.store.reviews import original_claim

    with store.connect() as con:
        row = original_claim(con, claim_id)
    return None if row is None else claim_from_columns(row)
