"""Which files an ingestion reads: supported types, the recursive directory walk, counts.

Directories are walked recursively in sorted order, hidden files and directories skipped,
files of other types skipped with a warning; symlinked directories are not followed (no
cycles). `count_inputs` counts what `ingest.iter_ingest` will yield without reading articles.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from extraction.text.article_from_text import Warn

SUPPORTED_SUFFIXES: frozenset[str] = frozenset(
    {".txt", ".md", ".markdown", ".html", ".htm", ".jsonl"}
)

PathInput = str | os.PathLike[str]


def count_inputs(paths: Sequence[PathInput] | PathInput) -> int:
    """How many items `iter_ingest` will yield, counted without decoding or cleaning: one per
    file (or error), one per non-blank JSONL line. For a progress bar's total."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    total = 0
    for given in paths:
        name = os.fspath(given)
        if Path(name).is_dir():
            files = list(supported_files(name, lambda _message: None))
            total += sum(_count_file(file) for file in files) if files else 1
        else:
            total += _count_file(name)
    return total


def _count_file(name: str) -> int:
    if not name.lower().endswith(".jsonl"):
        return 1
    try:
        with Path(name).open("rb") as handle:
            lines = sum(1 for line in handle if line.strip())
    except OSError:
        return 1
    return max(lines, 1)


def supported_files(directory: str, warn: Warn) -> Iterator[str]:
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
            yield from supported_files(full, warn)
        elif entry.is_file():
            if Path(entry.name).suffix.lower() in SUPPORTED_SUFFIXES:
                yield full
            else:
                warn(f"{full}: skipped, not a supported file type")


def unsupported_message(suffix: str) -> str:
    supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
    shown = suffix or "(none)"
    return f"unsupported file type '{shown}' (supported: {supported})"
