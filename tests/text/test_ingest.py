"""Ingestion of every format, directories, ids and deduplication."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from extraction.schema import Article
from extraction.text.clean import clean_text
from extraction.text.ingest import (
    SUPPORTED_SUFFIXES,
    IngestError,
    IngestTextError,
    ingest_paths,
    ingest_text,
    iter_ingest,
)
from extraction.text.readers import read_markdown

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "articles"

BODY = (
    "An earthquake of magnitude 6.1 killed at least 40 people in eastern Turkey on Saturday,"
    " the disaster agency AFAD said.\n\n"
    "Rescue teams were searching collapsed buildings in three provinces, officials said, and"
    " more than 200 people were injured.\n\n"
    "\u201cWe expect the toll to rise,\u201d the governor said."
)
TITLE = "Quake kills 40 in eastern Turkey"

HTML = f"""<html><head><title>{TITLE} | Daily Planet</title>
<meta property="og:site_name" content="Daily Planet">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2024-02-03T10:00:00Z">
<link rel="canonical" href="https://dailyplanet.example/quake"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>{TITLE}</h1>
{"".join(f"<p>{paragraph}</p>" for paragraph in BODY.split(chr(10) + chr(10)))}
<p>Advertisement</p>
</article>
<footer>Copyright 2024 Daily Planet. All rights reserved.</footer></body></html>"""


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_supported_suffixes() -> None:
    assert frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".jsonl"}) == SUPPORTED_SUFFIXES


def test_txt_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "quake.txt", f"{TITLE}\n\nBy Jane Roe 3 February 2024\n\n{BODY}\n")
    report = ingest_paths([path])
    assert report.errors == []
    (article,) = report.articles
    assert article.text == BODY
    assert article.title == TITLE
    assert article.author == "Jane Roe"
    assert article.published == dt.date(2024, 2, 3)
    assert article.source_path == str(path)
    assert article.id == Article.id_for_text(BODY)


def test_markdown_syntax_is_stripped_lightly(tmp_path: Path) -> None:
    markdown = (
        f"# {TITLE}\n\n"
        "An **earthquake** of magnitude 6.1 killed at least 40 people in eastern Turkey on"
        " Saturday, the [disaster agency AFAD](https://afad.gov.tr/) said.\n\n"
        "> Rescue teams were searching collapsed buildings in *three* provinces.\n\n"
        "## Damage\n\n"
        "- 200 people were injured\n"
        "- ![map](map.png)`12` buildings collapsed\n"
    )
    (article,) = ingest_paths([_write(tmp_path / "quake.md", markdown)]).articles
    assert article.title == TITLE
    assert article.text == (
        "An earthquake of magnitude 6.1 killed at least 40 people in eastern Turkey on Saturday,"
        " the disaster agency AFAD said.\n\n"
        "Rescue teams were searching collapsed buildings in three provinces.\n\n"
        "Damage\n\n"
        "200 people were injured\n"
        "12 buildings collapsed"
    )


def test_markdown_front_matter_gives_metadata() -> None:
    raw = read_markdown(
        '---\ntitle: "Storm hits coast"\ndate: 2024-01-05\nauthor: Ann Lee\n'
        "url: https://x.example/storm\n---\nA storm hit the coast on Friday, officials said.\n"
    )
    assert (raw.title, raw.published, raw.author, raw.url) == (
        "Storm hits coast",
        "2024-01-05",
        "Ann Lee",
        "https://x.example/storm",
    )
    assert raw.text.strip() == "A storm hit the coast on Friday, officials said."


# Importing trafilatura imports urllib3, which probes IPv6 support by creating (not
# connecting) a socket; pytest-socket blocks it, urllib3 handles that, and no traffic occurs.
@pytest.mark.filterwarnings("ignore:A test tried to use socket:UserWarning")
@pytest.mark.parametrize("suffix", [".html", ".htm"])
def test_html_main_text_and_metadata_with_trafilatura(tmp_path: Path, suffix: str) -> None:
    report = ingest_paths([_write(tmp_path / f"quake{suffix}", HTML)])
    assert report.errors == []
    (article,) = report.articles
    assert article.text == BODY
    assert article.title == TITLE
    assert article.publication == "Daily Planet"
    assert article.author == "Jane Roe"
    assert article.published == dt.date(2024, 2, 3)
    assert article.url == "https://dailyplanet.example/quake"


def test_jsonl_one_article_per_line_with_given_metadata(tmp_path: Path) -> None:
    lines = [
        {
            "id": "planet-1",
            "text": BODY,
            "title": TITLE,
            "publication": "Daily Planet",
            "published": "2024-02-03",
            "url": "https://dailyplanet.example/quake",
            "claims": [],
        },
        {"id": 7, "text": "Inflation fell to 2.4% in November, Eurostat said on Thursday."},
    ]
    path = _write(tmp_path / "batch.jsonl", "\n".join(json.dumps(line) for line in lines) + "\n")
    report = ingest_paths([path])
    assert report.errors == []
    first, second = report.articles
    assert (first.external_id, first.title, first.publication, first.published, first.url) == (
        "planet-1",
        TITLE,
        "Daily Planet",
        dt.date(2024, 2, 3),
        "https://dailyplanet.example/quake",
    )
    assert first.text == BODY
    assert second.external_id == "7"
    assert second.text == "Inflation fell to 2.4% in November, Eurostat said on Thursday."


def test_directory_is_walked_recursively_in_sorted_order_skipping_hidden_and_other_files(
    tmp_path: Path,
) -> None:
    _write(tmp_path / "b" / "two.txt", "The second article says 2 people died, police said.")
    _write(tmp_path / "a.md", "The first article says 1 person died, police said.")
    _write(tmp_path / "b" / "c" / "three.html", HTML)
    _write(tmp_path / ".hidden.txt", "A hidden file says 9 people died, police said.")
    _write(tmp_path / ".git" / "x.txt", "Inside a hidden directory, 8 people died.")
    _write(tmp_path / "notes.csv", "a,b\n1,2\n")
    report = ingest_paths([tmp_path])
    # Sorted by path: b/c/three.html comes before b/two.txt.
    assert [Path(article.source_path or "").name for article in report.articles] == [
        "a.md",
        "three.html",
        "two.txt",
    ]
    assert report.errors == []
    assert report.warnings == [f"{tmp_path / 'notes.csv'}: skipped, not a supported file type"]


def test_explicit_file_with_unsupported_suffix_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path / "article.docx", "Some text that is an article, officials said.")
    report = ingest_paths([path])
    assert report.articles == []
    (error,) = report.errors
    assert error.path == str(path)
    assert error.message.startswith("unsupported file type '.docx'")


def test_seed_directory_gives_five_articles() -> None:
    report = ingest_paths([SEEDS])
    assert report.errors == []
    assert report.warnings == []
    assert [Path(a.source_path or "").name[:3] for a in report.articles] == [
        "000",
        "001",
        "002",
        "003",
        "004",
    ]
    assert len({article.id for article in report.articles}) == 5


def test_same_text_gives_the_same_id() -> None:
    raw = (SEEDS / "000_d65c855926b220c1.txt").read_text(encoding="utf-8")
    first = ingest_text(raw)
    assert ingest_text(raw).id == first.id
    assert first.id == Article.id_for_text(clean_text(raw))
    # Re-ingesting the cleaned text (a gold line's text) keeps the id.
    assert ingest_text(first.text).id == first.id


def test_same_article_as_txt_and_md_is_ingested_once(tmp_path: Path) -> None:
    txt = _write(tmp_path / "quake.txt", f"{TITLE}\n\n{BODY}\n")
    md = _write(tmp_path / "quake.md", f"# {TITLE}\n\n{BODY}\n")
    report = ingest_paths([txt, md])
    (article,) = report.articles
    assert article.source_path == str(txt)
    assert report.warnings == [f"{md}: same text as {txt}, ingested once"]


def test_given_metadata_wins_over_recovered_metadata() -> None:
    raw = f"{TITLE}\n\nBy Jane Roe 3 February 2024\n\n{BODY}"
    article = ingest_text(
        raw,
        source_path="x.txt",
        title=TITLE,
        publication="Daily Planet",
        published="2024-02-04",
        url="https://x.example/a",
        external_id="abc",
    )
    assert article.published == dt.date(2024, 2, 4)
    assert article.publication == "Daily Planet"
    assert article.author == "Jane Roe"
    assert article.text == BODY
    assert (article.url, article.external_id, article.source_path) == (
        "https://x.example/a",
        "abc",
        "x.txt",
    )


def test_ingest_text_raises_when_nothing_is_left() -> None:
    with pytest.raises(IngestTextError, match="no article text left"):
        ingest_text("Subscribe\n* indicates required\nAdvertisement\n")
    assert issubclass(IngestTextError, ValueError)


def test_iter_ingest_streams_articles_and_errors_in_order(tmp_path: Path) -> None:
    good = _write(tmp_path / "good.txt", BODY)
    items = list(iter_ingest([tmp_path / "missing.txt", good]))
    assert isinstance(items[0], IngestError)
    assert isinstance(items[1], Article)
    # A single path is accepted too, not iterated character by character.
    (only,) = list(iter_ingest(str(good)))
    assert isinstance(only, Article)


def test_iter_ingest_sends_warnings_to_the_callback(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Caf\u00e9 prices rose 4% in Paris, the survey said.".encode("cp1252"))
    warnings: list[str] = []
    (article,) = list(iter_ingest([path], on_warning=warnings.append))
    assert isinstance(article, Article)
    assert warnings == [f"{path}: not UTF-8; decoded as cp1252"]


def test_ingest_error_formats_as_one_line() -> None:
    assert str(IngestError("a.jsonl", "malformed JSON", line=3)) == "a.jsonl:3: malformed JSON"
    assert str(IngestError("a.txt", "empty file")) == "a.txt: empty file"
