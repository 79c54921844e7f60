"""Engine flags shared by `extract` and `eval`, `-o key=value`, and one-line option errors."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner, Result

from extraction.cli import app
from extraction.cli import eval as eval_cli
from extraction.cli import extract as extract_cli
from extraction.cli.engine_options import ENGINE_FLAGS, engine_choice, parse_option_pairs
from extraction.engines.base import EngineConfigError

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "examples" / "articles"
GOLD = ROOT / "eval" / "gold" / "seeds.jsonl"


def _run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), env={"CLAIMDESK_ENGINE": "", "COLUMNS": "200"})


def _flags(command: object) -> set[str]:
    return set(inspect.signature(command).parameters)  # type: ignore[arg-type]


def test_extract_and_eval_take_the_same_engine_flags() -> None:
    shared = {flag.key for flag in ENGINE_FLAGS} | {"engine", "option"}
    assert shared <= _flags(extract_cli.extract)
    assert shared <= _flags(eval_cli.eval_command)
    assert "prices" in shared


def test_option_pairs_parse_and_bad_ones_are_named() -> None:
    assert parse_option_pairs(["n-ctx=4096", "own_voice = false"]) == {
        "n_ctx": "4096",
        "own_voice": "false",
    }
    with pytest.raises(EngineConfigError, match="-o takes key=value, got 'oops'"):
        parse_option_pairs(["oops"])
    with pytest.raises(EngineConfigError, match="given twice"):
        engine_choice("openai", {"temperature": 0.5}, ["temperature=0.1"])


def test_unset_flags_are_not_options_and_paths_become_strings() -> None:
    choice = engine_choice("openai", {"temperature": None, "prices": Path("p.toml")}, [])
    assert dict(choice.options) == {"prices": "p.toml"}


@pytest.mark.parametrize("command", ["extract", "eval"])
def test_a_flag_the_engine_does_not_take_is_a_one_line_error(command: str, tmp_path: Path) -> None:
    target = [str(SEED)] if command == "extract" else ["--gold", str(GOLD), "--no-store"]
    result = _run(
        command,
        *target,
        "--engine",
        "rules",
        "--db",
        str(tmp_path / "c.duckdb"),
        "--temperature",
        "0.3",
    )
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == [
        "error: the rules engine takes no option 'temperature' (its options: own_voice,"
        " spacy_model, split_conjuncts, workers)"
    ]


def test_an_unknown_o_option_is_a_one_line_error(tmp_path: Path) -> None:
    result = _run(
        "extract", str(SEED), "-e", "rules", "--db", str(tmp_path / "c.duckdb"), "-o", "colour=red"
    )
    assert result.exit_code == 2
    assert "the rules engine takes no option 'colour'" in result.output
    assert "Traceback" not in result.output


def test_eval_takes_prices_for_an_llm_engine(tmp_path: Path) -> None:
    prices = tmp_path / "prices.toml"
    prices.write_text("[models.m]\ninput = 1.0\noutput = 2.0\n", encoding="utf-8")
    result = _run(
        "eval",
        "--gold",
        str(GOLD),
        "--no-store",
        "--engine",
        "openai",
        "--model",
        "m",
        "--base-url",
        "http://127.0.0.1:9/v1",
        "--prices",
        str(prices),
        "-o",
        "chunk_tokens=50",
    )
    assert result.exit_code == 2
    assert "option chunk_tokens" in result.output and "prices" not in result.output


def test_engine_options_given_with_o_reach_the_engine(tmp_path: Path) -> None:
    db = tmp_path / "c.duckdb"
    result = _run(
        "extract",
        str(SEED),
        "-e",
        "rules",
        "--db",
        str(db),
        "-o",
        "own_voice=false",
        "-o",
        "workers=1",
    )
    assert result.exit_code == 0, result.output
    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute("SELECT parameters FROM runs").fetchone()
    finally:
        con.close()
    assert row is not None and json.loads(row[0])["own_voice"] is False
