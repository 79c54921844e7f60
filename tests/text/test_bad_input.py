"""Bad input: each gets one IngestError naming the file and the problem; the batch goes on."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from extraction.text.decode import DecodeError, decode_bytes
from extraction.text.ingest import (
    MAX_ARTICLE_CHARS,
    IngestError,
    IngestTextError,
    ingest_paths,
    ingest_text,
)

GOOD = "Floods killed 12 people in northern Italy on Friday, civil protection officials said."


def _only_error(paths: list[Path]) -> IngestError:
    report = ingest_paths(paths)
    assert report.articles == []
    (error,) = report.errors
    return error


def _good(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  \n"], ids=["empty", "whitespace"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    error = _only_error([path])
    assert str(error) == f"{path}: empty file"


def test_binary_file_with_nul_bytes(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert _only_error([path]).message == "binary file, not text"


def test_binary_file_with_many_control_bytes(tmp_path: Path) -> None:
    path = tmp_path / "blob.md"
    path.write_bytes(b"\x01\x02\x03\x04\x05\x06text" * 200)
    assert _only_error([path]).message == "binary file, not text"


def test_cp1252_file_is_decoded_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    text = "\u201cPrices rose 4% in Caf\u00e9 de Paris,\u201d the survey said \u2014 on Monday."
    path.write_bytes(text.encode("cp1252"))
    report = ingest_paths([path])
    assert report.errors == []
    (article,) = report.articles
    assert article.text == text
    assert report.warnings == [f"{path}: not UTF-8; decoded as cp1252"]


def test_latin1_only_bytes_fall_back_to_latin1(tmp_path: Path) -> None:
    # 0x81 is undefined in cp1252; one of them in a long text still looks like text.
    path = tmp_path / "x.txt"
    path.write_bytes(
        ("Caf\u00e9 prices rose 4% on Monday, the survey said. " * 5).encode("latin-1") + b"\x81"
    )
    report = ingest_paths([path])
    assert len(report.articles) == 1
    assert report.warnings == [f"{path}: not UTF-8; decoded as latin-1"]


def test_undecodable_file(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(b"text \x81\x8d\x8f\x90\x9d " * 50)
    assert _only_error([path]).message == "not UTF-8 and no fallback decoding worked"


def test_utf8_bom_and_utf16_are_decoded() -> None:
    assert decode_bytes(b"\xef\xbb\xbfHello").text == "Hello"
    decoded = decode_bytes("Hello \u00e9".encode("utf-16"))
    assert (decoded.text, decoded.encoding, decoded.fallback) == ("Hello \u00e9", "utf-16", True)
    with pytest.raises(DecodeError, match="empty file"):
        decode_bytes(b"\xef\xbb\xbf  ")


@pytest.mark.filterwarnings("ignore:A test tried to use socket:UserWarning")
@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>Empty</title></head><body><nav>Home</nav><div></div></body></html>",
        "<html><body><p>We use cookies to improve your experience on this website.</p>"
        "<p>Accept all cookies</p><p>Privacy Policy</p></body></html>",
        "<html><body></body></html>",
    ],
    ids=["navigation-only", "cookie-banner-only", "empty-body"],
)
def test_html_page_without_article_text(tmp_path: Path, html: str) -> None:
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    assert str(_only_error([path])) == f"{path}: no article text found in HTML"


def test_malformed_jsonl_lines_are_errors_with_line_numbers_and_the_rest_is_ingested(
    tmp_path: Path,
) -> None:
    lines = [
        json.dumps({"id": "a", "text": GOOD}),
        '{"id": "b", "text": "unterminated',
        "",
        json.dumps({"id": "c", "title": "No text"}),
        json.dumps({"id": "d", "text": 42}),
        json.dumps({"id": "e", "text": GOOD.replace("12", "13"), "published": "yesterday"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "f", "text": GOOD.replace("12", "14"), "url": 5}),
        json.dumps({"id": "g", "text": "Subscribe\n* indicates required"}),
        json.dumps({"id": "h", "text": GOOD.replace("12", "15"), "published": "2024-05-03"}),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = ingest_paths([path])
    assert [article.external_id for article in report.articles] == ["a", "h"]
    assert [(error.line, error.message) for error in report.errors] == [
        (2, "malformed JSON: Unterminated string starting at (column 21)"),
        (4, "missing required field 'text'"),
        (5, "field 'text' must be a string, got int"),
        (6, "invalid published date: 'yesterday'"),
        (7, "expected a JSON object, got list"),
        (8, "field 'url' must be a string or null"),
        (9, "no article text left after removing page furniture"),
    ]
    assert str(report.errors[0]).startswith(f"{path}:2: malformed JSON: ")


def test_five_megabyte_article_is_rejected_quickly_as_too_long(tmp_path: Path) -> None:
    paragraphs = [
        f"Paragraph {i}: officials said {i} people were evacuated from district {i % 97},"
        " and aid agencies warned that the toll could rise."
        for i in range(40_000)
    ]
    path = tmp_path / "huge.txt"
    path.write_text("\n\n".join(paragraphs), encoding="utf-8")
    assert path.stat().st_size > 5_000_000
    start = time.perf_counter()
    error = _only_error([path])
    assert time.perf_counter() - start < 20.0
    assert error.message.startswith("article too long (")
    assert error.message.endswith(f" chars > {MAX_ARTICLE_CHARS} limit)")


def _numbered_paragraphs(count: int) -> str:
    sentence = "Officials said 12 people were evacuated from the district on Monday."
    return "\n\n".join(f"{index}. {sentence}" for index in range(count))


def test_article_under_the_limit_is_accepted_and_over_it_rejected() -> None:
    article = ingest_text(_numbered_paragraphs(20_000))
    assert 1_000_000 < len(article.text) < MAX_ARTICLE_CHARS
    with pytest.raises(IngestTextError, match="article too long"):
        ingest_text(_numbered_paragraphs(40_000))


def test_missing_path(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    assert str(_only_error([path])) == f"{path}: no such file or directory"


def test_directory_without_supported_files(tmp_path: Path) -> None:
    (tmp_path / "data.csv").write_text("a,b\n", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(GOOD, encoding="utf-8")
    report = ingest_paths([tmp_path])
    (error,) = report.errors
    assert error.path == str(tmp_path)
    assert error.message.startswith("no supported files in directory")
    assert report.warnings == [f"{tmp_path / 'data.csv'}: skipped, not a supported file type"]


def test_empty_directory(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert _only_error([empty]).message.startswith("no supported files in directory")


def test_a_bad_file_does_not_stop_the_batch(tmp_path: Path) -> None:
    (tmp_path / "a_empty.txt").write_bytes(b"")
    (tmp_path / "b_binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    good = _good(tmp_path)
    report = ingest_paths([tmp_path, tmp_path / "missing.md"])
    assert [article.source_path for article in report.articles] == [str(good)]
    assert [error.message for error in report.errors] == [
        "empty file",
        "binary file, not text",
        "no such file or directory",
    ]
