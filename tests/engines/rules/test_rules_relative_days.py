"""Weekdays, "yesterday" and year-less dates named in statements
(extraction/engines/rules/relative_days.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from extraction.engines.rules.engine import RulesEngine
from extraction.engines.rules.relative_days import resolve_relative_days
from extraction.schema import Article

#: A Wednesday.
PUBLISHED = dt.date(2024, 6, 12)


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        (
            "The storm destroyed 400 homes on Monday.",
            "The storm destroyed 400 homes on June 10, 2024.",
        ),
        ("Police arrested 14 people Monday.", "Police arrested 14 people on June 10, 2024."),
        ("Police on Tuesday arrested 14 people.", "Police on June 11, 2024 arrested 14 people."),
        # the publication's own weekday is that day
        ("The plant closed Wednesday.", "The plant closed on June 12, 2024."),
        ("The plant closed last Wednesday.", "The plant closed on June 5, 2024."),
        ("Gunmen killed 8 people early Sunday.", "Gunmen killed 8 people early on June 9, 2024."),
        (
            "Tuesday night, the river burst its banks.",
            "On the night of June 11, 2024, the river burst its banks.",
        ),
        ("Monday, rescuers found 3 survivors.", "On June 10, 2024, rescuers found 3 survivors."),
        # a preposition of its own takes no "on"
        (
            "About 2,000 people had left as of Tuesday.",
            "About 2,000 people had left as of June 11, 2024.",
        ),
        ("Since Monday, 12 people were rescued.", "Since June 10, 2024, 12 people were rescued."),
        ("Rain will last until at least Friday.", "Rain will last until at least June 14, 2024."),
        # the future looks ahead
        ("The council will vote on Thursday.", "The council will vote on June 13, 2024."),
        ("The council will vote on Wednesday.", "The council will vote on June 12, 2024."),
        ("The talks resume next Monday.", "The talks resume on June 17, 2024."),
        ("The mill shut yesterday.", "The mill shut on June 11, 2024."),
        ("Two men were hurt last night.", "Two men were hurt on June 11, 2024."),
        (
            "A bomb exploded yesterday morning.",
            "A bomb exploded on the morning of June 11, 2024.",
        ),
        # a month and day take their year
        ("Shares fell 8 percent on March 4.", "Shares fell 8 percent on March 4, 2024."),
        ("The vote is set for Nov. 4.", "The vote is set for Nov. 4, 2024."),
        ("The runoff will be held on May 27.", "The runoff will be held on May 27, 2025."),
        ("The fair ran on June 20.", "The fair ran on June 20, 2023."),
        # a weekday with its date keeps it, and the date takes its year
        ("The board met on Monday, June 10.", "The board met on Monday, June 10, 2024."),
        ("The hearing is scheduled for Aug. 2.", "The hearing is scheduled for Aug. 2, 2024."),
    ],
)
def test_relative_days_are_named(statement: str, expected: str) -> None:
    assert resolve_relative_days(statement, PUBLISHED) == expected


@pytest.mark.parametrize(
    "statement",
    [
        "Monday's vote was close.",  # a possessive
        "The board met on Monday 10 June.",
        "The board met on March 4, 2021.",  # a year already there
        "Rain is forecast for March 4-5.",  # a range
        "Today, 40 percent of homes have solar panels.",  # "today" is as often "nowadays"
    ],
)
def test_dated_or_ambiguous_days_stay(statement: str) -> None:
    assert resolve_relative_days(statement, PUBLISHED) == statement


def test_no_publication_date_leaves_the_statement() -> None:
    assert resolve_relative_days("The plant closed on Monday.", None) == (
        "The plant closed on Monday."
    )


def test_the_rules_engine_names_the_day() -> None:
    text = "The storm destroyed 400 homes in Port Elm on Monday, the county said."
    article = Article(id=Article.id_for_text(text), text=text, published=PUBLISHED)
    statements = [claim.statement for claim in RulesEngine().extract(article).claims]
    assert statements == ["The storm destroyed 400 homes in Port Elm on June 10, 2024."]
