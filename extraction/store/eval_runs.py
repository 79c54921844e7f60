"""Queries on evaluation runs and their per-claim results (tables of migration 2).

The evaluation layer hands this module plain dicts; the store never imports it. An eval
run is written once, with all its result rows, in the caller's transaction, and never
updated.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import duckdb

from extraction.errors import ClaimDeskError
from extraction.store.records import fetch_dicts, new_id, to_json, utcnow

RUN_COLUMNS = (
    "id",
    "label",
    "created_at",
    "gold_path",
    "gold_hash",
    "engine",
    "model",
    "prompt_version",
    "prompt_hash",
    "metrics",
    "report",
    "n_articles",
    "n_gold",
    "n_pred",
    "f1",
    "all_correct_f1",
)

RESULT_COLUMNS = (
    "eval_run_id",
    "article_key",
    "kind",
    "gold_index",
    "pred_index",
    "similarity",
    "fields_correct",
    "field_values",
    "all_correct",
    "statement",
    "evidence",
    "pred_statement",
    "claimant",
    "pred_claimant",
    "explanation",
)

#: Result kinds stored in `eval_results.kind`.
RESULT_KINDS = frozenset({"matched", "missed", "false_positive"})

_JSON_RESULT_COLUMNS = ("fields_correct", "field_values")
_LIST_COLUMNS = (
    "id, label, created_at, gold_path, gold_hash, engine, model, prompt_version, prompt_hash,"
    " n_articles, n_gold, n_pred, f1, all_correct_f1"
)


class EvalRunNotFoundError(ClaimDeskError, LookupError):
    """No eval run has this id, id prefix or label (or a prefix is ambiguous)."""


def insert_eval_run(
    con: duckdb.DuckDBPyConnection,
    run: Mapping[str, Any],
    results: Sequence[Mapping[str, Any]],
) -> str:
    """Write one eval run and its result rows; return the run id. Caller holds the transaction.

    `run` holds the RUN_COLUMNS except id and created_at (generated when absent); `metrics`
    and `report` may be dicts (stored as JSON). Each result holds RESULT_COLUMNS except
    eval_run_id; missing optional columns are NULL.
    """
    run_id = str(run.get("id") or new_id())
    row = dict(run)
    row["id"] = run_id
    row.setdefault("created_at", utcnow())
    for key in ("metrics", "report"):
        if not isinstance(row.get(key), str):
            row[key] = to_json(row.get(key))
    con.execute(
        f"INSERT INTO eval_runs ({', '.join(RUN_COLUMNS)})"
        f" VALUES ({', '.join('?' for _ in RUN_COLUMNS)})",
        [row.get(column) for column in RUN_COLUMNS],
    )
    if results:
        con.executemany(
            f"INSERT INTO eval_results ({', '.join(RESULT_COLUMNS)})"
            f" VALUES ({', '.join('?' for _ in RESULT_COLUMNS)})",
            [_result_values(run_id, result) for result in results],
        )
    return run_id


def _result_values(run_id: str, result: Mapping[str, Any]) -> list[Any]:
    kind = result.get("kind")
    if kind not in RESULT_KINDS:
        raise ValueError(f"unknown eval result kind {kind!r}")
    values: list[Any] = []
    for column in RESULT_COLUMNS:
        if column == "eval_run_id":
            values.append(run_id)
        elif column in _JSON_RESULT_COLUMNS and result.get(column) is not None:
            values.append(to_json(result[column]))
        else:
            values.append(result.get(column))
    return values


def list_eval_runs(con: duckdb.DuckDBPyConnection, limit: int = 50) -> list[dict[str, Any]]:
    """The latest eval runs, newest first, without their reports."""
    cursor = con.execute(
        f"SELECT {_LIST_COLUMNS} FROM eval_runs ORDER BY created_at DESC, id LIMIT ?", [limit]
    )
    return fetch_dicts(cursor)


def _decode_run(row: dict[str, Any]) -> dict[str, Any]:
    for key in ("metrics", "report"):
        if isinstance(row.get(key), str):
            row[key] = json.loads(row[key])
    return row


def find_eval_run(con: duckdb.DuckDBPyConnection, ref: str) -> dict[str, Any]:
    """The eval run with id `ref`, else the one id that starts with it, else the newest run
    labelled `ref`; metrics and report decoded. Raise EvalRunNotFoundError otherwise."""
    columns = ", ".join(RUN_COLUMNS)
    rows = fetch_dicts(con.execute(f"SELECT {columns} FROM eval_runs WHERE id = ?", [ref]))
    if not rows:
        rows = fetch_dicts(
            con.execute(
                f"SELECT {columns} FROM eval_runs WHERE label = ?"
                " ORDER BY created_at DESC, id LIMIT 1",
                [ref],
            )
        )
    if not rows and len(ref) >= 4:
        rows = fetch_dicts(
            con.execute(f"SELECT {columns} FROM eval_runs WHERE starts_with(id, ?) LIMIT 2", [ref])
        )
        if len(rows) > 1:
            raise EvalRunNotFoundError(f"eval run prefix {ref!r} is ambiguous")
    if not rows:
        raise EvalRunNotFoundError(f"no eval run with id or label {ref!r}")
    return _decode_run(rows[0])


def eval_results(con: duckdb.DuckDBPyConnection, run_id: str) -> list[dict[str, Any]]:
    """The result rows of one eval run, JSON columns decoded, in article and index order."""
    cursor = con.execute(
        f"SELECT {', '.join(RESULT_COLUMNS)} FROM eval_results WHERE eval_run_id = ?"
        " ORDER BY article_key, kind, gold_index NULLS LAST, pred_index NULLS LAST",
        [run_id],
    )
    rows = fetch_dicts(cursor)
    for row in rows:
        for column in _JSON_RESULT_COLUMNS:
            if isinstance(row.get(column), str):
                row[column] = json.loads(row[column])
    return rows
