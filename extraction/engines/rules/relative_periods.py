"""Name the year or month a statement's relative period stands for (CLAIMS.md: "resolve
relative dates" in the statement).

"Sales rose 4% last year", said in 2019, reads "Sales rose 4% in 2018."; "since last
year" -> "since 2018"; "in March this year" -> "in March 2019"; "on July 20 this year"
-> "on July 20, 2019"; "last month", said in July 2019, -> "in June 2019". The periods
and their offsets are `RELATIVE_YEARS` and `RELATIVE_MONTHS` in data/dates.toml; after a
word of `PERIOD_PREPOSITIONS` ("since", "by", "of" ...) the period stands alone, after a
month name or a day of the month it joins the date, elsewhere it takes "in". A
possessive ("last year's election"), a span back from now ("in the last year": words of
`PERIOD_SPAN_WORDS` before the period) and a
statement with no date to count from are left as they are.
"""

from __future__ import annotations

import datetime as dt
import re

from extraction.engines.rules import lexicon

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_PERIODS: dict[str, tuple[str, int]] = {
    **{phrase: ("year", offset) for phrase, offset in lexicon.RELATIVE_YEARS.items()},
    **{phrase: ("month", offset) for phrase, offset in lexicon.RELATIVE_MONTHS.items()},
}
_PERIOD = re.compile(
    r"(?P<before>\b[\w’']+\s+)?(?P<period>"
    + "|".join(re.escape(phrase) for phrase in sorted(_PERIODS, key=len, reverse=True))
    + r")\b(?![’']s)",
    re.IGNORECASE,
)
_MONTH_WORDS = frozenset(name.lower() for name in lexicon.MONTHS)


def _period_name(kind: str, offset: int, anchor: dt.date) -> str:
    if kind == "year":
        return str(anchor.year + offset)
    index = anchor.year * 12 + anchor.month - 1 + offset
    return f"{MONTH_NAMES[index % 12]} {index // 12}"


def _replacement(match: re.Match[str], anchor: dt.date) -> str:
    before = match.group("before") or ""
    kind, offset = _PERIODS[match.group("period").lower()]
    name = _period_name(kind, offset, anchor)
    previous = before.strip().lower().rstrip(".")
    if previous in lexicon.PERIOD_SPAN_WORDS:
        return match.group(0)
    if previous in lexicon.PERIOD_PREPOSITIONS:
        return f"{before}{name}"
    if kind == "year" and previous in _MONTH_WORDS:
        return f"{before}{name}"
    if kind == "year" and previous.isdigit() and len(previous) <= 2:
        return f"{before.rstrip()}, {name}"
    if not before:
        return f"In {name}" if match.start() == 0 else f"in {name}"
    return f"{before}in {name}"


def resolve_relative_periods(statement: str, anchor: dt.date | None) -> str:
    """The statement with "this year", "last year", "next month" ... replaced by the year
    or month they stand for, counted from `anchor` (the claim's date); unchanged without
    an anchor."""
    if anchor is None:
        return statement
    return _PERIOD.sub(lambda match: _replacement(match, anchor), statement)
