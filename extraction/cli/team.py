"""`claimdesk users add|list|disable` (reviewer accounts) and `claimdesk agreement`."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.table import Table

from extraction.cli.app import DbOption, app, console, open_store
from extraction.review.accounts import add_account, disable_account, list_accounts
from extraction.review.agreement import FIELDS, KAPPA_FIELDS, agreement_report, report_json

users_app = typer.Typer(
    help="Reviewer accounts (the login of the review app).", no_args_is_help=True
)
app.add_typer(users_app, name="users")


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="The reviewer's name: their login.")],
    db: DbOption = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Create an account (or set a new password); the password is stored as an scrypt hash."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    cleaned = add_account(open_store(db), name, password)  # AccountError: one line, exit 2
    console.print(f"account {cleaned} ready")


@users_app.command("list")
def users_list(db: DbOption = None) -> None:
    """List accounts: name, state, created, last login."""
    table = Table()
    for column in ("name", "state", "created", "last login"):
        table.add_column(column)
    for row in list_accounts(open_store(db)):
        table.add_row(
            str(row["name"]),
            "disabled" if row["disabled"] else "active",
            str(row["created_at"])[:19],
            str(row["last_login"] or "")[:19],
        )
    console.print(table)


@users_app.command("disable")
def users_disable(
    name: Annotated[str, typer.Argument(help="The account to disable.")], db: DbOption = None
) -> None:
    """Disable an account: it can no longer log in, and its sessions end."""
    disable_account(open_store(db), name)  # AccountError: one line, exit 2
    console.print(f"account {name} disabled")


def _kappa(value: float | None) -> str:
    return "undefined" if value is None else f"{value:.3f}"


@app.command("agreement")
def agreement_command(
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Inter-reviewer agreement on the blind double reviews: per field, and Cohen's kappa for
    certainty and claimant type, by reviewer pair."""
    reports = agreement_report(open_store(db))
    if as_json:
        sys.stdout.write(json.dumps(report_json(reports), indent=2) + "\n")
        return
    if not reports:
        console.print("no claim has two independent reviews yet")
        return
    table = Table()
    table.add_column("pair")
    table.add_column("claims", justify="right")
    for _, label in FIELDS:
        table.add_column(f"agree {label}", justify="right")
    for name in KAPPA_FIELDS:
        table.add_column(f"κ {name}", justify="right")
    for report in reports:
        table.add_row(
            f"{report.first} / {report.second}",
            str(report.claims),
            *(f"{report.agree[name]:.0%}" for name, _ in FIELDS),
            *(_kappa(report.kappa[name]) for name in KAPPA_FIELDS),
        )
    console.print(table)
    open_ones = sum(1 for r in reports for d in r.disagreements if not d["adjudicated"])
    console.print(f"{open_ones} disagreements to adjudicate (Agreement page of the review app)")
