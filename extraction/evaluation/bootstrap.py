"""Bootstrap confidence intervals for the micro-averaged scores, resampling ARTICLES.

Claims of one article are not independent (one model mistake often repeats across an
article), so the unit of resampling is the article: each resample draws
`n_articles` articles with replacement, sums their counts (gold, predicted, matched,
all-correct) and recomputes micro precision, recall and F1. The interval is the
percentile interval (2.5th and 97.5th percentiles for 95 %) of `n_resamples`
resamples, drawn from `random.Random(seed)`: the same seed and counts give the same
interval. Matching is not redone per resample: only counts are resampled, which makes
1,000 resamples of 1,000 articles take well under a second.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from extraction.evaluation.scoring import PRF, ArticleScore, prf

DEFAULT_RESAMPLES = 1000
DEFAULT_SEED = 0
DEFAULT_LEVEL = 0.95


@dataclass(frozen=True)
class Counts:
    """One article's counts, all a resample needs."""

    n_gold: int
    n_pred: int
    n_matched: int
    n_all_correct: int

    @classmethod
    def of(cls, article: ArticleScore) -> Counts:
        """The counts of a scored article."""
        return cls(article.n_gold, article.n_pred, article.n_matched, article.n_all_correct)


@dataclass(frozen=True)
class Interval:
    """A two-sided interval [low, high]."""

    low: float
    high: float

    def contains(self, value: float) -> bool:
        """True when low <= value <= high."""
        return self.low <= value <= self.high

    def as_list(self) -> list[float]:
        """[low, high], for JSON."""
        return [self.low, self.high]


@dataclass(frozen=True)
class Intervals:
    """Intervals for claim and all-correct precision, recall and F1."""

    claims: dict[str, Interval]
    all_correct: dict[str, Interval]
    n_resamples: int
    seed: int
    level: float

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form: {"claims": {"f1": [lo, hi], ...}, "all_correct": ..., ...}."""
        return {
            "claims": {name: value.as_list() for name, value in self.claims.items()},
            "all_correct": {name: value.as_list() for name, value in self.all_correct.items()},
            "n_resamples": self.n_resamples,
            "seed": self.seed,
            "level": self.level,
            "method": "percentile bootstrap over articles",
        }


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """Linear-interpolated percentile (0 <= fraction <= 1) of already sorted values."""
    if not sorted_values:
        return 0.0
    position = fraction * (len(sorted_values) - 1)
    lower = int(position)
    upper = min(lower + 1, len(sorted_values) - 1)
    weight = position - lower
    return sorted_values[lower] * (1 - weight) + sorted_values[upper] * weight


def _resample(counts: Sequence[Counts], rng: random.Random) -> tuple[PRF, PRF]:
    n = len(counts)
    gold = pred = matched = correct = 0
    for _ in range(n):
        item = counts[int(rng.random() * n)]
        gold += item.n_gold
        pred += item.n_pred
        matched += item.n_matched
        correct += item.n_all_correct
    return prf(matched, pred, gold), prf(correct, pred, gold)


def _interval(values: list[float], level: float) -> Interval:
    values.sort()
    tail = (1.0 - level) / 2.0
    return Interval(percentile(values, tail), percentile(values, 1.0 - tail))


def bootstrap_counts(
    counts: Sequence[Counts],
    *,
    n_resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
    level: float = DEFAULT_LEVEL,
) -> Intervals:
    """Percentile intervals of micro P/R/F1 over article resamples of `counts`."""
    if n_resamples < 1:
        raise ValueError("n_resamples must be at least 1")
    if not 0.0 < level < 1.0:
        raise ValueError("level must lie strictly between 0 and 1")
    names = ("precision", "recall", "f1")
    claims: dict[str, list[float]] = {name: [] for name in names}
    strict: dict[str, list[float]] = {name: [] for name in names}
    if counts:
        rng = random.Random(seed)
        for _ in range(n_resamples):
            lenient, all_correct = _resample(counts, rng)
            for name in names:
                claims[name].append(getattr(lenient, name))
                strict[name].append(getattr(all_correct, name))
    return Intervals(
        claims={name: _interval(claims[name], level) for name in names},
        all_correct={name: _interval(strict[name], level) for name in names},
        n_resamples=n_resamples,
        seed=seed,
        level=level,
    )


def bootstrap(
    articles: Sequence[ArticleScore],
    *,
    n_resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
    level: float = DEFAULT_LEVEL,
) -> Intervals:
    """95 % (by default) intervals for claim and all-correct P/R/F1 of scored articles."""
    return bootstrap_counts(
        [Counts.of(article) for article in articles],
        n_resamples=n_resamples,
        seed=seed,
        level=level,
    )
