"""Sentence labels: which of a unit's candidates the known claims of its article support.

A claim rests on the sentence its evidence overlaps most. For a unit (see
`extraction.engines.learned.units`):

- OWN: a claim with claimant null rests on it;
- ATTR: a claim with a named claimant rests on it;
- RULES (only when the rules engine has claims on it): one of them names the claimant of
  a claim resting on it (same entity, the scorer's rule);
- INHERIT (only when an inherited candidate exists): a claim resting on it is by the
  inherited speaker;
- HEDGED (only when some claim rests on it): one of those claims is hedged;
- MULTI (only when some claim rests on it): two of those claims have one claimant, so
  the sentence's proposition parts are its claims;
- QUANTITY (only when the claims resting on it agree): they have a figure.

A label left out of a unit's dict is unknown (spaCy masks it). For partially reviewed
articles, only what the reviewed claims show is labelled: a kept claim sets its labels
to 1, a rejected one sets the candidate it matches to 0, other sentences get nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from extraction.engines.learned.units import (
    ATTR,
    HEDGED,
    INHERIT,
    MULTI,
    OWN,
    QUANTITY,
    RULES,
    ArticleUnits,
    SentenceUnit,
)
from extraction.evaluation.fields import same_claimant_reason
from extraction.schema import Certainty, Claim
from extraction.text.grounding import locate_evidence
from extraction.training.sources import LabelledArticle

Cats = dict[str, float]


def _span(text: str, claim: Claim) -> tuple[int, int] | None:
    start = text.find(claim.evidence)
    if start >= 0:
        return start, start + len(claim.evidence)
    grounding = locate_evidence(text, claim.evidence)
    if grounding.start is None or grounding.end is None:
        return None
    return grounding.start, grounding.end


def owners(text: str, units: Sequence[SentenceUnit], claims: Sequence[Claim]) -> list[list[Claim]]:
    """The claims resting on each unit (by largest character overlap of the evidence)."""
    owned: list[list[Claim]] = [[] for _ in units]
    for claim in claims:
        span = _span(text, claim)
        if span is None:
            continue
        best, best_overlap = -1, 0
        for index, unit in enumerate(units):
            overlap = min(span[1], unit.end) - max(span[0], unit.start)
            if overlap > best_overlap:
                best, best_overlap = index, overlap
        if best >= 0:
            owned[best].append(claim)
    return owned


def _same(left: str | None, right: str | None) -> bool:
    return bool(left and right and same_claimant_reason(left, right) is not None)


def _positive(unit: SentenceUnit, claims: Sequence[Claim]) -> Cats:
    """Labels a sentence's supported claims set (complete knowledge of that sentence)."""
    named = [claim for claim in claims if claim.claimant]
    cats: Cats = {
        OWN: float(any(claim.claimant is None for claim in claims)),
        ATTR: float(bool(named)),
    }
    if unit.rules_claims:
        cats[RULES] = float(
            any(_same(g.claimant, r.claimant) for g in named for r in unit.rules_claims)
        )
    if unit.inherit_from is not None:
        source = unit.inherit_from.claimant
        cats[INHERIT] = float(any(_same(g.claimant, source) for g in named))
    if claims:
        cats[HEDGED] = float(any(claim.certainty is Certainty.hedged for claim in claims))
        cats[MULTI] = float(_several_by_one(claims))
        with_figure = [claim.quantity is not None for claim in claims]
        if all(with_figure) or not any(with_figure):
            cats[QUANTITY] = float(all(with_figure))
    return cats


def _several_by_one(claims: Sequence[Claim]) -> bool:
    """True when two of the claims have the same claimant (or both none)."""
    for index, left in enumerate(claims):
        for right in claims[index + 1 :]:
            if left.claimant is None and right.claimant is None:
                return True
            if _same(left.claimant, right.claimant):
                return True
    return False


def _negative(unit: SentenceUnit, rejected: Sequence[Claim]) -> Cats:
    """Labels the rejected claims of a sentence set to 0 (the candidates they match)."""
    cats: Cats = {}
    for claim in rejected:
        if claim.claimant is None:
            cats[OWN] = 0.0
            continue
        if any(_same(claim.claimant, r.claimant) for r in unit.rules_claims):
            cats[RULES] = 0.0
        if unit.inherit_from is not None and _same(claim.claimant, unit.inherit_from.claimant):
            cats[INHERIT] = 0.0
    return cats


def unit_labels(units: ArticleUnits, labelled: LabelledArticle) -> list[Cats]:
    """Each unit's labels (possibly empty: nothing known about that sentence)."""
    text = units.article.text
    kept = owners(text, units.units, labelled.claims)
    if labelled.complete:
        return [_positive(unit, claims) for unit, claims in zip(units.units, kept, strict=True)]
    rejected = owners(text, units.units, labelled.rejected)
    result: list[Cats] = []
    for unit, positives, negatives in zip(units.units, kept, rejected, strict=True):
        cats = _negative(unit, negatives)
        if positives:
            known = _positive(unit, positives)
            cats.update({name: value for name, value in known.items() if value > 0})
            for name in (HEDGED, MULTI, QUANTITY):
                if name in known:
                    cats[name] = known[name]
        result.append(cats)
    return result
