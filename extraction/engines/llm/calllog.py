"""The call log: every attempt at an LLM call becomes one `LLMCall`, recorded in one place.

Attempts are captured where they happen, below instructor and the openai client:

- over HTTP by `CallLogTransport`, an httpx transport wrapper that sees every request
  the openai client sends (each HTTP retry and each validation re-ask) with its raw body,
  raw response, status, token usage and latency;
- in process by `logged_create`, which wraps a create function (llama-cpp-python's)
  the same way.

Both write to the `CallLog` of the extraction running in the current thread (a context
variable, so one shared client serves many worker threads). Instructor's `parse:error`
hook, registered by `CallLog.hooks`, marks the attempt whose response failed validation;
the engine marks the attempt whose response it used. Everything recorded is redacted.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import httpx
from instructor.core.hooks import Hooks

from extraction.engines.base import BudgetExhaustedError, current_budget
from extraction.engines.llm.parsing import answer_problem
from extraction.engines.llm.secrets import Redactor
from extraction.schema import LLMCall


@dataclass(frozen=True)
class CallMeta:
    """What every call of one engine shares."""

    endpoint: str
    model: str
    prompt_version: str
    prompt_hash: str


@dataclass(frozen=True)
class Usage:
    """Token counts of one response (None where the server did not say)."""

    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    total_tokens: int | None = None

    @classmethod
    def from_mapping(cls, usage: Any) -> Usage:
        """Read an OpenAI-style `usage` object or dict."""
        if usage is None:
            return cls()

        def get(name: str) -> Any:
            return usage.get(name) if isinstance(usage, dict) else getattr(usage, name, None)

        return cls(
            prompt_tokens=_int_or_none(get("prompt_tokens")),
            completion_tokens=_int_or_none(get("completion_tokens")),
            total_tokens=_int_or_none(get("total_tokens")),
        )

    @classmethod
    def from_body(cls, body: str) -> Usage:
        """Read `usage` from a raw chat-completion body; empty when it is not JSON."""
        try:
            data = json.loads(body)
        except ValueError:
            return cls()
        return cls.from_mapping(data.get("usage")) if isinstance(data, dict) else cls()


def _int_or_none(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


class CallLog:
    """The LLM calls of one extraction, in order. Used by one thread at a time."""

    def __init__(self, meta: CallMeta, redactor: Redactor) -> None:
        self.meta = meta
        self.redactor = redactor
        self.calls: list[LLMCall] = []
        self._cache_key: str | None = None
        self._attempt = 0

    def begin_request(self, cache_key: str) -> None:
        """Start a new logical request (one chunk): attempts are numbered from 1 again."""
        self._cache_key = cache_key
        self._attempt = 0

    def record(
        self,
        *,
        request: str | None,
        response: str | None,
        error: str | None,
        latency_ms: float,
        usage: Usage | None = None,
    ) -> LLMCall:
        """Append one attempt; text is redacted on the way in."""
        self._attempt += 1
        usage = usage or (Usage.from_body(response) if response else Usage())
        budget = current_budget()
        if budget is not None:
            budget.spend(
                usage.total_tokens or (usage.prompt_tokens or 0) + (usage.completion_tokens or 0)
            )
        call = LLMCall(
            attempt=self._attempt,
            endpoint=self.meta.endpoint,
            model=self.meta.model,
            prompt_version=self.meta.prompt_version,
            prompt_hash=self.meta.prompt_hash,
            cache_key=self._cache_key,
            request=self.redactor.redact_optional(request),
            response=self.redactor.redact_optional(response),
            error=self.redactor.redact_optional(error),
            prompt_tokens=usage.prompt_tokens,
            completion_tokens=usage.completion_tokens,
            total_tokens=usage.total_tokens,
            latency_ms=round(latency_ms, 3),
        )
        self.calls.append(call)
        return call

    def record_cache_hit(self, cache_key: str, request: str, response: str) -> LLMCall:
        """One row for a response served from the cache: no server call, no tokens."""
        self.begin_request(cache_key)
        call = self.record(
            request=request, response=response, error=None, latency_ms=0.0, usage=Usage(0, 0, 0)
        )
        call.parsed = True
        return call

    def _last_answered(self) -> LLMCall | None:
        for call in reversed(self.calls):
            if call.response is not None and call.cache_key == self._cache_key:
                return call
        return None

    def attempts(self) -> int:
        """Attempts made for the current request so far (HTTP retries and re-asks)."""
        return sum(1 for call in self.calls if call.cache_key == self._cache_key)

    def last_problem(self) -> str | None:
        """Why the current request's last answer is unusable (`answer_problem`), if it is."""
        raw = self.last_response()
        return None if raw is None else answer_problem(raw)

    def last_response(self) -> str | None:
        """The raw (redacted) response of the current request's last answered attempt."""
        call = self._last_answered()
        return None if call is None else call.response

    def mark_validation_error(self, error: BaseException, **_: Any) -> None:
        """Instructor `parse:error` hook: the last response failed validation."""
        call = self._last_answered()
        if call is not None:
            call.parsed = False
            message = f"validation failed: {error}"
            if call.error and not call.error.startswith("validation failed"):
                message = f"{call.error}; {message}"
            call.error = self.redactor.redact(message)

    def mark_parsed(self, note: str | None = None) -> None:
        """The last response is the one the claims came from (`note`: what was dropped)."""
        call = self._last_answered()
        if call is None:
            return
        call.parsed = True
        if note:
            joined = f"{call.error}; {note}" if call.error else note
            call.error = self.redactor.redact(joined)

    def hooks(self) -> Hooks:
        """Instructor hooks that feed this log (pass as `hooks=` to one create call)."""
        hooks = Hooks()
        hooks.on("parse:error", self.mark_validation_error)
        return hooks

    @property
    def prompt_tokens(self) -> int:
        """Prompt tokens over every attempt so far."""
        return sum(call.prompt_tokens or 0 for call in self.calls)

    @property
    def completion_tokens(self) -> int:
        """Completion tokens over every attempt so far."""
        return sum(call.completion_tokens or 0 for call in self.calls)


_CURRENT: ContextVar[CallLog | None] = ContextVar("claimdesk_call_log", default=None)


@contextmanager
def recording(log: CallLog) -> Iterator[CallLog]:
    """Route the attempts made in this thread to `log` while the block runs."""
    token = _CURRENT.set(log)
    try:
        yield log
    finally:
        _CURRENT.reset(token)


def current_log() -> CallLog | None:
    """The call log of the extraction running in this thread, if any."""
    return _CURRENT.get()


def request_token_bound(body: str) -> int:
    """The most a request can cost: its prompt (about 4 characters a token, the schema
    and every message included) plus the completion's `max_tokens` when it sets one."""
    limit = 0
    try:
        data = json.loads(body)
    except ValueError:
        data = None
    if isinstance(data, dict):
        value = data.get("max_tokens") or data.get("max_completion_tokens") or 0
        limit = int(value) if isinstance(value, int | float) else 0
    return len(body) // 4 + limit


def check_budget(body: str) -> None:
    """Refuse to send a request the thread's token budget cannot pay for."""
    budget = current_budget()
    if budget is None:
        return
    bound = request_token_bound(body)
    if not budget.can_afford(bound):
        raise BudgetExhaustedError(
            f"token budget reached: {budget.spent} of {budget.limit} tokens spent and the next"
            f" request may cost up to {bound}; not sent"
        )


def _describe_exception(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def _loaded(request: httpx.Request, response: httpx.Response, body: bytes) -> httpx.Response:
    """A copy of `response` holding its (decoded) body, safe to hand up the stack."""
    headers = [
        (k, v)
        for k, v in response.headers.multi_items()
        if k.lower() not in {"content-encoding", "content-length", "transfer-encoding"}
    ]
    return httpx.Response(
        status_code=response.status_code,
        headers=headers,
        content=body,
        request=request,
        extensions=response.extensions,
    )


class CallLogTransport(httpx.BaseTransport):
    """Records every HTTP exchange into the current thread's `CallLog`."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self._inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send `request` through the wrapped transport and log the attempt."""
        log = current_log()
        body = request.read().decode("utf-8", errors="replace")
        check_budget(body)
        started = time.perf_counter()
        try:
            response = self._inner.handle_request(request)
            content = response.read()
        except Exception as error:
            if log is not None:
                log.record(
                    request=body,
                    response=None,
                    error=_describe_exception(error),
                    latency_ms=(time.perf_counter() - started) * 1000,
                )
            raise
        elapsed = (time.perf_counter() - started) * 1000
        response.close()
        if log is not None:
            text = content.decode("utf-8", errors="replace")
            ok = response.status_code < 400
            log.record(
                request=body,
                response=text if ok else None,
                error=answer_problem(text) if ok else f"HTTP {response.status_code}: {text[:2000]}",
                latency_ms=elapsed,
            )
        return _loaded(request, response, content)

    def close(self) -> None:
        """Close the wrapped transport."""
        self._inner.close()


def logged_create(create: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap an in-process chat-completion function so each call is logged like HTTP ones."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        log = current_log()
        check_budget(json.dumps(kwargs, default=str, ensure_ascii=False))
        started = time.perf_counter()
        try:
            completion = create(*args, **kwargs)
        except Exception as error:
            if log is not None:
                log.record(
                    request=json.dumps(kwargs, default=str, ensure_ascii=False),
                    response=None,
                    error=_describe_exception(error),
                    latency_ms=(time.perf_counter() - started) * 1000,
                )
            raise
        if log is not None:
            dump = getattr(completion, "model_dump_json", None)
            text = dump() if callable(dump) else json.dumps(completion, default=str)
            log.record(
                request=json.dumps(kwargs, default=str, ensure_ascii=False),
                response=text,
                error=answer_problem(text),
                latency_ms=(time.perf_counter() - started) * 1000,
                usage=Usage.from_mapping(getattr(completion, "usage", None)),
            )
        return completion

    return wrapper
