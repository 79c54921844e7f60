"""Statements from content clauses (extraction/engines/rules/statements.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from extraction.engines.rules.engine import RulesEngine, load_model
from extraction.engines.rules.statements import (
    build_statement,
    clean_statement,
    is_non_claim,
    own_voice_checkworthy,
    split_conjuncts,
    substitute_claimant,
)
from extraction.schema import Article, Certainty, Claim


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("that the bridge was closed", "The bridge was closed."),
        ('"the bridge was closed,"', "The bridge was closed."),
        ("whether the bridge was closed", "The bridge was closed."),
        ("It appears that the bridge was closed", "The bridge was closed."),
        ("and so the bridge was  closed .", "The bridge was closed."),
        (
            "the troops will be “ready to fight” by Nov. 1",
            "The troops will be ready to fight by Nov. 1.",
        ),
        ("Russia's army isn't ready", "Russia's army isn't ready."),
        ("is the bridge closed?", "Is the bridge closed?"),
        ("HARWICK - Dockers blocked 11 ferries", "Dockers blocked 11 ferries."),
        ("KESTON: Seventy people were evacuated", "Seventy people were evacuated."),
        ("PORT ELLIS, Maine (AP) — The ferry sank", "The ferry sank."),
        ("HARWICK, Sept 26 (Coast Wire) - Exports fell 3%", "Exports fell 3%."),
        ("OTTAWA -- Employers added 38,000 jobs", "Employers added 38,000 jobs."),
        # a dateline with its day, a second place, several words or a hyphen in the name
        ("HARWICK/KESTON, 20 March 2019 - Rain fell", "Rain fell."),
        ("PORT ELLIS, Norland, Oct 15 - A mine flooded", "A mine flooded."),
        ("KESTON, Dec. 5, 2017 — Prices rose 2%", "Prices rose 2%."),
        ("PORT-AU-ELLIS, April 16 (Bay Wire) — Two ferries sank", "Two ferries sank."),
        # a page's date stamp before it
        ("date 2021-09-14 KESTON -- A man was charged", "A man was charged."),
        ("HARWICK >> Grid operators asked plants to run", "Grid operators asked plants to run."),
        ("Published: 2024-05-07 09:30 Rain fell in the north", "Rain fell in the north."),
        # capitals that are not a dateline stay
        ("NATO said it was ready", "NATO said it was ready."),
        ("U.S. troops left the base", "U.S. troops left the base."),
        ("UK - EU talks resume on Monday", "UK - EU talks resume on Monday."),
    ],
)
def test_clean_statement(raw: str, expected: str) -> None:
    assert clean_statement(raw) == expected


def test_substitute_claimant_for_leading_pronoun() -> None:
    assert (
        substitute_claimant("He met the envoy.", "Ann Lee", plural=False)
        == "Ann Lee met the envoy."
    )
    assert (
        substitute_claimant("They met the envoy.", "Ann Lee", plural=False) == "They met the envoy."
    )
    assert (
        substitute_claimant("They met the envoy.", "Officials", plural=True)
        == "Officials met the envoy."
    )
    assert substitute_claimant("He met the envoy.", None, plural=False) == "He met the envoy."


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        (
            "It was the victim of a hacking attack.",
            "Norfield Bank was the victim of a hacking attack.",
        ),
        ("Its profit rose 5 percent.", "Norfield Bank's profit rose 5 percent."),
        # "it" holding the place of the clause that follows is nobody
        ("It is too early to say how many died.", "It is too early to say how many died."),
        (
            "It would not be correct to link the deaths to the flood.",
            "It would not be correct to link the deaths to the flood.",
        ),
        (
            "It remains unclear whether the vote counts.",
            "It remains unclear whether the vote counts.",
        ),
    ],
)
def test_substitute_claimant_names_a_body_for_it(statement: str, expected: str) -> None:
    assert (
        substitute_claimant(statement, "Norfield Bank", plural=False, is_person=False) == expected
    )


def test_it_stays_for_a_person_or_a_group() -> None:
    statement = "It was the victim of a hacking attack."
    assert substitute_claimant(statement, "Ann Lee", plural=False, is_person=True) == statement
    assert substitute_claimant(statement, "Officials", plural=True, is_person=False) == statement


def test_a_body_ending_in_s_takes_an_apostrophe() -> None:
    assert (
        substitute_claimant("Its shares fell.", "Harlow Holdings", plural=False, is_person=False)
        == "Harlow Holdings' shares fell."
    )


@pytest.mark.parametrize(
    "statement",
    [
        "It is unclear where the remaining troops will go.",
        "It's not clear how many were hurt.",
        "Their number is unknown.",
        "Their number is unknown, the minister added.",
        "The envoy told reporters that it's unclear what their roles were.",
        "The cause of the outage remains unclear.",
        "The ministry did not respond to a request for comment.",
        "Harbour Times could not independently verify the footage.",
        "The company declined to comment on the lawsuit.",
        "A spokesman could not be reached.",
        "There was no immediate comment from the army.",
        "It wasn't immediately clear why the ferry turned back.",
        # a mood, not a fact
        "Concerns about the two navies' drills have reached a fever pitch in recent days.",
        "Growing fears of a port strike are spreading among exporters.",
    ],
)
def test_statements_that_are_no_claim(statement: str) -> None:
    assert is_non_claim(statement)


@pytest.mark.parametrize(
    "statement",
    [
        "The cause of the fire is under investigation.",
        "Patients did not respond to the new drug.",
        "The figure is unclear to analysts.",
        "It was the victim of a hacking attack.",
        "The council asked residents for comments on the plan by Friday.",
        # a mood with a figure or an event to check, or a mood noun that is no subject
        "Tensions rose after 3 soldiers were killed.",
        "Concerns about electronic voting grew after a disputed 2006 race.",
        "Fuel prices rose sharply in March.",
    ],
)
def test_claims_that_only_look_like_non_claims(statement: str) -> None:
    assert not is_non_claim(statement)


def test_split_conjuncts_shares_the_subject() -> None:
    doc = load_model()("About 900 soldiers are in the city and will be ready to attack by May 1.")
    doc.user_data["offset"] = 0
    root = doc[0].sent.root
    parts = split_conjuncts(list(doc)[:-1], [root])
    statements = [build_statement(doc.text, tokens) for tokens, _ in parts]
    assert statements == [
        "About 900 soldiers are in the city.",
        "About 900 soldiers will be ready to attack by May 1.",
    ]


def test_split_conjuncts_keeps_short_conjuncts_together() -> None:
    doc = load_model()("Prices rose and fell.")
    doc.user_data["offset"] = 0
    parts = split_conjuncts(list(doc)[:-1], [doc[0].sent.root])
    assert len(parts) == 1


@pytest.mark.parametrize(
    ("sentence", "figure", "day", "expected"),
    [
        ("The council approved 300 new homes in the north of the city.", True, False, True),
        ("Mayor Anne Hidalgo signed the decree on Oct. 14 in the city hall.", False, True, True),
        ("The mayor signed the decree on Oct. 14 in the city hall.", False, True, False),
        ("The world must understand what is at stake here today.", False, False, False),
        ("We asked five soldiers about the front line this week.", True, False, False),
        ("Will the council approve 300 new homes in the city?", True, False, False),
        ("The council may approve 300 new homes in the north of the city.", True, False, False),
        (
            "Concerns about the floods have reached a fever pitch in recent days.",
            False,
            False,
            False,
        ),
    ],
)
def test_own_voice_checkworthy(sentence: str, figure: bool, day: bool, expected: bool) -> None:
    span = next(iter(load_model()(sentence).sents))
    assert own_voice_checkworthy(span, has_figure=figure, has_day=day) is expected


def _rules_claims(text: str) -> list[Claim]:
    article = Article(id=Article.id_for_text(text), text=text, published=dt.date(2024, 6, 12))
    return list(RulesEngine().extract(article).claims)


@pytest.mark.parametrize(
    ("text", "statement"),
    [
        ("Analysts expect the economy to grow 2% this year.", "The economy will grow 2% in 2024."),
        (
            "The firm said it expects sales to rise 5% next year.",
            "Sales will rise 5% in 2025.",
        ),
        ("The ministry expected 2,000 people to attend.", "2,000 people would attend."),
    ],
)
def test_a_forecast_infinitive_is_a_sentence(text: str, statement: str) -> None:
    """ "expect X to grow" is the forecast "X will grow" ("would" when made in the past)."""
    assert [claim.statement for claim in _rules_claims(text)] == [statement]


def test_an_infinitive_that_is_no_forecast_stays() -> None:
    claims = _rules_claims("The mayor urged the council to approve a budget of $40 million.")
    assert not any("will approve" in claim.statement for claim in claims)


def test_a_forecast_figure_is_hedged() -> None:
    """ "said it now expected growth of 1.9%": the speaker gives an estimate."""
    (claim,) = _rules_claims("The Norland central bank said it now expected growth of 1.9%.")
    assert claim.certainty is Certainty.hedged


@pytest.mark.parametrize(
    "text",
    [
        "Footage has circulated purporting to show 40 trucks at the border.",
        "The minister is reported to have offered 2 ministries to the opposition.",
    ],
)
def test_the_publications_unverified_report_is_unconfirmed(text: str) -> None:
    (claim,) = _rules_claims(text)
    assert claim.claimant is None
    assert claim.certainty is Certainty.unconfirmed
