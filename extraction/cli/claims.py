"""`claimdesk claims`, `claimdesk export`, `claimdesk runs`: read what is stored."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from extraction.cli.app import DbOption, app, console, open_store
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
) -> None:
    """List stored claims (latest extraction of each article per engine) as a table."""
    store = open_store(db)
    filters = ClaimFilter(
        article_id=article,
        engine=engine,
        claimant=claimant,
        certainty=certainty,
        ungrounded_only=ungrounded,
    )
    with store.connect(read_only=True) as con:
        rows = list_claims(con, filters, limit=limit)
    table = Table()
    for name in ("article", "claimant", "type", "via", "figure", "date", "certainty"):
        short = name in {"type", "date", "certainty"}
        table.add_column(name, no_wrap=short, overflow="fold")
    table.add_column("statement", overflow="fold", min_width=24)
    table.add_column("grounding", no_wrap=True)
    for row in rows:
        table.add_row(
            (row.get("publication") or row["article_id"])[:24],
            row.get("claimant") or "—",
            row["claimant_type"],
            row.get("via") or "",
            _figure(row),
            str(row.get("claim_date") or ""),
            row["certainty"],
            row["statement"],
            row["alignment_status"],
        )
    console.print(table)
    console.print(f"{len(rows)} claims")


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
    store = open_store(db)
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


@app.command("runs")
def runs_command(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="Show the latest N runs.")] = 20,
) -> None:
    """List extraction runs: engine, model, prompt, counts, tokens."""
    store = open_store(db)
    with store.connect(read_only=True) as con:
        rows = list_runs(con, limit)
    table = Table()
    for name in ("started", "engine", "model", "prompt", "status", "articles", "skipped"):
        table.add_column(name)
    for name in ("failed", "claims", "ungrounded", "tokens"):
        table.add_column(name, justify="right")
    for row in rows:
        table.add_row(
            str(row["started_at"])[:19],
            row["engine"],
            row["model"],
            row["prompt_version"],
            row["status"],
            str(row["n_articles"]),
            str(row["n_skipped"]),
            str(row["n_failed"]),
            str(row["n_claims"]),
            str(row["n_ungrounded"]),
            str(row["prompt_tokens"] + row["completion_tokens"]),
        )
    console.print(table)
