"""Installing ClaimDesk as a newcomer does, and from the wheel.

1. The README's Quick start venv: `python3 -m venv` and `pip install -e .` WITHOUT upgrading
   pip (pip 23 drops jusText's `lxml[html_clean]` extra: every dependency must be declared
   directly), with no backtracking, then `claimdesk extract page.html`.
2. The wheel, built from the same sources and installed non-editable into that venv (the
   dependencies are already there), run from outside the source tree: the prompts come from
   the package, `claimdesk extract --engine openai --replay` extracts the seeds from the
   recorded cassette, and `claimdesk review` serves the app.

Real parts throughout: pip, venv, setuptools (pip builds the wheel in isolation), the CLI,
Streamlit on 127.0.0.1. The package index (or pip's cache) is the only outside part.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("pyproject.toml", "setup.py", "README.md", "extraction", "review_app", "prompts")
CASSETTE = ROOT / "eval" / "recordings" / "seeds-smollm2.cassette.jsonl"
GOLD = ROOT / "eval" / "gold" / "seeds.jsonl"
PAGE = """<html><head><title>Floods hit northern Italy</title></head><body>
<nav>Home | World | Europe</nav>
<article><h1>Floods hit northern Italy</h1>
<p>Floods killed 12 people in northern Italy on Friday, civil protection officials said.</p>
<p>The regional governor said 300 residents had been evacuated from the Po valley.</p>
</article><footer>Subscribe to our newsletter</footer></body></html>
"""


def _run(args: list[str], cwd: Path, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env.pop("VIRTUAL_ENV", None)
    env["COLUMNS"] = "200"
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def readme_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sources, and a venv made and filled exactly as README's Quick start."""
    base = tmp_path_factory.mktemp("install")
    source = base / "claimdesk"
    source.mkdir()
    for name in SOURCES:
        origin = ROOT / name
        if origin.is_dir():
            shutil.copytree(origin, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(origin, source / name)
    made = _run([sys.executable, "-m", "venv", ".venv"], source)
    assert made.returncode == 0, made.stderr
    pip_version = _run([".venv/bin/pip", "--version"], source).stdout
    started = time.monotonic()
    installed = _run([".venv/bin/pip", "install", "-e", "."], source)
    seconds = time.monotonic() - started
    output = installed.stdout + installed.stderr
    assert installed.returncode == 0, output[-3000:]
    assert "taking longer than usual" not in output, "pip backtracked"
    assert "looking at multiple versions" not in output, "pip backtracked"
    print(f"README install: {pip_version.strip()}, {seconds:.0f} s")
    return source


def test_the_readme_venv_ingests_an_html_page(readme_venv: Path, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    db = tmp_path / "claims.duckdb"
    claimdesk = str(readme_venv / ".venv" / "bin" / "claimdesk")
    result = _run([claimdesk, "extract", str(page), "--db", str(db)], tmp_path, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    con = duckdb.connect(str(db), read_only=True)
    try:
        (text,) = con.execute("SELECT text FROM articles").fetchone() or ("",)
    finally:
        con.close()
    assert "Floods killed 12 people" in text
    assert "Subscribe" not in text


def test_the_wheel_runs_the_llm_engine_and_the_review_app(
    readme_venv: Path, tmp_path: Path
) -> None:
    venv = readme_venv / ".venv"
    dist = tmp_path / "dist"
    built = _run(
        [str(venv / "bin" / "pip"), "wheel", "--no-deps", "-w", str(dist), "."], readme_venv
    )
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    (wheel,) = dist.glob("claimdesk-*.whl")
    removed = _run([str(venv / "bin" / "pip"), "uninstall", "-y", "claimdesk"], tmp_path)
    assert removed.returncode == 0, removed.stderr
    added = _run([str(venv / "bin" / "pip"), "install", "--no-deps", str(wheel)], tmp_path)
    assert added.returncode == 0, added.stderr

    work = tmp_path / "elsewhere"
    work.mkdir()
    where = _run(
        [str(venv / "bin" / "python"), "-c", "import extraction; print(extraction.__file__)"], work
    )
    assert "site-packages" in where.stdout, where.stdout + where.stderr
    shutil.rmtree(readme_venv / "prompts")  # nothing may come from the source tree

    claimdesk = str(venv / "bin" / "claimdesk")
    listed = _run([claimdesk, "prompts", "list"], work)
    assert listed.returncode == 0, listed.stderr
    assert "claims-compact-v1" in listed.stdout and "site-packages" in listed.stdout

    seeds = work / "seeds.jsonl"
    with GOLD.open(encoding="utf-8") as gold, seeds.open("w", encoding="utf-8") as out:
        for line in gold:
            data = json.loads(line)
            keys = ("id", "text", "title", "publication", "published")
            out.write(json.dumps({key: data[key] for key in keys if data.get(key)}) + "\n")
    db = work / "claims.duckdb"
    extract = [
        claimdesk,
        "extract",
        str(seeds),
        "--db",
        str(db),
        "--engine",
        "openai",
        "--base-url",
        "http://127.0.0.1:9/v1",
        "--model",
        "smollm2-135m",
        "--prompt",
        "claims-compact-v1",
        "--max-reasks",
        "0",
        "--max-completion-tokens",
        "256",
        "--replay",
        str(CASSETTE),
    ]
    extracted = _run(extract, work, timeout=300)
    # one recorded answer of the bundled model is cut off mid-string: that article fails
    # (a failed answer is a failure, issue 12), the other four are stored, exit status 1
    assert extracted.returncode == 1, extracted.stdout + extracted.stderr
    assert "tool-call arguments are not complete JSON" in " ".join(extracted.stderr.split())
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT n_articles, n_failed FROM runs").fetchall() == [(4, 1)]
        assert con.execute("SELECT count(*) FROM llm_calls").fetchall() >= [(5,)]
    finally:
        con.close()

    port = _free_port()
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    review = subprocess.Popen(
        [claimdesk, "review", "--db", str(db), "--port", str(port)],
        cwd=work,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90
        healthy = False
        while time.monotonic() < deadline and review.poll() is None:
            try:
                url = f"http://127.0.0.1:{port}/_stcore/health"
                with urllib.request.urlopen(url, timeout=1) as answer:
                    healthy = answer.read().decode() == "ok"
                    break
            except OSError:
                time.sleep(0.5)
        assert healthy, "the review app did not start"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
            assert page.status == 200
    finally:
        review.terminate()
        output = review.communicate(timeout=30)[0].decode(errors="replace")
    assert "Traceback" not in output, output[-3000:]
