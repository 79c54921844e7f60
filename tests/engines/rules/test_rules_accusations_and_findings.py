"""Accusations as their subject's claims (extraction/engines/rules/accusations.py), and a
reported finding read as the claim it found (claims.unwrap_finding)."""

from __future__ import annotations

import datetime as dt

import pytest

from extraction.engines.rules.accusations import find_accusations, past_tense
from extraction.engines.rules.engine import RulesEngine, load_model
from extraction.schema import Article, Claim


def _rules_claims(text: str) -> list[Claim]:
    """The rules engine's claims of a text published on 2022-05-04."""
    article = Article(id=Article.id_for_text(text), text=text, published=dt.date(2022, 5, 4))
    return RulesEngine().extract(article).claims


def _accusations(text: str) -> list[tuple[str, str]]:
    doc = load_model()(text)
    doc.user_data["offset"] = 0
    return [
        (found.statement or "", found.source.text if found.source is not None else "")
        for sentence in doc.sents
        for found in find_accusations(sentence)
    ]


@pytest.mark.parametrize(
    ("text", "statement", "accuser"),
    [
        (
            "The ministry accused Norland of providing misleading figures to the inspectors.",
            "Norland provided misleading figures to the inspectors.",
            "ministry",
        ),
        (
            "The opposition blamed the government for the killings.",
            "The government was responsible for the killings.",
            "opposition",
        ),
        (
            "Officials blamed the fire on faulty wiring.",
            "Faulty wiring was responsible for the fire.",
            "Officials",
        ),
        (
            "The party accused the mayor of corruption.",
            "The mayor was guilty of corruption.",
            "party",
        ),
        (
            "Rivals accused the two firms of fixing prices for 12 years.",
            "The two firms fixed prices for 12 years.",
            "Rivals",
        ),
        ("Critics accused him of lying about the loan.", "He lied about the loan.", "Critics"),
        (
            "The commission attributed the delay to a shortage of staff.",
            "The delay was due to a shortage of staff.",
            "commission",
        ),
        (
            "Residents blamed the floods on the new dam, which opened in May.",
            "The new dam was responsible for the floods.",
            "Residents",
        ),
    ],
)
def test_an_accusation_is_the_accusers_claim(text: str, statement: str, accuser: str) -> None:
    assert _accusations(text) == [(statement, accuser)]


@pytest.mark.parametrize(
    "text",
    [
        "Police did not blame the driver for the crash.",
        "The senator was accused of fraud.",
        "The mayor blamed himself.",
    ],
)
def test_no_accusation_claim(text: str) -> None:
    assert _accusations(text) == []


@pytest.mark.parametrize(
    ("gerund", "past"),
    [
        ("providing", "provided"),
        ("planning", "planned"),
        ("copying", "copied"),
        ("killing", "killed"),
        ("stealing", "stole"),
        ("adding", "added"),
        ("passing", "passed"),
        ("delaying", "delayed"),
    ],
)
def test_past_tense(gerund: str, past: str) -> None:
    doc = load_model()(f"They were accused of {gerund} it.")
    token = next(token for token in doc if token.text == gerund)
    assert past_tense(token) == past


def test_the_rules_engine_gives_the_accusation_to_the_accuser() -> None:
    text = "The Harbour Workers Union accused Norland Shipping of hiding 40 safety incidents."
    claims = _rules_claims(text)
    accused = [claim for claim in claims if claim.claimant == "Harbour Workers Union"]
    assert [claim.statement for claim in accused] == ["Norland Shipping hid 40 safety incidents."]
    assert accused[0].quantity is not None and accused[0].quantity.value == 40
    assert accused[0].evidence == text


def test_a_definite_noun_with_its_own_figure_refers_to_no_earlier_claim() -> None:
    text = (
        "Norland Shipping rejected claims that it had hidden 40 safety incidents. "
        "The dockers' union disputed the figure of 300 job losses."
    )
    claims = _rules_claims(text)
    union = [claim for claim in claims if claim.claimant and "union" in claim.claimant]
    assert not any("safety incidents" in claim.statement for claim in union)


def test_a_reported_finding_is_the_claim_it_found() -> None:
    text = (
        "The agency said an initial survey showed the storm destroyed 4,100 homes and badly"
        " damaged 12,000 others. Officials said a study suggested that 40 percent of wells"
        " were dry."
    )
    by_claimant: dict[str, list[str]] = {}
    for claim in _rules_claims(text):
        by_claimant.setdefault(claim.claimant or "", []).append(claim.statement)
    # the survey only frames what the agency reports: its conjuncts are two claims
    assert by_claimant["the agency"] == [
        "The storm destroyed 4,100 homes.",
        "The storm badly damaged 12,000 others.",
    ]
    # "suggested" hedges: the frame stays
    assert by_claimant["Officials"] == ["A study suggested that 40 percent of wells were dry."]
