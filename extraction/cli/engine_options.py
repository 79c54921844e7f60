"""The command-line options that choose and configure an extraction engine, declared once.

`claimdesk extract` and `claimdesk eval` take the same engine flags (`@engine_flags` adds
them to a command), so an eval runs an engine exactly as production extraction does.
The shared flags and every `-o key=value` go into the engine's options, which the engine
validates with its own options model: an option it does not take is a one-line error.
Flags left unset are not passed, so an engine's defaults apply.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, TypeVar, cast

import typer

from extraction.engines.base import (
    EngineConfigError,
    EngineSettings,
    Extractor,
    ResponseCache,
    create_engine,
    engine_names,
)

ENGINE_ENV = "CLAIMDESK_ENGINE"
#: The engine of `extract` and `eval` when neither --engine nor CLAIMDESK_ENGINE names one:
#: `learned` (offline, the packaged model), which beats `rules` on real articles
#: (README, Evaluation).
DEFAULT_ENGINE = "learned"
#: The parameter of a decorated command that receives the EngineChoice.
CHOICE_PARAMETER = "engine"


@dataclass(frozen=True)
class EngineFlag:
    """One shared engine flag: its option key (the parameter name), type and help."""

    key: str
    type: Any
    help: str
    decls: tuple[str, ...] = ()
    envvar: str | None = None
    #: False for the flags that are not engine options (engine, model, prompt).
    is_option: bool = True


#: The shared flags, in --help order. Engine-specific options go through `-o key=value`.
ENGINE_FLAGS: tuple[EngineFlag, ...] = (
    EngineFlag("model", str, "Model name (LLM engines; env CLAIMDESK_MODEL).", is_option=False),
    EngineFlag("prompt", str, "Prompt version (LLM engines).", ("--prompt",), is_option=False),
    EngineFlag("base_url", str, "OpenAI-compatible endpoint (env OPENAI_BASE_URL)."),
    EngineFlag("api_key", str, "API key (env OPENAI_API_KEY); never stored."),
    EngineFlag("mode", str, "Structured-output mode: tools (default), json_schema, json, md_json."),
    EngineFlag(
        "model_path", Path, "GGUF model file (local engine) or model directory (learned engine)."
    ),
    EngineFlag("timeout", float, "Per-call timeout, seconds."),
    EngineFlag("max_retries", int, "Retries after the first attempt, for 429/5xx/timeouts."),
    EngineFlag("max_reasks", int, "Re-asks after a validation failure."),
    EngineFlag("temperature", float, "Sampling temperature (LLM engines; default 0)."),
    EngineFlag("max_completion_tokens", int, "Completion token limit per request."),
    EngineFlag("chunk_tokens", int, "Article tokens per request; longer articles are split."),
    EngineFlag("prices", Path, "Price table file, TOML or JSON (env CLAIMDESK_PRICES)."),
    EngineFlag("record", Path, "Record HTTP exchanges to this cassette (openai engine)."),
    EngineFlag("replay", Path, "Replay a recorded cassette instead of calling a server."),
)


@dataclass(frozen=True)
class EngineChoice:
    """The engine a command was asked for, with its model, prompt and raw options."""

    name: str
    model: str | None = None
    prompt: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)

    def settings(self, cache: ResponseCache | None = None) -> EngineSettings:
        """EngineSettings for this choice."""
        return EngineSettings(
            model=self.model, prompt_version=self.prompt, options=self.options, cache=cache
        )

    def create(self, cache: ResponseCache | None = None) -> Extractor:
        """Build the engine (EngineConfigError names a bad or misplaced option)."""
        return create_engine(self.name, self.settings(cache))


#: Placeholder default of a decorated command's `engine` parameter (`engine_flags` fills it).
DEFAULT_CHOICE = EngineChoice(name=DEFAULT_ENGINE)


def parse_option_pairs(pairs: list[str]) -> dict[str, str]:
    """`-o key=value` pairs as a dict ("n-ctx" and "n_ctx" are one key)."""
    parsed: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip().replace("-", "_")
        if not sep or not key:
            raise EngineConfigError(f"-o takes key=value, got {pair!r}")
        if key in parsed:
            raise EngineConfigError(f"option {key} is given twice")
        parsed[key] = value.strip()
    return parsed


def engine_choice(
    engine: str, values: Mapping[str, Any], pairs: list[str] | None = None
) -> EngineChoice:
    """An EngineChoice from the flags' values (None: not given) and `-o` pairs."""
    options: dict[str, Any] = {}
    for flag in ENGINE_FLAGS:
        value = values.get(flag.key)
        if flag.is_option and value is not None:
            options[flag.key] = str(value) if isinstance(value, Path) else value
    for key, value in parse_option_pairs(pairs or []).items():
        if key in options or key in {"model", "prompt"}:
            raise EngineConfigError(f"option {key} is given twice (as a flag and with -o)")
        options[key] = value
    return EngineChoice(
        name=engine, model=values.get("model"), prompt=values.get("prompt"), options=options
    )


def _parameters() -> list[inspect.Parameter]:
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    engine = typer.Option(
        "--engine",
        "-e",
        envvar=ENGINE_ENV,
        help=f"Extraction engine: {', '.join(engine_names())} (env CLAIMDESK_ENGINE).",
    )
    params = [
        inspect.Parameter("engine", kind, default=DEFAULT_ENGINE, annotation=Annotated[str, engine])
    ]
    for flag in ENGINE_FLAGS:
        option = typer.Option(*flag.decls, help=flag.help, show_default=False)
        optional: Any = flag.type | None
        annotation = Annotated[optional, option]
        params.append(inspect.Parameter(flag.key, kind, default=None, annotation=annotation))
    pairs = typer.Option(
        "--option",
        "-o",
        metavar="KEY=VALUE",
        help="An engine option (repeatable), e.g. -o n_ctx=4096; see docs/engines.md.",
        show_default=False,
    )
    pairs_type = Annotated[list[str] | None, pairs]
    params.append(inspect.Parameter("option", kind, default=None, annotation=pairs_type))
    return params


F = TypeVar("F", bound=Callable[..., Any])


def engine_flags(command: F) -> F:
    """Give `command` the shared engine flags and `-o`, where its parameter `engine` is;
    the command receives them as one `EngineChoice` in that parameter."""
    signature = inspect.signature(command, eval_str=True)
    added = _parameters()
    names = {param.name for param in added}

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        values = {name: kwargs.pop(name) for name in list(kwargs) if name in names}
        engine = values.pop("engine", None) or DEFAULT_ENGINE
        pairs = values.pop("option", None)
        kwargs[CHOICE_PARAMETER] = engine_choice(engine, values, pairs)
        return command(*args, **kwargs)

    params: list[inspect.Parameter] = []
    for param in signature.parameters.values():
        params.extend(added if param.name == CHOICE_PARAMETER else [param])
    exposed = signature.replace(parameters=params)
    wrapper.__signature__ = exposed  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in params}
    return cast(F, wrapper)


def engine_settings(
    model: str | None,
    prompt: str | None,
    cache: ResponseCache | None = None,
    **options: Any,
) -> EngineSettings:
    """EngineSettings from flag values (kept for callers of the old helper); options left
    unset (None) are omitted and Path values become strings."""
    clean = {
        key: str(value) if isinstance(value, Path) else value
        for key, value in options.items()
        if value is not None
    }
    return EngineSettings(model=model, prompt_version=prompt, options=clean, cache=cache)
