"""Console output of `claimdesk eval`: the report tables, the comparison of two eval runs
and the gate's verdict (which exits 1 when the gate fails)."""

from __future__ import annotations

from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from extraction.cli.app import console, err_console
from extraction.evaluation.gate import check_gate
from extraction.evaluation.history import Comparison


def fmt(value: float | None) -> str:
    """A score with three decimals, or an em dash when there is none."""
    return "—" if value is None else f"{value:.3f}"


def fmt_interval(bounds: Any) -> str:
    """A 95% interval as `[low, high]`, or an em dash when there is none."""
    if not bounds:
        return "—"
    return f"[{bounds[0]:.3f}, {bounds[1]:.3f}]"


def _interval(report: dict[str, Any], group: str) -> Any:
    return ((report.get("intervals") or {}).get(group) or {}).get("f1")


def _print_grouping(grouping: dict[str, Any] | None) -> None:
    if not grouping or not grouping.get("pairwise"):
        return
    pairwise = grouping["pairwise"]
    console.print(
        f"tracker grouping of the gold claims ({grouping['backend']}):"
        f" pairwise P {fmt(pairwise['precision'])} R {fmt(pairwise['recall'])}"
        f" F1 {fmt(pairwise['f1'])}, ARI {fmt(grouping['ari'])},"
        f" {grouping['n_predicted_groups']} groups for {grouping['n_gold_groups']} gold groups"
    )


def print_report(report: dict[str, Any]) -> None:
    """Print an eval report: the scores, field accuracy, per-article table, grouping and
    engine failures."""
    table = Table(
        title=escape(
            f"claimdesk eval — {report['engine']} ({report['model']},"
            f" prompt {report['prompt_version']})"
        )
    )
    for name in ("score", "precision", "recall", "F1", "F1 95% interval"):
        table.add_column(name, justify="left" if name == "score" else "right")
    for group, title in (("all_correct", "all-correct (headline)"), ("claims", "claims")):
        values = report[group]
        table.add_row(
            title,
            fmt(values["precision"]),
            fmt(values["recall"]),
            fmt(values["f1"]),
            escape(fmt_interval(_interval(report, group))),
        )
    console.print(table)
    fields = "  ".join(f"{name} {fmt(value)}" for name, value in report["fields"].items())
    console.print(f"field accuracy (on {report['n_matched']} matched pairs): {fields}")
    console.print(
        f"{report['n_articles']} articles, {report['n_gold']} gold, {report['n_pred']} predicted,"
        f" grounding rate {fmt(report['grounding_rate'])}"
    )
    per_article = Table(title="per article")
    for name in (
        "article",
        "gold",
        "pred",
        "matched",
        "missed",
        "false pos.",
        "F1",
        "all-corr. F1",
    ):
        if name == "article":
            per_article.add_column(name, overflow="fold")
        else:
            per_article.add_column(name, justify="right")
    for item in report["per_article"]:
        per_article.add_row(
            escape(str(item["id"])),
            str(item["n_gold"]),
            str(item["n_pred"]),
            str(item["n_matched"]),
            str(len(item["missed"])),
            str(len(item["false_positives"])),
            fmt(item["claims"]["f1"]),
            fmt(item["all_correct"]["f1"]),
        )
    console.print(per_article)
    _print_grouping(report.get("grouping"))
    for article_id, error in (report.get("errors") or {}).items():
        err_console.print(
            f"[red]engine failed[/red] on {escape(article_id)}: {escape(error)}",
            highlight=False,
            soft_wrap=True,
        )


def print_comparison(comparison: Comparison, limit: int) -> None:
    """Print a comparison of two eval runs: metric deltas, the paired bootstrap and up to
    `limit` changed claims per list."""
    table = Table(title=f"eval compare: A {comparison.a_id[:12]} -> B {comparison.b_id[:12]}")
    table.add_column("metric", no_wrap=True, min_width=21)
    for name in ("A", "A 95% interval", "B", "B 95% interval", "B - A"):
        table.add_column(name, justify="right")
    for metric in comparison.metrics:
        delta = metric.delta
        shown = "—" if delta is None else f"{delta:+.3f}"
        style = "" if delta is None or abs(delta) < 1e-9 else ("green" if delta > 0 else "red")
        table.add_row(
            metric.name,
            fmt(metric.a),
            escape(fmt_interval(metric.a_interval)),
            fmt(metric.b),
            escape(fmt_interval(metric.b_interval)),
            f"[{style}]{shown}[/{style}]" if style else shown,
        )
    console.print(table)
    _print_paired(comparison)
    if not comparison.same_gold:
        err_console.print(
            "[yellow]warning[/yellow]: the runs scored different gold files;"
            " gold claims are matched by statement"
        )
    sections = (
        ("gold claims matched in A, not in B", comparison.lost),
        ("gold claims matched in B, not in A", comparison.gained),
        ("field changes on claims matched in both", comparison.field_changes),
        ("new false positives in B", comparison.new_false_positives),
        ("false positives of A gone in B", comparison.gone_false_positives),
    )
    for title, changes in sections:
        console.print(f"\n[bold]{title}[/bold]: {len(changes)}")
        for change in changes[:limit]:
            detail = f" — {change.detail}" if change.detail else ""
            console.print(
                f"  [{change.article_key}] {change.statement}{detail}",
                highlight=False,
                markup=False,
                soft_wrap=True,
            )
        if len(changes) > limit:
            console.print(f"  ... and {len(changes) - limit} more")


def _print_paired(comparison: Comparison) -> None:
    if not comparison.paired:
        return
    table = Table(title="paired bootstrap of B - A (the same articles resampled for both runs)")
    for name in ("metric", "B - A", "95% interval", "verdict"):
        table.add_column(name, justify="left" if name in {"metric", "verdict"} else "right")
    for item in comparison.paired:
        table.add_row(
            item.name,
            f"{item.delta:+.3f}",
            escape(f"[{item.low:+.3f}, {item.high:+.3f}]"),
            item.verdict,
        )
    console.print(table)


def apply_gate(
    report: dict[str, Any],
    min_f1: float | None,
    max_drop: float | None,
    baseline: dict[str, Any] | None,
    metric: str,
) -> None:
    """Apply the --min-f1 / --max-drop gate to a report: print its verdict, exit 1 when it
    fails; nothing when no gate was asked for."""
    if min_f1 is None and max_drop is None:
        return
    baseline_report = baseline["report"] if baseline else None
    name = f"baseline {baseline['label'] or baseline['id'][:12]}" if baseline else "baseline"
    result = check_gate(
        report,
        min_f1=min_f1,
        max_drop=max_drop,
        baseline=baseline_report,
        baseline_name=name,
        metric=metric,
    )
    for warning in result.warnings:
        err_console.print(f"[yellow]warning[/yellow]: {escape(warning)}", soft_wrap=True)
    for message in result.messages:
        console.print(f"gate: {message}", highlight=False, markup=False, soft_wrap=True)
    if not result.passed:
        err_console.print("[red]gate failed[/red]")
        raise typer.Exit(1)
    console.print("gate passed")
