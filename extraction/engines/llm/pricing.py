"""An optional price table: cost per million prompt and completion tokens, per model.

Read from a TOML or JSON file (`--prices FILE`) or from the environment variable
`CLAIMDESK_PRICES` (JSON text, or the path of a file). Each entry maps a model name, or
an fnmatch pattern such as `"gpt-4o*"`, to its prices:

    ["gpt-4o-mini"]
    prompt = 0.15       # per 1M prompt tokens
    completion = 0.60   # per 1M completion tokens
    batch_prompt = 0.075       # optional: provider batch price (default: half)
    batch_completion = 0.30

Without a table, costs are unknown (None) rather than zero. Calls made through a
provider batch file (`claimdesk batch`) cost the batch price: `batch_prompt` and
`batch_completion` where given, else half the live price (OpenAI's Batch API discount).
"""

from __future__ import annotations

import fnmatch
import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extraction.engines.base import EngineConfigError

PRICES_ENV = "CLAIMDESK_PRICES"
#: Share of the live price a provider batch costs when the table gives no batch price.
BATCH_DISCOUNT = 0.5
_KEYS = {"prompt", "completion", "batch_prompt", "batch_completion"}


@dataclass(frozen=True)
class Price:
    """Prices of one model, per million tokens."""

    prompt: float
    completion: float
    batch_prompt: float | None = None
    batch_completion: float | None = None

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        """Cost of a number of tokens."""
        return (prompt_tokens * self.prompt + completion_tokens * self.completion) / 1_000_000

    def batch(self) -> Price:
        """The provider batch price: the table's batch prices, else half the live ones."""
        prompt = self.prompt * BATCH_DISCOUNT if self.batch_prompt is None else self.batch_prompt
        completion = (
            self.completion * BATCH_DISCOUNT
            if self.batch_completion is None
            else self.batch_completion
        )
        return Price(prompt=prompt, completion=completion)


@dataclass(frozen=True)
class PriceTable:
    """Model name or pattern -> Price; exact names win over patterns."""

    prices: Mapping[str, Price]
    source: str = ""

    def price_for(self, model: str) -> Price | None:
        """The price of `model`, or None when the table has no entry for it."""
        if model in self.prices:
            return self.prices[model]
        for pattern, price in self.prices.items():
            if fnmatch.fnmatchcase(model, pattern):
                return price
        return None

    def cost(self, model: str, prompt_tokens: int, completion_tokens: int) -> float | None:
        """Cost of the tokens on `model`, or None when its price is unknown."""
        price = self.price_for(model)
        return None if price is None else price.cost(prompt_tokens, completion_tokens)

    def batch_cost(self, model: str, prompt_tokens: int, completion_tokens: int) -> float | None:
        """Cost of the tokens on `model` at its batch price, or None when it has no price."""
        price = self.price_for(model)
        return None if price is None else price.batch().cost(prompt_tokens, completion_tokens)


def _price(model: str, entry: Any, source: str) -> Price:
    if not isinstance(entry, Mapping):
        raise EngineConfigError(
            f"{source}: price of {model!r} must be a table of prompt/completion"
        )
    unknown = set(entry) - _KEYS
    if unknown:
        raise EngineConfigError(
            f"{source}: price of {model!r} has unknown keys {sorted(unknown)}"
            " (expected prompt, completion and optionally batch_prompt, batch_completion:"
            " cost per 1M tokens)"
        )
    try:
        prompt, completion = float(entry["prompt"]), float(entry["completion"])
        batch = {
            key: float(entry[key]) for key in ("batch_prompt", "batch_completion") if key in entry
        }
    except (KeyError, TypeError, ValueError) as error:
        raise EngineConfigError(
            f"{source}: price of {model!r} needs numeric prompt and completion"
        ) from error
    if min(prompt, completion, *batch.values()) < 0:
        raise EngineConfigError(f"{source}: price of {model!r} must not be negative")
    return Price(prompt=prompt, completion=completion, **batch)


def parse_price_table(data: Any, source: str) -> PriceTable:
    """Validate a decoded price table."""
    if not isinstance(data, Mapping) or not data:
        raise EngineConfigError(f"{source}: a price table maps model names to prices")
    prices = {str(model): _price(str(model), entry, source) for model, entry in data.items()}
    return PriceTable(prices=prices, source=source)


def load_price_file(path: Path) -> PriceTable:
    """Read a TOML (`.toml`) or JSON price table file."""
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as error:
        raise EngineConfigError(f"cannot read price table {path}: {error.strerror}") from error
    try:
        data = tomllib.loads(raw) if path.suffix == ".toml" else json.loads(raw)
    except (tomllib.TOMLDecodeError, ValueError) as error:
        raise EngineConfigError(f"price table {path} is not valid: {error}") from error
    return parse_price_table(data, str(path))


def load_price_table(
    path: str | Path | None = None, environ: Mapping[str, str] | None = None
) -> PriceTable | None:
    """The price table from `path`, else from `CLAIMDESK_PRICES`, else None."""
    if path:
        return load_price_file(Path(path))
    value = (os.environ if environ is None else environ).get(PRICES_ENV, "").strip()
    if not value:
        return None
    if value.startswith("{"):
        try:
            return parse_price_table(json.loads(value), PRICES_ENV)
        except ValueError as error:
            raise EngineConfigError(f"{PRICES_ENV} is not valid JSON: {error}") from error
    return load_price_file(Path(value))
