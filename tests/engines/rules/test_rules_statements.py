"""Statements from content clauses (extraction/engines/rules/statements.py)."""

from __future__ import annotations

import pytest

from extraction.engines.rules.engine import load_model
from extraction.engines.rules.statements import (
    build_statement,
    clean_statement,
    own_voice_checkworthy,
    split_conjuncts,
    substitute_claimant,
)


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
