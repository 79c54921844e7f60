"""`claimdesk eval`: score an engine against a gold set; `eval history`, `eval compare`.

The commands and their options live here; what they print (report tables, comparisons,
the gate's verdict) in `eval_output`.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from extraction.cli.app import DbOption, app, console, err_console, open_store
from extraction.cli.engine_options import DEFAULT_CHOICE, EngineChoice, engine_flags
from extraction.cli.eval_output import apply_gate, fmt, print_comparison, print_report
from extraction.cli.output import (
    Column,
    FormatOption,
    JsonOption,
    check_format,
    emit,
    human_output_to_stderr,
    write_json,
)
from extraction.cli.progress import BatchProgress
from extraction.engines.base import Extractor
from extraction.errors import ClaimDeskError
from extraction.evaluation.bootstrap import DEFAULT_RESAMPLES, DEFAULT_SEED, bootstrap
from extraction.evaluation.compare_html import write_comparison_html
from extraction.evaluation.gate import DEFAULT_GATE_METRIC, GATE_METRICS
from extraction.evaluation.gold import gold_hash, load_gold
from extraction.evaluation.grouping import grouping_report
from extraction.evaluation.history import compare_runs, history, load_run, save_run
from extraction.evaluation.report_html import write_html_report
from extraction.evaluation.report_json import report_for_run, write_json_report
from extraction.evaluation.runner import EvalRun, run_eval
from extraction.schema import GoldArticle

eval_app = typer.Typer(
    name="eval",
    help="Score extraction against a gold set; keep and compare the history of eval runs.",
    invoke_without_command=True,
    add_completion=False,
    rich_markup_mode=None,
)
app.add_typer(eval_app, name="eval")


def _run_with_progress(gold: list[GoldArticle], extractor: Extractor, concurrency: int) -> EvalRun:
    console.print(
        f"engine: [bold]{escape(extractor.name)}[/bold] (model {escape(extractor.model)})"
    )
    with BatchProgress(err_console, len(gold)) as progress:
        return run_eval(
            gold,
            extractor,
            concurrency=concurrency,
            on_progress=lambda _article: progress.advance(),
        )


@eval_app.callback(invoke_without_command=True)
@engine_flags
def eval_command(
    ctx: typer.Context,
    gold: Annotated[
        Path | None, typer.Option("--gold", "-g", help="Gold JSONL file (CLAIMS.md format).")
    ] = None,
    engine: EngineChoice = DEFAULT_CHOICE,
    json_path: Annotated[
        str | None,
        typer.Option("--json", metavar="FILE", help="Write the JSON report here ('-': stdout)."),
    ] = None,
    html_path: Annotated[
        Path | None, typer.Option("--html", help="Write the HTML report here.")
    ] = None,
    label: Annotated[
        str | None, typer.Option(help="Name this run (usable as --baseline later).")
    ] = None,
    db: DbOption = None,
    min_f1: Annotated[
        float | None,
        typer.Option(min=0.0, max=1.0, help="Fail (exit 1) when the gate F1 is below X."),
    ] = None,
    max_drop: Annotated[
        float | None,
        typer.Option(
            min=0.0,
            max=1.0,
            help="Fail (exit 1) when the gate F1 fell more than X below --baseline.",
        ),
    ] = None,
    baseline: Annotated[
        str | None, typer.Option(help="Baseline eval run: id, id prefix or label.")
    ] = None,
    gate_metric: Annotated[
        str,
        typer.Option(
            help="F1 the gate reads: all_correct (headline, default) or claims.",
        ),
    ] = DEFAULT_GATE_METRIC,
    no_store: Annotated[
        bool, typer.Option("--no-store", help="Do not record this run in the database.")
    ] = False,
    resamples: Annotated[
        int, typer.Option(min=1, help="Bootstrap resamples for the 95% intervals.")
    ] = DEFAULT_RESAMPLES,
    seed: Annotated[int, typer.Option(help="Bootstrap seed.")] = DEFAULT_SEED,
    concurrency: Annotated[
        int, typer.Option(min=1, max=64, help="Articles extracted in parallel (LLM engines).")
    ] = 1,
    grouping: Annotated[
        bool,
        typer.Option(
            "--grouping/--no-grouping",
            help="Also score the claim tracker's grouping of the gold claims (needs group labels).",
        ),
    ] = True,
    allow_failures: Annotated[
        bool,
        typer.Option(
            "--allow-failures",
            help="Exit 0 even when the engine failed on articles (they score as empty).",
        ),
    ] = False,
) -> None:
    """Extract every gold article's text, score it, report it, store it and apply the gate.

    The gate reads all-correct F1 (claimant, certainty and quantity right) unless
    --gate-metric claims. Exits 1 when the engine failed on an article, unless
    --allow-failures.
    """
    if ctx.invoked_subcommand is not None:
        return
    ctx.with_resource(human_output_to_stderr(console, json_path == "-"))
    if gold is None:
        raise ClaimDeskError("--gold FILE is required (or use a subcommand)")
    if gate_metric not in GATE_METRICS:
        raise ClaimDeskError(f"--gate-metric must be one of {sorted(GATE_METRICS)}")
    if max_drop is not None and baseline is None:
        raise ClaimDeskError("--max-drop needs --baseline RUN_ID_OR_LABEL")
    articles = load_gold(gold)
    extractor = engine.create()  # a bad engine or model writes nothing
    store = open_store(db) if (baseline or not no_store) else None
    baseline_run = load_run(store, baseline) if store and baseline else None
    run = _run_with_progress(articles, extractor, concurrency)
    intervals = bootstrap(run.score.articles, n_resamples=resamples, seed=seed)
    report = report_for_run(
        run, intervals, gold_path=str(gold), gold_hash=gold_hash(gold), label=label
    )
    if grouping:
        report["grouping"] = grouping_report(articles)
    print_report(report)
    if store is not None and not no_store:
        run_id = save_run(store, report, label)
        report["run_id"] = run_id
        shown = f"eval run id: {run_id}" + (f" (label {label})" if label else "")
        console.print(shown, markup=False, soft_wrap=True)
    if json_path == "-":
        write_json(report, "-")
    elif json_path is not None:
        written = write_json_report(report, json_path)
        console.print(f"JSON report: {written}", markup=False, soft_wrap=True)
    if html_path is not None:
        written = write_html_report(run.score, report, html_path)
        console.print(f"HTML report: {written}", markup=False, soft_wrap=True)
    apply_gate(report, min_f1, max_drop, baseline_run, gate_metric)
    failures = report.get("errors") or {}
    if failures and not allow_failures:
        err_console.print(
            f"[red]error[/red]: the engine failed on {len(failures)} article(s), scored as"
            " empty; exit 1 (--allow-failures to accept)",
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(1)


HISTORY_COLUMNS = (
    Column("id", min_width=12, render=lambda value: str(value)[:12]),
    Column("label", min_width=8),
    Column("created_at", "date", min_width=16, render=lambda value: f"{value:%Y-%m-%d %H:%M}"),
    Column("engine", min_width=6),
    Column("model", long=True, min_width=12),
    Column("prompt_version", "prompt", min_width=8),
    Column("f1", "claim F1", min_width=8, justify="right", render=lambda value: fmt(value)),
    Column(
        "all_correct_f1",
        "all-correct F1",
        min_width=8,
        justify="right",
        render=lambda value: fmt(value),
    ),
    Column("n_gold", "gold", min_width=5, justify="right"),
    Column("n_pred", "pred", min_width=5, justify="right"),
)


@eval_app.command("history")
def history_command(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(min=1, help="Show at most N runs.")] = 50,
    fmt: FormatOption = "table",
    json_target: JsonOption = None,
) -> None:
    """List stored eval runs, newest first."""
    runs = history(open_store(db, create=False), limit)
    shown = emit(
        console, runs, HISTORY_COLUMNS, fmt=fmt, json_target=json_target, title="eval runs"
    )
    if shown and not runs:
        console.print("no eval runs yet: run `claimdesk eval --gold FILE`")


@eval_app.command("compare")
def compare_command(
    run_a: Annotated[str, typer.Argument(help="Run A (before): id, id prefix or label.")],
    run_b: Annotated[str, typer.Argument(help="Run B (after): id, id prefix or label.")],
    db: DbOption = None,
    limit: Annotated[int, typer.Option(min=1, help="Show at most N claims per list.")] = 50,
    fmt: FormatOption = "table",
    json_target: JsonOption = None,
    html_path: Annotated[
        Path | None,
        typer.Option("--html", help="Write a side-by-side page of the changed claims here."),
    ] = None,
) -> None:
    """Compare two eval runs: metric deltas (B - A) with a paired bootstrap interval when
    both scored the same articles, and the claims that changed."""
    check_format(fmt)
    comparison = compare_runs(open_store(db, create=False), run_a, run_b)
    if html_path is not None:
        written = write_comparison_html(comparison, html_path)
        err_console.print(f"HTML comparison: {written}", markup=False, soft_wrap=True)
    if json_target is not None or fmt != "table":
        # one row per metric for csv/jsonl; --json gives the whole comparison
        rows = [{**dataclasses.asdict(m), "delta": m.delta} for m in comparison.metrics]
        columns = [Column(key) for key in (rows[0] if rows else {"name": None})]
        payload = dataclasses.asdict(comparison)
        emit(console, rows, columns, fmt=fmt, json_target=json_target, payload=payload)
        return
    print_comparison(comparison, limit)
