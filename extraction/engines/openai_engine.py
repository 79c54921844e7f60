"""The `openai` engine: instructor over the official openai client, any OpenAI-compatible server.

OpenAI itself, vLLM, Ollama, llama.cpp's `llama-server` and `python -m llama_cpp.server`
all speak the same chat-completions API; `--base-url` picks the server. The openai
client's own retries are off: the HTTP stack below it is ours, bottom up

    HTTP (or a replay cassette) -> [cassette recorder] -> call log -> retries -> openai client

so every attempt, retries and re-asks alike, is one logged call, and the API key, which
only ever travels in the Authorization header, never reaches a log row or a message.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

import httpx
import instructor
import openai
from pydantic import Field, SecretStr

from extraction.engines.base import (
    EngineBase,
    EngineConfigError,
    EnginePlugin,
    EngineSettings,
    parse_options,
)
from extraction.engines.llm.calllog import CallLogTransport
from extraction.engines.llm.cassette import RecordingTransport, ReplayTransport
from extraction.engines.llm.extractor import Failure, InstructorExtractor, LLMSettings
from extraction.engines.llm.modes import is_mode_rejection, rejection_message
from extraction.engines.llm.options import CommonOptions, LLMOptions, common_options
from extraction.engines.llm.parsing import is_transient_problem
from extraction.engines.llm.retry import (
    DEFAULT_MAX_RETRIES,
    RetryPolicy,
    RetryTransport,
    is_retryable_status,
)
from extraction.engines.llm.secrets import Redactor, protect_logs, safe_endpoint

ENGINE_NAME = "openai"
DEFAULT_BASE_URL = "https://api.openai.com/v1"
DEFAULT_TIMEOUT = 120.0
#: Sent when no key is configured: local servers want some Authorization header, not a key.
NO_API_KEY = "not-needed"
MODEL_ENV = "CLAIMDESK_MODEL"
#: Characters of a server's error body quoted in messages.
MAX_DETAIL = 300


@dataclass(frozen=True)
class OpenAIOptions:
    """The openai engine's own options."""

    model: str
    base_url: str
    api_key: str
    timeout: float
    retry: RetryPolicy
    record: Path | None
    replay: Path | None


def _model(settings: EngineSettings) -> str:
    model = (settings.model or os.environ.get(MODEL_ENV) or "").strip()
    if not model:
        raise EngineConfigError(
            "--model is required for the openai engine (or CLAIMDESK_MODEL);"
            " a llama.cpp server accepts any name"
        )
    return model


class OpenAIEngineOptions(LLMOptions):
    """The openai engine's options: the shared LLM ones and its own."""

    base_url: str | None = Field(
        None, description="OpenAI-compatible endpoint (else env OPENAI_BASE_URL)."
    )
    api_key: SecretStr | None = Field(
        None, description="API key (else env OPENAI_API_KEY); never stored."
    )
    timeout: float = Field(DEFAULT_TIMEOUT, ge=0.001, description="Per-call timeout, seconds.")
    max_retries: int = Field(
        DEFAULT_MAX_RETRIES, ge=0, description="Retries after the first attempt (429/5xx)."
    )
    record: Path | None = Field(None, description="Record HTTP exchanges to this cassette.")
    replay: Path | None = Field(None, description="Replay a recorded cassette.")


def read_options(
    settings: EngineSettings, options: OpenAIEngineOptions | None = None
) -> OpenAIOptions:
    """Validate the openai engine's options; EngineConfigError names the bad one."""
    if options is None:
        options = parse_options(ENGINE_NAME, OpenAIEngineOptions, settings.options)
    base_url = options.base_url or os.environ.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL
    if urlsplit(base_url).scheme not in {"http", "https"} or not urlsplit(base_url).hostname:
        raise EngineConfigError(
            f"--base-url must be an http(s) URL, got {safe_endpoint(base_url)!r}"
        )
    given_key = options.api_key.get_secret_value().strip() if options.api_key else ""
    api_key = given_key or os.environ.get("OPENAI_API_KEY") or ""
    record, replay = options.record, options.replay
    if record and replay:
        raise EngineConfigError("--record and --replay exclude each other")
    if not api_key and not replay and urlsplit(base_url).hostname == "api.openai.com":
        raise EngineConfigError("OPENAI_API_KEY (or --api-key) is required for api.openai.com")
    return OpenAIOptions(
        model=_model(settings),
        base_url=base_url,
        api_key=api_key or NO_API_KEY,
        timeout=options.timeout,
        retry=RetryPolicy(max_retries=options.max_retries),
        record=record,
        replay=replay,
    )


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_DETAIL else text[: MAX_DETAIL - 3] + "..."


class _Describer:
    """Turns openai client errors into one-line, secret-free messages."""

    def __init__(self, endpoint: str, mode: str, opts: OpenAIOptions) -> None:
        self.endpoint, self.mode, self.opts = endpoint, mode, opts

    def __call__(self, error: BaseException) -> Failure:
        attempts = self.opts.retry.max_attempts
        if isinstance(error, openai.APITimeoutError):
            return Failure(
                f"timed out at {self.endpoint} after {attempts} attempt(s) of"
                f" {self.opts.timeout:g} s (--timeout, --max-retries)"
            )
        if isinstance(error, openai.APIStatusError):
            return self._status(error.status_code, error.response.text, attempts)
        if isinstance(error, openai.APIConnectionError):
            cause = error.__cause__ or error
            return Failure(
                f"cannot connect to {self.endpoint} after {attempts} attempt(s): {cause}"
            )
        return Failure(f"{type(error).__name__}: {error}")

    def _status(self, status: int, body: str, attempts: int) -> Failure:
        detail = f"HTTP {status}: {_short(body)}"
        if is_mode_rejection(self.mode, status, body):
            return Failure(rejection_message(self.endpoint, self.mode, detail), fatal=True)
        if status in {401, 403}:
            return Failure(
                f"the server at {self.endpoint} refused the credentials (HTTP {status});"
                " check --api-key / OPENAI_API_KEY",
                fatal=True,
            )
        if status == 404 and "replay_miss" not in body:
            return Failure(
                f"not found at {self.endpoint} ({detail}); check --base-url and --model", fatal=True
            )
        tried = f" after {attempts} attempt(s)" if is_retryable_status(status) else ""
        return Failure(f"the server at {self.endpoint} answered {detail}{tried}")


def build_http_client(
    opts: OpenAIOptions,
    mode: str,
    redactor: Redactor,
    *,
    transport: httpx.BaseTransport | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> httpx.Client:
    """The httpx client under the openai client: cassette, call log and retries."""
    base: httpx.BaseTransport
    if transport is not None:
        base = transport
    elif opts.replay is not None:
        base = ReplayTransport(opts.replay)
    else:
        base = httpx.HTTPTransport()
    if opts.record is not None:
        base = RecordingTransport(base, opts.record, redactor)

    def rejects_mode(response: httpx.Response) -> bool:
        return is_mode_rejection(mode, response.status_code, response.text)

    stack = RetryTransport(
        CallLogTransport(base),
        opts.retry,
        sleep=sleep,
        is_permanent=rejects_mode,
        is_bad_answer=lambda response: is_transient_problem(response.text),
    )
    return httpx.Client(transport=stack, timeout=httpx.Timeout(opts.timeout))


class OpenAIEngine(InstructorExtractor, EngineBase):
    """Claims through an OpenAI-compatible chat-completions endpoint."""

    def __init__(
        self,
        common: CommonOptions,
        opts: OpenAIOptions,
        *,
        cache: Any = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        endpoint = safe_endpoint(opts.base_url)
        secret = None if opts.api_key == NO_API_KEY else opts.api_key
        redactor = Redactor([secret])
        protect_logs(secret)
        self.http_client = build_http_client(
            opts, common.mode, redactor, transport=transport, sleep=sleep
        )
        client = openai.OpenAI(
            base_url=opts.base_url,
            api_key=opts.api_key,
            timeout=opts.timeout,
            max_retries=0,
            # openai 3 runs on httpx2 and accepts an httpx (legacy) client as well
            http_client=cast(Any, self.http_client),
        )
        patched = instructor.from_openai(client, mode=common.instructor_mode)
        settings = LLMSettings(
            engine=ENGINE_NAME,
            model=opts.model,
            endpoint=endpoint,
            mode=common.mode,
            instructor_mode=common.instructor_mode,
            prompt=common.prompt,
            temperature=common.temperature,
            max_completion_tokens=common.max_completion_tokens,
            seed=common.seed,
            max_reasks=common.max_reasks,
            chunk_tokens=common.chunk_tokens,
            prices=common.prices,
            cache=cache,
            redactor=redactor,
            extra_parameters={"timeout": opts.timeout, "max_retries": opts.retry.max_retries},
        )
        super().__init__(
            settings, patched.chat.completions.create, _Describer(endpoint, common.mode, opts)
        )

    def close(self) -> None:
        """Close the HTTP connections."""
        self.http_client.close()


def create_engine(
    settings: EngineSettings,
    *,
    transport: httpx.BaseTransport | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> OpenAIEngine:
    """Build the openai engine (tests pass a mock `transport` and a fake `sleep`)."""
    options = parse_options(ENGINE_NAME, OpenAIEngineOptions, settings.options)
    opts = read_options(settings, options)
    common = common_options(settings, options)
    return OpenAIEngine(common, opts, cache=settings.cache, transport=transport, sleep=sleep)


#: The `claimdesk.engines` entry point of this engine.
PLUGIN = EnginePlugin(
    factory=create_engine,
    options=OpenAIEngineOptions,
    summary="an OpenAI-compatible chat-completions server (OpenAI, vLLM, Ollama, llama.cpp)",
)
