"""`eval compare`: a paired bootstrap of B - A, and the side-by-side HTML page."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from extraction.cli import app
from extraction.evaluation.bootstrap import Counts
from extraction.evaluation.history import compare_runs, save_run
from extraction.evaluation.paired import paired_bootstrap, paired_from_reports
from extraction.store.connection import Store
from tests.evaluation.test_eval_history import baseline_preds, candidate_preds, report_for


def _by_name(items: list) -> dict:  # type: ignore[type-arg]
    return {item.name: item for item in items}


def test_identical_runs_differ_by_exactly_zero() -> None:
    counts = [Counts(10, 8, 6, 4), Counts(5, 5, 2, 1), Counts(7, 9, 5, 5)]
    result = _by_name(paired_bootstrap(counts, counts, n_resamples=200))
    assert result["all_correct.f1"].low == result["all_correct.f1"].high == 0.0
    assert result["all_correct.f1"].verdict == "no clear difference"


def test_a_run_better_on_every_article_has_an_interval_above_zero() -> None:
    a = [Counts(10, 10, 5, 3), Counts(8, 8, 4, 2), Counts(6, 6, 3, 1), Counts(9, 9, 4, 2)]
    b = [Counts(10, 10, 7, 5), Counts(8, 8, 6, 4), Counts(6, 6, 4, 3), Counts(9, 9, 6, 4)]
    result = _by_name(paired_bootstrap(a, b, n_resamples=300, seed=1))
    all_correct = result["all_correct.f1"]
    assert all_correct.delta > 0 and all_correct.low > 0
    assert all_correct.verdict == "B better"
    again = _by_name(paired_bootstrap(a, b, n_resamples=300, seed=1))
    assert again["all_correct.f1"] == all_correct  # the seed fixes the interval
    assert _by_name(paired_bootstrap(b, a, n_resamples=300, seed=1))["all_correct.f1"].high < 0


def test_paired_needs_the_same_articles() -> None:
    report = report_for(baseline_preds())
    other = dict(report, per_article=[dict(report["per_article"][0], id="elsewhere")])
    assert paired_from_reports(report, other) is None
    assert paired_from_reports(report, report) is not None


def test_compare_prints_the_paired_interval_and_writes_the_html(tmp_path: Path) -> None:
    db = tmp_path / "h.duckdb"
    store = Store(db)
    candidate = candidate_preds()
    candidate[1] = candidate[1].model_copy(update={"statement": "<script>alert(1)</script> x"})
    save_run(store, report_for(baseline_preds()), label="a")
    save_run(store, report_for(candidate), label="b")
    comparison = compare_runs(store, "a", "b")
    assert comparison.paired is not None
    html = tmp_path / "compare.html"
    result = CliRunner().invoke(
        app, ["eval", "compare", "a", "b", "--db", str(db), "--html", str(html)]
    )
    assert result.exit_code == 0, result.output
    assert "paired bootstrap of B - A" in result.output
    page = html.read_text(encoding="utf-8")
    assert "only in A" in page and "only in B" in page and "Paired bootstrap" in page
    assert "<script>alert" not in page and "&lt;script&gt;" in page
