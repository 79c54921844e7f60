"""Command-line options that choose and configure an extraction engine.

`claimdesk extract` and `claimdesk eval` take the same engine options, so an eval runs an
engine exactly as production extraction does. Each option is an `Annotated` alias.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from extraction.engines.base import EngineSettings, ResponseCache, engine_names

ENGINE_ENV = "CLAIMDESK_ENGINE"

EngineOption = Annotated[
    str,
    typer.Option(
        "--engine",
        "-e",
        envvar=ENGINE_ENV,
        help=f"Extraction engine: {', '.join(engine_names())} [env CLAIMDESK_ENGINE].",
    ),
]
ModelOption = Annotated[
    str | None, typer.Option(envvar="CLAIMDESK_MODEL", help="Model name (LLM engines).")
]
PromptOption = Annotated[str | None, typer.Option("--prompt", help="Prompt version (LLM engines).")]
BaseUrlOption = Annotated[
    str | None,
    typer.Option(envvar="OPENAI_BASE_URL", help="OpenAI-compatible endpoint (openai engine)."),
]
ApiKeyOption = Annotated[
    str | None,
    typer.Option(envvar="OPENAI_API_KEY", help="API key (never stored).", show_default=False),
]
ModeOption = Annotated[
    str | None,
    typer.Option(help="Structured-output mode: tools (default), json_schema, json or md_json."),
]
ModelPathOption = Annotated[Path | None, typer.Option(help="GGUF model file (local engine).")]
TimeoutOption = Annotated[float | None, typer.Option(help="Per-call timeout, seconds.")]
MaxRetriesOption = Annotated[
    int | None,
    typer.Option(help="Retries after the first attempt, for 429/5xx/timeouts (default 4)."),
]
MaxReasksOption = Annotated[
    int | None, typer.Option(help="Re-asks after a validation failure (default 2).")
]
TemperatureOption = Annotated[
    float | None, typer.Option(help="Sampling temperature (LLM engines; default 0).")
]
MaxCompletionTokensOption = Annotated[
    int | None, typer.Option(help="Completion token limit per request (LLM engines).")
]
ChunkTokensOption = Annotated[
    int | None,
    typer.Option(help="Article tokens per request; longer articles are split (default 3000)."),
]
PricesOption = Annotated[
    Path | None,
    typer.Option(
        help="Price table file, TOML or JSON (or env CLAIMDESK_PRICES).", show_default=False
    ),
]
RecordOption = Annotated[
    Path | None, typer.Option(help="Record HTTP exchanges to this cassette (openai engine).")
]
ReplayOption = Annotated[
    Path | None,
    typer.Option(help="Replay a recorded cassette instead of calling a server (openai engine)."),
]


def engine_settings(
    model: str | None,
    prompt: str | None,
    cache: ResponseCache | None = None,
    **options: Any,
) -> EngineSettings:
    """EngineSettings from command-line values; options left unset (None) are omitted."""
    clean = {
        key: str(value) if isinstance(value, Path) else value
        for key, value in options.items()
        if value is not None
    }
    return EngineSettings(model=model, prompt_version=prompt, options=clean, cache=cache)
