"""The checks that hold the project's shape fail on a planted violation of each kind.

Each test copies the code to a temporary folder, plants one violation, and runs the
same tool with the project's own configuration, as `scripts/check.sh` and CI do.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.slow


def _copy_project(tmp_path: Path) -> Path:
    target = tmp_path / "project"
    target.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("extraction", "review_app", "tests"):
        shutil.copytree(ROOT / name, target / name, ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    return target


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def _append(path: Path, code: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + code, encoding="utf-8")


def test_ruff_fails_on_a_lint_error(tmp_path: Path) -> None:
    project = _copy_project(tmp_path)
    _append(project / "extraction" / "schema.py", "\n\ndef planted(x):\n    return x == None\n")
    result = _run([str(BIN / "ruff"), "check", "extraction"], project)
    assert result.returncode != 0
    assert "E711" in result.stdout


def test_import_linter_fails_on_an_upward_import(tmp_path: Path) -> None:
    project = _copy_project(tmp_path)
    _append(
        project / "extraction" / "store" / "records.py", "\nimport extraction.pipeline  # noqa\n"
    )
    result = _run([str(BIN / "lint-imports"), "--no-cache"], project)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout


def test_import_linter_fails_on_an_llm_client_in_the_store(tmp_path: Path) -> None:
    project = _copy_project(tmp_path)
    _append(project / "extraction" / "store" / "records.py", "\nimport openai  # noqa\n")
    result = _run([str(BIN / "lint-imports"), "--no-cache"], project)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout


def test_import_linter_fails_on_a_module_outside_every_layer(tmp_path: Path) -> None:
    project = _copy_project(tmp_path)
    (project / "extraction" / "stray.py").write_text('"""A module in no layer."""\n')
    result = _run([str(BIN / "lint-imports"), "--no-cache"], project)
    assert result.returncode != 0


def test_mypy_fails_on_a_type_error_in_a_core_layer(tmp_path: Path) -> None:
    project = _copy_project(tmp_path)
    _append(
        project / "extraction" / "text" / "grounding.py",
        "\n\ndef planted() -> int:\n    return 'not an int'\n",
    )
    result = _run(
        [sys.executable, "-m", "mypy", "--no-incremental", "extraction/text/grounding.py"],
        project,
    )
    assert result.returncode != 0
    assert "Incompatible return value type" in result.stdout


def test_a_unit_test_that_opens_a_socket_fails(tmp_path: Path) -> None:
    project = _copy_project(tmp_path)
    planted = project / "tests" / "test_planted_socket.py"
    planted.write_text(
        "import socket\n\n\ndef test_opens_socket():\n"
        "    socket.create_connection(('127.0.0.1', 9), timeout=0.1)\n"
    )
    result = _run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(planted)], project
    )
    assert result.returncode != 0
    assert "SocketBlockedError" in result.stdout
