"""Decision thresholds of the learned engine, tuned on the held-out articles.

Coordinate ascent over `GRIDS`, one threshold at a time, for at most `TUNING_ROUNDS`
rounds: a candidate is kept when it raises all-correct F1 (then claim F1) of the held-out
articles decided with the trained classifier's scores.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from extraction.engines.learned.units import (
    DEFAULT_THRESHOLDS,
    HEDGED,
    INHERIT,
    MULTI,
    OWN,
    QUANTITY,
    RULES,
    ArticleUnits,
    decide,
)
from extraction.evaluation.scoring import EvalScore, score
from extraction.schema import GoldArticle
from extraction.text.grounding import ground_claims

#: Threshold grids searched on the held-out articles.
GRIDS: dict[str, tuple[float, ...]] = {
    OWN: (0.2, 0.3, 0.4, 0.5, 0.6, 0.7),
    RULES: (0.0, 0.1, 0.2, 0.3, 0.5, 0.7),
    INHERIT: (0.3, 0.5, 0.7, 1.01),
    MULTI: (0.3, 0.4, 0.5, 0.6, 0.7, 1.01),
    HEDGED: (0.3, 0.4, 0.5, 0.7, 1.01),
    QUANTITY: (0.0, 0.1, 0.2, 0.3, 0.4, 0.5),
}
TUNING_ROUNDS = 2


def _score(
    golds: Sequence[GoldArticle],
    units: Sequence[ArticleUnits],
    scores: Sequence[Sequence[Mapping[str, float]]],
    thresholds: Mapping[str, float],
) -> EvalScore:
    predictions = {
        gold.id: tuple(ground_claims(gold.text, decide(unit, score_, thresholds)))
        for gold, unit, score_ in zip(golds, units, scores, strict=True)
    }
    return score(golds, predictions)


def tune_thresholds(
    golds: Sequence[GoldArticle],
    units: Sequence[ArticleUnits],
    scores: Sequence[Sequence[Mapping[str, float]]],
) -> tuple[dict[str, float], dict[str, float]]:
    """Coordinate ascent over GRIDS on all-correct F1 (then claim F1); returns the
    thresholds and the held-out figures they reach."""
    best = dict(DEFAULT_THRESHOLDS)
    if not golds:
        return best, {}

    def value(thresholds: Mapping[str, float]) -> tuple[float, float]:
        result = _score(golds, units, scores, thresholds)
        return round(result.all_correct.f1, 6), round(result.claims.f1, 6)

    current = value(best)
    for _ in range(TUNING_ROUNDS):
        changed = False
        for name, grid in GRIDS.items():
            for candidate in grid:
                trial = {**best, name: candidate}
                result = value(trial)
                if result > current:
                    best, current, changed = trial, result, True
        if not changed:
            break
    return best, {"all_correct_f1": current[0], "claims_f1": current[1]}
