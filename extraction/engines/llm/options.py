"""Reading `EngineSettings.options` into typed values, with clear errors for bad ones.

Options the two LLM engines share: prompt, mode, temperature, max_completion_tokens,
max_reasks, chunk_tokens, seed, prices. Engine-specific ones (base_url, timeout,
model_path, ...) are read by each engine with the same helpers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import instructor

from extraction.engines.base import EngineConfigError, EngineSettings
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


def common_options(
    settings: EngineSettings, *, default_max_completion_tokens: int | None = None
) -> CommonOptions:
    """Read the shared options of `settings` (prompt loaded and validated here)."""
    options = settings.options
    mode, instructor_mode = resolve_mode(get_str(options, "mode"))
    return CommonOptions(
        prompt=load_prompt(settings.prompt_version),
        mode=mode,
        instructor_mode=instructor_mode,
        temperature=get_float(options, "temperature", 0.0) or 0.0,
        max_completion_tokens=get_int(
            options, "max_completion_tokens", default_max_completion_tokens, minimum=1
        ),
        max_reasks=get_int(options, "max_reasks", DEFAULT_MAX_REASKS) or 0,
        chunk_tokens=get_int(options, "chunk_tokens", DEFAULT_CHUNK_TOKENS, minimum=200)
        or DEFAULT_CHUNK_TOKENS,
        seed=get_int(options, "seed", None),
        prices=load_price_table(get_str(options, "prices")),
    )
