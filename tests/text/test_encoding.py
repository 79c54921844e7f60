"""Encodings: detected with charset-normalizer, forced with `encoding=`, stored with the
article; a reader that fails in any way is one error for its file."""

from __future__ import annotations

from pathlib import Path

import pytest

from extraction.text import ingest
from extraction.text.decode import DecodeError, decode_bytes
from extraction.text.ingest import IngestError, ingest_paths, iter_ingest

RUSSIAN = (
    "Министерство обороны России заявило в пятницу, что войска отразили атаку на город. "
    "По словам официальных лиц, погибли двенадцать человек, а ещё сорок были ранены.\n\n"
    "Губернатор области сообщил, что эвакуированы более трёхсот жителей."
)
ENGLISH = "Floods killed 12 people in northern Italy on Friday, civil protection officials said."


def test_a_cp1251_article_is_decoded_as_cp1251_not_cp1252_mojibake(tmp_path: Path) -> None:
    path = tmp_path / "ru.txt"
    path.write_bytes(RUSSIAN.encode("cp1251"))
    report = ingest_paths([path])
    (article,) = report.articles
    assert article.text == RUSSIAN
    assert article.encoding == "cp1251"
    assert report.warnings == [f"{path}: not UTF-8; decoded as cp1251"]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [RUSSIAN, ENGLISH], ids=["russian", "english"])
def test_utf16_with_and_without_a_byte_order_mark(tmp_path: Path, codec: str, text: str) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(text.encode(codec))
    (article,) = ingest_paths([path]).articles
    assert article.text == text
    assert article.encoding is not None and article.encoding.startswith("utf-16")


def test_utf8_is_recorded_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text(RUSSIAN, encoding="utf-8")
    report = ingest_paths([path])
    assert report.articles[0].encoding == "utf-8"
    assert report.warnings == []


def test_a_forced_encoding_wins_over_detection(tmp_path: Path) -> None:
    short = "Привет, мир. Это короткий текст."
    path = tmp_path / "x.txt"
    path.write_bytes(short.encode("koi8-r"))
    (article,) = list(iter_ingest([path], encoding="koi8-r"))
    assert not isinstance(article, IngestError)
    assert article.text == short
    assert article.encoding == "koi8-r"


def test_a_forced_encoding_that_does_not_fit_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(RUSSIAN.encode("cp1251"))
    (error,) = list(iter_ingest([path], encoding="utf-8"))
    assert isinstance(error, IngestError)
    assert error.message.startswith("not valid utf-8")
    with pytest.raises(DecodeError, match="unknown encoding 'klingon'"):
        decode_bytes(b"text", "klingon")


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        (
            ImportError(
                "lxml.html.clean module is now a separate project lxml_html_clean.\n"
                "Install lxml[html_clean] or lxml_html_clean directly.",
                name="lxml.html.clean",
            ),
            "cannot read this format, lxml.html.clean is not importable: lxml.html.clean"
            " module is now a separate project lxml_html_clean. (pip install lxml_html_clean)",
        ),
        (ValueError("Document is empty\nmore"), "cannot read file (ValueError: Document is empty)"),
        (RecursionError("too deep"), "cannot read file (RecursionError: too deep)"),
    ],
    ids=["import", "parse", "recursion"],
)
def test_any_reader_failure_is_one_line_for_its_file_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: Exception, expected: str
) -> None:
    def broken(text: str) -> object:
        raise failure

    monkeypatch.setitem(ingest._SINGLE_READERS, ".html", broken)
    (tmp_path / "a.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "b.html").write_text("<html><body><p>x</p></body></html>", encoding="utf-8")
    (tmp_path / "c.txt").write_text(RUSSIAN, encoding="utf-8")
    report = ingest_paths([tmp_path])
    assert [Path(article.source_path or "").name for article in report.articles] == [
        "a.txt",
        "c.txt",
    ]
    (error,) = report.errors
    assert str(error) == f"{tmp_path / 'b.html'}: {expected}"
    assert "\n" not in str(error)
