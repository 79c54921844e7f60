"""Reviews follow the claim across re-extraction.

When an article is extracted again (`--force`, another engine, a new prompt), the
reviewed claims of its earlier extractions are paired with the claims of the new one by
the eval matcher's rule (`extraction.text.matching`: overlapping evidence spans and a
similar statement, optimal one-to-one), in the transaction that writes the new
extraction. Each pair gets the old claim's latest decision repeated on the new claim
(`extraction.store.carry`). Reviewed claims that match nothing stay as they are: the
review state shows them as *superseded* (`extraction.store.reviews`).

Pairing runs first on the reviewed values (a correction's text), then, for what is
left, on the claims as originally extracted, so a re-extraction that repeats the
original wording still finds the corrected claim.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

from extraction.schema import AlignmentStatus, Claim, GroundedClaim, Grounding
from extraction.store.carry import Carry, carry_candidates, insert_carries
from extraction.store.records import claim_from_columns
from extraction.text.matching import Span, match_spans, span_of

_Side = tuple[Claim, Span | None]


@dataclass(frozen=True)
class _Reviewed:
    head: dict[str, Any]
    reviewed: _Side
    original: _Side


def _reviewed(row: dict[str, Any]) -> _Reviewed:
    start, end = row["evidence_start"], row["evidence_end"]
    original_span = Span(start, end) if start is not None and end is not None else None
    original: _Side = (claim_from_columns(row), original_span)
    reviewed = original
    if row["after"]:
        data = json.loads(row["after"])
        grounding = data.pop("grounding", None)
        try:
            claim = Claim.model_validate(data)
        except ValueError:
            claim = original[0]
        span = span_of(Grounding.model_validate(grounding)) if grounding else original_span
        reviewed = (claim, span)
    return _Reviewed(row, reviewed, original)


def _side(grounded: GroundedClaim) -> _Side:
    if grounded.grounding.status is AlignmentStatus.not_found:
        return grounded.claim, None
    return grounded.claim, span_of(grounded.grounding)


def claim_payload_json(grounded: GroundedClaim) -> str:
    """A claim as a review stores it: CLAIMS.md fields plus its grounding."""
    data = grounded.claim.model_dump(mode="json")
    data["grounding"] = grounded.grounding.model_dump(mode="json")
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def pair_reviewed(
    old: Sequence[_Reviewed], new: Sequence[GroundedClaim]
) -> list[tuple[int, int, float]]:
    """(old index, new index, similarity): reviewed values first, then original ones."""
    found: list[tuple[int, int, float]] = []
    for attribute in ("reviewed", "original"):
        used_old = {pair[0] for pair in found}
        used_new = {pair[1] for pair in found}
        old_left = [i for i in range(len(old)) if i not in used_old]
        new_left = [j for j in range(len(new)) if j not in used_new]
        if not old_left or not new_left:
            break
        pairs, _ = match_spans(
            [getattr(old[i], attribute) for i in old_left], [_side(new[j]) for j in new_left]
        )
        found.extend((old_left[p.gold_index], new_left[p.pred_index], p.similarity) for p in pairs)
    return found


def carry_reviews(
    con: duckdb.DuckDBPyConnection,
    new_claims: Mapping[str, Sequence[tuple[str, GroundedClaim]]],
) -> int:
    """Carry the reviews of earlier extractions of these articles (article id -> the
    (claim id, claim) pairs of its new extraction) to the new claims they match; return
    how many were carried. The caller holds the transaction."""
    new_ids = [claim_id for items in new_claims.values() for claim_id, _ in items]
    rows = carry_candidates(con, list(new_claims), new_ids)
    if not rows:
        return 0
    by_article: dict[str, list[_Reviewed]] = {}
    for row in rows:
        by_article.setdefault(str(row["article_id"]), []).append(_reviewed(row))
    carries: list[Carry] = []
    for article_id, old in by_article.items():
        new = list(new_claims.get(article_id) or [])
        for old_index, new_index, similarity in pair_reviewed(old, [c for _, c in new]):
            claim_id, grounded = new[new_index]
            carries.append(
                Carry(old[old_index].head, claim_id, claim_payload_json(grounded), similarity)
            )
    return insert_carries(con, carries)
