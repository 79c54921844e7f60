"""Field equality rules on matched pairs: claimant, quantity, date, certainty, type."""

from __future__ import annotations

import datetime as dt

import pytest

from extraction.evaluation.fields import (
    all_correct,
    check_claim_date,
    check_claimant,
    check_quantity,
    compare_fields,
    same_claimant_reason,
    values_within_tolerance,
)
from extraction.schema import Certainty, Claim, ClaimantType, Qualifier, Quantity


def claim(**fields: object) -> Claim:
    base: dict[str, object] = {"statement": "Troops are in Russia.", "evidence": "x"}
    base.update(fields)
    return Claim.model_validate(base)


@pytest.mark.parametrize(
    ("gold", "pred"),
    [
        ("Kyrylo Budanov", "Budanov"),
        ("Kyrylo Budanov", "military intelligence head Kyrylo Budanov"),
        ("Kyrylo Budanov", "Gen. Budanov"),
        ("President Volodymyr Zelensky", "Zelensky"),
        ("South Korea's National Intelligence Service", "National Intelligence Service"),
        ("South Korea's National Intelligence Service (NIS)", "NIS"),
        ("South Korea's National Intelligence Service", "the NIS"),
        ("The United Nations", "U.N."),
        ("Pat Ryder", "Pentagon spokesperson Pat Ryder"),
        ("U.S. officials", "US officials"),
        ("a Western diplomat", "Western diplomat"),
        ("Kyrylo Budanov, head of Ukraine's military intelligence", "Budanov"),
        ("the Kremlin", "Kremlin"),
        ("Yonhap", "South Korea's Yonhap agency"),
        ("Reuters", "Reuters news agency"),
    ],
)
def test_claimant_same_entity(gold: str, pred: str) -> None:
    assert same_claimant_reason(gold, pred) is not None
    assert same_claimant_reason(pred, gold) is not None
    assert check_claimant(claim(claimant=gold), claim(claimant=pred)).correct


@pytest.mark.parametrize(
    ("gold", "pred"),
    [
        ("Kyrylo Budanov", "Volodymyr Zelensky"),
        # CLAIMS.md: an institution and its spokesperson are two claimants.
        ("Pentagon", "Pentagon spokesperson Pat Ryder"),
        ("Kremlin", "Kremlin spokesman Dmitry Peskov"),
        ("Russian Foreign Ministry", "Ukrainian Foreign Ministry"),
        ("Ukraine's General Staff", "Russia's General Staff"),
        ("North Korea", "South Korea"),
        ("Ukraine", "Ukraine's military intelligence"),
    ],
)
def test_claimant_different_entities(gold: str, pred: str) -> None:
    assert same_claimant_reason(gold, pred) is None
    check = check_claimant(claim(claimant=gold), claim(claimant=pred))
    assert not check.correct
    assert check.reason == "different entities"


def test_claimant_nulls() -> None:
    assert check_claimant(claim(), claim()).correct
    one_null = check_claimant(claim(claimant="Budanov"), claim())
    assert not one_null.correct
    assert "null" in one_null.reason


def test_surname_match_names_the_reason() -> None:
    check = check_claimant(claim(claimant="Kyrylo Budanov"), claim(claimant="Budanov"))
    assert check.correct
    assert "surname" in check.reason


@pytest.mark.parametrize(
    ("pred_value", "correct"),
    [
        (11000, True),
        (11055, True),  # exactly +0.5 %
        (10945, True),  # exactly -0.5 %
        (11055.5, False),
        (10944, False),
        (11056, False),
    ],
)
def test_quantity_half_percent_tolerance(pred_value: float, correct: bool) -> None:
    gold = claim(quantity=Quantity(value=11000, unit="troops", qualifier=Qualifier.about))
    pred = claim(quantity=Quantity(value=pred_value, unit="soldiers", qualifier=Qualifier.about))
    assert check_quantity(gold, pred).correct is correct


def test_quantity_qualifier_must_match_and_unit_is_ignored() -> None:
    gold = claim(quantity=Quantity(value=11000, unit="troops", qualifier=Qualifier.about))
    same = claim(quantity=Quantity(value=11000, unit="people", qualifier=Qualifier.about))
    other = claim(quantity=Quantity(value=11000, unit="troops", qualifier=Qualifier.exact))
    assert check_quantity(gold, same).correct
    wrong = check_quantity(gold, other)
    assert not wrong.correct
    assert wrong.reason == "different qualifier"


def test_quantity_nulls_and_zero() -> None:
    assert check_quantity(claim(), claim()).correct
    assert not check_quantity(claim(quantity=Quantity(value=5, unit="x")), claim()).correct
    assert values_within_tolerance(0, 0)
    assert not values_within_tolerance(0, 0.001)


def test_claim_date() -> None:
    day = dt.date(2024, 10, 17)
    assert check_claim_date(claim(claim_date=day), claim(claim_date=day)).correct
    assert check_claim_date(claim(), claim()).correct
    assert not check_claim_date(claim(claim_date=day), claim()).correct
    assert not check_claim_date(
        claim(claim_date=day), claim(claim_date=dt.date(2024, 10, 18))
    ).correct


def test_compare_fields_and_all_correct() -> None:
    gold = claim(
        claimant="Kyrylo Budanov",
        claimant_type=ClaimantType.intelligence,
        certainty=Certainty.asserted,
        claim_date=dt.date(2024, 10, 17),
    )
    # Wrong type and date do not spoil all-correct (claimant, certainty, quantity only).
    pred = claim(claimant="Budanov", claimant_type=ClaimantType.military)
    checks = compare_fields(gold, pred)
    assert list(checks) == ["claimant", "claimant_type", "quantity", "claim_date", "certainty"]
    assert [name for name, check in checks.items() if not check.correct] == [
        "claimant_type",
        "claim_date",
    ]
    assert all_correct(checks)
    hedged = compare_fields(gold, claim(claimant="Budanov", certainty=Certainty.hedged))
    assert not all_correct(hedged)
    assert hedged["certainty"].gold == "asserted"
    assert hedged["certainty"].pred == "hedged"
