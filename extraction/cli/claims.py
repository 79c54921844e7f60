"""`claimdesk claims`, `claimdesk export`, `claimdesk runs`: read what is stored."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from extraction.cli.app import DbOption, app, console, open_store
from extraction.cli.output import Column, FormatOption, JsonOption, emit
from extraction.cli.report import write_html_report
from extraction.review.export import REVIEWED_FORMATS, write_reviewed
from extraction.store.claims import ClaimFilter, list_claims
from extraction.store.export import EXPORT_FORMATS, export_claims
from extraction.store.runs import list_runs


def _figure(row: dict[str, Any]) -> str:
    if row.get("quantity_value") is None:
        return ""
    value = row["quantity_value"]
    number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
    qualifier = row.get("quantity_qualifier") or "exact"
    prefix = "" if qualifier == "exact" else f"{qualifier} "
    return f"{prefix}{number} {row.get('quantity_unit') or ''}".strip()


@app.command("claims")
def claims_command(
    db: DbOption = None,
    article: Annotated[str | None, typer.Option(help="Only this article id.")] = None,
    engine: Annotated[str | None, typer.Option(help="Only claims from this engine.")] = None,
    claimant: Annotated[str | None, typer.Option(help="Claimant contains this text.")] = None,
    certainty: Annotated[
        str | None, typer.Option(help="asserted, hedged, unconfirmed or denied.")
    ] = None,
    ungrounded: Annotated[
        bool, typer.Option("--ungrounded", help="Only claims whose evidence was not found.")
    ] = False,
    limit: Annotated[int | None, typer.Option(help="Show at most N claims.")] = None,
    fmt: FormatOption = "table",
    json_target: JsonOption = None,
) -> None:
    """List stored claims (latest extraction of each article per engine)."""
    store = open_store(db, create=False)
    filters = ClaimFilter(
        article_id=article,
        engine=engine,
        claimant=claimant,
        certainty=certainty,
        ungrounded_only=ungrounded,
    )
    with store.connect(read_only=True) as con:
        rows = list_claims(con, filters, limit=limit)
    for row in rows:
        row["figure"] = _figure(row)
        row["article"] = row.get("publication") or row["article_id"]
    if emit(console, rows, CLAIM_COLUMNS, fmt=fmt, json_target=json_target):
        console.print(f"{len(rows)} claims")


#: The columns of `claimdesk claims` (csv and table); JSON gives every stored field.
CLAIM_COLUMNS = (
    Column("article", min_width=12, render=lambda value: str(value or "")[:24]),
    Column("claimant", min_width=12, render=lambda value: value or "—"),
    Column("claimant_type", "type", min_width=10),
    Column("via", min_width=8),
    Column("figure", min_width=10),
    Column("claim_date", "date", min_width=10),
    Column("certainty", min_width=11),
    Column("alignment_status", "grounding", min_width=9),
    Column("statement", long=True, min_width=24),
)


@app.command("export")
def export_command(
    output: Annotated[Path, typer.Argument(help="File to write.")],
    db: DbOption = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", help=f"One of {', '.join(EXPORT_FORMATS)}, html (a report)."
        ),
    ] = "csv",
    all_runs: Annotated[
        bool, typer.Option("--all-runs", help="Every extraction, not only the latest.")
    ] = False,
    reviewed: Annotated[
        bool,
        typer.Option("--reviewed", help="Reviewed claims as they stand after review (csv, jsonl)."),
    ] = False,
) -> None:
    """Export claims as CSV, JSON Lines or Parquet (DuckDB COPY)."""
    store = open_store(db, create=False)
    if fmt == "html":
        count = write_html_report(store, output)
        console.print(f"wrote a report of {count} claims to {output}")
        return
    if reviewed:
        if fmt not in REVIEWED_FORMATS:
            raise typer.BadParameter(
                f"--reviewed exports {', '.join(REVIEWED_FORMATS)}", param_hint="--format"
            )
        console.print(f"wrote {write_reviewed(store, output, fmt)} reviewed claims to {output}")
        return
    if fmt not in EXPORT_FORMATS:
        raise typer.BadParameter(
            f"choose one of {', '.join(EXPORT_FORMATS)}", param_hint="--format"
        )
    with store.connect(read_only=True) as con:
        count = export_claims(con, output, fmt, all_runs=all_runs)
    console.print(f"wrote {count} claims to {output}")


#: The columns of `claimdesk runs`.
RUN_COLUMNS = (
    Column("id", min_width=8, render=lambda value: str(value)[:8]),
    Column("started_at", "started", min_width=16, render=lambda value: str(value)[:16]),
    Column("engine", min_width=6),
    Column("model", long=True, min_width=12),
    Column("prompt_version", "prompt", min_width=8),
    Column("status", min_width=8),
    Column("n_articles", "articles", min_width=8, justify="right"),
    Column("n_skipped", "skipped", min_width=7, justify="right"),
    Column("n_failed", "failed", min_width=6, justify="right"),
    Column("n_claims", "claims", min_width=6, justify="right"),
    Column("n_ungrounded", "ungrounded", min_width=10, justify="right"),
    Column("tokens", min_width=6, justify="right"),
)


@app.command("runs")
def runs_command(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="Show the latest N runs.")] = 20,
    fmt: FormatOption = "table",
    json_target: JsonOption = None,
) -> None:
    """List extraction runs: engine, model, prompt, counts, tokens."""
    store = open_store(db, create=False)
    with store.connect(read_only=True) as con:
        rows = list_runs(con, limit)
    for row in rows:
        row["tokens"] = (row.get("prompt_tokens") or 0) + (row.get("completion_tokens") or 0)
    if emit(console, rows, RUN_COLUMNS, fmt=fmt, json_target=json_target) and not rows:
        console.print("no runs yet: `claimdesk extract PATH` makes one")
