"""Paired bootstrap of the difference between two runs on the same gold articles.

Two runs scored on one gold set are not independent samples: an article that is hard for
one engine is usually hard for the other. Comparing their two separate intervals
overstates the uncertainty of the difference. Here every resample draws articles with
replacement *once* and recomputes both runs' micro-averaged scores on the same draw;
the interval is the percentile interval of B - A over `n_resamples` draws from
`random.Random(seed)`. A difference whose whole interval lies above zero is one the
articles support, not luck of the draw.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from extraction.evaluation.bootstrap import (
    DEFAULT_LEVEL,
    DEFAULT_RESAMPLES,
    DEFAULT_SEED,
    Counts,
    percentile,
)
from extraction.evaluation.scoring import PRF, prf

#: The metrics whose difference is bootstrapped: (name, group, figure).
PAIRED_METRICS: tuple[tuple[str, str, str], ...] = (
    ("all_correct.f1", "all_correct", "f1"),
    ("all_correct.precision", "all_correct", "precision"),
    ("all_correct.recall", "all_correct", "recall"),
    ("claims.f1", "claims", "f1"),
    ("claims.precision", "claims", "precision"),
    ("claims.recall", "claims", "recall"),
)


@dataclass(frozen=True)
class PairedDifference:
    """B - A for one metric, with its paired percentile interval."""

    name: str
    a: float
    b: float
    low: float
    high: float

    @property
    def delta(self) -> float:
        """B - A on the articles as scored."""
        return self.b - self.a

    @property
    def verdict(self) -> str:
        """'B better', 'B worse' or 'no clear difference' (interval vs zero)."""
        if self.low > 0:
            return "B better"
        if self.high < 0:
            return "B worse"
        return "no clear difference"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "a": self.a,
            "b": self.b,
            "delta": self.delta,
            "interval": [self.low, self.high],
            "verdict": self.verdict,
        }


def _scores(counts: Sequence[Counts], picks: Sequence[int]) -> tuple[PRF, PRF]:
    gold = pred = matched = correct = 0
    for index in picks:
        item = counts[index]
        gold += item.n_gold
        pred += item.n_pred
        matched += item.n_matched
        correct += item.n_all_correct
    return prf(matched, pred, gold), prf(correct, pred, gold)


def _figure(scores: tuple[PRF, PRF], group: str, figure: str) -> float:
    claims, all_correct = scores
    return float(getattr(all_correct if group == "all_correct" else claims, figure))


def paired_bootstrap(
    counts_a: Sequence[Counts],
    counts_b: Sequence[Counts],
    *,
    n_resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
    level: float = DEFAULT_LEVEL,
) -> list[PairedDifference]:
    """Paired intervals of B - A; `counts_a[i]` and `counts_b[i]` are one article."""
    if len(counts_a) != len(counts_b):
        raise ValueError("paired bootstrap needs the same articles in both runs")
    if n_resamples < 1:
        raise ValueError("n_resamples must be at least 1")
    n = len(counts_a)
    everything = list(range(n))
    base_a, base_b = _scores(counts_a, everything), _scores(counts_b, everything)
    samples: dict[str, list[float]] = {name: [] for name, _, _ in PAIRED_METRICS}
    if n:
        rng = random.Random(seed)
        for _ in range(n_resamples):
            picks = [int(rng.random() * n) for _ in range(n)]
            scores_a, scores_b = _scores(counts_a, picks), _scores(counts_b, picks)
            for name, group, figure in PAIRED_METRICS:
                difference = _figure(scores_b, group, figure) - _figure(scores_a, group, figure)
                samples[name].append(difference)
    tail = (1.0 - level) / 2.0
    result = []
    for name, group, figure in PAIRED_METRICS:
        values = sorted(samples[name])
        result.append(
            PairedDifference(
                name,
                _figure(base_a, group, figure),
                _figure(base_b, group, figure),
                percentile(values, tail),
                percentile(values, 1.0 - tail),
            )
        )
    return result


def article_counts(report: Mapping[str, Any]) -> dict[str, Counts]:
    """Article id -> counts, from a report's `per_article` list."""
    return {
        str(item["id"]): Counts(
            int(item["n_gold"]),
            int(item["n_pred"]),
            int(item["n_matched"]),
            int(item["n_all_correct"]),
        )
        for item in report.get("per_article") or []
    }


def paired_from_reports(
    report_a: Mapping[str, Any],
    report_b: Mapping[str, Any],
    *,
    n_resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
) -> list[PairedDifference] | None:
    """Paired intervals of two reports on the same articles; None when their articles
    differ (then only unpaired intervals make sense)."""
    counts_a, counts_b = article_counts(report_a), article_counts(report_b)
    if not counts_a or set(counts_a) != set(counts_b):
        return None
    ids = sorted(counts_a)
    return paired_bootstrap(
        [counts_a[i] for i in ids],
        [counts_b[i] for i in ids],
        n_resamples=n_resamples,
        seed=seed,
    )
