"""SQL for review statistics: every review row's reviewer, action and time."""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from extraction.store.records import fetch_dicts


def review_times(
    con: duckdb.DuckDBPyConnection, since: dt.datetime | None = None
) -> list[dict[str, Any]]:
    """(reviewer, action, created_at) of the review rows since `since`, by reviewer and time."""
    return fetch_dicts(
        con.execute(
            "SELECT reviewer, action, created_at FROM reviews WHERE created_at >= ?"
            " ORDER BY reviewer, created_at",
            [since or dt.datetime(1970, 1, 1)],
        )
    )
