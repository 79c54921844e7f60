"""Micro-averaged P/R/F1, all-correct scores, field accuracy, grounding and explanations."""

from __future__ import annotations

import pytest

from extraction.evaluation.matching import MIN_SIMILARITY
from extraction.evaluation.scoring import prf, score, score_article
from extraction.schema import Certainty
from tests.evaluation.eval_samples import (
    TEXT,
    as_claim,
    gold_article,
    grounded,
    perfect,
)


def test_perfect_output_scores_one_everywhere() -> None:
    article = gold_article()
    result = score([article], {article.id: grounded(TEXT, perfect(article))})
    assert (result.n_gold, result.n_pred, result.n_matched) == (6, 6, 6)
    for figures in (result.claims, result.all_correct):
        assert (figures.precision, figures.recall, figures.f1) == (1.0, 1.0, 1.0)
    assert all(value == 1.0 for value in result.fields.values())
    assert result.grounding_rate == 1.0
    assert result.articles[0].missed == ()
    assert result.articles[0].false_positives == ()


def test_empty_output_scores_zero_without_division_errors() -> None:
    article = gold_article()
    result = score([article], {})
    assert (result.n_pred, result.n_matched) == (0, 0)
    for figures in (result.claims, result.all_correct):
        assert (figures.precision, figures.recall, figures.f1) == (0.0, 0.0, 0.0)
    assert all(value == 0.0 for value in result.fields.values())
    assert result.grounding_rate == 0.0
    assert len(result.articles[0].missed) == 6
    assert "no predicted claim" in result.articles[0].missed[0].explanation


def test_empty_gold_and_empty_output() -> None:
    article = gold_article(claims=[])
    result = score([article], {article.id: []})
    assert result.claims.f1 == 0.0
    assert result.n_articles == 1


def test_counts_are_micro_averaged_over_articles() -> None:
    first = gold_article("a1")
    second = gold_article("a2")
    # a1: all six right; a2: two predictions, one correct, one ungrounded.
    second_preds = [
        as_claim(second.claims[3]),
        as_claim(second.claims[0], evidence="This sentence is not in the article at all."),
    ]
    result = score(
        [first, second],
        {"a1": grounded(TEXT, perfect(first)), "a2": grounded(TEXT, second_preds)},
    )
    assert (result.n_gold, result.n_pred, result.n_matched, result.n_grounded) == (12, 8, 7, 7)
    assert result.claims.precision == pytest.approx(7 / 8)
    assert result.claims.recall == pytest.approx(7 / 12)
    assert result.claims.f1 == pytest.approx(2 * (7 / 8) * (7 / 12) / (7 / 8 + 7 / 12))
    assert result.grounding_rate == pytest.approx(7 / 8)


def test_all_correct_needs_claimant_certainty_and_quantity() -> None:
    article = gold_article()
    gold = article.claims
    preds = [
        as_claim(gold[0], claimant="Budanov"),  # surname: still all-correct
        as_claim(gold[1], certainty=Certainty.hedged),  # wrong stance
        as_claim(gold[2], quantity=None),  # lost figure
        as_claim(gold[3], claimant="NIS", claim_date=None),  # date is not part of all-correct
        as_claim(gold[4], claimant="Pentagon"),  # another claimant
        as_claim(gold[5]),
    ]
    result = score_article(article, grounded(TEXT, preds))
    assert result.n_matched == 6
    assert [item.all_correct for item in result.matched] == [True, False, False, True, False, True]
    assert result.all_correct.precision == pytest.approx(0.5)
    wrong = result.matched[1]
    assert "certainty (different stance)" in wrong.explanation
    assert "all fields correct" in result.matched[0].explanation


def test_field_accuracy_is_over_matched_pairs() -> None:
    article = gold_article()
    gold = article.claims
    preds = [as_claim(gold[0], claim_date=None), as_claim(gold[1])]
    scored = score([article], {article.id: grounded(TEXT, preds)})
    assert scored.fields["claim_date"] == pytest.approx(0.5)
    assert scored.fields["claimant"] == 1.0


def test_ungrounded_evidence_is_a_false_positive_with_a_reason() -> None:
    article = gold_article()
    invented = as_claim(article.claims[0], evidence="Budanov said 11,000 troops reached Kursk.")
    result = score_article(article, grounded(TEXT, [invented]))
    assert result.n_matched == 0
    (fp,) = result.false_positives
    assert not fp.grounded
    assert fp.explanation.startswith("ungrounded")
    assert result.n_grounded == 0


def test_explanations_name_the_better_fitting_claim() -> None:
    article = gold_article(claims=gold_article().claims[:1])
    gold = article.claims[0]
    preds = [
        as_claim(gold),
        as_claim(gold, statement="About 11,000 North Korean troops are in Russia now."),
    ]
    result = score_article(article, grounded(TEXT, preds))
    (fp,) = result.false_positives
    assert fp.pred_index == 1
    assert "was paired with prediction #0" in fp.explanation


def test_unrelated_statement_explains_the_similarity_bar() -> None:
    article = gold_article(claims=gold_article().claims[:1])
    off = as_claim(article.claims[0], statement="The War Zone is an American defence outlet.")
    result = score_article(article, grounded(TEXT, [off]))
    assert f"< {MIN_SIMILARITY:.2f}" in result.false_positives[0].explanation
    assert f"< {MIN_SIMILARITY:.2f}" in result.missed[0].explanation


def test_predictions_for_unknown_articles_are_rejected() -> None:
    with pytest.raises(ValueError, match="not in the gold set"):
        score([gold_article()], {"nope": []})


def test_prf_zero_denominators() -> None:
    assert prf(0, 0, 0).f1 == 0.0
    assert prf(0, 5, 0).precision == 0.0
    assert prf(3, 3, 6).f1 == pytest.approx(2 / 3)
