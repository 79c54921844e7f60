"""Metadata recovery: title, author and date from bylines; publication from the text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from extraction.text.clean import byline_parts
from extraction.text.metadata import ArticleMetadata, coerce_date, parse_date, recover_metadata

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "articles"


def _seed(prefix: str) -> str:
    (path,) = list(SEEDS.glob(f"{prefix}_*.txt"))
    return path.read_text(encoding="utf-8")


def test_seed_000_title_author_date_publication() -> None:
    meta = recover_metadata(_seed("000"))
    assert meta == ArticleMetadata(
        title="Budanov says close to 11,000 North Korean troops in Russia, will be 'ready to"
        " fight' in Ukraine by Nov. 1",
        publication="The Kyiv Independent",
        author="Nate Ostiller and The Kyiv Independent news desk",
        published=dt.date(2024, 10, 18),
    )


def test_seed_002_title_author_date() -> None:
    meta = recover_metadata(_seed("002"))
    assert meta.title == (
        "About 3,000 North Korean troops were sent to Russia to participate in war against"
        " Ukraine, South Korean intelligence says"
    )
    assert meta.author == "Kateryna Hodunova"
    assert meta.published == dt.date(2024, 10, 23)
    assert meta.publication == "The Kyiv Independent"


def test_seed_004_title_author_date() -> None:
    meta = recover_metadata(_seed("004"))
    assert meta.title == "North Korea has sent 10,000 soldiers to Russia, Western source says"
    assert meta.author == "Asami Terajima and Chris York"
    assert meta.published == dt.date(2024, 10, 15)


def test_seed_001_publication_from_the_copyright_domain_and_its_title() -> None:
    meta = recover_metadata(_seed("001"))
    assert meta.publication == "Euromaidan Press"
    assert meta.title == (
        "Ukraine\u2019s spy chief: 11,000 North Korean soldiers will be ready to fight against"
        " Ukraine starting from November"
    )
    assert meta.author is None


def test_seed_003_publication_from_self_reference_and_no_invented_date() -> None:
    meta = recover_metadata(_seed("003"))
    assert meta.publication == "Kyiv Post"
    # No byline or dateline: dates in body sentences are event dates, not publication dates.
    assert meta.published is None
    assert meta.title is None


def test_byline_is_split_into_author_and_the_rest() -> None:
    assert byline_parts("by Jane Roe | Reuters | 3 May 2024") == (
        "Jane Roe",
        "Reuters | 3 May 2024",
    )
    assert byline_parts("By Maria Rossi October 1, 2023") == ("Maria Rossi", "October 1, 2023")
    assert byline_parts("By Monday, the toll had risen to 40.") is None
    assert byline_parts("by the way this is not a byline") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("October 18, 2024 2:05 PM 2 min read", dt.date(2024, 10, 18)),
        ("Oct. 5 2023", dt.date(2023, 10, 5)),
        ("Published 18 October 2024", dt.date(2024, 10, 18)),
        ("2024-02-29T10:00:00Z", dt.date(2024, 2, 29)),
        ("18.10.2024", dt.date(2024, 10, 18)),
        ("10/18/2024", dt.date(2024, 10, 18)),
        ("on Friday", None),
        ("February 30, 2024", None),
    ],
)
def test_parse_date_forms(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


def test_dateline_at_the_top_gives_the_date_when_there_is_no_byline() -> None:
    raw = (
        "Updated: 3 March 2024 09:30\n\n"
        "Storm Emir left 80,000 homes without power across Wales, the utility said."
    )
    assert recover_metadata(raw).published == dt.date(2024, 3, 3)


def test_dates_inside_body_sentences_are_not_publication_dates() -> None:
    raw = "The dam failed on 12 September 2023, killing 4,000 people, the UN said on Monday."
    assert recover_metadata(raw).published is None


def test_copyright_name_that_is_not_a_domain() -> None:
    raw = (
        "Prices rose 3.1% in January, the statistics office said.\n\n"
        "\u00a9 2024 The Daily Planet. All rights reserved."
    )
    assert recover_metadata(raw).publication == "The Daily Planet"


def test_weak_self_reference_to_a_non_media_name_is_not_a_publication() -> None:
    raw = "A source told Zelensky's office that 40 people died, police said."
    assert recover_metadata(raw).publication is None


def test_markdown_style_heading_is_not_needed_for_a_standalone_title() -> None:
    raw = (
        "Wildfires force 30,000 to flee in Canada\n\n"
        "Wildfires forced 30,000 people from their homes in Alberta on Sunday, officials said."
    )
    assert recover_metadata(raw).title == "Wildfires force 30,000 to flee in Canada"


def test_first_line_sentence_is_not_a_title() -> None:
    raw = "Officials said 40 people died in the floods.\n\nMore rain is expected on Tuesday."
    assert recover_metadata(raw).title is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("2024-10-18", dt.date(2024, 10, 18)),
        ("2024-10-18T14:05:00+02:00", dt.date(2024, 10, 18)),
        ("October 18, 2024", dt.date(2024, 10, 18)),
        (dt.date(2024, 1, 2), dt.date(2024, 1, 2)),
        (dt.datetime(2024, 1, 2, 3, 4), dt.date(2024, 1, 2)),
    ],
)
def test_coerce_date_accepts_dates_and_date_strings(
    value: dt.date | str | None, expected: dt.date | None
) -> None:
    assert coerce_date(value) == expected


@pytest.mark.parametrize("value", ["yesterday", "2024-13-45", "18/18/18"])
def test_coerce_date_rejects_non_dates(value: str) -> None:
    with pytest.raises(ValueError, match="invalid published date"):
        coerce_date(value)
