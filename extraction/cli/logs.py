"""`claimdesk logs`: the LLM call log (every attempt: request, response, tokens, error),
listed and filtered, or one call in full; like `llm logs`."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.markup import escape

from extraction.cli.app import DbOption, app, console, err_console, open_store
from extraction.cli.output import Column, FormatOption, JsonOption, emit, write_json
from extraction.store.llm_logs import STATUSES, LogFilter, LogNotFoundError, get_call, list_calls


def _short(value: Any) -> str:
    return "" if value is None else str(value)[:8]


LOG_COLUMNS = (
    Column("id", min_width=8, render=_short),
    Column("created_at", "time", min_width=19, render=lambda value: str(value or "")[:19]),
    Column("run_id", "run", min_width=8, render=_short),
    Column("article_id", "article", min_width=8, render=_short),
    Column("attempt", min_width=7, justify="right"),
    Column("model", min_width=10),
    Column("status", min_width=8),
    Column("total_tokens", "tokens", min_width=6, justify="right"),
    Column(
        "latency_ms",
        "ms",
        min_width=6,
        justify="right",
        render=lambda value: "" if value is None else f"{value:.0f}",
    ),
    Column("error", long=True, min_width=20),
)


@app.command("logs")
def logs_command(
    call_id: Annotated[
        str | None, typer.Argument(help="Show this call in full (id or unique prefix).")
    ] = None,
    db: DbOption = None,
    run: Annotated[str | None, typer.Option(help="Only calls of this run (id prefix).")] = None,
    article: Annotated[
        str | None, typer.Option(help="Only calls for this article (id prefix).")
    ] = None,
    status: Annotated[
        str | None, typer.Option(help=f"Only calls with this status: {', '.join(STATUSES)}.")
    ] = None,
    count: Annotated[
        int, typer.Option("--count", "-n", min=0, help="Show the latest N calls (0: all).")
    ] = 20,
    fmt: FormatOption = "table",
    json_target: JsonOption = None,
) -> None:
    """List logged LLM calls, newest first, or show one call with its request and response."""
    if status is not None and status not in STATUSES:
        raise typer.BadParameter(f"choose one of {', '.join(STATUSES)}", param_hint="--status")
    store = open_store(db, create=False)
    with store.connect(read_only=True) as con:
        if call_id is not None:
            try:
                call = get_call(con, call_id)
            except LogNotFoundError as error:
                err_console.print(f"[red]error:[/red] {escape(str(error))}", highlight=False)
                raise typer.Exit(1) from error
            _show(call, json_target)
            return
        rows = list_calls(con, LogFilter(run, article, status), limit=count or None)
    if emit(console, rows, LOG_COLUMNS, fmt=fmt, json_target=json_target, title="LLM calls"):
        console.print(f"{len(rows)} calls (newest first; `claimdesk logs ID` shows one in full)")


def _show(call: dict[str, Any], json_target: str | None) -> None:
    if json_target is not None:
        write_json(call, json_target)
        return
    for key in (
        "id",
        "created_at",
        "run_id",
        "article_id",
        "attempt",
        "endpoint",
        "model",
        "prompt_version",
        "status",
        "prompt_tokens",
        "completion_tokens",
        "latency_ms",
        "error",
    ):
        if call.get(key) is not None:
            console.print(f"{key}: {escape(str(call[key]))}", highlight=False, soft_wrap=True)
    for key in ("request", "response"):
        body = call.get(key)
        if body:
            console.print(f"\n[bold]{key}[/bold]")
            console.print(escape(_pretty(body)), highlight=False, soft_wrap=True)


def _pretty(body: str) -> str:
    try:
        return json.dumps(json.loads(body), indent=2, ensure_ascii=False)
    except ValueError:
        return body
