"""Resolve the day a statement was made from date expressions near a reporting cue.

Rules (applied in this order by the engine; this module resolves single expressions):

* An explicit day in the attribution's own words ("said on Oct. 17", "told X on Friday",
  "Speaking in Brussels on Oct. 17, ... said") gives the claim date. A month-day without a
  year takes the publication year, or the previous year when that would put the day more
  than a week after publication. A weekday is the latest such day on or before
  publication ("said Monday" in a Wednesday article is two days earlier); "today"/"tonight"
  is the publication day, "yesterday"/"last night" the day before.
* Expressions that do not name a day ("last week", "earlier this month", "in October")
  resolve to nothing, and so does a weekday or a year-less day when the publication date is
  unknown.
* With no explicit day, the engine reuses the date of the same claimant's last dated
  statement earlier in the article (the same interview or press conference, in news
  style), else leaves the claim date null; CLAIMS.md asks for null unless the article
  gives or implies the day.
* A claim the article makes in its own voice (claimant null) is dated with the
  publication date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from spacy.tokens import Token

from extraction.engines.rules import lexicon
from extraction.engines.rules.statements import span_text

_MONTHS: dict[str, int] = lexicon.MONTHS
_WEEKDAYS: dict[str, int] = lexicon.WEEKDAYS
#: A month name or abbreviation (with its full stop), as the group "month".
MONTH_PATTERN = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>\d{4}))?"
_MONTH_DAY = re.compile(r"\b" + MONTH_PATTERN + r"\s+" + _DAY + r"\b" + _YEAR, re.IGNORECASE)
_DAY_MONTH = re.compile(
    r"\b" + _DAY + r"(?:\s+of)?\s+" + MONTH_PATTERN + r"(?![a-z])" + _YEAR, re.IGNORECASE
)
_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")
_WEEKDAY = re.compile(
    r"\b(?P<prefix>last\s+|next\s+|this\s+)?(?P<weekday>" + "|".join(_WEEKDAYS) + r")\b",
    re.IGNORECASE,
)
_RELATIVE: dict[str, int] = lexicon.RELATIVE_DAYS
_RELATIVE_RE = re.compile(r"\b(" + "|".join(_RELATIVE) + r")\b", re.IGNORECASE)
#: A year-less day this many days after publication is taken to be in the previous year.
FUTURE_TOLERANCE_DAYS = 7


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    """A date, or None for impossible combinations such as Feb. 30."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def with_year(month: int, day: int, year: int | None, published: dt.date | None) -> dt.date | None:
    """Complete a month-day with its explicit year or the one implied by publication (the
    previous year when the day would fall more than a week after publication)."""
    if year is not None:
        return _safe_date(year, month, day)
    if published is None:
        return None
    candidate = _safe_date(published.year, month, day)
    if candidate is None:
        return None
    if (candidate - published).days > FUTURE_TOLERANCE_DAYS:
        return _safe_date(published.year - 1, month, day)
    return candidate


def latest_weekday(name: str, published: dt.date, before: bool = False) -> dt.date:
    """The latest `name` weekday on or before `published` (strictly before with `before`:
    "last Friday" said on a Friday is a week back)."""
    back = (published.weekday() - _WEEKDAYS[name.lower()]) % 7
    if before and back == 0:
        back = 7
    return published - dt.timedelta(days=back)


def _weekday(name: str, prefix: str, published: dt.date | None) -> dt.date | None:
    """The latest `name` weekday on or before publication ("last Friday" too)."""
    if published is None or prefix.strip().lower() == "next":
        return None
    return latest_weekday(name, published, before=prefix.strip().lower() == "last")


def resolve_date(expression: str, published: dt.date | None) -> dt.date | None:
    """The calendar day an expression names, resolved against the publication date.

    >>> resolve_date("on Oct. 17", dt.date(2024, 10, 18))
    datetime.date(2024, 10, 17)
    """
    for pattern in (_ISO, _MONTH_DAY, _DAY_MONTH):
        match = pattern.search(expression)
        if match is None:
            continue
        month_text = match.group("month")
        month = int(month_text) if month_text.isdigit() else _MONTHS[month_text.lower()]
        year_text = match.group("year")
        return with_year(
            month, int(match.group("day")), int(year_text) if year_text else None, published
        )
    weekday = _WEEKDAY.search(expression)
    if weekday is not None:
        return _weekday(weekday.group("weekday"), weekday.group("prefix") or "", published)
    relative = _RELATIVE_RE.search(expression)
    if relative is not None and published is not None:
        return published + dt.timedelta(days=_RELATIVE[relative.group(1).lower()])
    return None


def _is_date_word(token: Token) -> bool:
    """True for tokens that can belong to a day expression even outside a DATE entity."""
    lowered = token.lower_.rstrip(".")
    capitalised = token.text[:1].isupper()
    return (
        token.ent_type_ in {"DATE", "TIME"}
        or (capitalised and lowered in _MONTHS)
        or (capitalised and lowered in _WEEKDAYS)
        or lowered in {"today", "yesterday", "tonight"}
    )


def date_runs(tokens: Iterable[Token]) -> list[list[Token]]:
    """Runs of adjacent date tokens ("Thursday , Oct. 24") among `tokens`, in order."""
    runs: list[list[Token]] = []
    for token in sorted(tokens, key=lambda item: item.i):
        if not _is_date_word(token) and not (
            token.like_num and token.i > 0 and _is_date_word(token.doc[token.i - 1])
        ):
            continue
        if runs and token.i - runs[-1][-1].i <= 2:
            runs[-1].append(token)
        else:
            runs.append([token])
    return runs


def date_in_tokens(tokens: Iterable[Token], published: dt.date | None) -> dt.date | None:
    """The first day named by a date expression among `tokens`, or None."""
    for run in date_runs(tokens):
        text = span_text(run)
        resolved = resolve_date(text, published)
        if resolved is not None:
            return resolved
    return None
