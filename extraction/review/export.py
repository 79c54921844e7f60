"""Export reviewed claims (their current state) as CSV or JSON Lines.

Every claim with a review decision is exported, rejected ones included (with their
status and reason), so the file is a complete record; pending claims are left out.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from extraction.store.connection import Store
from extraction.store.records import CLAIM_FIELD_COLUMNS
from extraction.store.reviews import reviewed_states

REVIEWED_FORMATS = ("csv", "jsonl")

#: CSV columns, in order: provenance, review decision, the CLAIMS.md fields, grounding.
CSV_COLUMNS: tuple[str, ...] = (
    "claim_id",
    "article_id",
    "article_title",
    "publication",
    "published",
    "status",
    "reviewer",
    "reviewed_at",
    "reason",
    "version",
    *CLAIM_FIELD_COLUMNS,
    "evidence_start",
    "evidence_end",
    "alignment_status",
    "added",
    "superseded",
    "engine",
    "model",
    "prompt_version",
)


def reviewed_rows(store: Store) -> list[dict[str, Any]]:
    """The current state of every reviewed claim, one flat row each (CSV_COLUMNS)."""
    with store.connect() as con:
        rows = reviewed_states(con)
    return [{name: row[name] for name in CSV_COLUMNS} for row in rows]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def to_csv(rows: list[dict[str, Any]]) -> str:
    """CSV text with a header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([_text(row.get(name)) for name in CSV_COLUMNS])
    return buffer.getvalue()


def json_record(row: dict[str, Any]) -> dict[str, Any]:
    """One JSON Lines record: the claim in the CLAIMS.md shape plus review fields."""
    record = {name: row.get(name) for name in CSV_COLUMNS if not name.startswith("quantity_")}
    value = row.get("quantity_value")
    record["quantity"] = (
        None
        if value is None
        else {
            "value": value,
            "unit": row.get("quantity_unit"),
            "qualifier": row.get("quantity_qualifier") or "exact",
        }
    )
    return record


def to_jsonl(rows: list[dict[str, Any]]) -> str:
    """JSON Lines text, one claim per line."""
    return "".join(
        json.dumps(json_record(row), ensure_ascii=False, default=str) + "\n" for row in rows
    )


def render_reviewed(rows: list[dict[str, Any]], fmt: str) -> str:
    """The rows as text in `fmt` (csv or jsonl)."""
    if fmt == "csv":
        return to_csv(rows)
    if fmt == "jsonl":
        return to_jsonl(rows)
    raise ValueError(f"reviewed claims export as {', '.join(REVIEWED_FORMATS)}, not {fmt!r}")


def write_reviewed(store: Store, path: Path, fmt: str) -> int:
    """Write the reviewed claims to `path` in `fmt`; return how many were written."""
    if fmt not in REVIEWED_FORMATS:
        raise ValueError(f"reviewed claims export as {', '.join(REVIEWED_FORMATS)}, not {fmt!r}")
    rows = reviewed_rows(store)
    path.write_text(render_reviewed(rows, fmt), encoding="utf-8")
    return len(rows)
