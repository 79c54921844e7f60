"""Grouping quality against gold group labels: pairwise precision / recall / F1 and ARI.

The metric functions are pure: two equal-length label sequences in (gold, predicted), any
hashable labels. Items whose gold label is None are left out (unlabelled claims).

- Pairwise: every pair of labelled items is a positive when gold puts them in one group;
  precision = share of predicted same-group pairs that gold agrees with, recall = share of
  gold same-group pairs predicted together. Nothing predicted together gives precision 1
  by convention only when gold has no pair either (else 0).
- ARI: the adjusted Rand index (Hubert and Arabie): 1 for identical partitions, about 0
  for chance agreement, negative below chance.

`grouping_quality(gold_articles)` groups the gold claims themselves with the tracker and
scores the result against their `group` labels: what `claimdesk eval` reports.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Hashable, Sequence
from math import comb
from typing import Any

from extraction.schema import GoldArticle
from extraction.tracker.embeddings import Embedder, get_embedder
from extraction.tracker.features import canonical_text
from extraction.tracker.grouping import group_claims, params_for
from extraction.tracker.models import TrackedClaim


def _labelled(
    gold: Sequence[Hashable | None], predicted: Sequence[Hashable]
) -> tuple[list[Hashable], list[Hashable]]:
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predicted labels")
    pairs = [(g, p) for g, p in zip(gold, predicted, strict=True) if g is not None]
    return [g for g, _ in pairs], [p for _, p in pairs]


def _same_group_pairs(labels: Sequence[Hashable]) -> int:
    return sum(comb(count, 2) for count in Counter(labels).values())


def _contingency_pairs(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> int:
    return sum(comb(count, 2) for count in Counter(zip(gold, predicted, strict=True)).values())


def pairwise_scores(
    gold: Sequence[Hashable | None], predicted: Sequence[Hashable]
) -> dict[str, float]:
    """Pairwise precision, recall and F1 of a predicted grouping against gold labels."""
    kept_gold, kept_pred = _labelled(gold, predicted)
    both = _contingency_pairs(kept_gold, kept_pred)
    gold_pairs = _same_group_pairs(kept_gold)
    pred_pairs = _same_group_pairs(kept_pred)
    precision = both / pred_pairs if pred_pairs else (1.0 if gold_pairs == 0 else 0.0)
    recall = both / gold_pairs if gold_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "true_pairs": float(both),
        "gold_pairs": float(gold_pairs),
        "predicted_pairs": float(pred_pairs),
    }


def adjusted_rand_index(gold: Sequence[Hashable | None], predicted: Sequence[Hashable]) -> float:
    """Adjusted Rand index of two partitions (unlabelled gold items left out)."""
    kept_gold, kept_pred = _labelled(gold, predicted)
    n = len(kept_gold)
    if n < 2:
        return 1.0
    index = _contingency_pairs(kept_gold, kept_pred)
    gold_sum = _same_group_pairs(kept_gold)
    pred_sum = _same_group_pairs(kept_pred)
    expected = gold_sum * pred_sum / comb(n, 2)
    maximum = (gold_sum + pred_sum) / 2
    if maximum == expected:  # only when both are all singletons, or both one group
        return 1.0
    return (index - expected) / (maximum - expected)


def gold_tracked_claims(gold_articles: Sequence[GoldArticle]) -> list[TrackedClaim]:
    """Every gold claim as a tracked claim (id `article-id#index`), articles in file order."""
    return [
        TrackedClaim.from_claim(
            f"{article.id}#{index}",
            claim,
            article_id=article.id,
            publication=article.publication,
            published=article.published,
            title=article.title,
        )
        for article in gold_articles
        for index, claim in enumerate(article.claims)
    ]


def grouping_quality(
    gold_articles: list[GoldArticle], embedder: Embedder | None = None
) -> dict[str, Any]:
    """Group the gold claims with the tracker and score against their `group` labels.

    Returns n_claims, n_labelled, n_gold_groups, n_predicted_groups, pairwise
    {precision, recall, f1}, ari, backend, threshold and seconds. With no labelled claim
    the scores are None.
    """
    started = time.perf_counter()
    chosen = embedder or get_embedder()
    claims = gold_tracked_claims(gold_articles)
    gold_labels = [claim.group for article in gold_articles for claim in article.claims]
    params = params_for(chosen.name)
    vectors = chosen.encode([canonical_text(c) for c in claims])
    predicted: list[Hashable] = [0] * len(claims)
    for number, members in enumerate(group_claims(claims, vectors, params)):
        for index in members:
            predicted[index] = number
    labelled = [label for label in gold_labels if label is not None]
    scores = pairwise_scores(gold_labels, predicted) if labelled else None
    return {
        "n_claims": len(claims),
        "n_labelled": len(labelled),
        "n_gold_groups": len(set(labelled)),
        "n_predicted_groups": len(set(predicted)),
        "pairwise": (
            {key: scores[key] for key in ("precision", "recall", "f1")} if scores else None
        ),
        "ari": adjusted_rand_index(gold_labels, predicted) if labelled else None,
        "backend": chosen.name,
        "threshold": params.threshold,
        "seconds": round(time.perf_counter() - started, 3),
    }
