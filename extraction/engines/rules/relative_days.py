"""Name the calendar day a statement's weekday, "yesterday" or year-less date stands for
(CLAIMS.md: "resolve relative dates" in the statement; the statement must stand without
the article).

Counted from the publication date, like a claim's date (`dates.py`):

- a weekday is the latest such day on or before publication ("The storm destroyed 400
  homes on Monday", published Wednesday 12 June 2024 -> "... on June 10, 2024"), or the
  first on or after it in a statement about the future ("will vote on Thursday", "next
  Thursday"); "early" / "late" and a part of the day stay ("early Wednesday" -> "early on
  June 12, 2024", "Tuesday night" -> "on the night of June 11, 2024");
- "yesterday", "last night" (`RELATIVE_DAYS` in data/dates.toml with a negative offset)
  -> "on June 11, 2024" ("yesterday morning" -> "on the morning of June 11, 2024");
- a month and day without a year take the year `dates.with_year` gives them ("on March 4"
  -> "on March 4, 2024").

A weekday already followed by its date ("Monday, June 10"), a possessive ("Monday's
vote") and a statement with no publication date are left as written. "Today" and
"tonight" stay too: "today" is as often "nowadays" as a day.
"""

from __future__ import annotations

import datetime as dt
import re

from extraction.engines.rules import lexicon
from extraction.engines.rules.dates import MONTH_PATTERN, latest_weekday, with_year
from extraction.engines.rules.relative_periods import MONTH_NAMES

_WEEKDAY_NAMES = "|".join(lexicon.WEEKDAYS)
_PAST_DAYS = {phrase: offset for phrase, offset in lexicon.RELATIVE_DAYS.items() if offset < 0}
_DAY_PARTS = "|".join(sorted(lexicon.DAY_PARTS, key=len, reverse=True))
_WEEKDAY = re.compile(
    r"(?P<before>\b[\w’']+\s+)?(?P<edge>\b(?:early|late)\s+(?:on\s+)?)?"
    r"(?P<prefix>\b(?:last|next|this)\s+)?"
    r"\b(?P<weekday>" + _WEEKDAY_NAMES + r")\b(?![’']s)"
    r"(?P<part>\s+(?:" + _DAY_PARTS + r")\b)?"
    r"(?!,?\s+(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?)?(?:" + "|".join(lexicon.MONTHS) + r")\b)",
    re.IGNORECASE,
)
_PAST_DAY = re.compile(
    r"(?P<before>\b[\w’']+\s+)?\b(?P<phrase>"
    + "|".join(re.escape(phrase) for phrase in sorted(_PAST_DAYS, key=len, reverse=True))
    + r")\b(?![’']s)(?P<part>\s+(?:"
    + _DAY_PARTS
    + r")\b)?",
    re.IGNORECASE,
)
#: A month and day with no year after it (and not a range or a figure: "March 4-5", "4.5").
_MONTH_DAY = re.compile(
    r"\b" + MONTH_PATTERN + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?![-–/.:]\d|,?\s+\d{4}|\s+\d)",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(?:" + "|".join(re.escape(word) for word in lexicon.FUTURE_MARKERS) + r")\b",
    re.IGNORECASE,
)


def _day_name(day: dt.date) -> str:
    return f"{MONTH_NAMES[day.month - 1]} {day.day}, {day.year}"


def _next_weekday(name: str, published: dt.date, strictly_after: bool) -> dt.date:
    ahead = (lexicon.WEEKDAYS[name.lower()] - published.weekday()) % 7
    if strictly_after and ahead == 0:
        ahead = 7
    return published + dt.timedelta(days=ahead)


def _weekday_date(match: re.Match[str], published: dt.date, future: bool) -> dt.date:
    prefix = (match.group("prefix") or "").strip().lower()
    name = match.group("weekday")
    if prefix == "next" or (future and prefix != "last"):
        return _next_weekday(name, published, strictly_after=prefix == "next")
    return latest_weekday(name, published, before=prefix == "last")


def _phrase(before: str, edge: str, part: str, day: dt.date) -> str:
    """The day named, with the word before it: "on" after a preposition of its own ("as
    of", "since", "by") is left out, "on" already there is kept once."""
    edge = edge.strip().lower().removesuffix(" on").strip()
    part = part.strip().lower()
    named = f"the {part} of {_day_name(day)}" if part else _day_name(day)
    previous = before.strip().lower()
    if edge:
        return f"{before}{edge} on {named}"
    if previous == "on" or previous in lexicon.PERIOD_PREPOSITIONS:
        return f"{before}{named}"
    return f"{before}on {named}"


def _capitalised(start: int, replacement: str) -> str:
    return replacement[:1].upper() + replacement[1:] if start == 0 else replacement


def _month_day_year(month: int, day: int, published: dt.date, future: bool) -> int | None:
    """The year of a year-less day: `with_year`'s, or in a statement about the future the
    first on or after publication ("will meet on Nov. 4" said in March)."""
    found = with_year(month, day, None, published)
    if found is None or not future or found >= published:
        return None if found is None else found.year
    return found.year + 1


def resolve_relative_days(statement: str, published: dt.date | None) -> str:
    """The statement with its weekdays, "yesterday" / "last night" and year-less dates
    named as calendar days counted from `published`; unchanged without it."""
    if published is None:
        return statement
    future = _FUTURE.search(statement) is not None

    def weekday(match: re.Match[str]) -> str:
        day = _weekday_date(match, published, future)
        text = _phrase(
            match.group("before") or "", match.group("edge") or "", match.group("part") or "", day
        )
        return _capitalised(match.start(), text)

    def past_day(match: re.Match[str]) -> str:
        day = published + dt.timedelta(days=_PAST_DAYS[match.group("phrase").lower()])
        text = _phrase(match.group("before") or "", "", match.group("part") or "", day)
        return _capitalised(match.start(), text)

    def month_day(match: re.Match[str]) -> str:
        month = lexicon.MONTHS[match.group("month").lower()]
        year = _month_day_year(month, int(match.group("day")), published, future)
        return match.group(0) if year is None else f"{match.group(0)}, {year}"

    resolved = _WEEKDAY.sub(weekday, statement)
    resolved = _PAST_DAY.sub(past_day, resolved)
    return _MONTH_DAY.sub(month_day, resolved)
