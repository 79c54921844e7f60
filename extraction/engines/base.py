"""The Extractor protocol every engine implements, its typed options, and the engine registry.

Engines are plugins: each is registered under the `claimdesk.engines` entry-point group
(the built-in ones too, in pyproject.toml), pointing at an `EnginePlugin` (its options
model and factory). Adding an engine is one module and one entry-point line; see
docs/engines.md.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar, runtime_checkable

from pydantic import BaseModel, ConfigDict, ValidationError

from extraction.engines.budget import TokenBudget as TokenBudget
from extraction.engines.budget import budget_scope as budget_scope
from extraction.engines.budget import current_budget as current_budget
from extraction.errors import ClaimDeskError
from extraction.schema import Article, ExtractionResult, LLMCall

#: The entry-point group engines register under.
ENTRY_POINT_GROUP = "claimdesk.engines"


class EngineError(ClaimDeskError, RuntimeError):
    """An engine could not extract claims from an article (recorded, batch goes on).

    `calls` carries the LLM calls made before the failure, so they are logged too.
    """

    exit_code = 1

    def __init__(self, message: str, calls: list[LLMCall] | None = None) -> None:
        super().__init__(message)
        self.calls: list[LLMCall] = list(calls or [])

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle with the calls (results travel back from worker processes)."""
        return (type(self), (str(self), self.calls))


class BudgetExhaustedError(EngineError):
    """The token budget cannot pay for the next request, so it was not sent; the article
    is not done and stays pending for the next run."""


class EngineConfigError(ClaimDeskError, ValueError):
    """An engine was asked for with settings it cannot work with (stops the run)."""


class ResponseCache(Protocol):
    """Looks up a stored raw LLM response by cache key (the pipeline implements it)."""

    def get(self, cache_key: str) -> str | None:
        """The stored raw response for this key, or None."""
        ...


@dataclass(frozen=True)
class EngineSettings:
    """What a run asks of an engine: model, prompt version and the engine's options.

    `options` holds raw values (from flags, `-o key=value` or code); each engine validates
    them with its own `EngineOptions` model, so an option it does not take is an error.
    Secrets such as API keys live here only in memory and are never stored.
    """

    model: str | None = None
    prompt_version: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    cache: ResponseCache | None = None


class EngineOptions(BaseModel):
    """Base of every engine's options model: typed fields, unknown options refused."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


OptionsT = TypeVar("OptionsT", bound=EngineOptions)


def _describe(error: dict[str, Any], model: type[EngineOptions]) -> str:
    key = ".".join(str(part) for part in error.get("loc", ())) or "options"
    if error.get("type") == "extra_forbidden":
        taken = ", ".join(sorted(model.model_fields)) or "none"
        return f"takes no option {key!r} (its options: {taken})"
    return f"option {key}: {error.get('msg', 'invalid')}, got {error.get('input')!r}"


def parse_options(engine: str, model: type[OptionsT], options: Mapping[str, Any]) -> OptionsT:
    """Validate raw `options` with an engine's options model.

    Values set to None count as not given. Raises EngineConfigError with one line that
    names the engine and the first bad option.
    """
    given = {key: value for key, value in options.items() if value is not None}
    try:
        return model.model_validate(given)
    except ValidationError as error:
        first = error.errors()[0]
        raise EngineConfigError(f"the {engine} engine {_describe(dict(first), model)}") from error


@runtime_checkable
class Extractor(Protocol):
    """Turns articles into claims. Engines must be safe to call from worker threads.

    `EngineBase` supplies `extract_batch` (one by one) and `close` (nothing to release).
    """

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

    def extract_batch(self, articles: Sequence[Article]) -> list[ExtractionResult | EngineError]:
        """One result per article, in order; a failed article's item is its EngineError."""
        ...

    def close(self) -> None:
        """Release what the engine holds (connections, worker processes)."""
        ...


#: What `extract_batch` returns for each article.
BatchItem = ExtractionResult | EngineError


def extract_one(engine: Extractor, article: Article) -> BatchItem:
    """`engine.extract(article)`, with any failure turned into an EngineError item."""
    try:
        return engine.extract(article)
    except EngineError as error:
        return error
    except Exception as error:  # an engine bug must not stop the batch
        failure = EngineError(f"{type(error).__name__}: {error}")
        failure.__cause__ = error
        return failure


class EngineBase:
    """Defaults for `extract_batch` and `close`; list it last among an engine's bases."""

    #: Articles the pipeline hands to one `extract_batch` call (1: no batching gain).
    batch_size: int = 1

    def extract_batch(self: Extractor, articles: Sequence[Article]) -> list[BatchItem]:
        """One by one: one result (or EngineError) per article, in order."""
        return [extract_one(self, article) for article in articles]

    def close(self) -> None:
        """Nothing to release."""


def extract_batch(engine: Extractor, articles: Sequence[Article]) -> list[BatchItem]:
    """`engine.extract_batch(articles)`, or one by one for an engine without it."""
    method = getattr(engine, "extract_batch", None)
    if method is None:
        return [extract_one(engine, article) for article in articles]
    items: list[BatchItem] = method(articles)
    if len(items) != len(articles):
        raise EngineError(
            f"engine {engine.name} returned {len(items)} results for {len(articles)} articles"
        )
    return items


def close_engine(engine: Extractor) -> None:
    """Call `engine.close()` when it has one."""
    close = getattr(engine, "close", None)
    if close is not None:
        close()


def batch_size_of(engine: Extractor) -> int:
    """How many articles the engine wants per `extract_batch` call (at least 1)."""
    return max(1, int(getattr(engine, "batch_size", 1) or 1))


@dataclass(frozen=True)
class EnginePlugin:
    """What a `claimdesk.engines` entry point points at."""

    #: Builds the engine; validates `settings.options` with `options`.
    factory: Callable[[EngineSettings], Extractor]
    #: The engine's options model (documents `-o key=value`).
    options: type[EngineOptions] = EngineOptions
    #: One line for `--help` and docs.
    summary: str = ""


#: Engines registered in this process (tests, embedding applications): name ->
#: "module:attribute" of an EnginePlugin or factory. Installed engines come from entry points.
ENGINE_FACTORIES: dict[str, str] = {}


def _source_tree_entry_points() -> dict[str, str]:
    """The `claimdesk.engines` entry points of the source tree's pyproject.toml.

    A stale editable install (metadata written before an engine was added) lacks the
    built-in engines' entry points; the source tree beside the package still has them.
    A wheel install has no pyproject.toml there, and correct metadata.
    """
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    if data.get("project", {}).get("name") != "claimdesk":
        return {}
    found = data["project"].get("entry-points", {}).get(ENTRY_POINT_GROUP, {})
    return {str(name): str(target) for name, target in found.items()}


def registered_engines() -> dict[str, str]:
    """Engine name -> "module:attribute", from entry points, the source tree and this process."""
    found = {ep.name: ep.value for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)}
    for name, target in _source_tree_entry_points().items():
        found.setdefault(name, target)
    found.update(ENGINE_FACTORIES)
    return found


def engine_names() -> list[str]:
    """Names of the registered engines."""
    return sorted(registered_engines())


def load_plugin(name: str) -> EnginePlugin:
    """The EnginePlugin registered under `name` (a bare factory is wrapped in one)."""
    target = registered_engines().get(name)
    if target is None:
        raise EngineConfigError(
            f"unknown engine {name!r}; choose one of {', '.join(engine_names())}"
        )
    module_name, _, attribute = target.partition(":")
    try:
        loaded: Any = importlib.import_module(module_name)
        for part in attribute.split("."):
            loaded = getattr(loaded, part)
    except (ImportError, AttributeError) as error:
        raise EngineConfigError(f"cannot load engine {name!r} ({target}): {error}") from error
    if isinstance(loaded, EnginePlugin):
        return loaded
    if callable(loaded):
        return EnginePlugin(factory=loaded)
    raise EngineConfigError(f"engine {name!r} ({target}) is neither an EnginePlugin nor a factory")


def create_engine(name: str, settings: EngineSettings | None = None) -> Extractor:
    """Build the engine registered under `name` with `settings`."""
    return load_plugin(name).factory(settings or EngineSettings())
