"""The committed gold files are plain JSONL that `eval/gold/validate_gold.py` accepts.

The gold sets are edited by hand (or exported from reviews); this keeps every edit valid:
schema, verbatim evidence, real dates and the CLAIMS.md rules the validator checks.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

GOLD = Path(__file__).resolve().parents[2] / "eval" / "gold"


def _validator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("validate_gold", GOLD / "validate_gold.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["seeds.jsonl", "dev-other-topics.jsonl", "second/seeds.jsonl"])
def test_committed_gold_files_validate(name: str) -> None:
    articles, errors, _warnings = _validator().validate(GOLD / name)
    assert errors == []
    assert articles


def test_no_gold_file_is_generated_from_code() -> None:
    assert not list(GOLD.glob("*build*.py"))


def test_the_validator_names_a_broken_line(tmp_path: Path) -> None:
    lines = (GOLD / "dev-other-topics.jsonl").read_text(encoding="utf-8").splitlines()
    broken = lines[0].replace('"certainty": "asserted"', '"certainty": "sure"', 1)
    path = tmp_path / "gold.jsonl"
    path.write_text(broken + "\n", encoding="utf-8")
    _articles, errors, _warnings = _validator().validate(path)
    assert errors and any("line 1" in error for error in errors)
