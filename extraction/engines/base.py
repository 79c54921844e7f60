"""The Extractor protocol every engine implements, and the engine registry.

Adding an engine touches one module and one line of `ENGINE_FACTORIES`.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from extraction.schema import Article, ExtractionResult, LLMCall


class EngineError(RuntimeError):
    """An engine could not extract claims from an article (recorded, batch goes on).

    `calls` carries the LLM calls made before the failure, so they are logged too.
    """

    def __init__(self, message: str, calls: list[LLMCall] | None = None) -> None:
        super().__init__(message)
        self.calls: list[LLMCall] = list(calls or [])


class BudgetExhaustedError(EngineError):
    """The token budget cannot pay for the next request, so it was not sent; the article
    is not done and stays pending for the next run."""


class TokenBudget:
    """A batch's token allowance (`--max-tokens`), shared by every worker thread.

    An LLM engine asks `can_afford(estimate)` before each request (every chunk, re-ask
    and retry) with the most that request can cost (its prompt plus its `max_tokens`),
    and records what each answer really cost with `spend`."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._spent = 0
        self._lock = threading.Lock()

    @property
    def spent(self) -> int:
        """Tokens spent so far."""
        with self._lock:
            return self._spent

    def can_afford(self, estimate: int) -> bool:
        """True when a request costing up to `estimate` tokens stays within the limit."""
        with self._lock:
            return self._spent + max(0, estimate) <= self.limit

    def spend(self, tokens: int) -> None:
        """Record tokens an answer cost."""
        with self._lock:
            self._spent += max(0, tokens)


_BUDGET: ContextVar[TokenBudget | None] = ContextVar("claimdesk_token_budget", default=None)


@contextmanager
def budget_scope(budget: TokenBudget | None) -> Iterator[None]:
    """Make `budget` the one that LLM requests in this thread check while the block runs."""
    token = _BUDGET.set(budget)
    try:
        yield
    finally:
        _BUDGET.reset(token)


def current_budget() -> TokenBudget | None:
    """The token budget of the extraction running in this thread, if any."""
    return _BUDGET.get()


class EngineConfigError(ValueError):
    """An engine was asked for with settings it cannot work with (stops the run)."""


class ResponseCache(Protocol):
    """Looks up a stored raw LLM response by cache key (the pipeline implements it)."""

    def get(self, cache_key: str) -> str | None:
        """The stored raw response for this key, or None."""
        ...


@dataclass(frozen=True)
class EngineSettings:
    """Settings common to all engines; each engine reads what it needs.

    `options` carries engine-specific settings (base_url, mode, model_path, ...).
    Secrets such as API keys live here only in memory and are never stored.
    """

    model: str | None = None
    prompt_version: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    cache: ResponseCache | None = None


@runtime_checkable
class Extractor(Protocol):
    """Turns one Article into claims. Engines must be safe to call from worker threads."""

    name: str

    @property
    def model(self) -> str:
        """Model identifier recorded with each run ('rules-v1', 'gpt-4o-mini', ...)."""
        ...

    @property
    def prompt_version(self) -> str:
        """Prompt (or rule set) version recorded with each run."""
        ...

    @property
    def prompt_hash(self) -> str:
        """Hash of the prompt templates or rule set, so a changed prompt is a new run key."""
        ...

    @property
    def parameters(self) -> dict[str, Any]:
        """Parameters recorded with the run (temperature, mode, ...); no secrets."""
        ...

    def extract(self, article: Article) -> ExtractionResult:
        """Return the claims of one article; raise EngineError on failure."""
        ...


#: engine name -> "module:factory"; the factory takes EngineSettings and returns an Extractor.
ENGINE_FACTORIES: dict[str, str] = {
    "rules": "extraction.engines.rules.engine:create_engine",
    "openai": "extraction.engines.openai_engine:create_engine",
    "local": "extraction.engines.local_engine:create_engine",
}


def engine_names() -> list[str]:
    """Names of the registered engines."""
    return sorted(ENGINE_FACTORIES)


def create_engine(name: str, settings: EngineSettings | None = None) -> Extractor:
    """Build the engine registered under `name` with `settings`."""
    target = ENGINE_FACTORIES.get(name)
    if target is None:
        raise EngineConfigError(
            f"unknown engine {name!r}; choose one of {', '.join(engine_names())}"
        )
    module_name, _, attribute = target.partition(":")
    module = importlib.import_module(module_name)
    factory: Callable[[EngineSettings], Extractor] = getattr(module, attribute)
    return factory(settings or EngineSettings())
