"""`claimdesk track`: claims about one proposition across articles, with their figures."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from extraction.cli.app import DbOption, app, console, err_console, open_store
from extraction.cli.output import Column, FormatOption, JsonOption, check_format, emit
from extraction.store.access import ReadOnlyStore
from extraction.tracker.embeddings import BACKENDS, EmbeddingUnavailableError, get_embedder
from extraction.tracker.service import GroupView, load_groups, recompute_groups

#: Below this many columns the statement column is left out (it would wrap word by word).
WIDE_CONSOLE = 120


def _group_table(view: GroupView) -> Table:
    flag = " [bold red]CONTESTED[/]" if view.contested else ""
    title = (
        f"[bold]{escape(view.label)}[/]{flag}  [dim]{len(view.claims)} claims · {view.id[:8]}[/]"
    )
    table = Table(title=title, title_justify="left", show_lines=False, expand=False)
    wide = console.width >= WIDE_CONSOLE
    table.add_column("date", no_wrap=True)
    table.add_column("claimant", overflow="fold", max_width=28)
    table.add_column("figure", no_wrap=True)
    table.add_column("stance", no_wrap=True)
    table.add_column("outlet", overflow="fold", max_width=20)
    table.add_column("via", overflow="fold", max_width=16)
    if wide:
        table.add_column("statement", overflow="fold", ratio=1)
    for point in view.timeline.points:
        claim = point.claim
        date = point.date.isoformat() if point.date else "—"
        if point.date_source == "published":
            date += "*"
        stance = claim.certainty
        if claim.certainty in ("denied", "unconfirmed"):
            stance = f"[red]{stance}[/]"
        cells = [
            date,
            escape(claim.source),
            point.figure,
            stance,
            escape(claim.publication or ""),
            escape(claim.via or ""),
        ]
        table.add_row(*cells, *([escape(claim.statement)] if wide else []))
    return table


def _print_group(view: GroupView) -> None:
    console.print(_group_table(view))
    for reason in view.timeline.reasons:
        console.print(f"  [red]•[/] {escape(reason)}")
    first = view.timeline.first
    if first is not None and len(view.claims) > 1:
        repeats = [s for s in view.timeline.sources if s.repeated_in or s.via]
        line = f"  first: {escape(first.claim.source)}"
        if first.date:
            line += f" ({first.date.isoformat()}, {escape(first.claim.publication or '?')})"
        if repeats:
            line += "; repeated: " + "; ".join(
                escape(
                    s.claimant
                    + (f" in {', '.join(s.repeated_in)}" if s.repeated_in else "")
                    + (f" via {', '.join(s.via)}" if s.via else "")
                )
                for s in repeats
            )
        console.print(line)
    console.print()


@app.command("track")
def track_command(
    db: DbOption = None,
    contested: Annotated[
        bool, typer.Option("--contested", help="Only groups whose figures or stances disagree.")
    ] = False,
    export: Annotated[
        Path | None, typer.Option("--export", help="Write the groups as JSON to this file.")
    ] = None,
    update: Annotated[
        bool,
        typer.Option(
            "--update/--no-update", help="Place new claims in groups first (default) or not."
        ),
    ] = True,
    rebuild: Annotated[
        bool,
        typer.Option(
            "--rebuild", help="Re-cluster every claim not pinned by a reviewer (after tuning)."
        ),
    ] = False,
    backend: Annotated[
        str | None,
        typer.Option(
            help=f"Embeddings: {', '.join(BACKENDS)} [default: $CLAIMDESK_TRACKER_BACKEND or auto]."
        ),
    ] = None,
    min_claims: Annotated[
        int, typer.Option("--min-claims", help="Only groups with at least N claims.")
    ] = 2,
    fmt: FormatOption = "table",
    json_target: JsonOption = None,
) -> None:
    """Group claims about the same proposition across articles and show their figures,
    stances and dates; contested groups first. `*` after a date: the article's date."""
    check_format(fmt)
    embedder = None
    if update or rebuild:
        try:
            with warnings.catch_warnings():
                # get_embedder also logs its fallback warning: shown once, without a path
                warnings.simplefilter("ignore", RuntimeWarning)
                embedder = get_embedder(backend)
        except (ValueError, EmbeddingUnavailableError) as error:
            err_console.print(f"[red]error:[/] {escape(str(error))}")
            raise typer.Exit(2) from error
    store = open_store(db, create=False)
    if embedder is not None and isinstance(store, ReadOnlyStore):
        err_console.print(
            f"{store.path}: read-only; showing the stored groups without updating",
            highlight=False,
            soft_wrap=True,
        )
    elif embedder is not None:
        summary = recompute_groups(store, embedder=embedder, rebuild=rebuild)
        err_console.print(
            f"[dim]{summary.n_claims} claims, {summary.n_new} placed"
            f" ({summary.n_attached} into existing groups, {summary.n_new_groups} new groups),"
            f" {summary.n_groups} groups in all · {summary.backend} · {summary.seconds:.1f} s[/]"
        )
    stored = load_groups(store, contested_only=contested)
    views = [v for v in stored if len(v.claims) >= min_claims]
    if json_target is not None or fmt != "table":
        rows = [_group_row(view) for view in views]
        payload = {"groups": [view.to_dict() for view in views]}
        emit(console, rows, GROUP_COLUMNS, fmt=fmt, json_target=json_target, payload=payload)
        return
    if export is not None:
        payload = {"groups": [view.to_dict() for view in views]}
        export.parent.mkdir(parents=True, exist_ok=True)
        export.write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
        console.print(f"wrote {len(views)} groups to {export}")
        return
    for view in views:
        _print_group(view)
    n_contested = sum(1 for view in views if view.contested)
    scope = "contested groups" if contested else "groups"
    console.print(
        f"{len(views)} groups ({n_contested} contested) shown, of {len(stored)} {scope}"
        f" stored; groups of fewer than {min_claims} claims are hidden (--min-claims)",
        soft_wrap=True,
    )


#: One row per group for --format csv/jsonl (--json gives each group in full).
GROUP_COLUMNS = (
    Column("id", min_width=8),
    Column("label", long=True, min_width=20),
    Column("contested", min_width=9),
    Column("n_claims", "claims", min_width=6),
    Column("figures", long=True, min_width=20),
    Column("reasons", long=True, min_width=20),
)


def _group_row(view: GroupView) -> dict[str, object]:
    return {
        "id": view.id,
        "label": view.label,
        "contested": view.contested,
        "n_claims": len(view.claims),
        "figures": "; ".join(
            f"{point.claim.source}: {point.figure or point.claim.certainty}"
            for point in view.timeline.points
        ),
        "reasons": "; ".join(view.timeline.reasons),
    }
