"""Locate a claim's evidence in its article text: exact, normalised, then fuzzy.

Follows google/langextract's idea of character intervals with an alignment status.
The returned offsets always index the *original* article text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz

from extraction.schema import AlignmentStatus, Claim, GroundedClaim, Grounding

#: Minimum rapidfuzz partial-ratio (0-100) for a fuzzy match to count as located.
FUZZY_THRESHOLD = 90.0
#: Evidence shorter than this (after normalisation) is never matched fuzzily: too ambiguous.
MIN_FUZZY_LENGTH = 12

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2026": "...",
    }
)
_SPACE = re.compile(r"\s+")


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Fold quotes, dashes and runs of whitespace; return the folded text and,
    for each folded character, the index of the original character it came from."""
    out: list[str] = []
    index: list[int] = []
    previous_space = True  # drop leading whitespace
    for position, char in enumerate(text):
        folded = char.translate(_QUOTES)
        for piece in folded:
            if piece.isspace():
                if previous_space:
                    continue
                out.append(" ")
                index.append(position)
                previous_space = True
            else:
                out.append(piece)
                index.append(position)
                previous_space = False
    if out and out[-1] == " ":
        out.pop()
        index.pop()
    return "".join(out), index


def normalize(text: str) -> str:
    """Fold quotes, dashes and whitespace, as grounding compares them."""
    return normalize_with_map(text)[0]


def _strip_evidence(evidence: str) -> str:
    """Trim whitespace and surrounding ellipses that models like to add."""
    trimmed = evidence.strip()
    for mark in ("...", "\u2026"):
        trimmed = trimmed.removeprefix(mark).removesuffix(mark).strip()
    return trimmed


def _find_exact(text: str, evidence: str, hint: int) -> int:
    """Position of evidence in text, preferring the occurrence at or after `hint`."""
    found = text.find(evidence, hint)
    if found < 0 and hint:
        found = text.find(evidence)
    return found


def _fuzzy_span(norm_text: str, norm_evidence: str) -> tuple[int, int, float] | None:
    """Best fuzzy alignment of evidence in text, as (start, end, score) on the normalised text."""
    if len(norm_evidence) < MIN_FUZZY_LENGTH or not norm_text:
        return None
    lowered_text = norm_text.lower()
    lowered_evidence = norm_evidence.lower()
    alignment = fuzz.partial_ratio_alignment(
        lowered_evidence, lowered_text, score_cutoff=FUZZY_THRESHOLD
    )
    if alignment is None or alignment.score < FUZZY_THRESHOLD:
        return None
    start, end = alignment.dest_start, alignment.dest_end
    # Evidence much longer than the aligned window means most of it was not found.
    if (end - start) < 0.8 * len(norm_evidence):
        return None
    return start, end, float(alignment.score)


def locate_evidence(text: str, evidence: str, hint: int = 0) -> Grounding:
    """Locate `evidence` in `text`: exact, then whitespace/quote-normalised, then fuzzy.

    Offsets index `text`; `status` says how the match was made and `score` is 100 for
    exact and normalised matches and the rapidfuzz score for fuzzy ones.
    """
    needle = _strip_evidence(evidence)
    if not needle:
        return Grounding()
    found = _find_exact(text, needle, hint)
    if found >= 0:
        return Grounding(
            start=found, end=found + len(needle), status=AlignmentStatus.exact, score=100.0
        )
    norm_text, index = normalize_with_map(text)
    norm_needle = normalize(needle)
    if not norm_needle:
        return Grounding()
    found = norm_text.find(norm_needle)
    if found < 0:
        lowered = norm_text.lower().find(norm_needle.lower())
        found = lowered
    if found >= 0:
        last = found + len(norm_needle) - 1
        return Grounding(
            start=index[found],
            end=index[last] + 1,
            status=AlignmentStatus.normalized,
            score=100.0,
        )
    span = _fuzzy_span(norm_text, norm_needle)
    if span is None:
        return Grounding()
    start, end, score = span
    return Grounding(
        start=index[start], end=index[end - 1] + 1, status=AlignmentStatus.fuzzy, score=score
    )


def ground_claims(text: str, claims: Iterable[Claim]) -> list[GroundedClaim]:
    """Ground every claim of one article; ungrounded claims are kept and flagged."""
    return [
        GroundedClaim(claim=claim, grounding=locate_evidence(text, claim.evidence))
        for claim in claims
    ]
