"""A group's story over time: figures by claimant and date, stances, who said it first and
who repeated it, and whether the group is contested.

A group is *contested* when
- its supporting figures disagree: among asserted or hedged claims with figures of one unit
  family, some claim's lowest possible value exceeds another's highest possible value by
  more than VALUE_TOLERANCE (15 %). Qualifiers widen a figure: "at least 3,000" reaches
  up without bound, "up to 6,000" reaches down to 0, "about" and exact figures are points
  (the tolerance absorbs "about"). So 10,000 vs 12,000 troops is contested (1.2 > 1.15),
  11,000 vs 12,000 is not, and "at least 3,000" never contradicts 12,000; or
- its stances disagree: someone asserts (or hedges) it while someone denies it or says
  they cannot confirm it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from extraction.schema import Certainty, Qualifier
from extraction.tracker.features import unit_class
from extraction.tracker.models import DOUBTING, SUPPORTING, TrackedClaim

VALUE_TOLERANCE = 1.15

_STANCE_WORDS = {
    Certainty.asserted.value: "asserts",
    Certainty.hedged.value: "suggests",
    Certainty.unconfirmed.value: "cannot confirm",
    Certainty.denied.value: "denies",
}


@dataclass(frozen=True)
class TimelinePoint:
    """One claim of a group, placed in time."""

    claim: TrackedClaim
    date: dt.date | None
    date_source: str | None
    unit: str | None

    @property
    def figure(self) -> str:
        """The figure as text: "about 11,000 troops" ('' without one)."""
        return format_figure(self.claim.value, self.unit, self.claim.qualifier)


@dataclass(frozen=True)
class SourceSummary:
    """One claimant's part in a group: when first heard, and where it was repeated."""

    claimant: str
    first_date: dt.date | None
    first_publication: str | None
    stances: tuple[str, ...]
    figures: tuple[str, ...]
    repeated_in: tuple[str, ...]
    via: tuple[str, ...]


@dataclass(frozen=True)
class Timeline:
    """Everything the tracker shows about one group."""

    points: list[TimelinePoint]
    first: TimelinePoint | None
    sources: list[SourceSummary]
    contested: bool
    reasons: list[str] = field(default_factory=list)

    @property
    def stances(self) -> dict[str, list[str]]:
        """Certainty -> the claimants holding it, in time order."""
        found: dict[str, list[str]] = {}
        for point in self.points:
            names = found.setdefault(point.claim.certainty, [])
            if point.claim.source not in names:
                names.append(point.claim.source)
        return found


def format_figure(value: float | None, unit: str | None, qualifier: str | None) -> str:
    """'about 11,000 troops', 'up to 6,000 troops', '12,000 troops' or ''."""
    if value is None:
        return ""
    number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
    prefix = {
        Qualifier.about.value: "about ",
        Qualifier.at_least.value: "at least ",
        Qualifier.at_most.value: "up to ",
    }.get(qualifier or "", "")
    return f"{prefix}{number} {unit or ''}".strip()


def claimant_key(name: str) -> str:
    """A claimant's name folded for comparison: case, punctuation, leading article."""
    folded = re.sub(r"[^\w\s]", "", name.lower()).strip()
    return re.sub(r"^(?:the|a|an)\s+", "", re.sub(r"\s+", " ", folded))


def _sort_key(point: TimelinePoint) -> tuple[bool, dt.date, bool, dt.date, str]:
    """Date order; on one day a claim dated by its claimant comes before one dated only by
    its article (the article may report it days later)."""
    far = dt.date.max
    return (
        point.date is None,
        point.date or far,
        point.date_source != "claim",
        point.claim.published or far,
        point.claim.id,
    )


def build_timeline(claims: Sequence[TrackedClaim]) -> Timeline:
    """Order a group's claims in time and summarise sources, stances and contradictions."""
    points = sorted(
        (
            TimelinePoint(
                claim=claim,
                date=claim.date,
                date_source=claim.date_source,
                unit=unit_class(claim.unit) if claim.has_quantity else None,
            )
            for claim in claims
        ),
        key=_sort_key,
    )
    reasons = figure_conflicts(points) + stance_conflicts(points)
    return Timeline(
        points=points,
        first=points[0] if points else None,
        sources=summarise_sources(points),
        contested=bool(reasons),
        reasons=reasons,
    )


def _bounds(point: TimelinePoint) -> tuple[float, float]:
    value = float(point.claim.value or 0.0)
    qualifier = point.claim.qualifier
    if qualifier == Qualifier.at_least.value:
        return value, math.inf
    if qualifier == Qualifier.at_most.value:
        return 0.0, value
    return value, value


def figure_conflicts(points: Sequence[TimelinePoint]) -> list[str]:
    """Why supporting figures of one unit family disagree beyond VALUE_TOLERANCE, if so."""
    reasons: list[str] = []
    by_unit: dict[str, list[TimelinePoint]] = {}
    for point in points:
        if point.unit and point.claim.certainty in SUPPORTING and point.claim.has_quantity:
            by_unit.setdefault(point.unit, []).append(point)
    for unit, group in by_unit.items():
        highest_low = max(group, key=lambda p: _bounds(p)[0])
        lowest_high = min(group, key=lambda p: _bounds(p)[1])
        low, high = _bounds(highest_low)[0], _bounds(lowest_high)[1]
        if low > high * VALUE_TOLERANCE:
            reasons.append(
                f"figures disagree: {lowest_high.figure} ({lowest_high.claim.source})"
                f" vs {highest_low.figure} ({highest_low.claim.source})"
                + (f"; ratio {low / high:.2f}" if high > 0 else "")
                + f" > {VALUE_TOLERANCE:.2f} ({unit})"
            )
    return reasons


def stance_conflicts(points: Sequence[TimelinePoint]) -> list[str]:
    """Why stances disagree (someone supports, someone denies or cannot confirm), if so."""
    supporting = [p for p in points if p.claim.certainty in SUPPORTING]
    doubting = [p for p in points if p.claim.certainty in DOUBTING]
    if not supporting or not doubting:
        return []
    described = []
    for point in doubting:
        text = f"{point.claim.source} {_STANCE_WORDS[point.claim.certainty]}"
        if text not in described:
            described.append(text)
    return [f"stances disagree: {len(supporting)} claim(s) assert it; " + "; ".join(described)]


def summarise_sources(points: Sequence[TimelinePoint]) -> list[SourceSummary]:
    """Per claimant, in order of first appearance: first date and outlet, stances, figures,
    the later outlets that repeated it and the intermediaries (via) it came through."""
    order: list[str] = []
    heard: dict[str, list[TimelinePoint]] = {}
    for point in points:
        key = claimant_key(point.claim.source)
        if key not in heard:
            order.append(key)
            heard[key] = []
        heard[key].append(point)
    summaries = []
    for key in order:
        said = heard[key]
        first = said[0]
        first_outlet = first.claim.publication or first.claim.article_id
        repeated = [
            p.claim.publication or p.claim.article_id or "?"
            for p in said[1:]
            if p.claim.article_id != first.claim.article_id
        ]
        summaries.append(
            SourceSummary(
                claimant=first.claim.source,
                first_date=first.date,
                first_publication=first_outlet,
                stances=tuple(dict.fromkeys(p.claim.certainty for p in said)),
                figures=tuple(dict.fromkeys(p.figure for p in said if p.figure)),
                repeated_in=tuple(dict.fromkeys(repeated)),
                via=tuple(dict.fromkeys(p.claim.via for p in said if p.claim.via)),
            )
        )
    return summaries


def chart_rows(timeline: Timeline) -> list[dict[str, Any]]:
    """One row per dated point for a value-over-time chart.

    Figures sit at their value (`kind` 'figure'); claims without a figure (typically
    denials and "cannot confirm") sit on a band above the highest figure (`kind`
    'no figure'), so they show on the same time axis without a made-up value.
    """
    values = [p.claim.value for p in timeline.points if p.claim.has_quantity]
    top = max((v for v in values if v is not None), default=1.0) * 1.12 or 1.0
    rows = []
    for point in timeline.points:
        if point.date is None:
            continue
        has_figure = point.claim.has_quantity
        claim = point.claim
        rows.append(
            {
                "claim_id": claim.id,
                "article_id": claim.article_id,
                "date": point.date.isoformat(),
                "date_source": point.date_source,
                "claimant": claim.source,
                "certainty": claim.certainty,
                "value": claim.value if has_figure else None,
                "y": claim.value if has_figure else top,
                "kind": "figure" if has_figure else "no figure",
                "figure": point.figure,
                "unit": point.unit,
                "publication": claim.publication or "",
                "via": claim.via or "",
                "statement": claim.statement,
            }
        )
    return rows


def timeline_to_dict(timeline: Timeline) -> dict[str, Any]:
    """A JSON-ready view of a timeline (dates as ISO strings)."""

    def iso(value: dt.date | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "contested": timeline.contested,
        "reasons": list(timeline.reasons),
        "first_reported": (
            {
                "claimant": timeline.first.claim.source,
                "publication": timeline.first.claim.publication,
                "date": iso(timeline.first.date),
            }
            if timeline.first
            else None
        ),
        "sources": [
            {
                "claimant": s.claimant,
                "first_date": iso(s.first_date),
                "first_publication": s.first_publication,
                "stances": list(s.stances),
                "figures": list(s.figures),
                "repeated_in": list(s.repeated_in),
                "via": list(s.via),
            }
            for s in timeline.sources
        ],
        "points": [
            {
                "claim_id": p.claim.id,
                "article_id": p.claim.article_id,
                "date": iso(p.date),
                "date_source": p.date_source,
                "claimant": p.claim.claimant,
                "claimant_type": p.claim.claimant_type,
                "via": p.claim.via,
                "publication": p.claim.publication,
                "value": p.claim.value,
                "unit": p.claim.unit,
                "unit_family": p.unit,
                "qualifier": p.claim.qualifier,
                "figure": p.figure,
                "certainty": p.claim.certainty,
                "statement": p.claim.statement,
                "evidence": p.claim.evidence,
            }
            for p in timeline.points
        ],
    }
