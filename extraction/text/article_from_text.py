"""One article text in memory -> a cleaned `Article`: limits, cleaning, metadata, id.

`ingest_text` is the step every reader's output goes through (re-exported by `ingest.py`,
which handles files and batches): furniture removed (`clean.py`, each removed passage
logged with its size; much repeated text reported as a warning), metadata recovered where
the input did not give it (`metadata.py`), id = hash of the cleaned text.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from extraction.errors import ClaimDeskError
from extraction.schema import Article
from extraction.text.clean import Analysis, analyse
from extraction.text.metadata import coerce_date, metadata_from_analysis

#: The ingestion log keeps its name from before the split, so logging set-ups and filters
#: aimed at "extraction.text.ingest" still see the removed-passage lines.
logger = logging.getLogger("extraction.text.ingest")

#: Longest accepted article, in characters after cleaning.
MAX_ARTICLE_CHARS = 2_000_000
#: Raw text longer than this is refused before cleaning (cleaning is linear, but pointless).
MAX_RAW_CHARS = 10 * MAX_ARTICLE_CHARS
#: Repeated text removed beyond this many characters is reported as a warning.
MIN_REPEATED_WARNING_CHARS = 2_000

Warn = Callable[[str], None]


class IngestTextError(ClaimDeskError, ValueError):
    """An input text that gives no article: nothing left after cleaning, too long, bad date."""


class EmptyArticleError(IngestTextError):
    """Nothing is left of the text once page furniture is removed."""


def ingest_text(
    raw: str,
    *,
    source_path: str | None = None,
    title: str | None = None,
    publication: str | None = None,
    published: date | str | None = None,
    url: str | None = None,
    external_id: str | None = None,
    author: str | None = None,
    encoding: str | None = None,
    on_warning: Warn | None = None,
) -> Article:
    """Clean one article text and build its Article.

    Metadata given here wins; what is missing is recovered from the text. The id is
    `Article.id_for_text` of the cleaned text, so the same article always gets the same id.
    Raises IngestTextError when no text is left, the text is too long, or `published` is not
    a date. Removed passages are logged; much repeated text goes to `on_warning` (else the
    log) so a long input cut short is never silent.
    """
    if len(raw) > MAX_RAW_CHARS:
        raise IngestTextError(f"article too long ({len(raw)} chars > {MAX_RAW_CHARS} limit)")
    try:
        given_date = coerce_date(published)
    except ValueError as exc:
        raise IngestTextError(str(exc)) from exc
    given_title = _blank_to_none(title)
    analysis = analyse(raw, title=given_title)
    text = analysis.text()
    _report_removed(analysis, source_path, on_warning)
    if not text.strip():
        raise EmptyArticleError("no article text left after removing page furniture")
    if len(text) > MAX_ARTICLE_CHARS:
        raise IngestTextError(f"article too long ({len(text)} chars > {MAX_ARTICLE_CHARS} limit)")
    found = metadata_from_analysis(analysis)
    return Article(
        id=Article.id_for_text(text),
        text=text,
        title=given_title or found.title,
        publication=_blank_to_none(publication) or found.publication,
        published=given_date or found.published,
        url=_blank_to_none(url),
        author=_blank_to_none(author) or found.author,
        source_path=source_path,
        external_id=_blank_to_none(external_id),
        encoding=encoding,
    )


def _report_removed(analysis: Analysis, source: str | None, on_warning: Warn | None) -> None:
    """Log each removed passage with its size; warn when repeated text was removed in bulk."""
    name = source or "text"
    removed = analysis.removed()
    for passage in removed:
        logger.info(
            "%s: removed %s (%d chars): %.60r", name, passage.kind, passage.chars, passage.text
        )
    repeated = sum(item.chars for item in removed if item.kind == "duplicate")
    if repeated >= MIN_REPEATED_WARNING_CHARS:
        warn: Warn = on_warning if on_warning is not None else logger.warning
        kept = len(analysis.text())
        warn(
            f"{name}: {repeated:,} chars of repeated text removed, {kept:,} chars kept"
            " (each repeated line is kept once)"
        )


def _blank_to_none(value: str | None) -> str | None:
    if value is None:
        return None
    stripped = value.strip()
    return stripped or None
