"""The optional price table: per-model cost per million tokens, from a file or the env."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extraction.engines.base import EngineConfigError
from extraction.engines.llm.pricing import Price, load_price_table


def test_a_toml_file_gives_costs_with_exact_names_before_patterns(tmp_path: Path) -> None:
    path = tmp_path / "prices.toml"
    path.write_text(
        '["gpt-4o-mini"]\nprompt = 0.15\ncompletion = 0.60\n\n'
        '["gpt-4o*"]\nprompt = 2.5\ncompletion = 10\n'
    )
    table = load_price_table(path, environ={})
    assert table is not None
    assert table.price_for("gpt-4o-mini") == Price(prompt=0.15, completion=0.60)
    assert table.price_for("gpt-4o-2024-08-06") == Price(prompt=2.5, completion=10.0)
    assert table.price_for("llama3") is None
    assert table.cost("gpt-4o-mini", 1_000_000, 500_000) == pytest.approx(0.15 + 0.30)
    assert table.cost("llama3", 10, 10) is None


def test_the_environment_holds_json_or_a_file_path(tmp_path: Path) -> None:
    inline = json.dumps({"m": {"prompt": 1, "completion": 2}})
    table = load_price_table(None, environ={"CLAIMDESK_PRICES": inline})
    assert table is not None and table.cost("m", 1000, 1000) == pytest.approx(0.003)
    path = tmp_path / "p.json"
    path.write_text(inline)
    from_file = load_price_table(None, environ={"CLAIMDESK_PRICES": str(path)})
    assert from_file is not None and from_file.source == str(path)
    assert load_price_table(None, environ={}) is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('["m"]\nprompt = 1\n', "needs numeric prompt and completion"),
        ('["m"]\nprompt = 1\ncompletion = 2\ncached = 3\n', "unknown keys ['cached']"),
        ('["m"]\nprompt = -1\ncompletion = 2\n', "must not be negative"),
        ("m = 3\n", "must be a table"),
        ("[m\n", "is not valid"),
        ("", "maps model names to prices"),
    ],
)
def test_a_bad_table_is_a_config_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "prices.toml"
    path.write_text(content)
    with pytest.raises(EngineConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_price_table(path, environ={})


def test_a_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(EngineConfigError, match="cannot read price table"):
        load_price_table(tmp_path / "none.toml", environ={})
