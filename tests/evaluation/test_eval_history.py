"""Eval runs are stored with per-claim results, listed, and compared claim by claim."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from extraction.evaluation.bootstrap import bootstrap
from extraction.evaluation.history import (
    compare,
    compare_runs,
    history,
    load_run,
    result_rows,
    save_run,
)
from extraction.evaluation.report_json import build_report
from extraction.evaluation.scoring import score
from extraction.schema import Certainty, Claim
from extraction.store.connection import Store
from extraction.store.eval_runs import EvalRunNotFoundError
from tests.evaluation.eval_samples import TEXT, as_claim, gold_article, grounded


def report_for(preds: list[Claim], gold_hash: str = "gold-1") -> dict[str, Any]:
    article = gold_article()
    result = score([article], {article.id: grounded(TEXT, preds)})
    report = build_report(
        result,
        engine="scripted",
        model="m",
        prompt_version="p1",
        intervals=bootstrap(result.articles, n_resamples=100),
    )
    report["gold_hash"] = gold_hash
    return report


def baseline_preds() -> list[Claim]:
    gold = gold_article().claims
    return [as_claim(gold[0]), as_claim(gold[1]), as_claim(gold[2], certainty=Certainty.hedged)]


def candidate_preds() -> list[Claim]:
    gold = gold_article().claims
    return [
        as_claim(gold[0]),  # unchanged
        as_claim(gold[2]),  # certainty fixed
        as_claim(gold[3]),  # newly found
        as_claim(gold[3], statement="Photo for illustrative purposes.", evidence="Oct. 18"),
    ]  # gold[1] lost


def test_result_rows_cover_every_item() -> None:
    rows = result_rows(report_for(baseline_preds()))
    kinds = [row["kind"] for row in rows]
    assert kinds.count("matched") == 3
    assert kinds.count("missed") == 3
    assert kinds.count("false_positive") == 0
    hedged = next(row for row in rows if row["kind"] == "matched" and row["gold_index"] == 2)
    assert hedged["fields_correct"]["certainty"] is False
    assert hedged["field_values"]["certainty"] == ["asserted", "hedged"]


def test_save_list_load_and_compare(tmp_path: Path) -> None:
    store = Store(tmp_path / "h.duckdb")
    first = save_run(store, report_for(baseline_preds()), label="baseline")
    second = save_run(store, report_for(candidate_preds()), label="candidate")
    listed = history(store)
    assert [row["id"] for row in listed] == [second, first]
    assert listed[1]["label"] == "baseline"
    assert load_run(store, "baseline")["report"]["n_pred"] == 3

    comparison = compare_runs(store, "baseline", "candidate")
    assert comparison.same_gold
    assert [c.statement for c in comparison.lost] == [gold_article().claims[1].statement]
    assert [c.statement for c in comparison.gained] == [gold_article().claims[3].statement]
    (change,) = comparison.field_changes
    assert change.change == "field:certainty"
    assert "now right" in change.detail
    assert [c.statement for c in comparison.new_false_positives] == [
        "Photo for illustrative purposes."
    ]
    assert comparison.gone_false_positives == []
    metrics = {metric.name: metric for metric in comparison.metrics}
    f1 = metrics["all_correct.f1"]
    assert f1.a is not None and f1.b is not None
    assert f1.delta == pytest.approx(f1.b - f1.a)
    # A: 2 of 3 predictions all-correct (P 2/3, R 2/6); B: 3 of 4 (P 3/4, R 3/6).
    assert f1.a == pytest.approx(4 / 9)
    assert f1.b == pytest.approx(0.6)
    assert f1.a_interval is not None and f1.b_interval is not None
    assert metrics["fields.certainty"].a == pytest.approx(2 / 3)
    assert metrics["fields.certainty"].b == 1.0
    assert metrics["grounding_rate"].a_interval is None

    with pytest.raises(EvalRunNotFoundError):
        compare_runs(store, "baseline", "missing")


def test_compare_across_gold_versions_keys_claims_by_statement() -> None:
    report_a, report_b = report_for(baseline_preds(), "g1"), report_for(baseline_preds(), "g2")
    rows_a, rows_b = result_rows(report_a), result_rows(report_b)
    for row in rows_b:  # gold claims renumbered in the new gold file
        if row.get("gold_index") is not None:
            row["gold_index"] += 10
    run_a = {"id": "A", "gold_hash": "g1", "metrics": report_a}
    run_b = {"id": "B", "gold_hash": "g2", "metrics": report_b}
    comparison = compare(run_a, rows_a, run_b, rows_b)
    assert not comparison.same_gold
    assert comparison.lost == [] and comparison.gained == []
    assert all(metric.delta == 0 for metric in comparison.metrics)
