"""`claimdesk engines`: the installed engines and the options each one takes."""

from __future__ import annotations

from typing import Any

from pydantic.fields import FieldInfo
from rich.markup import escape
from rich.table import Table

from extraction.cli.app import app, console
from extraction.engines.base import EngineConfigError, engine_names, load_plugin, registered_engines


def _default(field: FieldInfo) -> str:
    if field.default_factory is not None:
        return "(computed)"
    value: Any = field.get_default()
    return "—" if value is None else str(value)


@app.command("engines")
def engines_command() -> None:
    """List the engines found through the `claimdesk.engines` entry points, with their
    options (set them with the shared flags or `-o key=value`)."""
    targets = registered_engines()
    for name in engine_names():
        try:
            plugin = load_plugin(name)
        except EngineConfigError as error:
            console.print(
                f"[bold]{escape(name)}[/bold]: [red]cannot load[/red] {escape(str(error))}"
            )
            continue
        title = f"{name} — {plugin.summary}" if plugin.summary else name
        table = Table(title=escape(title), caption=escape(targets[name]), title_justify="left")
        for column in ("option", "type", "default", "description"):
            table.add_column(column, overflow="fold")
        for key, field in plugin.options.model_fields.items():
            kind = getattr(field.annotation, "__name__", None) or str(field.annotation)
            kind = kind.replace("pathlib.", "").replace("pydantic.types.", "")
            table.add_row(
                key, escape(kind), escape(_default(field)), escape(field.description or "")
            )
        console.print(table)
