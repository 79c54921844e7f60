"""Eval runs and their per-claim results: written once, listed, found by id/prefix/label."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from extraction.store.connection import Store
from extraction.store.eval_runs import (
    EvalRunNotFoundError,
    eval_results,
    find_eval_run,
    insert_eval_run,
    list_eval_runs,
)
from extraction.store.migrations import applied_migrations


def run_row(label: str | None, f1: float, created_at: dt.datetime) -> dict[str, Any]:
    return {
        "label": label,
        "created_at": created_at,
        "gold_path": "eval/gold/seeds.jsonl",
        "gold_hash": "abc",
        "engine": "rules",
        "model": "rules-v1",
        "prompt_version": "r1",
        "prompt_hash": "h",
        "metrics": {"claims": {"f1": f1}},
        "report": {"claims": {"f1": f1}, "per_article": []},
        "n_articles": 5,
        "n_gold": 78,
        "n_pred": 60,
        "f1": f1,
        "all_correct_f1": f1 / 2,
    }


RESULTS: list[dict[str, Any]] = [
    {
        "article_key": "a1",
        "kind": "matched",
        "gold_index": 0,
        "pred_index": 1,
        "similarity": 0.9,
        "fields_correct": {"claimant": True, "certainty": False},
        "field_values": {"certainty": ["asserted", "hedged"]},
        "all_correct": False,
        "statement": "About 11,000 North Korean troops are in Russia.",
        "evidence": "Close to 11,000 North Korean troops are in Russia",
        "pred_statement": "11,000 troops are in Russia.",
    },
    {
        "article_key": "a1",
        "kind": "missed",
        "gold_index": 1,
        "statement": "They will fight by Nov. 1.",
        "evidence": "ready to fight",
    },
    {
        "article_key": "a1",
        "kind": "false_positive",
        "pred_index": 0,
        "statement": "Photo for illustrative purposes.",
        "evidence": "Photo for illustrative purposes.",
    },
]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "eval.duckdb")
    store.ensure_schema()
    return store


def test_migration_2_creates_the_eval_tables(store: Store) -> None:
    with store.connect(read_only=True) as con:
        assert 2 in applied_migrations(con)
        tables = {
            row[0]
            for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        }
    assert {"eval_runs", "eval_results"} <= tables


def test_insert_list_and_find(store: Store) -> None:
    day = dt.datetime(2024, 11, 1, 12, 0)
    with store.transaction() as con:
        first = insert_eval_run(con, run_row("baseline", 0.5, day), RESULTS)
        second = insert_eval_run(con, run_row("baseline", 0.6, day + dt.timedelta(hours=1)), [])
        third = insert_eval_run(con, run_row(None, 0.7, day + dt.timedelta(hours=2)), [])
    with store.connect() as con:
        listed = list_eval_runs(con)
        assert [row["id"] for row in listed] == [third, second, first]
        assert listed[0]["label"] is None
        assert "report" not in listed[0]
        assert find_eval_run(con, first)["f1"] == 0.5
        # A label resolves to its newest run; reports come back decoded.
        by_label = find_eval_run(con, "baseline")
        assert by_label["id"] == second
        assert by_label["report"]["claims"]["f1"] == 0.6
        assert find_eval_run(con, third[:8])["id"] == third
        with pytest.raises(EvalRunNotFoundError):
            find_eval_run(con, "nope")
        assert list_eval_runs(con, limit=1)[0]["id"] == third


def test_results_round_trip(store: Store) -> None:
    with store.transaction() as con:
        run_id = insert_eval_run(con, run_row(None, 0.5, dt.datetime(2024, 11, 1)), RESULTS)
    with store.connect() as con:
        rows = eval_results(con, run_id)
    kinds = sorted(row["kind"] for row in rows)
    assert kinds == ["false_positive", "matched", "missed"]
    matched = next(row for row in rows if row["kind"] == "matched")
    assert matched["fields_correct"] == {"claimant": True, "certainty": False}
    assert matched["field_values"] == {"certainty": ["asserted", "hedged"]}
    assert matched["all_correct"] is False
    assert matched["pred_statement"] == "11,000 troops are in Russia."
    missed = next(row for row in rows if row["kind"] == "missed")
    assert missed["pred_index"] is None
    assert missed["fields_correct"] is None


def test_unknown_kind_rolls_back_the_whole_run(store: Store) -> None:
    bad = [*RESULTS, {"article_key": "a1", "kind": "weird", "statement": "s", "evidence": "e"}]
    with pytest.raises(ValueError, match="weird"), store.transaction() as con:
        insert_eval_run(con, run_row("x", 0.1, dt.datetime(2024, 11, 1)), bad)
    with store.connect() as con:
        assert list_eval_runs(con) == []
