"""Bootstrap intervals resample articles, are seeded and bracket the point estimate."""

from __future__ import annotations

import pytest

from extraction.evaluation.bootstrap import Counts, bootstrap, bootstrap_counts, percentile
from extraction.evaluation.scoring import prf, score
from tests.evaluation.eval_samples import TEXT, as_claim, gold_article, grounded


def mixed_counts() -> list[Counts]:
    """Twenty articles of varying quality."""
    counts = []
    for index in range(20):
        gold = 5 + index % 4
        matched = max(0, gold - index % 5)
        counts.append(Counts(gold, matched + index % 3, matched, max(0, matched - index % 2)))
    return counts


def point(counts: list[Counts]) -> tuple[float, float]:
    gold = sum(c.n_gold for c in counts)
    pred = sum(c.n_pred for c in counts)
    matched = sum(c.n_matched for c in counts)
    correct = sum(c.n_all_correct for c in counts)
    return prf(matched, pred, gold).f1, prf(correct, pred, gold).f1


def test_interval_contains_the_point_estimate() -> None:
    counts = mixed_counts()
    f1, all_correct_f1 = point(counts)
    intervals = bootstrap_counts(counts, n_resamples=1000, seed=3)
    assert intervals.claims["f1"].contains(f1)
    assert intervals.all_correct["f1"].contains(all_correct_f1)
    assert intervals.claims["f1"].low < intervals.claims["f1"].high


def test_interval_is_deterministic_for_a_seed() -> None:
    counts = mixed_counts()
    first = bootstrap_counts(counts, n_resamples=500, seed=11).as_dict()
    again = bootstrap_counts(counts, n_resamples=500, seed=11).as_dict()
    other = bootstrap_counts(counts, n_resamples=500, seed=12).as_dict()
    assert first == again
    assert first != other


def test_bootstrap_of_scored_articles() -> None:
    articles = [gold_article(f"a{index}") for index in range(6)]
    predictions = {
        article.id: grounded(TEXT, [as_claim(claim) for claim in article.claims[: index + 1]])
        for index, article in enumerate(articles)
    }
    result = score(articles, predictions)
    intervals = bootstrap(result.articles, n_resamples=300, seed=0)
    assert intervals.claims["f1"].contains(result.claims.f1)
    assert intervals.claims["precision"].as_list() == [1.0, 1.0]  # every prediction is right
    assert intervals.as_dict()["n_resamples"] == 300


def test_identical_articles_give_a_degenerate_interval() -> None:
    counts = [Counts(4, 4, 2, 1)] * 5
    interval = bootstrap_counts(counts, n_resamples=50).claims["f1"]
    assert interval.low == pytest.approx(0.5)
    assert interval.high == pytest.approx(0.5)


def test_no_articles_and_bad_arguments() -> None:
    assert bootstrap_counts([]).claims["f1"].as_list() == [0.0, 0.0]
    with pytest.raises(ValueError):
        bootstrap_counts(mixed_counts(), n_resamples=0)
    with pytest.raises(ValueError):
        bootstrap_counts(mixed_counts(), level=1.0)


def test_percentile_interpolates() -> None:
    assert percentile([0.0, 1.0], 0.5) == 0.5
    assert percentile([1.0, 2.0, 3.0], 1.0) == 3.0
