"""`claimdesk review` builds the right `streamlit run` command and stops it cleanly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from extraction.cli import app
from extraction.cli.review import app_script, stop_process, streamlit_command

ROOT = Path(__file__).resolve().parents[2]


def test_the_app_script_is_the_review_app_entry_point() -> None:
    assert app_script() == ROOT / "review_app" / "app.py"


def test_the_streamlit_command_serves_the_app_headless_on_the_database(tmp_path: Path) -> None:
    db = tmp_path / "claims.duckdb"
    command = streamlit_command(Path("/x/app.py"), db, 8600, "127.0.0.1")
    assert command[:5] == [sys.executable, "-m", "streamlit", "run", "/x/app.py"]
    pairs = dict(zip(command[5:-3:2], command[6:-3:2], strict=True))
    assert pairs["--server.port"] == "8600"
    assert pairs["--server.address"] == "127.0.0.1"
    assert pairs["--server.headless"] == "true"
    assert pairs["--browser.gatherUsageStats"] == "false"
    assert command[-3:] == ["--", "--db", str(db)]


def test_review_and_gold_commands_are_registered() -> None:
    runner = CliRunner()
    review = runner.invoke(app, ["review", "--help"])
    assert review.exit_code == 0
    assert "--port" in review.output and "--host" in review.output
    gold = runner.invoke(app, ["gold", "export", "--help"])
    assert gold.exit_code == 0
    assert "fully reviewed article" in gold.output


def test_stop_process_terminates_then_kills() -> None:
    stubborn = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN);"
            " print('up', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert stubborn.stdout is not None and stubborn.stdout.readline().strip() == "up"
    assert stop_process(stubborn, grace=0.5) == -9
    polite = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    assert stop_process(polite, grace=10) == -15
