"""Queries on the articles table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import duckdb

from extraction.schema import Article
from extraction.store.bulk import insert_rows
from extraction.store.records import fetch_dicts, utcnow

_COLUMNS = (
    "id",
    "title",
    "publication",
    "published",
    "url",
    "author",
    "source_path",
    "external_id",
    "text",
    "encoding",
)

_INSERT_COLUMNS = (*_COLUMNS, "n_chars", "ingested_at")


def upsert_article(con: duckdb.DuckDBPyConnection, article: Article) -> bool:
    """Store an article once (its id is the hash of its text); True when it was new."""
    return insert_new_articles(con, [article]) == 1


def insert_new_articles(con: duckdb.DuckDBPyConnection, articles: Sequence[Article]) -> int:
    """Store the articles not stored yet, in one statement; return how many were new.

    An article already stored (or given twice) is kept as first stored. `ingested_at`
    increases by a microsecond per article, so "oldest first" keeps the given order.
    """
    unique: dict[str, Article] = {}
    for article in articles:
        unique.setdefault(article.id, article)
    now = utcnow()
    rows = [
        [
            *(getattr(article, name) for name in _COLUMNS),
            len(article.text),
            now + dt.timedelta(microseconds=position),
        ]
        for position, article in enumerate(unique.values())
    ]
    return insert_rows(con, "articles", _INSERT_COLUMNS, rows, or_ignore=True)


def get_article(con: duckdb.DuckDBPyConnection, article_id: str) -> Article | None:
    """The stored article with this id, or None."""
    cursor = con.execute(f"SELECT {', '.join(_COLUMNS)} FROM articles WHERE id = ?", [article_id])
    rows = fetch_dicts(cursor)
    return Article(**rows[0]) if rows else None


def list_articles(con: duckdb.DuckDBPyConnection) -> list[Article]:
    """All stored articles, oldest first."""
    cursor = con.execute(f"SELECT {', '.join(_COLUMNS)} FROM articles ORDER BY ingested_at, id")
    return [Article(**row) for row in fetch_dicts(cursor)]


def get_articles(con: duckdb.DuckDBPyConnection, article_ids: Sequence[str]) -> dict[str, Article]:
    """The stored articles with these ids, in one query (ids not stored are left out)."""
    if not article_ids:
        return {}
    cursor = con.execute(
        f"SELECT {', '.join(_COLUMNS)} FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))",
        [list(article_ids)],
    )
    return {row["id"]: Article(**row) for row in fetch_dicts(cursor)}
