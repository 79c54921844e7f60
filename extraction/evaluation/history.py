"""Eval history: store runs with their per-claim results, list them, compare two of them.

A run is stored from its JSON report (see report_json.py): the report's headline metrics
go to `eval_runs`, and every matched pair, missed gold claim and false positive of
`per_article` becomes one `eval_results` row. The store layer only sees plain dicts.

Comparing run A with run B gives, per metric, B - A with both runs' bootstrap
intervals, and the claims that changed: gold claims matched in A but not in B (lost)
and in B but not in A (gained), matched in both with a field that turned right or wrong,
and false positives that appeared or disappeared. Gold claims are identified by article
id and gold index when both runs scored the same gold file (same hash), otherwise by
article id and gold statement.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from extraction.evaluation.fields import FIELD_NAMES
from extraction.evaluation.paired import PairedDifference, paired_from_reports
from extraction.evaluation.report_json import metrics_of
from extraction.store.connection import Store
from extraction.store.eval_runs import (
    eval_results,
    find_eval_run,
    insert_eval_run,
    list_eval_runs,
)

#: Metrics compared between runs: (display name, path into the report).
COMPARED_METRICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("all_correct.precision", ("all_correct", "precision")),
    ("all_correct.recall", ("all_correct", "recall")),
    ("all_correct.f1", ("all_correct", "f1")),
    ("claims.precision", ("claims", "precision")),
    ("claims.recall", ("claims", "recall")),
    ("claims.f1", ("claims", "f1")),
    *((f"fields.{name}", ("fields", name)) for name in FIELD_NAMES),
    ("grounding_rate", ("grounding_rate",)),
)


# ------------------------------------------------------------------ storing


def _row(article: str, kind: str, claim: Mapping[str, Any], **extra: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "article_key": article,
        "kind": kind,
        "statement": claim["statement"],
        "evidence": claim["evidence"],
        "claimant": claim.get("claimant"),
    }
    row.update(extra)
    return row


def result_rows(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per matched pair, missed gold claim and false positive of a report."""
    rows: list[dict[str, Any]] = []
    for article in report.get("per_article", []):
        key = article["id"]
        for item in article["matched"]:
            fields = item["fields"]
            rows.append(
                _row(
                    key,
                    "matched",
                    item["gold"],
                    gold_index=item["gold_index"],
                    pred_index=item["pred_index"],
                    similarity=item["similarity"],
                    fields_correct={name: check["correct"] for name, check in fields.items()},
                    field_values={
                        name: [check["gold"], check["pred"]] for name, check in fields.items()
                    },
                    all_correct=item["all_correct"],
                    pred_statement=item["pred"]["statement"],
                    pred_claimant=item["pred"]["claimant"],
                    explanation=item["explanation"],
                )
            )
        for item in article["missed"]:
            rows.append(
                _row(
                    key,
                    "missed",
                    item["gold"],
                    gold_index=item["gold_index"],
                    explanation=item["explanation"],
                )
            )
        for item in article["false_positives"]:
            pred = item["pred"]
            rows.append(
                _row(
                    key,
                    "false_positive",
                    pred,
                    pred_index=item["pred_index"],
                    pred_statement=pred["statement"],
                    pred_claimant=pred["claimant"],
                    claimant=None,
                    explanation=item["explanation"],
                )
            )
    return rows


def run_record(report: Mapping[str, Any], label: str | None = None) -> dict[str, Any]:
    """The `eval_runs` row of a report."""
    return {
        "label": label if label is not None else report.get("label"),
        "gold_path": report.get("gold_path"),
        "gold_hash": report.get("gold_hash"),
        "engine": report["engine"],
        "model": report["model"],
        "prompt_version": report["prompt_version"],
        "prompt_hash": report.get("prompt_hash"),
        "metrics": metrics_of(report),
        "report": dict(report),
        "n_articles": report["n_articles"],
        "n_gold": report["n_gold"],
        "n_pred": report["n_pred"],
        "f1": report["claims"]["f1"],
        "all_correct_f1": report["all_correct"]["f1"],
    }


def save_run(store: Store, report: Mapping[str, Any], label: str | None = None) -> str:
    """Store a report and its per-claim results in one transaction; return the run id."""
    with store.transaction() as con:
        return insert_eval_run(con, run_record(report, label), result_rows(report))


def history(store: Store, limit: int = 50) -> list[dict[str, Any]]:
    """The latest eval runs, newest first (no reports)."""
    with store.connect() as con:
        return list_eval_runs(con, limit)


def load_run(store: Store, ref: str) -> dict[str, Any]:
    """An eval run by id, id prefix or label (newest with that label), with its report."""
    with store.connect() as con:
        return find_eval_run(con, ref)


# ------------------------------------------------------------------ comparing


@dataclass(frozen=True)
class MetricDelta:
    """One metric in runs A and B, B - A, and both runs' intervals (when known)."""

    name: str
    a: float | None
    b: float | None
    a_interval: list[float] | None = None
    b_interval: list[float] | None = None

    @property
    def delta(self) -> float | None:
        """B - A, or None when either value is missing."""
        if self.a is None or self.b is None:
            return None
        return self.b - self.a


@dataclass(frozen=True)
class ClaimChange:
    """One gold or predicted claim whose outcome differs between runs A and B."""

    article_key: str
    change: str
    statement: str
    detail: str = ""


@dataclass
class Comparison:
    """Runs A and B side by side: metric deltas (B - A) and the claims that changed."""

    a_id: str
    b_id: str
    same_gold: bool
    metrics: list[MetricDelta]
    lost: list[ClaimChange] = field(default_factory=list)
    gained: list[ClaimChange] = field(default_factory=list)
    field_changes: list[ClaimChange] = field(default_factory=list)
    new_false_positives: list[ClaimChange] = field(default_factory=list)
    gone_false_positives: list[ClaimChange] = field(default_factory=list)
    #: B - A with paired bootstrap intervals; None unless both runs scored the same articles.
    paired: list[PairedDifference] | None = None


def _lookup(source: Mapping[str, Any], path: Sequence[str]) -> Any:
    value: Any = source
    for part in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def _interval(metrics: Mapping[str, Any], path: Sequence[str]) -> list[float] | None:
    if len(path) != 2 or path[0] not in ("claims", "all_correct"):
        return None
    bounds = _lookup(metrics.get("intervals") or {}, path)
    return list(bounds) if bounds else None


def metric_deltas(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[MetricDelta]:
    """B - A for every compared metric of two runs' metrics (or reports)."""
    deltas = []
    for name, path in COMPARED_METRICS:
        deltas.append(
            MetricDelta(
                name,
                _lookup(a, path),
                _lookup(b, path),
                _interval(a, path),
                _interval(b, path),
            )
        )
    return deltas


def _gold_key(row: Mapping[str, Any], by_index: bool) -> tuple[str, Any]:
    return (row["article_key"], row["gold_index"] if by_index else row["statement"])


def _matched(rows: Iterable[Mapping[str, Any]], by_index: bool) -> dict[tuple[str, Any], Any]:
    return {_gold_key(row, by_index): row for row in rows if row["kind"] == "matched"}


def _fp_keys(rows: Iterable[Mapping[str, Any]]) -> dict[tuple[str, str], Mapping[str, Any]]:
    return {
        (row["article_key"], " ".join(str(row["statement"]).lower().split())): row
        for row in rows
        if row["kind"] == "false_positive"
    }


def _field_changes(
    key: tuple[str, Any], row_a: Mapping[str, Any], row_b: Mapping[str, Any]
) -> list[ClaimChange]:
    changes = []
    correct_a, correct_b = row_a.get("fields_correct") or {}, row_b.get("fields_correct") or {}
    values_a, values_b = row_a.get("field_values") or {}, row_b.get("field_values") or {}
    for name in FIELD_NAMES:
        if name not in correct_a or name not in correct_b or correct_a[name] == correct_b[name]:
            continue
        gold, pred_a = (values_a.get(name) or [None, None])[:2]
        pred_b = (values_b.get(name) or [None, None])[1]
        verdict = "now right" if correct_b[name] else "now wrong"
        detail = f"{name} {verdict}: gold {gold!r}; A {pred_a!r} -> B {pred_b!r}"
        changes.append(ClaimChange(key[0], f"field:{name}", str(row_b["statement"]), detail))
    return changes


def compare(
    run_a: Mapping[str, Any],
    rows_a: Sequence[Mapping[str, Any]],
    run_b: Mapping[str, Any],
    rows_b: Sequence[Mapping[str, Any]],
) -> Comparison:
    """Compare two stored runs (rows as `eval_results` returns them): B against A."""
    same_gold = bool(run_a.get("gold_hash")) and run_a.get("gold_hash") == run_b.get("gold_hash")
    metrics_a = run_a.get("metrics") or run_a.get("report") or {}
    metrics_b = run_b.get("metrics") or run_b.get("report") or {}
    result = Comparison(
        a_id=str(run_a["id"]),
        b_id=str(run_b["id"]),
        same_gold=same_gold,
        metrics=metric_deltas(metrics_a, metrics_b),
    )
    if same_gold:
        result.paired = paired_from_reports(run_a.get("report") or {}, run_b.get("report") or {})
    matched_a, matched_b = _matched(rows_a, same_gold), _matched(rows_b, same_gold)
    for key, row in matched_a.items():
        if key not in matched_b:
            result.lost.append(ClaimChange(key[0], "lost", str(row["statement"])))
        else:
            result.field_changes.extend(_field_changes(key, row, matched_b[key]))
    for key, row in matched_b.items():
        if key not in matched_a:
            result.gained.append(ClaimChange(key[0], "gained", str(row["statement"])))
    fps_a, fps_b = _fp_keys(rows_a), _fp_keys(rows_b)
    for fp_key, row in fps_b.items():
        if fp_key not in fps_a:
            result.new_false_positives.append(
                ClaimChange(fp_key[0], "new false positive", str(row["statement"]))
            )
    for fp_key, row in fps_a.items():
        if fp_key not in fps_b:
            result.gone_false_positives.append(
                ClaimChange(fp_key[0], "false positive gone", str(row["statement"]))
            )
    return result


def compare_runs(store: Store, ref_a: str, ref_b: str) -> Comparison:
    """Load runs A and B (id, id prefix or label) with their results and compare them."""
    with store.connect() as con:
        run_a, run_b = find_eval_run(con, ref_a), find_eval_run(con, ref_b)
        rows_a, rows_b = eval_results(con, run_a["id"]), eval_results(con, run_b["id"])
    return compare(run_a, rows_a, run_b, rows_b)
