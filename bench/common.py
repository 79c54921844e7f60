"""Helpers the bench scripts share: the fake server, corpora, the CLI, machine facts, results.

Not a library for the product: nothing under `extraction/` imports this.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
RESULTS = Path(os.environ.get("CLAIMDESK_BENCH_RESULTS", BENCH / "results"))
PYTHON = Path(sys.executable)
CLAIMDESK = PYTHON.parent / "claimdesk"
PY_SPY = PYTHON.parent / "py-spy"
DEFAULT_WORKDIR = Path(os.environ.get("CLAIMDESK_BENCH_DIR", "/tmp/claimdesk-bench"))


def workdir(path: Path | None = None) -> Path:
    """The scratch directory for corpora and databases (never inside the repository)."""
    chosen = (path or DEFAULT_WORKDIR).resolve()
    if chosen == REPO or REPO in chosen.parents:
        raise SystemExit(f"refusing to use a work directory inside the repository: {chosen}")
    chosen.mkdir(parents=True, exist_ok=True)
    return chosen


def corpus(count: int, work: Path, seed: int = 0) -> Path:
    """A generated JSONL corpus of `count` articles (made once, then reused)."""
    out = work / f"articles-{count}-seed{seed}.jsonl"
    if not out.exists():
        subprocess.run(
            [
                str(PYTHON),
                str(BENCH / "make_articles.py"),
                str(count),
                "--out",
                str(out),
                "--seed",
                str(seed),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return out


@dataclass
class FakeServer:
    """A running fake OpenAI-compatible server."""

    process: subprocess.Popen[str]
    port: int
    cpu_seconds: float = 0.0  # set when the server has stopped

    @property
    def base_url(self) -> str:
        """The `--base-url` to give the openai engine."""
        return f"http://127.0.0.1:{self.port}/v1"

    def stats(self) -> dict[str, Any]:
        """The server's request counters."""
        import urllib.request

        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/stats", timeout=5) as answer:
            data: dict[str, Any] = json.loads(answer.read())
        return data


@contextmanager
def fake_server(latency_ms: float = 0.0, claims: int = 3) -> Iterator[FakeServer]:
    """Start `fake_openai_server.py` on a free port; stop it (by its pid) on exit."""
    process = subprocess.Popen(
        [
            str(PYTHON),
            str(BENCH / "fake_openai_server.py"),
            "--port",
            "0",
            "--latency-ms",
            str(latency_ms),
            "--claims",
            str(claims),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    cpu = children_cpu()
    server: FakeServer | None = None
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        if not line.startswith("listening on "):
            raise RuntimeError(f"fake server did not start: {line!r}")
        server = FakeServer(process, int(line.rsplit(" ", 1)[1]))
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if server is not None:
            # CPU of children reaped meanwhile (the measured command) is subtracted by callers
            server.cpu_seconds = children_cpu() - cpu


@dataclass
class Timed:
    """A finished command, its wall time and the CPU time it (and its children) used."""

    seconds: float
    cpu_seconds: float
    returncode: int
    stdout: str
    stderr: str


def children_cpu() -> float:
    """User + system CPU seconds of the children reaped so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_command(args: Sequence[str], *, env: dict[str, str] | None = None) -> Timed:
    """Run a command, capturing output, and time it (wall and CPU)."""
    cpu = children_cpu()
    started = time.perf_counter()
    done = subprocess.run(
        list(args),
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
        cwd=REPO,
    )
    wall = time.perf_counter() - started
    return Timed(wall, children_cpu() - cpu, done.returncode, done.stdout, done.stderr)


def profiled(args: Sequence[str], raw_out: Path, rate: int = 100) -> list[str]:
    """`args` wrapped in `py-spy record` writing collapsed stacks to `raw_out`.

    `--gil`: only the thread holding the GIL is sampled, so the profile shows where the
    interpreter's one core goes (threads waiting for the GIL would otherwise look busy);
    C code that releases the GIL (DuckDB queries, socket waits) is not in it.
    """
    if not PY_SPY.exists():
        raise SystemExit("py-spy is not installed: .venv/bin/pip install py-spy")
    return [
        str(PY_SPY),
        "record",
        "--gil",
        "-r",
        str(rate),
        "--format",
        "raw",
        "-o",
        str(raw_out),
        "--",
        *args,
    ]


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    import duckdb

    model = ""
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        for line in lscpu.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gib = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gib = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": model or platform.processor(),
        "ram_gib": ram_gib,
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "platform": platform.platform(),
        "load_avg_1m_at_start": round(os.getloadavg()[0], 2),
        "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
    }


def save_results(name: str, data: dict[str, Any]) -> Path:
    """Write `bench/results/<name>.json` with the machine facts added."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{name}.json"
    payload = {"machine": machine(), **data}
    out.write_text(json.dumps(payload, indent=1, default=str) + "\n", encoding="utf-8")
    return out


def fresh_db(path: Path) -> Path:
    """Remove a database file and its WAL, so a run starts empty."""
    for candidate in (path, path.with_name(path.name + ".wal")):
        if candidate.exists():
            candidate.unlink()
    return path


def plot_available() -> bool:
    """True when matplotlib can be imported (the plots are skipped otherwise)."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def has(tool: str) -> bool:
    """True when an executable is on PATH."""
    return shutil.which(tool) is not None
