"""One-to-one pairing of two sets of claims of one article by evidence span and statement.

The pure part of the eval matcher (`extraction.evaluation.matching` documents and
calibrates the rule): two claims can pair when their evidence spans overlap and
0.3 * span overlap + 0.7 * statement similarity >= 0.72; among eligible pairs the
assignment is optimal (most pairs, then most weight). It lives in the text layer so
that the store can use the same rule to carry reviews across re-extraction.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from extraction.schema import Claim, Grounding

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


def span_of(grounding: Grounding) -> Span | None:
    """The span of a grounding, or None when the evidence was not located."""
    if not grounding.grounded or grounding.start is None or grounding.end is None:
        return None
    return Span(grounding.start, grounding.end)


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


def components(eligible: Sequence[PairScore]) -> list[list[PairScore]]:
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


def assign_component(component: Sequence[PairScore]) -> list[PairScore]:
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


SameClaimantFn = Callable[[Claim, Claim], bool]


def pair_score(
    gold_index: int,
    pred_index: int,
    gold: Claim,
    pred: Claim,
    gold_span_: Span | None,
    pred_span: Span | None,
    same_claimant: SameClaimantFn | None = None,
) -> PairScore:
    """Similarity of one (gold, predicted) pair; disjoint or missing spans score 0.
    `same_claimant` (optional) says whether the two claimants are one entity."""
    if gold_span_ is None or pred_span is None:
        return PairScore(gold_index, pred_index, 0.0, 0.0, 0.0)
    overlap = span_overlap(gold_span_, pred_span)
    if overlap <= 0:
        return PairScore(gold_index, pred_index, 0.0, 0.0, 0.0)
    statement = statement_similarity(gold.statement, pred.statement)
    similarity = SPAN_WEIGHT * overlap + (1.0 - SPAN_WEIGHT) * statement
    agree = same_claimant(gold, pred) if same_claimant is not None else False
    return PairScore(gold_index, pred_index, overlap, statement, similarity, agree)


def match_spans(
    gold: Sequence[tuple[Claim, Span | None]],
    preds: Sequence[tuple[Claim, Span | None]],
    same_claimant: SameClaimantFn | None = None,
) -> tuple[list[PairScore], list[PairScore]]:
    """Optimal one-to-one pairs of `gold` and `preds` (claims with their evidence spans),
    and every candidate pair scored (spans overlapping)."""
    candidates: list[PairScore] = []
    for gold_index, (gold_claim, g_span) in enumerate(gold):
        for pred_index, (pred_claim, p_span) in enumerate(preds):
            if g_span is None or p_span is None or span_overlap(g_span, p_span) <= 0:
                continue
            candidates.append(
                pair_score(
                    gold_index, pred_index, gold_claim, pred_claim, g_span, p_span, same_claimant
                )
            )
    eligible = [pair for pair in candidates if pair.eligible]
    pairs: list[PairScore] = []
    for component in components(eligible):
        pairs.extend(assign_component(component))
    pairs.sort(key=lambda pair: (pair.gold_index, pair.pred_index))
    return pairs, candidates
