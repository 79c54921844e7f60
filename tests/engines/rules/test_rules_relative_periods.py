"""Relative years and months named in statements (extraction/engines/rules/relative_periods.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from extraction.engines.rules.engine import RulesEngine
from extraction.engines.rules.relative_periods import resolve_relative_periods
from extraction.schema import Article

SAID = dt.date(2019, 7, 24)


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("Sales rose 4% last year.", "Sales rose 4% in 2018."),
        ("The index has fallen since last year.", "The index has fallen since 2018."),
        ("This year, the firm hired 40 people.", "In 2019, the firm hired 40 people."),
        (
            "Cases were counted from January to July 20 this year.",
            "Cases were counted from January to July 20, 2019.",
        ),
        ("The plant opens in March next year.", "The plant opens in March 2020."),
        ("Exports fell 3% last month.", "Exports fell 3% in June 2019."),
        ("The report will come out next month.", "The report will come out in August 2019."),
        ("Output fell earlier this month.", "Output fell earlier in July 2019."),
        (
            "The deficit will reach 4% by the end of next year.",
            "The deficit will reach 4% by the end of 2020.",
        ),
        # a possessive and a span back from now are left as they are
        ("Last year's election was close.", "Last year's election was close."),
        (
            "The firm faced several lawsuits in the last year.",
            "The firm faced several lawsuits in the last year.",
        ),
        ("Prices rose over the past month.", "Prices rose over the past month."),
    ],
)
def test_relative_periods_are_named(statement: str, expected: str) -> None:
    assert resolve_relative_periods(statement, SAID) == expected


def test_january_counts_back_into_the_previous_year() -> None:
    assert resolve_relative_periods("Exports fell last month.", dt.date(2020, 1, 9)) == (
        "Exports fell in December 2019."
    )


def test_no_anchor_leaves_the_statement() -> None:
    assert resolve_relative_periods("Sales rose 4% last year.", None) == "Sales rose 4% last year."


def test_the_rules_engine_counts_from_the_publication_date() -> None:
    text = (
        "Harbour Freight Ltd said its revenue rose 12 percent last year. "
        "The firm opened 3 new depots in May. "
        "The firm did not respond to a request for comment."
    )
    article = Article(id=Article.id_for_text(text), text=text, published=dt.date(2021, 3, 2))
    statements = [claim.statement for claim in RulesEngine().extract(article).claims]
    assert "Harbour Freight Ltd's revenue rose 12 percent in 2020." in statements
    # the outlet's own sentences are claims, but not its request for comment
    assert "The firm opened 3 new depots in May." in statements
    assert not any("request for comment" in statement for statement in statements)
