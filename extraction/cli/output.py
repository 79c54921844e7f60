"""Machine-readable and 80-column-friendly output for the listing commands.

Every listing (`claims`, `runs`, `logs`, `track`, `eval history`, `eval compare`) takes
`--format table|csv|jsonl` (to stdout) and `--json FILE` (`-` for stdout). A table that does
not fit the terminal is not squeezed into 2-character columns: each row becomes a short block
(`stacked` layout) whose long fields wrap under it.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
import sys
import textwrap
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

FORMATS = ("table", "csv", "jsonl")

FormatOption = Annotated[
    str,
    typer.Option(
        "--format",
        "-F",
        help="table (default), csv or jsonl, to stdout.",
        show_default=False,
    ),
]
JsonOption = Annotated[
    str | None,
    typer.Option(
        "--json",
        help="Write JSON to FILE ('-' for stdout).",
        metavar="FILE",
        show_default=False,
    ),
]


@dataclass(frozen=True)
class Column:
    """One output column: the row key, its header, and how it lays out in a table."""

    key: str
    header: str | None = None
    #: A long text field (statement, error): wraps; in the stacked layout, on its own lines.
    long: bool = False
    #: Narrowest width the table layout may give it (else the stacked layout is used).
    min_width: int = 6
    justify: str = "left"
    render: Callable[[Any], str] | None = None

    @property
    def title(self) -> str:
        """The header shown."""
        return self.header or self.key

    def cell(self, row: dict[str, Any]) -> str:
        """The cell text for a table."""
        value = row.get(self.key)
        if self.render is not None:
            return self.render(value)
        return "" if value is None else str(value)


@contextmanager
def human_output_to_stderr(console: Console, enabled: bool) -> Iterator[None]:
    """While JSON goes to stdout (`--json -`), send the console's human lines to stderr."""
    if not enabled:
        yield
        return
    previous = getattr(console, "_file", None)  # None: follows sys.stdout (CliRunner swaps it)
    console.file = sys.stderr
    try:
        yield
    finally:
        console.file = previous  # type: ignore[assignment]


def check_format(fmt: str) -> None:
    """Reject an unknown --format with click's usual one-line error."""
    if fmt not in FORMATS:
        raise typer.BadParameter(f"choose one of {', '.join(FORMATS)}", param_hint="--format")


def jsonable(value: Any) -> Any:
    """A value JSON can hold: dates as ISO strings, decimals as floats, paths as strings."""
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [jsonable(item) for item in value]
    return value


def write_json(payload: Any, target: str) -> str | None:
    """Write `payload` as JSON to a file, or to stdout when `target` is '-'.

    Returns the path written, or None for stdout."""
    text = json.dumps(jsonable(payload), indent=2, ensure_ascii=False) + "\n"
    if target == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return None
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


def write_rows(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[Column]) -> None:
    """csv (the columns' keys as header) or jsonl (every key of each row) to stdout."""
    if fmt == "jsonl":
        for row in rows:
            sys.stdout.write(json.dumps(jsonable(row), ensure_ascii=False) + "\n")
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([column.key for column in columns])
        for row in rows:
            writer.writerow([_csv_value(row.get(column.key)) for column in columns])
        sys.stdout.write(buffer.getvalue())
    sys.stdout.flush()


def _csv_value(value: Any) -> Any:
    value = jsonable(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


def fits(columns: Sequence[Column], width: int) -> bool:
    """True when every column gets at least its minimum width (plus borders and padding)."""
    return sum(column.min_width + 3 for column in columns) + 1 <= width


def print_table(
    console: Console,
    rows: Sequence[dict[str, Any]],
    columns: Sequence[Column],
    *,
    title: str | None = None,
) -> None:
    """A table when it fits the console, else one wrapped block per row (never squeezed)."""
    if fits(columns, console.width):
        table = Table(title=escape(title) if title else None)
        for column in columns:
            table.add_column(
                column.title,
                justify=column.justify,  # type: ignore[arg-type]
                min_width=column.min_width,
                overflow="fold",
                no_wrap=not column.long and column.min_width >= 8,
                ratio=2 if column.long else None,
            )
        for row in rows:
            table.add_row(*(escape(column.cell(row)) for column in columns))
        console.print(table)
        return
    print_stacked(console, rows, columns, title=title)


def print_stacked(
    console: Console,
    rows: Sequence[dict[str, Any]],
    columns: Sequence[Column],
    *,
    title: str | None = None,
) -> None:
    """One block per row: the short fields as `name value` pairs wrapped to the width, then
    each long field wrapped and indented; a blank line between rows."""
    width = max(console.width, 40)
    if title:
        console.print(f"[bold]{escape(title)}[/bold]")
    short = [column for column in columns if not column.long]
    long = [column for column in columns if column.long]
    for row in rows:
        pairs = [
            f"{column.title}: {column.cell(row)}" for column in short if column.cell(row) != ""
        ]
        head = textwrap.fill(" · ".join(pairs), width=width, subsequent_indent="  ")
        console.print(escape(head), highlight=False, soft_wrap=True)
        for column in long:
            text = column.cell(row)
            if text:
                wrapped = textwrap.fill(
                    f"{column.title}: {text}",
                    width=width,
                    initial_indent="  ",
                    subsequent_indent="    ",
                )
                console.print(escape(wrapped), highlight=False, soft_wrap=True)
        console.print()


def emit(
    console: Console,
    rows: Sequence[dict[str, Any]],
    columns: Sequence[Column],
    *,
    fmt: str,
    json_target: str | None,
    title: str | None = None,
    payload: Any = None,
) -> bool:
    """Output rows in the chosen form. Returns True when a table went to the console (the
    caller may then print its human summary lines), False for machine output."""
    check_format(fmt)
    if json_target is not None:
        written = write_json(payload if payload is not None else list(rows), json_target)
        if written is not None:
            console.print(f"wrote {len(rows)} rows to {written}", highlight=False)
        return written is not None and fmt == "table"
    if fmt != "table":
        write_rows(rows, fmt, columns)
        return False
    print_table(console, rows, columns, title=title)
    return True
