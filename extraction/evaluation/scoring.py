"""Score predicted claims against gold claims (CLAIMS.md "How extraction is scored").

Pure functions: gold articles and grounded predictions in, values *and* explanations
out (after inspect_ai's scorers). Every matched pair, missed gold claim and false
positive carries a short reason string, so a report can say why it counted as it did.

- Claim precision / recall / F1 are micro-averaged: matched pairs, predictions and gold
  claims are summed over all articles before dividing (step 3).
- All-correct precision / recall / F1: the same, counting only matched pairs whose
  claimant, certainty and quantity are all correct (step 6, the headline figure).
- Field accuracy: share of matched pairs whose field is correct (step 4); 0.0 when
  nothing matched (read it with `n_matched`).
- Grounding rate: share of predictions whose evidence was located (step 5); 0.0 when
  there are no predictions.
- A ratio with a zero denominator is 0.0, never an error: empty output scores 0.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from extraction.evaluation.fields import FIELD_NAMES, FieldCheck, all_correct, compare_fields
from extraction.evaluation.matching import (
    MIN_SIMILARITY,
    Matching,
    PairScore,
    Span,
    match_article,
)
from extraction.schema import GoldArticle, GroundedClaim


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1, each in [0, 1]."""

    precision: float
    recall: float
    f1: float

    def as_dict(self) -> dict[str, float]:
        """The three figures under CLAIMS.md's keys."""
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}


def ratio(numerator: float, denominator: float) -> float:
    """numerator / denominator, or 0.0 when the denominator is 0."""
    return numerator / denominator if denominator else 0.0


def prf(n_correct: int, n_pred: int, n_gold: int) -> PRF:
    """Precision, recall and F1 from counts; 0 wherever a denominator is 0."""
    precision = ratio(n_correct, n_pred)
    recall = ratio(n_correct, n_gold)
    return PRF(precision, recall, ratio(2 * precision * recall, precision + recall))


@dataclass(frozen=True)
class MatchedItem:
    """A predicted claim paired with a gold claim, its field checks and why it paired."""

    gold_index: int
    pred_index: int
    similarity: float
    span_overlap: float
    statement_similarity: float
    fields: Mapping[str, FieldCheck]
    all_correct: bool
    explanation: str


@dataclass(frozen=True)
class MissedItem:
    """A gold claim no prediction was paired with, and why."""

    gold_index: int
    explanation: str


@dataclass(frozen=True)
class FalsePositiveItem:
    """A predicted claim not paired with any gold claim, and why."""

    pred_index: int
    grounded: bool
    explanation: str


@dataclass(frozen=True)
class ArticleScore:
    """The scored outcome of one article: its claims, pairs, misses and false positives."""

    gold: GoldArticle
    predictions: tuple[GroundedClaim, ...]
    matched: tuple[MatchedItem, ...]
    missed: tuple[MissedItem, ...]
    false_positives: tuple[FalsePositiveItem, ...]
    gold_spans: tuple[Span | None, ...]
    pred_spans: tuple[Span | None, ...]

    @property
    def article_id(self) -> str:
        """The gold article's id."""
        return self.gold.id

    @property
    def n_gold(self) -> int:
        """Number of gold claims."""
        return len(self.gold.claims)

    @property
    def n_pred(self) -> int:
        """Number of predicted claims, grounded or not."""
        return len(self.predictions)

    @property
    def n_matched(self) -> int:
        """Number of matched pairs."""
        return len(self.matched)

    @property
    def n_all_correct(self) -> int:
        """Number of matched pairs with claimant, certainty and quantity correct."""
        return sum(1 for item in self.matched if item.all_correct)

    @property
    def n_grounded(self) -> int:
        """Number of predictions whose evidence was located."""
        return sum(1 for item in self.predictions if item.grounding.grounded)

    @property
    def claims(self) -> PRF:
        """This article's claim precision, recall and F1."""
        return prf(self.n_matched, self.n_pred, self.n_gold)

    @property
    def all_correct(self) -> PRF:
        """This article's all-correct precision, recall and F1."""
        return prf(self.n_all_correct, self.n_pred, self.n_gold)


@dataclass(frozen=True)
class EvalScore:
    """Scores over a whole gold set, with every article's details."""

    articles: tuple[ArticleScore, ...]
    n_gold: int
    n_pred: int
    n_matched: int
    n_all_correct: int
    n_grounded: int
    claims: PRF
    all_correct: PRF
    fields: Mapping[str, float]
    grounding_rate: float

    @property
    def n_articles(self) -> int:
        """Number of gold articles scored."""
        return len(self.articles)


# ------------------------------------------------------------------ explanations


def _describe_pair(pair: PairScore) -> str:
    return (
        f"similarity {pair.similarity:.2f} (span overlap {pair.span_overlap:.2f},"
        f" statement {pair.statement_similarity:.2f})"
    )


def _matched_explanation(pair: PairScore, checks: Mapping[str, FieldCheck]) -> str:
    wrong = [f"{name} ({check.reason})" for name, check in checks.items() if not check.correct]
    verdict = "wrong: " + ", ".join(wrong) if wrong else "all fields correct"
    return f"paired with gold #{pair.gold_index}, {_describe_pair(pair)}; {verdict}"


def _unpaired_reason(
    own: str, other: str, best: PairScore | None, best_index: int, partner: int | None
) -> str:
    """Why a claim stayed unpaired, given its most similar candidate (`other` claim
    #best_index) on overlapping evidence and the `own` claim that candidate went to."""
    if best is None:
        return f"no {other} claim's evidence overlaps its evidence"
    if not best.eligible or partner is None:
        return (
            f"closest {other} claim on overlapping evidence, #{best_index},"
            f" has {_describe_pair(best)} < {MIN_SIMILARITY:.2f}"
        )
    return (
        f"its most similar {other} claim, #{best_index} ({_describe_pair(best)}),"
        f" was paired with {own} #{partner}, which fits it better"
    )


def _best(candidates: Sequence[PairScore]) -> PairScore | None:
    return max(candidates, key=lambda pair: pair.similarity, default=None)


def _missed(matching: Matching, n_gold: int) -> tuple[MissedItem, ...]:
    paired_gold = {pair.gold_index for pair in matching.pairs}
    pred_partner = {pair.pred_index: pair.gold_index for pair in matching.pairs}
    items: list[MissedItem] = []
    for gold_index in range(n_gold):
        if gold_index in paired_gold:
            continue
        best = _best([pair for pair in matching.candidates if pair.gold_index == gold_index])
        if matching.gold_spans[gold_index] is None:
            reason = "its evidence was not found in the text"
        else:
            best_index = best.pred_index if best else -1
            reason = _unpaired_reason(
                "gold", "predicted", best, best_index, pred_partner.get(best_index)
            )
        items.append(MissedItem(gold_index, reason))
    return tuple(items)


def _false_positives(
    matching: Matching, predictions: Sequence[GroundedClaim]
) -> tuple[FalsePositiveItem, ...]:
    paired_pred = {pair.pred_index for pair in matching.pairs}
    gold_partner = {pair.gold_index: pair.pred_index for pair in matching.pairs}
    items: list[FalsePositiveItem] = []
    for pred_index in range(len(predictions)):
        if pred_index in paired_pred:
            continue
        if matching.pred_spans[pred_index] is None:
            items.append(
                FalsePositiveItem(
                    pred_index, False, "ungrounded: its evidence was not found in the text"
                )
            )
            continue
        best = _best([pair for pair in matching.candidates if pair.pred_index == pred_index])
        best_index = best.gold_index if best else -1
        reason = _unpaired_reason(
            "prediction", "gold", best, best_index, gold_partner.get(best_index)
        )
        items.append(FalsePositiveItem(pred_index, True, reason))
    return tuple(items)


# ------------------------------------------------------------------ scoring


def score_article(gold: GoldArticle, predictions: Sequence[GroundedClaim]) -> ArticleScore:
    """Match and score one article's grounded predictions against its gold claims."""
    matching = match_article(gold.text, gold.claims, predictions)
    matched: list[MatchedItem] = []
    for pair in matching.pairs:
        checks = compare_fields(gold.claims[pair.gold_index], predictions[pair.pred_index].claim)
        matched.append(
            MatchedItem(
                gold_index=pair.gold_index,
                pred_index=pair.pred_index,
                similarity=pair.similarity,
                span_overlap=pair.span_overlap,
                statement_similarity=pair.statement_similarity,
                fields=checks,
                all_correct=all_correct(checks),
                explanation=_matched_explanation(pair, checks),
            )
        )
    return ArticleScore(
        gold=gold,
        predictions=tuple(predictions),
        matched=tuple(matched),
        missed=_missed(matching, len(gold.claims)),
        false_positives=_false_positives(matching, predictions),
        gold_spans=matching.gold_spans,
        pred_spans=matching.pred_spans,
    )


def aggregate(articles: Sequence[ArticleScore]) -> EvalScore:
    """Micro-averaged scores over already scored articles."""
    n_gold = sum(article.n_gold for article in articles)
    n_pred = sum(article.n_pred for article in articles)
    n_matched = sum(article.n_matched for article in articles)
    n_all_correct = sum(article.n_all_correct for article in articles)
    n_grounded = sum(article.n_grounded for article in articles)
    pairs = [item for article in articles for item in article.matched]
    fields = {
        name: ratio(sum(1 for item in pairs if item.fields[name].correct), len(pairs))
        for name in FIELD_NAMES
    }
    return EvalScore(
        articles=tuple(articles),
        n_gold=n_gold,
        n_pred=n_pred,
        n_matched=n_matched,
        n_all_correct=n_all_correct,
        n_grounded=n_grounded,
        claims=prf(n_matched, n_pred, n_gold),
        all_correct=prf(n_all_correct, n_pred, n_gold),
        fields=fields,
        grounding_rate=ratio(n_grounded, n_pred),
    )


def score(
    gold: Sequence[GoldArticle], predictions: Mapping[str, Sequence[GroundedClaim]]
) -> EvalScore:
    """Score predictions (gold article id -> grounded claims) against a gold set.

    A gold article without an entry has no predictions; an entry whose id is not in the
    gold set is an error (it would silently drop false positives).
    """
    known = {article.id for article in gold}
    unknown = sorted(set(predictions) - known)
    if unknown:
        raise ValueError(f"predictions for articles not in the gold set: {', '.join(unknown)}")
    return aggregate([score_article(article, predictions.get(article.id, ())) for article in gold])
