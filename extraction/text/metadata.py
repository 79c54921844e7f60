"""Recover an article's title, publication, author and publication date from its text.

Heuristics, each documented where it lives:

* title: the headline line before a byline, or a first line that stands alone and looks
  like a headline (see `clean.analyse`);
* author and date: a byline ("by Nate Ostiller and The Kyiv Independent news desk
  October 18, 2024 2:05 PM 2 min read"), else a date-only line near the top
  ("Published: 18 October 2024"). Dates inside body sentences are never used: they are the
  dates of events, not of publication, so an article without a byline or dateline has no
  recovered date (seed 003);
* publication: a copyright line ("Copyright © 2024 Euromaidanpress.com", a domain resolved
  to the spaced name the text uses, "Euromaidan Press"), else the outlet's references to
  itself ("As Kyiv Post previously reported", "The Kyiv Independent contacted",
  "told the Kyiv Independent"), scored and resolved to the most likely name.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from dateutil import parser as date_parser

from extraction.text.clean import DATE_RE, HEADER_WINDOW, Analysis, Kind, analyse, byline_parts

_WORD = r"[A-Z][\w\u2019'&-]*"
_NAME = rf"(?P<the>\b[Tt]he[ \t]+)?(?P<name>{_WORD}(?:[ \t]+{_WORD}){{0,3}})"

#: Self-references of a publication: pattern, weight, and a literal its line must hold.
#: A name found only by weak (weight 1) patterns must look like a media name (MEDIA_WORDS).
_SELF_REFERENCES: tuple[tuple[re.Pattern[str], int, str], ...] = (
    (
        re.compile(
            rf"\b[Aa]s[ \t]+{_NAME}[ \t]+(?:has[ \t]+|had[ \t]+)?"
            r"(?:previously|earlier|first|exclusively)[ \t]+reported"
        ),
        3,
        "reported",
    ),
    (re.compile(rf"\b[Aa]s[ \t]+{_NAME}[ \t]+(?:has[ \t]+|had[ \t]+)?reported"), 1, "reported"),
    (re.compile(rf"{_NAME}[ \t]+(?:has[ \t]+|had[ \t]+)?contacted\b"), 2, "contacted"),
    (re.compile(rf"{_NAME}[ \t]+(?:has[ \t]+|had[ \t]+)?reached out to\b"), 2, "reached out"),
    (re.compile(rf"{_NAME}[ \t]+(?:has[ \t]+|had[ \t]+)learned\b"), 2, "learned"),
    (
        re.compile(
            rf"{_NAME}[ \t]+(?:has|had|was|is|could)[ \t]+not[ \t]+(?:been[ \t]+)?"
            r"(?:able[ \t]+to[ \t]+)?(?:independently[ \t]+)?verif"
        ),
        2,
        "verif",
    ),
    (re.compile(rf"\btold[ \t]+{_NAME}"), 1, "told"),
    (re.compile(rf"{_NAME}[ \t]+sources\b"), 1, "sources"),
)
#: Words that make a capitalised name look like a media outlet.
MEDIA_WORDS = frozenset(
    {
        "Independent", "Post", "Times", "News", "Press", "Journal", "Herald", "Tribune",
        "Guardian", "Telegraph", "Gazette", "Daily", "Review", "Today", "Monitor", "Observer",
        "Express", "Mail", "Chronicle", "Standard", "Insider", "Wire", "Radio", "TV",
        "Television", "Broadcasting", "Agency", "Media", "Magazine", "Weekly", "Pravda",
        "Zone", "Reporter", "Voice", "Bulletin", "Courier", "Dispatch", "Globe", "Sun",
        "Star", "Record", "Register", "Times-Picayune", "Network", "Channel", "Digest",
    }
)  # fmt: skip
_COPYRIGHT = re.compile(
    r"(?:copyright|\u00a9|\(c\))\s*(?:\u00a9\s*)?(?:\d{4}(?:\s*[-\u2013]\s*\d{4})?\s*,?\s*)?"
    r"(?P<name>[^|;\n]{2,80}?)\s*(?:[.,]?\s*all rights reserved.*|[|;].*)?\.?",
    re.IGNORECASE,
)
_DOMAIN = re.compile(r"(?:www\.)?(?P<stem>[\w-]+)(?:\.[a-z]{2,})+", re.IGNORECASE)
_CAPITALISED_RUN = re.compile(rf"{_WORD}(?:[ \t]+{_WORD})+")
_NUMERIC_DAY_FIRST = re.compile(r"\d{1,2}\.\d{1,2}\.\d{4}")
_DEFAULT_DAY = dt.datetime(2000, 1, 1)  # supplies only missing fields
#: Score a self-referenced name needs unless it looks like a media name.
MIN_PUBLICATION_SCORE = 3
COPYRIGHT_WEIGHT = 5


@dataclass(frozen=True)
class ArticleMetadata:
    """Metadata recovered from an article's text; None where the text does not say."""

    title: str | None = None
    publication: str | None = None
    author: str | None = None
    published: dt.date | None = None


def recover_metadata(text: str) -> ArticleMetadata:
    """Title, publication, author and publication date found in raw or cleaned text."""
    return metadata_from_analysis(analyse(text))


def metadata_from_analysis(analysis: Analysis) -> ArticleMetadata:
    """Metadata from an already classified article (saves a second pass in ingestion)."""
    author: str | None = None
    published: dt.date | None = None
    byline = analysis.byline
    if byline is not None:
        parts = byline_parts(byline)
        if parts is not None:
            author = parts[0]
            published = parse_date(parts[1])
    if published is None:
        published = _dateline_date(analysis)
    return ArticleMetadata(
        title=analysis.title,
        publication=find_publication(analysis),
        author=author,
        published=published,
    )


def parse_date(value: str) -> dt.date | None:
    """The first explicit date in `value` ("October 18, 2024 2:05 PM" -> 2024-10-18).

    Forms: "October 18, 2024", "Oct. 18 2024", "18 October 2024", "2024-10-18",
    "18.10.2024" (day first) and "10/18/2024" (month first). None when there is none.
    """
    match = DATE_RE.search(value)
    if match is None:
        return None
    token = match.group(0)
    day_first = _NUMERIC_DAY_FIRST.fullmatch(token) is not None
    try:
        parsed: dt.datetime = date_parser.parse(token, dayfirst=day_first, default=_DEFAULT_DAY)
    except (ValueError, OverflowError):
        return None
    return parsed.date()


def coerce_date(value: dt.date | str | None) -> dt.date | None:
    """A given publication date as a date: a date, an ISO date or datetime string, or a
    string holding one explicit date ("October 18, 2024"). Raises ValueError otherwise."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = value.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        pass
    parsed = parse_date(text)
    if parsed is None:
        raise ValueError(f"invalid published date: {value!r}")
    return parsed


def _dateline_date(analysis: Analysis) -> dt.date | None:
    """The date of a date-only line ("Published: 18 October 2024") in the article's top."""
    seen_text = 0
    for line, kind in zip(analysis.lines, analysis.kinds, strict=True):
        if kind is Kind.DATELINE:
            return parse_date(line)
        if kind is Kind.TEXT:
            seen_text += 1
            if seen_text >= HEADER_WINDOW // 2:
                return None
    return None


def find_publication(analysis: Analysis) -> str | None:
    """The publication named by a copyright line or by the text's references to itself."""
    for line in analysis.lines:
        match = _COPYRIGHT.fullmatch(line) if len(line) <= 200 else None
        if match is not None:
            name = match.group("name").strip(" .,")
            if name and not name.isdigit():
                return _spaced_name(name, "\n".join(analysis.lines))
    return _self_reference(analysis.lines)


def _spaced_name(name: str, text: str) -> str:
    """A domain ("Euromaidanpress.com") as the spaced name the text uses for it
    ("Euromaidan Press"), else the name unchanged."""
    domain = _DOMAIN.fullmatch(name)
    if domain is None:
        return name
    stem = domain.group("stem").casefold().replace("-", "")
    for run in _CAPITALISED_RUN.finditer(text):
        words = run.group(0).split()
        for start in range(len(words)):
            for end in range(start + 2, min(start + 4, len(words)) + 1):
                if "".join(words[start:end]).casefold() == stem:
                    return " ".join(words[start:end])
    return name


def _matches_in_lines(
    pattern: re.Pattern[str], key: str, lines: list[str]
) -> Iterator[re.Match[str]]:
    """Matches of `pattern` in the lines holding its literal `key` (much faster than
    running a pattern that starts with a name over the whole text)."""
    for line in lines:
        if key in line:
            yield from pattern.finditer(line)


def _self_reference(lines: list[str]) -> str | None:
    scores: Counter[str] = Counter()
    names: dict[str, str] = {}
    with_the: defaultdict[str, int] = defaultdict(int)
    for pattern, weight, literal in _SELF_REFERENCES:
        for match in _matches_in_lines(pattern, literal, lines):
            name = match.group("name")
            key = name.casefold()
            names.setdefault(key, name)
            scores[key] += weight
            with_the[key] += 1 if match.group("the") else -1
    for key, score in scores.most_common():
        name = names[key]
        if score >= MIN_PUBLICATION_SCORE or _looks_like_media(name):
            return f"The {name}" if with_the[key] > 0 else name
    return None


def _looks_like_media(name: str) -> bool:
    return any(word in MEDIA_WORDS for word in name.split())
