#!/usr/bin/env python3
"""Build corpus/articles.jsonl from the hand-written sources in corpus/src/, checking each article.

Each source file is `corpus/src/partN/NNN.txt`: a header of `key: value` lines (title, outlet,
published, genre, topic), a line `---`, then the article text as a reader would paste it.
Every article is checked against the hidden evaluation set with ../shared/heldout-guard/guard.py
(one-way fingerprints); an overlapping article, a malformed header or an out-of-range length
stops the build with the file named.

Usage: python3 corpus/build.py [--check]   (--check: fail if articles.jsonl is out of date)
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

CORPUS = Path(__file__).resolve().parent
SOURCES = CORPUS / "src"
OUTPUT = CORPUS / "articles.jsonl"
GUARD = CORPUS.parent.parent / "shared" / "heldout-guard" / "guard.py"
HEADER_KEYS = ("title", "outlet", "published", "genre", "topic")
GENRES = frozenset(
    [
        "wire",
        "national",
        "local",
        "broadcast",
        "trade",
        "press-release",
        "live-blog",
        "interview",
        "long-read",
        "paste",
    ]
)
TOPICS = frozenset(
    [
        "conflict",
        "diplomacy",
        "politics",
        "courts",
        "disaster",
        "health",
        "science",
        "economy",
        "companies",
    ]
)
MIN_CHARS, MAX_CHARS = 1000, 3500


class CorpusError(ValueError):
    """A source file that cannot go into the corpus; the message names the file."""


def load_guard(path: Path = GUARD) -> ModuleType:
    """Import the held-out guard from ../shared (CI and sessions have it beside the repo)."""
    if not path.is_file():
        raise CorpusError(f"{path}: held-out guard not found (../shared must be beside the repo)")
    spec = importlib.util.spec_from_file_location("heldout_guard", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def parse_source(path: Path) -> dict[str, str]:
    """One source file as a corpus record (without checks against the held-out set)."""
    head, sep, body = path.read_text(encoding="utf-8").partition("\n---\n")
    if not sep:
        raise CorpusError(f"{path}: no '---' line between header and text")
    meta: dict[str, str] = {}
    for line in head.splitlines():
        key, colon, value = line.partition(": ")
        if not colon or key not in HEADER_KEYS:
            raise CorpusError(f"{path}: bad header line {line!r}")
        meta[key] = value.strip()
    missing = [key for key in HEADER_KEYS if key not in meta]
    if missing:
        raise CorpusError(f"{path}: header lacks {', '.join(missing)}")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta["published"]):
        raise CorpusError(f"{path}: published must be YYYY-MM-DD, got {meta['published']!r}")
    if meta["genre"] not in GENRES:
        raise CorpusError(f"{path}: unknown genre {meta['genre']!r}")
    if meta["topic"] not in TOPICS:
        raise CorpusError(f"{path}: unknown topic {meta['topic']!r}")
    text = body.strip() + "\n"
    if not MIN_CHARS <= len(text) <= MAX_CHARS:
        raise CorpusError(f"{path}: {len(text)} characters, outside {MIN_CHARS}-{MAX_CHARS}")
    part = path.parent.name
    return {
        "id": f"corpus-{part}-{path.stem}",
        "title": meta["title"],
        "publication": meta["outlet"],
        "published": meta["published"],
        "url": None,
        "genre": meta["genre"],
        "topic": meta["topic"],
        "text": text,
    }  # type: ignore[dict-item]


def build_records(sources: Path = SOURCES, guard: ModuleType | None = None) -> list[dict[str, str]]:
    """Every source as a record, in file order, each checked against the held-out set."""
    guard = guard or load_guard()
    records = []
    for path in sorted(sources.glob("part*/*.txt")):
        record = parse_source(path)
        if guard.is_blocked(record["text"], record.get("url")):
            raise CorpusError(f"{path}: overlaps an article of the hidden evaluation set")
        records.append(record)
    texts = [hashlib.sha256(r["text"].encode()).hexdigest() for r in records]
    if len(set(texts)) != len(texts):
        raise CorpusError("two source files hold the same text")
    return records


def render(records: list[dict[str, str]]) -> str:
    """The JSONL text of the corpus: one article a line, keys in a fixed order."""
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if articles.jsonl is stale")
    args = parser.parse_args(argv)
    try:
        records = build_records()
    except CorpusError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    text = render(records)
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"error: {OUTPUT} is out of date: run python3 corpus/build.py", file=sys.stderr)
            return 1
        print(f"{len(records)} articles, up to date, none overlaps the held-out set")
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"{len(records)} articles written to {OUTPUT}; none overlaps the held-out set")
    return 0


if __name__ == "__main__":
    sys.exit(main())
