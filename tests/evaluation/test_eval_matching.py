"""One-to-one matching of predicted and gold claims within an article."""

from __future__ import annotations

import itertools
import random

from extraction.evaluation.matching import (
    MIN_SIMILARITY,
    Span,
    hungarian_max,
    match_article,
    span_overlap,
    statement_similarity,
)
from extraction.schema import Claim
from tests.evaluation.eval_samples import S_RYDER, TEXT, as_claim, gold_claims, grounded


def pairs_of(gold: list[Claim], preds: list[Claim]) -> list[tuple[int, int]]:
    matching = match_article(TEXT, gold, grounded(TEXT, preds))
    return [(pair.gold_index, pair.pred_index) for pair in matching.pairs]


def test_paraphrased_statement_with_same_evidence_matches() -> None:
    gold = gold_claims()[:1]
    pred = as_claim(
        gold[0], statement="Close to 11,000 soldiers from North Korea are currently in Russia."
    )
    assert pairs_of(list(gold), [pred]) == [(0, 0)]


def test_paraphrase_with_shorter_evidence_clause_matches() -> None:
    gold = gold_claims()[:1]
    pred = as_claim(
        gold[0],
        statement="Roughly 11,000 North Korean troops are now in Russia.",
        evidence="Close to 11,000 North Korean troops are in Russia",
    )
    assert pairs_of(list(gold), [pred]) == [(0, 0)]


def test_two_claims_from_one_sentence_are_told_apart() -> None:
    gold = gold_claims()[:2]  # same evidence, two propositions
    troops = as_claim(gold[0], statement="Close to 11,000 North Korean troops are in Russia.")
    ready = as_claim(
        gold[1], statement="The North Korean troops will be ready to fight in Ukraine by Nov. 1."
    )
    assert pairs_of(list(gold), [troops, ready]) == [(0, 0), (1, 1)]
    # Swapped order: each prediction still pairs with its own gold claim.
    assert pairs_of(list(gold), [ready, troops]) == [(0, 1), (1, 0)]


def test_same_sentence_statements_swapped_for_ryder_claims() -> None:
    gold = gold_claims()[4:6]
    monitor = as_claim(gold[1], statement="The U.S. would continue to monitor the situation.")
    confirm = as_claim(
        gold[0], statement="Pat Ryder could not confirm North Korean forces went to Russia."
    )
    assert pairs_of(list(gold), [monitor, confirm]) == [(0, 1), (1, 0)]


def test_same_sentence_statement_about_something_else_does_not_match() -> None:
    gold = gold_claims()[:1]
    unrelated = as_claim(
        gold[0], statement="Kyrylo Budanov's comments were published by The War Zone on October 17."
    )
    matching = match_article(TEXT, gold, grounded(TEXT, [unrelated]))
    assert matching.pairs == ()
    (candidate,) = matching.candidates
    assert candidate.span_overlap == 1.0
    assert candidate.similarity < MIN_SIMILARITY


def test_same_statement_on_a_different_sentence_does_not_match() -> None:
    gold = gold_claims()[:1]
    moved = as_claim(gold[0], evidence=S_RYDER)
    assert pairs_of(list(gold), [moved]) == []


def test_ungrounded_prediction_cannot_match() -> None:
    gold = gold_claims()[:1]
    invented = as_claim(
        gold[0], evidence="Budanov told reporters that 11,000 troops arrived in Kursk."
    )
    matching = match_article(TEXT, gold, grounded(TEXT, [invented]))
    assert matching.pred_spans == (None,)
    assert matching.pairs == ()


def test_one_prediction_pairs_with_at_most_one_gold_claim() -> None:
    gold = gold_claims()[:2]
    pred = as_claim(gold[0])
    assert pairs_of(list(gold), [pred]) == [(0, 0)]
    # Duplicated predictions: only one is paired per gold claim.
    assert len(pairs_of(list(gold[:1]), [pred, pred])) == 1


def test_identical_statements_by_two_claimants_pair_by_claimant() -> None:
    base = gold_claims()[4]
    gold = [
        base.model_copy(
            update={"claimant": "Pentagon", "statement": "North Korean forces may be in Russia."}
        ),
        base.model_copy(
            update={"claimant": "Pat Ryder", "statement": "North Korean forces may be in Russia."}
        ),
    ]
    preds = [as_claim(gold[1], claimant="Ryder"), as_claim(gold[0])]
    assert pairs_of(list(gold), preds) == [(0, 1), (1, 0)]


def test_span_overlap_uses_the_shorter_span() -> None:
    assert span_overlap(Span(0, 100), Span(10, 20)) == 1.0
    assert span_overlap(Span(0, 10), Span(5, 25)) == 0.5
    assert span_overlap(Span(0, 10), Span(10, 20)) == 0.0


def test_statement_similarity_ignores_case_punctuation_and_thousands_separators() -> None:
    assert statement_similarity("About 11,000 troops.", "about 11000 TROOPS") == 1.0
    assert statement_similarity("", "anything") == 0.0


def _brute_force(weights: list[list[float]]) -> float:
    rows, cols = len(weights), len(weights[0])
    best = 0.0
    if rows <= cols:
        for perm in itertools.permutations(range(cols), rows):
            best = max(best, sum(weights[r][perm[r]] for r in range(rows)))
    else:
        for perm in itertools.permutations(range(rows), cols):
            best = max(best, sum(weights[perm[c]][c] for c in range(cols)))
    return best


def test_hungarian_is_optimal_on_random_matrices() -> None:
    rng = random.Random(7)
    for _ in range(60):
        rows, cols = rng.randint(1, 5), rng.randint(1, 5)
        weights = [[rng.choice([0.0, rng.random()]) for _ in range(cols)] for _ in range(rows)]
        assignment = hungarian_max(weights)
        assert len({r for r, _ in assignment}) == len(assignment)
        assert len({c for _, c in assignment}) == len(assignment)
        total = sum(weights[r][c] for r, c in assignment)
        assert abs(total - _brute_force(weights)) < 1e-9


def test_assignment_is_optimal_where_greedy_would_pair_only_one() -> None:
    # p0 is closest to gold 0 but also eligible for gold 1; p1 is eligible for gold 0 only.
    # Greedy by similarity takes (0, p0) and leaves p1 and gold 1 unpaired; the optimal
    # assignment pairs (0, p1) and (1, p0).
    gold = gold_claims()[:2]
    p0 = as_claim(gold[0])
    p1 = as_claim(
        gold[0], statement="About 11,000 soldiers from Pyongyang are stationed in Russia."
    )
    matching = match_article(TEXT, gold, grounded(TEXT, [p0, p1]))
    eligible = {(c.gold_index, c.pred_index) for c in matching.candidates if c.eligible}
    assert eligible == {(0, 0), (0, 1), (1, 0)}
    assert [(p.gold_index, p.pred_index) for p in matching.pairs] == [(0, 1), (1, 0)]
