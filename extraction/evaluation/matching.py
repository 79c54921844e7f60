"""One-to-one pairing of predicted and gold claims within one article (CLAIMS.md step 2).

Evidence spans
    Gold evidence is an exact substring of the article by construction (the loader checks
    it); it is located with `locate_evidence`, so a gold evidence that occurs twice in
    the text takes its first occurrence. Predicted evidence is located the same way
    (exact, then normalised, then fuzzy); a prediction whose evidence is not found is
    *ungrounded*: a false positive that cannot be paired.

Pair similarity
    - span overlap = characters shared by the two evidence spans / length of the shorter
      span (1.0 when one span lies inside the other: a model quoting a clause of the gold
      sentence, or two sentences around it, still lands on the claim);
    - statement similarity = mean of rapidfuzz `token_set_ratio` and `token_sort_ratio`
      (0-1) on the statements normalised to lowercase words, numbers without thousands
      separators ("11,000" -> "11000"), punctuation removed;
    - similarity = 0.3 * span overlap + 0.7 * statement similarity.

    A pair is *eligible* when the spans overlap (at least one shared character) and
    similarity >= 0.72, which, when one span contains the other, means statement
    similarity >= 0.6 (a partial overlap asks for a closer statement).

    Calibration (30 hand-written paraphrases of seed gold claims, 21 statements of a
    *different* proposition of the same sentence, 6 off-topic statements on the same
    sentence): paraphrases score 0.55-0.97 on statements (10th percentile 0.68, median
    0.83); different propositions 0.42-0.74 (median 0.59), since they share subject,
    place and figures; off-topic ones at most 0.56. The 0.6 bar keeps 29 of 30
    paraphrases, rejects every off-topic statement and 57 % of the different
    propositions. The other 43 % can match on their own, when nothing closer was
    predicted; when both propositions of a sentence are predicted, the assignment gives
    each prediction the gold claim it is most similar to, which is how two claims from
    one sentence are told apart. (The all-correct score then usually catches a sibling
    matched on its own: its quantity or certainty differs.)

Assignment
    Among eligible pairs the matching is optimal: it maximises first the number of pairs
    and then their total weight (Hungarian algorithm on weights `weight + K`, with K
    larger than any total weight), where weight = similarity + 0.05 when the two
    claimants are the same entity (fields.py's rule). The claimant term only breaks
    near-ties: CLAIMS.md makes "two claimants say the same thing" two claims with the
    same evidence and the same statement, which statements alone cannot tell apart.
    It never makes a pair eligible and is not part of the reported similarity.

    Only claims whose spans overlap can be eligible, so the problem splits into small
    connected components, each solved exactly; an article with 60 claims costs a few
    milliseconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from extraction.evaluation.fields import same_claimant_reason
from extraction.schema import Claim, GroundedClaim
from extraction.text.grounding import locate_evidence
from extraction.text.matching import (
    CLAIMANT_TIE_BREAK,
    MIN_SIMILARITY,
    SPAN_WEIGHT,
    PairScore,
    Span,
    assign_component,
    components,
    hungarian_max,
    match_spans,
    normalize_statement,
    normalized_similarity,
    pair_score,
    span_of,
    span_overlap,
    statement_similarity,
)

__all__ = [
    "CLAIMANT_TIE_BREAK",
    "MIN_SIMILARITY",
    "SPAN_WEIGHT",
    "Matching",
    "PairScore",
    "Span",
    "assign_component",
    "claimants_agree",
    "components",
    "gold_span",
    "hungarian_max",
    "match_article",
    "normalize_statement",
    "normalized_similarity",
    "score_pair",
    "span_of",
    "span_overlap",
    "statement_similarity",
]


@dataclass(frozen=True)
class Matching:
    """The outcome of pairing one article's claims, with every candidate pair considered."""

    pairs: tuple[PairScore, ...]
    candidates: tuple[PairScore, ...]
    gold_spans: tuple[Span | None, ...]
    pred_spans: tuple[Span | None, ...]


def gold_span(text: str, claim: Claim) -> Span | None:
    """Where a gold claim's evidence lies in the text."""
    return span_of(locate_evidence(text, claim.evidence))


def claimants_agree(gold: Claim, pred: Claim) -> bool:
    """True when both claimants are null or name the same entity (fields.py's rule)."""
    if gold.claimant is None or pred.claimant is None:
        return gold.claimant is None and pred.claimant is None
    return same_claimant_reason(gold.claimant, pred.claimant) is not None


def score_pair(
    gold_index: int,
    pred_index: int,
    gold: Claim,
    pred: Claim,
    gold_span_: Span | None,
    pred_span: Span | None,
) -> PairScore:
    """Similarity of one (gold, predicted) pair; disjoint or missing spans score 0."""
    return pair_score(gold_index, pred_index, gold, pred, gold_span_, pred_span, claimants_agree)


def match_article(
    text: str, gold: Sequence[Claim], predictions: Sequence[GroundedClaim]
) -> Matching:
    """Pair one article's predicted claims with its gold claims, one-to-one and optimally."""
    gold_spans = tuple(gold_span(text, claim) for claim in gold)
    pred_spans = tuple(span_of(item.grounding) for item in predictions)
    pairs, candidates = match_spans(
        list(zip(gold, gold_spans, strict=True)),
        [(item.claim, span) for item, span in zip(predictions, pred_spans, strict=True)],
        claimants_agree,
    )
    return Matching(tuple(pairs), tuple(candidates), gold_spans, pred_spans)
