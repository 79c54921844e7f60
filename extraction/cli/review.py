"""`claimdesk review` (the Streamlit review app) and `claimdesk gold export`."""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from extraction.cli.app import DbOption, app, console, err_console, open_store
from extraction.review.gold_export import write_gold
from extraction.store.connection import DB_ENV

#: Streamlit settings the app always runs with: headless, no telemetry, no file watcher.
STREAMLIT_FLAGS = (
    "--server.headless",
    "true",
    "--browser.gatherUsageStats",
    "false",
    "--server.fileWatcherType",
    "none",
    "--client.toolbarMode",
    "minimal",
)


def app_script() -> Path:
    """Path of the review app's entry point (located, not imported: the CLI sits below it)."""
    spec = importlib.util.find_spec("review_app")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the review_app package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "app.py"


def streamlit_command(script: Path, db: Path, port: int, host: str) -> list[str]:
    """The `streamlit run` command line that serves the review app."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.port",
        str(port),
        "--server.address",
        host,
        *STREAMLIT_FLAGS,
        "--",
        "--db",
        str(db),
    ]


@app.command("review")
def review_command(
    db: DbOption = None,
    port: Annotated[int, typer.Option(help="Port to serve the app on.")] = 8501,
    host: Annotated[
        str, typer.Option(help="Address to listen on (0.0.0.0 exposes it to the network).")
    ] = "127.0.0.1",
) -> None:
    """Start the review app (Streamlit) on the database; stop it with Ctrl+C."""
    store = open_store(db, create=False)
    path = store.path.resolve()
    command = streamlit_command(app_script(), path, port, host)
    console.print(f"ClaimDesk review app: http://{host}:{port}  (database {path})")
    console.print("Press Ctrl+C to stop.")
    env = {**os.environ, DB_ENV: str(path)}
    process = subprocess.Popen(command, env=env)
    previous = signal.signal(signal.SIGTERM, _interrupt)
    forwarded = _forward_stack_dumps(process)
    try:
        code = process.wait()
    except KeyboardInterrupt:
        code = stop_process(process)
    finally:
        signal.signal(signal.SIGTERM, previous)
        if forwarded is not None:
            signal.signal(signal.SIGUSR1, forwarded)
    if code not in (0, -signal.SIGTERM, -signal.SIGINT, -signal.SIGKILL):
        err_console.print(f"streamlit exited with status {code}")
        raise typer.Exit(code)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _forward_stack_dumps(process: subprocess.Popen[bytes]) -> Any:
    """Pass SIGUSR1 on to the app, which prints every thread's stack to its log (a hung
    server explains itself: `kill -USR1 PID`). Returns the previous handler (None where the
    platform has no SIGUSR1)."""
    if not hasattr(signal, "SIGUSR1"):
        return None

    def forward(signum: int, frame: object) -> None:
        if process.poll() is None:
            process.send_signal(signum)

    return signal.signal(signal.SIGUSR1, forward)


def stop_process(process: subprocess.Popen[bytes], grace: float = 10.0) -> int:
    """Stop the app: SIGTERM, then SIGKILL if it is still running after `grace` seconds."""
    if process.poll() is None:
        process.terminate()
    try:
        return process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()


def _command_group(name: str, help_text: str) -> typer.Typer:
    """The `claimdesk NAME` group, shared with any module that registered it first."""
    for group in app.registered_groups:
        if group.name == name and group.typer_instance is not None:
            return group.typer_instance
    created = typer.Typer(help=help_text, no_args_is_help=True)
    app.add_typer(created, name=name)
    return created


gold_app = _command_group("gold", "Gold sets.")


@gold_app.command("export")
def gold_export_command(
    output: Annotated[Path, typer.Argument(help="Gold JSON Lines file to write.")],
    db: DbOption = None,
) -> None:
    """Write every fully reviewed article as a gold line (CLAIMS.md format)."""
    store = open_store(db, create=False)
    count = write_gold(store, output)
    console.print(f"wrote {count} fully reviewed articles to {output}")
