"""Statement dates resolved against the publication date (extraction/engines/rules/dates.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from extraction.engines.rules.dates import date_in_tokens, resolve_date
from extraction.engines.rules.engine import load_model

PUBLISHED = dt.date(2024, 10, 18)  # a Friday


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("on Oct. 17", dt.date(2024, 10, 17)),
        ("on October 17, 2023", dt.date(2023, 10, 17)),
        ("Sept. 9th", dt.date(2024, 9, 9)),
        ("17 October", dt.date(2024, 10, 17)),
        ("on 1 November 2022", dt.date(2022, 11, 1)),
        ("2024-10-03", dt.date(2024, 10, 3)),
        ("Thursday, Oct. 24", dt.date(2024, 10, 24)),
    ],
)
def test_absolute_days(expression: str, expected: dt.date) -> None:
    assert resolve_date(expression, PUBLISHED) == expected


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("on Monday", dt.date(2024, 10, 14)),
        ("said Wednesday", dt.date(2024, 10, 16)),
        ("on Friday", PUBLISHED),
        ("last Friday", dt.date(2024, 10, 11)),
        ("yesterday", dt.date(2024, 10, 17)),
        ("today", PUBLISHED),
    ],
)
def test_relative_days(expression: str, expected: dt.date) -> None:
    assert resolve_date(expression, PUBLISHED) == expected


def test_day_after_publication_by_more_than_a_week_is_last_year() -> None:
    assert resolve_date("Dec. 28", dt.date(2025, 1, 3)) == dt.date(2024, 12, 28)


@pytest.mark.parametrize(
    "expression", ["last week", "earlier this month", "in October", "next Monday", "soon"]
)
def test_expressions_without_a_day_resolve_to_none(expression: str) -> None:
    assert resolve_date(expression, PUBLISHED) is None


def test_without_publication_date_only_explicit_years_resolve() -> None:
    assert resolve_date("on Monday", None) is None
    assert resolve_date("on Oct. 17", None) is None
    assert resolve_date("on Oct. 17, 2024", None) == dt.date(2024, 10, 17)


def test_date_in_tokens_reads_the_date_words_of_a_parse() -> None:
    doc = load_model()("The minister said on Oct. 15 that 30 people had died.")
    assert date_in_tokens(list(doc), PUBLISHED) == dt.date(2024, 10, 15)


def test_modal_may_is_not_a_month() -> None:
    doc = load_model()("Prices may rise 5 percent, the bank said.")
    assert date_in_tokens(list(doc), PUBLISHED) is None
