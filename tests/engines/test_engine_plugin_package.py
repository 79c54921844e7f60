"""A third-party engine package, installed for real, runs through `claimdesk extract`.

The example plugin (tests/fixtures/claimdesk-example-engine, walked through in
docs/engines.md) is built and installed by pip into a temporary folder (`--target`,
no index, no dependencies), put on PYTHONPATH, and found through its
`claimdesk.engines` entry point by a `claimdesk extract` subprocess on a real DuckDB file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = ROOT / "tests" / "fixtures" / "claimdesk-example-engine"
TEXT = "Officials said 120 people were evacuated.\nThe weather was calm.\nIt cost 4500 euros.\n"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("plugin-site")
    source = tmp_path_factory.mktemp("plugin-src") / "pkg"
    shutil.copytree(PLUGIN, source)  # pip builds in place: keep the fixture clean
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-index",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return target


def _claimdesk(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(ROOT)])}
    env.pop("CLAIMDESK_ENGINE", None)
    code = "from extraction.cli import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.slow
def test_an_installed_plugin_engine_extracts_through_the_cli(
    installed: Path, tmp_path: Path
) -> None:
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    db = tmp_path / "c.duckdb"
    result = _claimdesk(
        installed,
        "extract",
        str(article),
        "--db",
        str(db),
        "--engine",
        "figures",
        "-o",
        "min_digits=3",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "engine: figures" in result.stdout
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT statement, engine FROM claims ORDER BY statement").fetchall()
    finally:
        con.close()
    assert rows == [
        ("It cost 4500 euros.", "figures"),
        ("Officials said 120 people were evacuated.", "figures"),
    ]


@pytest.mark.slow
def test_a_plugin_option_error_is_one_line(installed: Path, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    result = _claimdesk(
        installed,
        "extract",
        str(article),
        "--db",
        str(tmp_path / "c.duckdb"),
        "--engine",
        "figures",
        "--temperature",
        "0.1",
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: the figures engine takes no option 'temperature' (its options: min_digits)"
    )


@pytest.mark.slow
def test_claimdesk_engines_lists_the_plugin_and_its_options(installed: Path) -> None:
    result = _claimdesk(installed, "engines")
    assert result.returncode == 0, result.stderr
    for word in ("figures", "min_digits", "rules", "workers", "openai", "base_url", "n_ctx"):
        assert word in result.stdout
