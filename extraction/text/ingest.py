"""Article ingestion: files and directories in, cleaned `Article`s (or one-line errors) out.

    ingest_paths(["examples/articles/"])   # batch: IngestReport(articles, errors, warnings)
    iter_ingest(paths)                      # streaming: Article | IngestError, one at a time
    ingest_text(raw, source_path=...)       # one text already in memory

Per file: read bytes -> decode (UTF-8, documented fallbacks, warning when used) -> the
format's reader (`readers.py`) -> `ingest_text`: furniture removed (`clean.py`), metadata
recovered where the input did not give it (`metadata.py`), id = hash of the cleaned text.
A bad file or JSONL line becomes an IngestError naming it; the rest of the batch goes on.

Limits: an article longer than MAX_ARTICLE_CHARS after cleaning is rejected ("article too
long"); a non-JSONL file over MAX_FILE_BYTES is rejected before it is read. Directories are
walked recursively in sorted order, hidden files and directories skipped, files of other
types skipped with a warning; symlinked directories are not followed (no cycles).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from extraction.errors import ClaimDeskError
from extraction.schema import Article
from extraction.text.clean import analyse
from extraction.text.decode import DecodeError, decode_bytes
from extraction.text.metadata import coerce_date, metadata_from_analysis
from extraction.text.readers import (
    NO_HTML_TEXT,
    RawArticle,
    ReaderError,
    RecordError,
    read_html,
    read_jsonl,
    read_markdown,
    read_plain_text,
)

logger = logging.getLogger(__name__)

SUPPORTED_SUFFIXES: frozenset[str] = frozenset(
    {".txt", ".md", ".markdown", ".html", ".htm", ".jsonl"}
)
#: Longest accepted article, in characters after cleaning.
MAX_ARTICLE_CHARS = 2_000_000
#: Raw text longer than this is refused before cleaning (cleaning is linear, but pointless).
MAX_RAW_CHARS = 10 * MAX_ARTICLE_CHARS
#: Largest accepted .txt/.md/.html file; JSONL files hold many articles and have no cap.
MAX_FILE_BYTES = 64 * 1024 * 1024

_SINGLE_READERS: dict[str, Callable[[str], RawArticle]] = {
    ".txt": read_plain_text,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
}

Warn = Callable[[str], None]
PathInput = str | os.PathLike[str]


class IngestTextError(ClaimDeskError, ValueError):
    """An input text that gives no article: nothing left after cleaning, too long, bad date."""


class EmptyArticleError(IngestTextError):
    """Nothing is left of the text once page furniture is removed."""


@dataclass(frozen=True)
class IngestError:
    """One input that could not be ingested: a file, or one line of a JSONL file."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        if self.line is not None:
            return f"{self.path}:{self.line}: {self.message}"
        return f"{self.path}: {self.message}"


@dataclass
class IngestReport:
    """What a batch ingestion produced: unique articles, errors, and warnings."""

    articles: list[Article] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


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
) -> Article:
    """Clean one article text and build its Article.

    Metadata given here wins; what is missing is recovered from the text. The id is
    `Article.id_for_text` of the cleaned text, so the same article always gets the same id.
    Raises IngestTextError when no text is left, the text is too long, or `published` is not
    a date.
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
    )


def ingest_paths(paths: Sequence[PathInput]) -> IngestReport:
    """Ingest files and directories (recursively) into one report.

    Order: the paths in the order given, each directory's files in sorted path order.
    Articles with the same id (the same cleaned text) are kept once, with a warning.
    """
    report = IngestReport()
    first_source: dict[str, str | None] = {}
    for item in iter_ingest(paths, on_warning=report.warnings.append):
        if isinstance(item, IngestError):
            report.errors.append(item)
        elif item.id in first_source:
            report.warnings.append(
                f"{item.source_path}: same text as {first_source[item.id]}, ingested once"
            )
        else:
            first_source[item.id] = item.source_path
            report.articles.append(item)
    return report


def iter_ingest(
    paths: Sequence[PathInput] | PathInput, *, on_warning: Warn | None = None
) -> Iterator[Article | IngestError]:
    """Stream articles and errors from files and directories, one file at a time.

    Warnings (fallback decodings, skipped files) go to `on_warning`, else to the log.
    Does not deduplicate (ingest_paths does; the store does across batches).
    """
    warn: Warn = on_warning if on_warning is not None else logger.warning
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    for given in paths:
        name = os.fspath(given)
        path = Path(name)
        if path.is_dir():
            yield from _ingest_directory(name, warn)
        elif not path.exists():
            yield IngestError(name, "no such file or directory")
        elif not path.is_file():
            yield IngestError(name, "not a regular file")
        elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
            yield IngestError(name, _unsupported(path.suffix))
        else:
            yield from ingest_file(name, on_warning=warn)


def ingest_file(
    path: PathInput, *, on_warning: Warn | None = None
) -> Iterator[Article | IngestError]:
    """Ingest one file of a supported type: one article, or one per JSONL line."""
    warn: Warn = on_warning if on_warning is not None else logger.warning
    name = os.fspath(path)
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        yield IngestError(name, _unsupported(suffix))
        return
    try:
        size = Path(name).stat().st_size
        if suffix != ".jsonl" and size > MAX_FILE_BYTES:
            yield IngestError(name, f"file too large ({size} bytes > {MAX_FILE_BYTES} limit)")
            return
        data = Path(name).read_bytes()
    except OSError as exc:
        yield IngestError(name, f"cannot read file ({exc.strerror or exc})")
        return
    try:
        decoded = decode_bytes(data)
    except DecodeError as exc:
        yield IngestError(name, str(exc))
        return
    if decoded.fallback:
        warn(f"{name}: not UTF-8; decoded as {decoded.encoding}")
    if suffix == ".jsonl":
        yield from _ingest_records(name, read_jsonl(decoded.text))
        return
    try:
        raw = _SINGLE_READERS[suffix](decoded.text)
    except ReaderError as exc:
        yield IngestError(name, str(exc))
        return
    html = suffix in (".html", ".htm")
    yield _article_or_error(raw, name, empty_message=NO_HTML_TEXT if html else None)


def _ingest_records(
    name: str, records: Iterable[RawArticle | RecordError]
) -> Iterator[Article | IngestError]:
    count = 0
    for record in records:
        count += 1
        if isinstance(record, RecordError):
            yield IngestError(name, record.message, line=record.line)
        else:
            yield _article_or_error(record, name)
    if count == 0:
        yield IngestError(name, "no JSON lines in file")


def _article_or_error(
    raw: RawArticle, name: str, *, empty_message: str | None = None
) -> Article | IngestError:
    try:
        return ingest_text(
            raw.text,
            source_path=name,
            title=raw.title,
            publication=raw.publication,
            published=raw.published,
            url=raw.url,
            external_id=raw.external_id,
            author=raw.author,
        )
    except EmptyArticleError as exc:
        return IngestError(name, empty_message or str(exc), line=raw.line)
    except IngestTextError as exc:
        return IngestError(name, str(exc), line=raw.line)


def _ingest_directory(root: str, warn: Warn) -> Iterator[Article | IngestError]:
    found = False
    for name in _walk(root, warn):
        found = True
        yield from ingest_file(name, on_warning=warn)
    if not found:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        yield IngestError(root, f"no supported files in directory ({supported})")


def _walk(directory: str, warn: Warn) -> Iterator[str]:
    """Supported files under `directory`, sorted, lazily; hidden entries skipped."""
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        warn(f"{directory}: cannot list directory ({exc.strerror or exc})")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        full = entry.path
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(full, warn)
        elif entry.is_file():
            if Path(entry.name).suffix.lower() in SUPPORTED_SUFFIXES:
                yield full
            else:
                warn(f"{full}: skipped, not a supported file type")


def _unsupported(suffix: str) -> str:
    supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
    shown = suffix or "(none)"
    return f"unsupported file type '{shown}' (supported: {supported})"


def _blank_to_none(value: str | None) -> str | None:
    if value is None:
        return None
    stripped = value.strip()
    return stripped or None
