"""Context overflow: the request did not fit the server's context window.

Servers say so in different words (OpenAI and vLLM: "maximum context length is 4096 tokens",
code `context_length_exceeded`; llama.cpp server: "exceeds the available context size (4096
tokens)", `n_ctx`; llama-cpp-python in process: "exceed context window of 4096"). When the
limit is stated, the engine retries the article once with chunks sized to fit it
(`fitting_chunk_tokens`); otherwise, or when even the smallest useful chunk cannot fit, the
error names the prompt and the chunk size to use.
"""

from __future__ import annotations

import json
import re
import threading
import weakref
from dataclasses import dataclass
from typing import Any, Protocol

from extraction.engines.base import EngineError
from extraction.engines.llm.chunking import estimate_tokens
from extraction.engines.llm.response_model import ArticleClaims
from extraction.schema import Article, LLMCall

#: A compact prompt to suggest when the default one leaves no room for the article.
COMPACT_PROMPT = "claims-compact-v1"
#: Tokens kept for the answer when no --max-completion-tokens is set.
DEFAULT_COMPLETION_RESERVE = 1024
#: Share of the limit kept free for the estimate's error (characters / 4 is rough).
SAFETY_MARGIN = 0.15
#: A chunk smaller than this holds too little context to extract claims from.
MIN_CHUNK_TOKENS = 256

_MARKERS = (
    "context_length_exceeded",
    "maximum context length",
    "context length",
    "exceed_context_size",
    "exceeds the available context size",
    "context window",
    "n_ctx",
    "too many tokens",
)
_LIMITS = (
    re.compile(r"maximum context length is (\d+)", re.IGNORECASE),
    re.compile(r"available context size \((\d+)", re.IGNORECASE),
    re.compile(r"\"n_ctx\"\s*:\s*(\d+)"),
    re.compile(r"n_ctx\s*[=:]?\s*(\d+)", re.IGNORECASE),
    re.compile(r"context window of (\d+)", re.IGNORECASE),
    re.compile(r"context (?:length|size|window)[^0-9]{0,20}(\d{3,})", re.IGNORECASE),
)


@dataclass(frozen=True)
class Overflow:
    """A context overflow, with the server's stated limit in tokens when it gave one."""

    limit: int | None
    detail: str


class ContextOverflowError(EngineError):
    """The request did not fit the context window; the message says what to change."""

    def __init__(
        self, message: str, overflow: Overflow, calls: list[LLMCall] | None = None
    ) -> None:
        super().__init__(message, calls=calls)
        self.overflow = overflow


def error_text(error: BaseException) -> str:
    """Everything an exception says: its message and, for HTTP errors, the response body."""
    parts = [str(error)]
    response = getattr(error, "response", None)
    text = getattr(response, "text", None)
    if isinstance(text, str):
        parts.append(text)
    return " ".join(parts)


def detect_overflow(error: BaseException) -> Overflow | None:
    """An Overflow when `error` is a context-length error, else None."""
    text = error_text(error)
    lowered = text.lower()
    if not any(marker in lowered for marker in _MARKERS):
        return None
    status = getattr(error, "status_code", None)
    if status is not None and status not in (400, 413, 422):
        return None
    for pattern in _LIMITS:
        match = pattern.search(text)
        if match is not None:
            return Overflow(limit=int(match.group(1)), detail=" ".join(text.split())[:200])
    return Overflow(limit=None, detail=" ".join(text.split())[:200])


def fitting_chunk_tokens(limit: int, prompt_tokens: int, completion_tokens: int | None) -> int:
    """Article tokens per request that fit `limit` with the prompt and the answer."""
    reserve = completion_tokens or DEFAULT_COMPLETION_RESERVE
    return int(limit * (1 - SAFETY_MARGIN)) - prompt_tokens - reserve


def prompt_overhead(messages: list[dict[str, str]], article_text: str) -> int:
    """Estimated tokens of a request that are not the article: the instructions and examples
    of the rendered prompt, and the claim schema sent with it."""
    total = sum(estimate_tokens(message.get("content") or "") for message in messages)
    schema = estimate_tokens(json.dumps(ArticleClaims.model_json_schema()))
    return max(total - estimate_tokens(article_text), 0) + schema


def advice(
    overflow: Overflow,
    *,
    endpoint: str,
    prompt_version: str,
    prompt_tokens: int,
    chunk_tokens: int,
    completion_tokens: int | None,
) -> str:
    """The one-line error: what did not fit, and which prompt and chunk size to use."""
    stated = f"its limit is {overflow.limit} tokens" if overflow.limit else "no limit stated"
    head = (
        f"context length exceeded at {endpoint} ({stated}): prompt {prompt_version}"
        f" (~{prompt_tokens} tokens) + chunks of {chunk_tokens} tokens"
        f" + {completion_tokens or DEFAULT_COMPLETION_RESERVE} for the answer"
    )
    if overflow.limit:
        fit = fitting_chunk_tokens(overflow.limit, prompt_tokens, completion_tokens)
        if fit >= MIN_CHUNK_TOKENS:
            return f"{head}; use --chunk-tokens {fit}"
        suggestion = (
            f"use --prompt {COMPACT_PROMPT}"
            if prompt_version != COMPACT_PROMPT
            else "use a model with a larger context window"
        )
        return (
            f"{head}; the prompt leaves no room for the article: {suggestion}"
            f" and --chunk-tokens {max(overflow.limit // 4, MIN_CHUNK_TOKENS)},"
            " or lower --max-completion-tokens"
        )
    prompt_hint = f"--prompt {COMPACT_PROMPT} and " if prompt_version != COMPACT_PROMPT else ""
    return (
        f"{head}; try {prompt_hint}--chunk-tokens {max(chunk_tokens // 2, MIN_CHUNK_TOKENS)}"
        " (or the server's context size minus the prompt and the answer)"
    )


class ChunkExtractor(Protocol):
    """What `extract_fitting` needs of an InstructorExtractor."""

    settings: Any

    @property
    def prompt_version(self) -> str: ...

    def extract_chunks(self, article: Article, log: Any, chunk_tokens: int) -> list[Any]: ...


#: Chunk sizes that fitted after an overflow, per extractor: later articles start there.
_FITTED: weakref.WeakKeyDictionary[Any, int] = weakref.WeakKeyDictionary()
_FITTED_LOCK = threading.Lock()


def extract_fitting(engine: ChunkExtractor, article: Article, log: Any) -> tuple[list[Any], str]:
    """The article's chunk results; on a context overflow, one retry with chunks sized to the
    server's stated limit. Returns (results, a note when the chunks were resized).

    Raises ContextOverflowError with the prompt and chunk size to use when the limit is not
    stated, the prompt leaves no room, or the retry overflows too.
    """
    settings = engine.settings
    with _FITTED_LOCK:
        size = _FITTED.get(engine, settings.chunk_tokens)
    try:
        return engine.extract_chunks(article, log, size), ""
    except ContextOverflowError as error:
        overflow = error.overflow
    overhead = prompt_overhead(settings.prompt.render(article.model_copy()), article.text)

    def advised() -> ContextOverflowError:
        message = advice(
            overflow,
            endpoint=settings.endpoint,
            prompt_version=engine.prompt_version,
            prompt_tokens=overhead,
            chunk_tokens=size,
            completion_tokens=settings.max_completion_tokens,
        )
        return ContextOverflowError(settings.redactor.redact(message), overflow, calls=log.calls)

    if overflow.limit is None:
        raise advised()
    fit = fitting_chunk_tokens(overflow.limit, overhead, settings.max_completion_tokens)
    if fit < MIN_CHUNK_TOKENS or fit >= size:
        raise advised()
    try:
        results = engine.extract_chunks(article, log, fit)
    except ContextOverflowError as again:
        overflow = again.overflow
        raise advised() from None
    with _FITTED_LOCK:
        _FITTED[engine] = fit
    note = (
        f"context overflow at {overflow.limit} tokens: retried with --chunk-tokens {fit}"
        f" instead of {size}"
    )
    return results, note
