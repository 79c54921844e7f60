"""The engine registry and typed options: entry points, fallbacks, one-line option errors."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from extraction.engines import base
from extraction.engines.base import (
    EngineBase,
    EngineConfigError,
    EngineError,
    EngineOptions,
    EnginePlugin,
    EngineSettings,
    create_engine,
    extract_batch,
    load_plugin,
    parse_options,
)
from extraction.engines.local_engine import LocalEngineOptions
from extraction.engines.local_engine import read_options as read_local_options
from extraction.engines.openai_engine import read_options as read_openai_options
from extraction.engines.rules.engine import RulesEngine, RulesOptions
from extraction.schema import Article, ExtractionResult


def test_built_in_engines_are_registered_as_entry_points_in_pyproject() -> None:
    entries = base._source_tree_entry_points()
    assert entries == {
        "rules": "extraction.engines.rules.engine:PLUGIN",
        "openai": "extraction.engines.openai_engine:PLUGIN",
        "local": "extraction.engines.local_engine:PLUGIN",
        "learned": "extraction.engines.learned.engine:PLUGIN",
    }
    assert {"rules", "openai", "local", "learned"} <= set(base.engine_names())


def test_built_ins_come_from_the_source_tree_when_installed_metadata_lacks_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(base.importlib.metadata, "entry_points", lambda group: [])
    assert base.registered_engines()["rules"] == "extraction.engines.rules.engine:PLUGIN"
    assert isinstance(load_plugin("rules").options, type)


def test_every_built_in_plugin_names_its_options_model() -> None:
    for name in ("rules", "openai", "local", "learned"):
        plugin = load_plugin(name)
        assert issubclass(plugin.options, EngineOptions) and plugin.summary


def test_an_unknown_engine_lists_the_known_ones() -> None:
    with pytest.raises(EngineConfigError, match=r"unknown engine 'nope'; choose one of .*rules"):
        create_engine("nope")


def test_an_option_the_engine_does_not_take_is_a_one_line_error_naming_it() -> None:
    with pytest.raises(EngineConfigError) as caught:
        create_engine("rules", EngineSettings(options={"temperature": 0.2}))
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("the rules engine takes no option 'temperature'")
    assert "own_voice" in message and "workers" in message


def test_a_bad_value_names_the_option() -> None:
    with pytest.raises(EngineConfigError, match=r"option workers: .*got '0'"):
        parse_options("rules", RulesOptions, {"workers": "0"})
    with pytest.raises(EngineConfigError, match="option own_voice"):
        parse_options("rules", RulesOptions, {"own_voice": "maybe"})


def test_string_values_from_the_command_line_are_typed() -> None:
    options = parse_options("rules", RulesOptions, {"own_voice": "false", "workers": "2"})
    assert options.own_voice is False and options.workers == 2


def test_the_rules_engine_takes_its_options() -> None:
    engine = create_engine("rules", EngineSettings(options={"own_voice": "false", "workers": "1"}))
    assert isinstance(engine, RulesEngine)
    assert engine.parameters["own_voice"] is False and engine.workers == 1


def test_the_rules_engine_refuses_a_model_that_is_no_spacy_package() -> None:
    with pytest.raises(EngineConfigError, match="spaCy package"):
        create_engine("rules", EngineSettings(model="gpt-4o-mini"))


def test_local_engine_seed_zero_stays_zero_and_n_ctx_n_threads_are_options(
    tmp_path: Path,
) -> None:
    gguf = tmp_path / "m.gguf"
    gguf.write_bytes(b"GGUF")
    options = {"model_path": str(gguf), "seed": "0", "n_ctx": "4096", "n_threads": "3"}
    opts = read_local_options(EngineSettings(options=options))
    assert (opts.seed, opts.n_ctx, opts.n_threads) == (0, 4096, 3)
    assert LocalEngineOptions().seed == 42


def test_openai_options_take_prices_and_keep_the_key_secret() -> None:
    options = {"base_url": "http://127.0.0.1:9/v1", "api_key": "sk-secret", "timeout": "5"}
    opts = read_openai_options(EngineSettings(model="m", options=options))
    assert opts.api_key == "sk-secret" and opts.timeout == 5.0
    parsed = parse_options("openai", load_plugin("openai").options, options)
    assert "sk-secret" not in repr(parsed)
    with pytest.raises(EngineConfigError, match="takes no option 'n_ctx'"):
        create_engine("openai", EngineSettings(model="m", options={**options, "n_ctx": 1}))


class _OneByOne(EngineBase):
    """An engine with only `extract`; fails on articles whose text says so."""

    name = "one-by-one"
    model = prompt_version = prompt_hash = "x"
    parameters: dict[str, object] = {}  # noqa: RUF012

    def extract(self, article: Article) -> ExtractionResult:
        if "fail" in article.text:
            raise ValueError("boom")
        return ExtractionResult(claims=[])


def _articles(*texts: str) -> Sequence[Article]:
    return [Article(id=Article.id_for_text(text), text=text) for text in texts]


def test_the_default_extract_batch_goes_one_by_one_and_keeps_failures_per_article() -> None:
    items = extract_batch(_OneByOne(), _articles("fine text", "fail here", "fine again"))
    assert isinstance(items[0], ExtractionResult) and isinstance(items[2], ExtractionResult)
    assert isinstance(items[1], EngineError) and "ValueError: boom" in str(items[1])


def test_a_plain_factory_registered_in_process_is_an_engine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(base.ENGINE_FACTORIES, "one", f"{__name__}:_factory")
    assert isinstance(load_plugin("one"), EnginePlugin)
    assert create_engine("one").name == "one-by-one"


def _factory(settings: EngineSettings) -> _OneByOne:
    return _OneByOne()
