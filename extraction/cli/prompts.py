"""`claimdesk prompts list` and `claimdesk prompts show VERSION`: the prompt files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from extraction.cli.app import app, console, err_console
from extraction.engines.prompts import (
    PromptError,
    default_prompts_dir,
    load_prompt,
    load_prompt_file,
    prompt_files,
)
from extraction.schema import Article

prompts_app = typer.Typer(help="List and render the extraction prompts in prompts/.")
app.add_typer(prompts_app, name="prompts")

DirOption = Annotated[
    Path | None,
    typer.Option(
        "--dir",
        help="Prompt directory [default: prompts/; env CLAIMDESK_PROMPTS].",
        show_default=False,
    ),
]


@prompts_app.command("list")
def list_command(directory: DirOption = None) -> None:
    """Every prompt file: version, description, hash and file (invalid files say why)."""
    folder = directory or default_prompts_dir()
    files = prompt_files(folder)
    if not files:
        err_console.print(f"no prompt files in {folder}")
        raise typer.Exit(1)
    table = Table(title=f"prompts in {folder}")
    for name in ("version", "description", "hash", "file"):
        table.add_column(name, overflow="fold")
    broken = False
    for path in files:
        try:
            prompt = load_prompt_file(path)
        except PromptError as error:
            broken = True
            table.add_row(path.stem, f"[red]invalid[/red]: {escape(str(error))}", "—", str(path))
            continue
        table.add_row(prompt.version, escape(prompt.description), prompt.hash[:12], str(path))
    console.print(table)
    if broken:
        raise typer.Exit(1)


def _sample_article(path: Path | None, version: str, directory: Path | None) -> Article:
    if path is not None:
        text = path.read_text(encoding="utf-8")
        return Article(id=Article.id_for_text(text), text=text, title=path.stem)
    prompt = load_prompt(version, directory)
    if not prompt.examples:
        raise PromptError(f"{prompt.path} has no example to render; pass --article FILE")
    return prompt.examples[0].as_article()


@prompts_app.command("show")
def show_command(
    version: Annotated[str, typer.Argument(help="Prompt version, e.g. claims-v1.")],
    article: Annotated[
        Path | None,
        typer.Option(help="Render with this article file [default: the prompt's first example]."),
    ] = None,
    directory: DirOption = None,
) -> None:
    """Render the system and user messages of a prompt for a sample article."""
    prompt = load_prompt(version, directory)
    messages = prompt.render(_sample_article(article, version, directory))
    console.print(f"# {prompt.version} — {escape(prompt.description)}", highlight=False)
    console.print(f"# file {prompt.path}  sha256 {prompt.hash}", highlight=False)
    for message in messages:
        console.rule(message["role"])
        console.print(escape(message["content"]), highlight=False, soft_wrap=True)
