"""Bulk inserts: many rows in one statement, through an in-memory Arrow table.

A DuckDB statement costs about a millisecond whatever it inserts, and `executemany` runs
one statement per row; one `INSERT ... SELECT` from an Arrow table of a few hundred rows
costs about as much as a single-row INSERT.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb


def warm_up() -> None:
    """Import pyarrow and convert one small table, so the first write of a batch does not
    pay for it (~0.2-0.4 s, inside the writer's turn at the file)."""
    import pyarrow as pa

    pa.table({"warm": pa.array([1])})


def insert_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    or_ignore: bool = False,
) -> int:
    """Insert `rows` (values in `columns` order) into `table`; return the rows inserted.

    `or_ignore` skips rows whose primary key is already stored (INSERT OR IGNORE).
    Column types are inferred from the Python values and cast to the table's types.
    """
    if not rows:
        return 0
    import pyarrow as pa  # 0.2 s to import: only when something is written

    data = pa.table({name: pa.array([row[i] for row in rows]) for i, name in enumerate(columns)})
    view = f"_bulk_{table}"
    listed = ", ".join(columns)
    verb = "INSERT OR IGNORE INTO" if or_ignore else "INSERT INTO"
    con.register(view, data)
    try:
        result = con.execute(f"{verb} {table} ({listed}) SELECT {listed} FROM {view}").fetchone()
    finally:
        con.unregister(view)
    return int(result[0]) if result else 0
