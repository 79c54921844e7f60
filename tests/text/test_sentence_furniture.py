"""Furniture inside one-paragraph texts: the furniture sentence goes, its neighbours stay;
every removed passage is logged with its size; much repeated text is reported."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from extraction.text.clean import analyse, clean_text, split_sentences
from extraction.text.ingest import ingest_paths, ingest_text

REAL = [
    "Floods killed 12 people in northern Italy on Friday, civil protection officials said.",
    "The regional governor said 300 residents had been evacuated from the Po valley.",
    "Rescue teams reached the village of Brescello by boat late in the afternoon.",
    "Rainfall in 48 hours exceeded the average for the whole of October, the weather office said.",
    "Two bridges over the river were closed as a precaution, police said.",
    "The interior minister is expected to visit the area on Saturday.",
    "Farmers' groups estimated damage to crops at 40 million euros.",
    "The army sent 150 soldiers and six helicopters to help with the evacuation.",
    "Schools in 20 towns will stay closed on Monday, the regional government said.",
    "A spokesman for the fire service said the water level was still rising.",
    "Residents told local television they had never seen the river so high.",
    "The government will declare a state of emergency on Monday, an official said.",
]
FURNITURE = [
    "Or you could join our community and help us produce more materials like this.",
    "Subscribe to our newsletter for daily updates.",
    "Become a member!",
    "Support our journalism today!",
    "We rely solely on readers like you to keep our reporting free.",
]


@pytest.mark.parametrize("furniture", FURNITURE)
@pytest.mark.parametrize("position", [0, 5, 12])
def test_a_furniture_sentence_goes_and_every_real_sentence_stays(
    furniture: str, position: int
) -> None:
    sentences = [*REAL]
    sentences.insert(position, furniture)
    cleaned = clean_text(" ".join(sentences))
    assert cleaned == " ".join(REAL)


def test_a_paragraph_with_a_weak_appeal_phrase_is_kept_whole() -> None:
    text = " ".join([*REAL[:6], "Local newsletters and independent media carried the warning."])
    assert clean_text(text) == text


def test_an_appeal_paragraph_goes_whole() -> None:
    appeal = (
        "We are an independent media outlet that relies solely on advertising revenue. "
        "Therefore, we kindly ask for your support by disabling your ad blocker. Thank you!"
    )
    body = "\n\n".join(REAL[:4])
    assert clean_text(f"{body}\n\n{appeal}") == body


def test_split_sentences_keeps_every_character() -> None:
    line = 'He said: "It is over." Then he left. 12 people stayed… (Others went.) End'
    parts = split_sentences(line)
    assert "".join(parts) == line
    assert len(parts) == 5


def test_removed_passages_are_listed_and_logged_with_their_size(
    caplog: pytest.LogCaptureFixture,
) -> None:
    text = " ".join([REAL[0], FURNITURE[0], REAL[1]]) + "\n\nSkip to content"
    removed = analyse(text).removed()
    assert {(item.kind, item.chars) for item in removed} == {
        ("furniture", len("Skip to content")),
        ("appeal", len(FURNITURE[0])),
    }
    with caplog.at_level(logging.INFO, logger="extraction.text.ingest"):
        ingest_text(text, source_path="one.txt")
    logged = [record.getMessage() for record in caplog.records]
    assert any(f"removed appeal ({len(FURNITURE[0])} chars)" in line for line in logged)
    assert any("removed furniture (15 chars)" in line for line in logged)


def test_jsonl_records_without_line_breaks_keep_their_sentences(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    lines = []
    for index in range(20):
        sentences = [*REAL]
        sentences.insert(index % 12, FURNITURE[index % len(FURNITURE)])
        text = f"Item {index}. " + " ".join(sentences)
        lines.append(json.dumps({"id": str(index), "text": text}))
    path.write_text("\n".join(lines), encoding="utf-8")
    report = ingest_paths([path])
    assert report.errors == []
    assert len(report.articles) == 20
    for article in report.articles:
        assert article.text.endswith(" ".join(REAL))


def test_long_repeated_input_is_reported_not_silently_cut(tmp_path: Path) -> None:
    article = "\n\n".join(REAL)
    path = tmp_path / "repeated.txt"
    path.write_text("\n\n".join([article] * 2_000), encoding="utf-8")
    report = ingest_paths([path])
    (kept,) = report.articles
    assert kept.text == article
    (warning,) = report.warnings
    assert warning.startswith(f"{path}: ")
    assert "repeated text removed" in warning
    assert f"{len(article):,} chars kept" in warning
