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

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from extraction.evaluation.fields import same_claimant_reason
from extraction.schema import Claim, GroundedClaim, Grounding
from extraction.text.grounding import locate_evidence

#: Weight of the span overlap in the pair similarity (statement similarity gets the rest).
SPAN_WEIGHT = 0.3
#: Minimum pair similarity for a pair to be eligible (spans must also overlap).
MIN_SIMILARITY = 0.72
#: Assignment bonus for pairs whose claimants are the same entity (tie-break only).
CLAIMANT_TIE_BREAK = 0.05

_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_NON_WORD = re.compile(r"[^\w\s]")


@dataclass(frozen=True)
class Span:
    """Character interval [start, end) of an evidence in the article text."""

    start: int
    end: int

    @property
    def length(self) -> int:
        """Number of characters in the span."""
        return max(0, self.end - self.start)


@dataclass(frozen=True)
class PairScore:
    """How similar one gold claim and one predicted claim are."""

    gold_index: int
    pred_index: int
    span_overlap: float
    statement_similarity: float
    similarity: float
    same_claimant: bool = False

    @property
    def weight(self) -> float:
        """Assignment weight: similarity, plus the claimant tie-break."""
        return self.similarity + (CLAIMANT_TIE_BREAK if self.same_claimant else 0.0)

    @property
    def eligible(self) -> bool:
        """True when the pair may be matched: spans overlap and similarity passes the bar."""
        return self.span_overlap > 0 and self.similarity >= MIN_SIMILARITY


@dataclass(frozen=True)
class Matching:
    """The outcome of pairing one article's claims, with every candidate pair considered."""

    pairs: tuple[PairScore, ...]
    candidates: tuple[PairScore, ...]
    gold_spans: tuple[Span | None, ...]
    pred_spans: tuple[Span | None, ...]


def span_of(grounding: Grounding) -> Span | None:
    """The span of a grounding, or None when the evidence was not located."""
    if not grounding.grounded or grounding.start is None or grounding.end is None:
        return None
    return Span(grounding.start, grounding.end)


def gold_span(text: str, claim: Claim) -> Span | None:
    """Where a gold claim's evidence lies in the text."""
    return span_of(locate_evidence(text, claim.evidence))


def span_overlap(left: Span, right: Span) -> float:
    """Shared characters / length of the shorter span (0 when disjoint)."""
    shared = min(left.end, right.end) - max(left.start, right.start)
    shorter = min(left.length, right.length)
    if shared <= 0 or shorter <= 0:
        return 0.0
    return shared / shorter


def normalize_statement(statement: str) -> str:
    """Lowercase words of a statement: thousands separators and punctuation (quotes and
    dashes included) gone, whitespace collapsed."""
    text = _THOUSANDS.sub("", statement.lower())
    return " ".join(_NON_WORD.sub(" ", text).split())


def normalized_similarity(left: str, right: str) -> float:
    """Mean of token-set and token-sort ratios (0-1) of two already normalised statements."""
    if not left or not right:
        return 0.0
    return (fuzz.token_set_ratio(left, right) + fuzz.token_sort_ratio(left, right)) / 200.0


def statement_similarity(gold: str, pred: str) -> float:
    """Mean of token-set and token-sort ratios (0-1) of two statements, normalised first."""
    return normalized_similarity(normalize_statement(gold), normalize_statement(pred))


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
    if gold_span_ is None or pred_span is None:
        return PairScore(gold_index, pred_index, 0.0, 0.0, 0.0)
    overlap = span_overlap(gold_span_, pred_span)
    if overlap <= 0:
        return PairScore(gold_index, pred_index, 0.0, 0.0, 0.0)
    statement = statement_similarity(gold.statement, pred.statement)
    similarity = SPAN_WEIGHT * overlap + (1.0 - SPAN_WEIGHT) * statement
    return PairScore(
        gold_index, pred_index, overlap, statement, similarity, claimants_agree(gold, pred)
    )


# ------------------------------------------------------------------ assignment


def hungarian_max(weights: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """Row/column pairs of a maximum-weight assignment of a rectangular weight matrix.

    Classic O(n^2 m) Hungarian algorithm with potentials (rows <= columns after an
    internal transpose). Every row is assigned; callers give non-edges weight 0 and
    drop them afterwards, which yields a maximum-weight matching.
    """
    n_rows = len(weights)
    n_cols = len(weights[0]) if n_rows else 0
    if n_rows == 0 or n_cols == 0:
        return []
    if n_rows > n_cols:
        transposed = [[weights[r][c] for r in range(n_rows)] for c in range(n_cols)]
        return [(r, c) for c, r in hungarian_max(transposed)]
    cost = [[-value for value in row] for row in weights]
    inf = float("inf")
    u = [0.0] * (n_rows + 1)
    v = [0.0] * (n_cols + 1)
    owner = [0] * (n_cols + 1)  # owner[col] = row (1-based) assigned to col
    way = [0] * (n_cols + 1)
    for row in range(1, n_rows + 1):
        owner[0] = row
        col0 = 0
        minv = [inf] * (n_cols + 1)
        used = [False] * (n_cols + 1)
        while True:
            used[col0] = True
            row0 = owner[col0]
            delta = inf
            col1 = 0
            for col in range(1, n_cols + 1):
                if used[col]:
                    continue
                current = cost[row0 - 1][col - 1] - u[row0] - v[col]
                if current < minv[col]:
                    minv[col] = current
                    way[col] = col0
                if minv[col] < delta:
                    delta = minv[col]
                    col1 = col
            for col in range(n_cols + 1):
                if used[col]:
                    u[owner[col]] += delta
                    v[col] -= delta
                else:
                    minv[col] -= delta
            col0 = col1
            if owner[col0] == 0:
                break
        while col0:
            previous = way[col0]
            owner[col0] = owner[previous]
            col0 = previous
    return [(owner[col] - 1, col - 1) for col in range(1, n_cols + 1) if owner[col]]


def _components(eligible: Sequence[PairScore]) -> list[list[PairScore]]:
    """Eligible pairs grouped into connected components of the gold/pred graph."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(node: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for pair in eligible:
        root_gold, root_pred = find(("g", pair.gold_index)), find(("p", pair.pred_index))
        if root_gold != root_pred:
            parent[root_pred] = root_gold
    groups: dict[tuple[str, int], list[PairScore]] = {}
    for pair in eligible:
        groups.setdefault(find(("g", pair.gold_index)), []).append(pair)
    return list(groups.values())


def _assign_component(component: Sequence[PairScore]) -> list[PairScore]:
    """Optimal pairs of one component: most pairs first, then most total similarity."""
    if len(component) == 1:
        return list(component)
    golds = sorted({pair.gold_index for pair in component})
    preds = sorted({pair.pred_index for pair in component})
    row_of = {index: row for row, index in enumerate(golds)}
    col_of = {index: col for col, index in enumerate(preds)}
    bonus = float(min(len(golds), len(preds)) + 1) * (1.0 + CLAIMANT_TIE_BREAK)
    weights = [[0.0] * len(preds) for _ in golds]
    by_cell: dict[tuple[int, int], PairScore] = {}
    for pair in component:
        cell = (row_of[pair.gold_index], col_of[pair.pred_index])
        weights[cell[0]][cell[1]] = bonus + pair.weight
        by_cell[cell] = pair
    return [by_cell[cell] for cell in hungarian_max(weights) if cell in by_cell]


def match_article(
    text: str, gold: Sequence[Claim], predictions: Sequence[GroundedClaim]
) -> Matching:
    """Pair one article's predicted claims with its gold claims, one-to-one and optimally."""
    gold_spans = tuple(gold_span(text, claim) for claim in gold)
    pred_spans = tuple(span_of(item.grounding) for item in predictions)
    candidates: list[PairScore] = []
    for gold_index, gold_claim in enumerate(gold):
        for pred_index, item in enumerate(predictions):
            g_span, p_span = gold_spans[gold_index], pred_spans[pred_index]
            if g_span is None or p_span is None or span_overlap(g_span, p_span) <= 0:
                continue
            candidates.append(
                score_pair(gold_index, pred_index, gold_claim, item.claim, g_span, p_span)
            )
    eligible = [pair for pair in candidates if pair.eligible]
    pairs: list[PairScore] = []
    for component in _components(eligible):
        pairs.extend(_assign_component(component))
    pairs.sort(key=lambda pair: (pair.gold_index, pair.pred_index))
    return Matching(tuple(pairs), tuple(candidates), gold_spans, pred_spans)
