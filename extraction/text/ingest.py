"""Article ingestion: files and directories in, cleaned `Article`s (or one-line errors) out.

    ingest_paths(["examples/articles/"])   # batch: IngestReport(articles, errors, warnings)
    iter_ingest(paths)                      # streaming: Article | IngestError, one at a time
    ingest_text(raw, source_path=...)       # one text already in memory

Per file: read bytes -> decode (UTF-8, else detected, warning when not UTF-8; or the
encoding the caller forces) -> the format's reader (`readers.py`) -> `ingest_text`
(`article_from_text.py`): furniture removed (`clean.py`, each removed passage logged with its
size; much repeated text reported as a warning), metadata recovered where the input did not
give it (`metadata.py`), id = hash of the cleaned text. A bad file or JSONL line becomes an
IngestError naming it, whatever went wrong (decoding, a reader's parse or import failure);
the rest of the batch goes on.

Limits: an article longer than MAX_ARTICLE_CHARS after cleaning is rejected ("article too
long"); a non-JSONL file over MAX_FILE_BYTES is rejected before it is read. Directories are
walked recursively in sorted order, hidden files and directories skipped, files of other
types skipped with a warning; symlinked directories are not followed (no cycles): see
`input_files.py`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from extraction.schema import Article
from extraction.text.article_from_text import MAX_ARTICLE_CHARS as MAX_ARTICLE_CHARS
from extraction.text.article_from_text import MAX_RAW_CHARS as MAX_RAW_CHARS
from extraction.text.article_from_text import (
    MIN_REPEATED_WARNING_CHARS as MIN_REPEATED_WARNING_CHARS,
)
from extraction.text.article_from_text import EmptyArticleError as EmptyArticleError
from extraction.text.article_from_text import IngestTextError as IngestTextError
from extraction.text.article_from_text import Warn as Warn
from extraction.text.article_from_text import ingest_text as ingest_text
from extraction.text.decode import DecodeError, decode_bytes
from extraction.text.input_files import SUPPORTED_SUFFIXES as SUPPORTED_SUFFIXES
from extraction.text.input_files import PathInput as PathInput
from extraction.text.input_files import count_inputs as count_inputs
from extraction.text.input_files import supported_files, unsupported_message
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

#: Largest accepted .txt/.md/.html file; JSONL files hold many articles and have no cap.
MAX_FILE_BYTES = 64 * 1024 * 1024

_SINGLE_READERS: dict[str, Callable[[str], RawArticle]] = {
    ".txt": read_plain_text,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
}


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
    paths: Sequence[PathInput] | PathInput,
    *,
    on_warning: Warn | None = None,
    encoding: str | None = None,
) -> Iterator[Article | IngestError]:
    """Stream articles and errors from files and directories, one file at a time.

    Warnings (fallback decodings, skipped files) go to `on_warning`, else to the log.
    `encoding` forces the files' encoding instead of detecting it.
    Does not deduplicate (ingest_paths does; the store does across batches).
    """
    warn: Warn = on_warning if on_warning is not None else logger.warning
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    for given in paths:
        name = os.fspath(given)
        path = Path(name)
        if path.is_dir():
            yield from _ingest_directory(name, warn, encoding)
        elif not path.exists():
            yield IngestError(name, "no such file or directory")
        elif not path.is_file():
            yield IngestError(name, "not a regular file")
        elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
            yield IngestError(name, unsupported_message(path.suffix))
        else:
            yield from ingest_file(name, on_warning=warn, encoding=encoding)


def ingest_file(
    path: PathInput, *, on_warning: Warn | None = None, encoding: str | None = None
) -> Iterator[Article | IngestError]:
    """Ingest one file of a supported type: one article, or one per JSONL line.

    Any failure of this file (decoding, a reader's parse error, a missing optional module)
    is one IngestError; nothing raises out of here for a bad file.
    """
    warn: Warn = on_warning if on_warning is not None else logger.warning
    name = os.fspath(path)
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        yield IngestError(name, unsupported_message(suffix))
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
        decoded = decode_bytes(data, encoding)
    except DecodeError as exc:
        yield IngestError(name, str(exc))
        return
    if decoded.fallback and encoding is None:
        warn(f"{name}: not UTF-8; decoded as {decoded.encoding}")
    context = _Context(name, decoded.encoding, warn)
    if suffix == ".jsonl":
        try:
            yield from _ingest_records(context, read_jsonl(decoded.text))
        except Exception as exc:  # a reader bug must not stop the batch
            yield IngestError(name, reader_failure(exc))
        return
    try:
        raw = _SINGLE_READERS[suffix](decoded.text)
    except ReaderError as exc:
        yield IngestError(name, str(exc))
        return
    except Exception as exc:  # parse errors, a missing optional module: this file only
        yield IngestError(name, reader_failure(exc))
        return
    html = suffix in (".html", ".htm")
    yield _article_or_error(raw, context, empty_message=NO_HTML_TEXT if html else None)


def reader_failure(error: BaseException) -> str:
    """One line for a reader that failed: the exception's type and first line, and for a
    missing module the package to install."""
    first = (str(error).strip().splitlines() or [""])[0]
    if isinstance(error, ImportError):
        missing = error.name or "a module"
        hint = _INSTALL_HINTS.get(missing.split(".")[0], "")
        if "lxml_html_clean" in str(error) or missing.startswith("lxml.html.clean"):
            hint = " (pip install lxml_html_clean)"
        return f"cannot read this format, {missing} is not importable: {first}{hint}"
    return f"cannot read file ({type(error).__name__}: {first})"


#: Packages to install when an optional reader module is missing.
_INSTALL_HINTS = {
    "trafilatura": " (pip install trafilatura)",
    "lxml": " (pip install lxml lxml_html_clean)",
    "lxml_html_clean": " (pip install lxml_html_clean)",
}


@dataclass(frozen=True)
class _Context:
    """The file an article comes from: its name, its encoding, where warnings go."""

    name: str
    encoding: str
    warn: Warn


def _ingest_records(
    context: _Context, records: Iterable[RawArticle | RecordError]
) -> Iterator[Article | IngestError]:
    count = 0
    for record in records:
        count += 1
        if isinstance(record, RecordError):
            yield IngestError(context.name, record.message, line=record.line)
        else:
            yield _article_or_error(record, context)
    if count == 0:
        yield IngestError(context.name, "no JSON lines in file")


def _article_or_error(
    raw: RawArticle, context: _Context, *, empty_message: str | None = None
) -> Article | IngestError:
    name = context.name
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
            encoding=context.encoding,
            on_warning=context.warn,
        )
    except EmptyArticleError as exc:
        return IngestError(name, empty_message or str(exc), line=raw.line)
    except IngestTextError as exc:
        return IngestError(name, str(exc), line=raw.line)


def _ingest_directory(
    root: str, warn: Warn, encoding: str | None
) -> Iterator[Article | IngestError]:
    found = False
    for name in supported_files(root, warn):
        found = True
        yield from ingest_file(name, on_warning=warn, encoding=encoding)
    if not found:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        yield IngestError(root, f"no supported files in directory ({supported})")
