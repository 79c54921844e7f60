"""Queries on the articles table."""

from __future__ import annotations

import duckdb

from extraction.schema import Article
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
)


def upsert_article(con: duckdb.DuckDBPyConnection, article: Article) -> bool:
    """Store an article once (its id is the hash of its text); True when it was new."""
    exists = con.execute("SELECT 1 FROM articles WHERE id = ?", [article.id]).fetchone()
    if exists:
        return False
    con.execute(
        "INSERT INTO articles (id, title, publication, published, url, author, source_path,"
        " external_id, text, n_chars, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            article.id,
            article.title,
            article.publication,
            article.published,
            article.url,
            article.author,
            article.source_path,
            article.external_id,
            article.text,
            len(article.text),
            utcnow(),
        ],
    )
    return True


def get_article(con: duckdb.DuckDBPyConnection, article_id: str) -> Article | None:
    """The stored article with this id, or None."""
    cursor = con.execute(f"SELECT {', '.join(_COLUMNS)} FROM articles WHERE id = ?", [article_id])
    rows = fetch_dicts(cursor)
    return Article(**rows[0]) if rows else None


def list_articles(con: duckdb.DuckDBPyConnection) -> list[Article]:
    """All stored articles, oldest first."""
    cursor = con.execute(f"SELECT {', '.join(_COLUMNS)} FROM articles ORDER BY ingested_at, id")
    return [Article(**row) for row in fetch_dicts(cursor)]
