"""The options every LLM engine takes, as one typed model, and what they resolve to.

`LLMOptions` declares the shared ones (mode, temperature, max_completion_tokens,
max_reasks, chunk_tokens, seed, prices); each LLM engine's options model extends it with
its own (base_url, timeout, model_path, ...). `common_options` loads the prompt, the mode
and the price table they name. The `get_*` helpers read loose mappings (kept for callers
outside the engines).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import instructor
from pydantic import Field

from extraction.engines.base import EngineConfigError, EngineOptions, EngineSettings
from extraction.engines.llm.chunking import DEFAULT_CHUNK_TOKENS
from extraction.engines.llm.extractor import DEFAULT_MAX_REASKS
from extraction.engines.llm.modes import resolve_mode
from extraction.engines.llm.pricing import PriceTable, load_price_table
from extraction.engines.prompts import PromptTemplate, load_prompt


def get_str(options: Mapping[str, Any], key: str) -> str | None:
    """A string option, None when absent or blank."""
    value = options.get(key)
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def get_float(
    options: Mapping[str, Any], key: str, default: float | None, *, minimum: float = 0.0
) -> float | None:
    """A number option of at least `minimum`."""
    value = options.get(key)
    if value is None:
        return default
    try:
        number = float(value)
    except (TypeError, ValueError) as error:
        raise EngineConfigError(f"option {key} must be a number, got {value!r}") from error
    if number < minimum:
        raise EngineConfigError(f"option {key} must be at least {minimum:g}, got {number:g}")
    return number


def get_int(
    options: Mapping[str, Any], key: str, default: int | None, *, minimum: int = 0
) -> int | None:
    """An integer option of at least `minimum`."""
    value = options.get(key)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise EngineConfigError(f"option {key} must be an integer, got {value!r}")
    try:
        number = int(value)
    except ValueError as error:
        raise EngineConfigError(f"option {key} must be an integer, got {value!r}") from error
    if number < minimum:
        raise EngineConfigError(f"option {key} must be at least {minimum}, got {number}")
    return number


class LLMOptions(EngineOptions):
    """Options every LLM engine takes (`-o key=value` or the shared flags)."""

    mode: str | None = Field(
        None, description="Structured-output mode: tools (default), json_schema, json, md_json."
    )
    temperature: float = Field(0.0, ge=0.0, description="Sampling temperature.")
    max_completion_tokens: int | None = Field(
        None, ge=1, description="Completion token limit per request."
    )
    max_reasks: int = Field(
        DEFAULT_MAX_REASKS, ge=0, description="Re-asks after a validation failure."
    )
    chunk_tokens: int = Field(
        DEFAULT_CHUNK_TOKENS, ge=200, description="Article tokens per request."
    )
    seed: int | None = Field(None, description="Sampling seed sent with each request.")
    prices: Path | None = Field(
        None, description="Price table file, TOML or JSON (else env CLAIMDESK_PRICES)."
    )


@dataclass(frozen=True)
class CommonOptions:
    """Options every LLM engine reads the same way."""

    prompt: PromptTemplate
    mode: str
    instructor_mode: instructor.Mode
    temperature: float
    max_completion_tokens: int | None
    max_reasks: int
    chunk_tokens: int
    seed: int | None
    prices: PriceTable | None


def common_options(settings: EngineSettings, options: LLMOptions) -> CommonOptions:
    """Resolve the shared options (prompt loaded and validated here)."""
    mode, instructor_mode = resolve_mode(options.mode)
    return CommonOptions(
        prompt=load_prompt(settings.prompt_version),
        mode=mode,
        instructor_mode=instructor_mode,
        temperature=options.temperature,
        max_completion_tokens=options.max_completion_tokens,
        max_reasks=options.max_reasks,
        chunk_tokens=options.chunk_tokens,
        seed=options.seed,
        prices=load_price_table(options.prices),
    )
