"""The split of clean.py and ingest.py keeps old imports working and modules small."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

import extraction.text

#: Public names callers imported from the modules before the split, and where they live now.
_MOVED = {
    "extraction.text.clean": {
        "extraction.text.clean_patterns": ["DATE", "DATE_RE", "MONTH"],
        "extraction.text.headline_byline": ["HEADER_WINDOW", "MIN_SENTENCE_CHARS"],
        "extraction.text.line_analysis": ["Analysis", "Kind", "Removed"],
        "extraction.text.line_classify": [
            "APPEAL_DROP_SCORE",
            "MAX_TEMPLATE_CHARS",
            "MAX_TITLE_CHARS",
            "MAX_TITLE_WORDS",
            "MIN_PLAIN_SHARE",
            "appeal_score",
            "byline_parts",
            "classify_line",
            "classify_sentences",
            "is_title_like",
            "split_sentences",
        ],
        "extraction.text.teasers": [
            "MAX_BLOCK_LINES",
            "MAX_TEASER_CHARS",
            "MAX_TRAILING_STUB_WORDS",
        ],
    },
    "extraction.text.ingest": {
        "extraction.text.article_from_text": [
            "MAX_ARTICLE_CHARS",
            "MAX_RAW_CHARS",
            "MIN_REPEATED_WARNING_CHARS",
            "EmptyArticleError",
            "IngestTextError",
            "Warn",
            "ingest_text",
        ],
        "extraction.text.input_files": ["SUPPORTED_SUFFIXES", "PathInput", "count_inputs"],
    },
}


@pytest.mark.parametrize(
    ("old", "new", "name"),
    [
        (old, new, name)
        for old, targets in _MOVED.items()
        for new, names in targets.items()
        for name in names
    ],
)
def test_moved_name_is_the_same_object_from_its_old_module(old: str, new: str, name: str) -> None:
    assert getattr(importlib.import_module(old), name) is getattr(
        importlib.import_module(new), name
    )


def test_ingest_keeps_its_log_name() -> None:
    from extraction.text import article_from_text

    assert article_from_text.logger.name == "extraction.text.ingest"


def test_no_text_module_is_over_400_lines() -> None:
    package = Path(extraction.text.__file__).parent
    sizes = {path.name: len(path.read_text().splitlines()) for path in package.glob("*.py")}
    assert {name: size for name, size in sizes.items() if size > 400} == {}
