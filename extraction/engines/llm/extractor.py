"""What the openai and local engines share: one article in, claims and call log out.

An engine supplies an instructor-patched `create` function (over the openai client, or
over llama-cpp-python) whose attempts are captured by the call log, and an error
describer; this class renders the prompt, splits long articles, serves the cache, runs
the re-asks, keeps what can be kept after the last one, merges claims across chunks,
and totals tokens and cost.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import instructor
from instructor.core import IncompleteOutputException, InstructorRetryException
from pydantic import ValidationError

from extraction.engines.base import BudgetExhaustedError, EngineError, ResponseCache
from extraction.engines.llm.cache import cache_hit_request, cache_key, canonical_json, lookup
from extraction.engines.llm.calllog import CallLog, CallMeta, recording
from extraction.engines.llm.chunking import DEFAULT_CHUNK_TOKENS, chunk_text, merge_claims
from extraction.engines.llm.overflow import (
    ContextOverflowError,
    detect_overflow,
    extract_fitting,
)
from extraction.engines.llm.parsing import (
    Recovered,
    UnparseableResponseError,
    recover_claims,
    recover_from_completion,
)
from extraction.engines.llm.pricing import PriceTable
from extraction.engines.llm.response_model import ArticleClaims, validation_context
from extraction.engines.llm.secrets import Redactor
from extraction.engines.llm.wire import RESPONSE_MODEL, ChunkRequest, request_body
from extraction.engines.prompts import PromptTemplate
from extraction.schema import Article, Claim, ExtractionResult

#: Default re-asks after a response fails validation (so up to 3 answers per request).
DEFAULT_MAX_REASKS = 2

CreateFn = Callable[..., Any]

# instructor logs every failed attempt and "Max retries exceeded. Total attempts: N" at
# ERROR level; with no handler configured Python prints that to stderr, next to (and
# disagreeing with) ClaimDesk's own one-line message that counts every attempt. The call
# log keeps every attempt; instructor's log records go nowhere.
logging.getLogger("instructor").addHandler(logging.NullHandler())
logging.getLogger("instructor").propagate = False


@dataclass(frozen=True)
class Failure:
    """How an engine describes an error; `fatal` ones fail every later article at once."""

    message: str
    fatal: bool = False


ErrorDescriber = Callable[[BaseException], Failure]


def _default_describer(error: BaseException) -> Failure:
    return Failure(f"{type(error).__name__}: {error}")


@dataclass(frozen=True)
class LLMSettings:
    """Everything an LLM engine run is defined by (no secrets)."""

    engine: str
    model: str
    endpoint: str
    mode: str
    instructor_mode: instructor.Mode
    prompt: PromptTemplate
    temperature: float = 0.0
    max_completion_tokens: int | None = None
    seed: int | None = None
    max_reasks: int = DEFAULT_MAX_REASKS
    chunk_tokens: int = DEFAULT_CHUNK_TOKENS
    prices: PriceTable | None = None
    cache: ResponseCache | None = None
    redactor: Redactor = field(default_factory=Redactor)
    extra_parameters: dict[str, Any] = field(default_factory=dict)


def schema_hash() -> str:
    """Short hash of the response model's JSON schema (a schema change is a new cache key)."""
    schema = canonical_json(ArticleClaims.model_json_schema())
    return hashlib.sha256(schema.encode("utf-8")).hexdigest()[:16]


def _is_parse_failure(error: BaseException | None) -> bool:
    """Validation, JSON and response-shape errors (pydantic's ValidationError included)."""
    return isinstance(error, ValidationError | ValueError)


def _budget_error(error: BaseException | None) -> BudgetExhaustedError | None:
    """The BudgetExhaustedError behind `error` (its cause or context chain), if any."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, BudgetExhaustedError):
            return error
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return None


@dataclass
class _ChunkResult:
    claims: list[Claim]
    from_cache: bool
    note: str | None = None


class InstructorExtractor:
    """An Extractor over an instructor-patched create function. Thread-safe."""

    def __init__(
        self,
        settings: LLMSettings,
        create: CreateFn,
        describe_error: ErrorDescriber = _default_describer,
    ) -> None:
        self.settings = settings
        self.name = settings.engine
        self._create = create
        self._describe = describe_error
        self._schema_hash = schema_hash()
        self._fatal: str | None = None
        self._lock = threading.Lock()

    @property
    def model(self) -> str:
        """The model name recorded with the run."""
        return self.settings.model

    @property
    def prompt_version(self) -> str:
        """The prompt version recorded with the run."""
        return self.settings.prompt.version

    @property
    def prompt_hash(self) -> str:
        """sha256 of the prompt file."""
        return self.settings.prompt.hash

    def request_parameters(self) -> dict[str, Any]:
        """Sampling parameters sent with every request (None values are not sent)."""
        values = {
            "temperature": self.settings.temperature,
            "max_tokens": self.settings.max_completion_tokens,
            "seed": self.settings.seed,
        }
        return {key: value for key, value in values.items() if value is not None}

    def _key_parameters(self) -> dict[str, Any]:
        return {
            "mode": self.settings.mode,
            "schema": self._schema_hash,
            **self.request_parameters(),
        }

    @property
    def parameters(self) -> dict[str, Any]:
        """Parameters recorded with the run; no secrets."""
        return {
            "endpoint": self.settings.endpoint,
            **self._key_parameters(),
            "max_reasks": self.settings.max_reasks,
            "chunk_tokens": self.settings.chunk_tokens,
            **self.settings.extra_parameters,
        }

    def _meta(self) -> CallMeta:
        return CallMeta(
            endpoint=self.settings.endpoint,
            model=self.settings.model,
            prompt_version=self.prompt_version,
            prompt_hash=self.prompt_hash,
        )

    def extract(self, article: Article) -> ExtractionResult:
        """Claims of one article; EngineError (with every attempt logged) on failure."""
        with self._lock:
            fatal = self._fatal
        if fatal is not None:
            raise EngineError(f"{fatal} (not sent: an earlier article failed the same way)")
        log = CallLog(self._meta(), self.settings.redactor)
        with recording(log):
            results, resized = extract_fitting(self, article, log)
        notes = [r.note for r in results if r.note]
        if resized:
            notes.insert(0, resized)
        if len(results) > 1:
            notes.insert(0, f"article split into {len(results)} chunks")
        prompt_tokens, completion_tokens = log.prompt_tokens, log.completion_tokens
        prices = self.settings.prices
        cost = None
        if prices is not None:
            cost = prices.cost(self.model, prompt_tokens, completion_tokens)
            if cost is None:
                notes.append(f"no price for model {self.model!r} in {prices.source}")
        return ExtractionResult(
            claims=[self._redact_claim(c) for c in merge_claims(r.claims for r in results)],
            calls=log.calls,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            cost=cost,
            from_cache=all(r.from_cache for r in results),
            notes=notes,
        )

    def extract_chunks(self, article: Article, log: CallLog, chunk_tokens: int) -> list[Any]:
        """Each chunk of `chunk_tokens` of the article, extracted in order."""
        return [
            self._extract_chunk(article.model_copy(update={"text": chunk.text}), article.text, log)
            for chunk in chunk_text(article.text, chunk_tokens)
        ]

    def request_kwargs(self, messages: list[dict[str, str]]) -> dict[str, Any]:
        """What one request asks for, before the structured-output mode shapes it: the
        messages, the model and the sampling parameters (live and batch requests alike)."""
        return {"messages": messages, "model": self.model, **self.request_parameters()}

    def request_cache_key(self, messages: list[dict[str, str]]) -> str:
        """The cache key of the request carrying `messages`."""
        return cache_key(
            endpoint=self.settings.endpoint,
            model=self.model,
            prompt_hash=self.prompt_hash,
            parameters=self._key_parameters(),
            messages=messages,
        )

    def chunk_requests(self, article: Article) -> list[ChunkRequest]:
        """The requests the engine sends for `article`, one per chunk, with their cache
        keys and the exact JSON bodies (as a provider batch file carries them)."""
        chunks = chunk_text(article.text, self.settings.chunk_tokens)
        requests = []
        for chunk in chunks:
            messages = self.settings.prompt.render(article.model_copy(update={"text": chunk.text}))
            requests.append(
                ChunkRequest(
                    index=chunk.index,
                    count=len(chunks),
                    cache_key=self.request_cache_key(messages),
                    body=request_body(self.request_kwargs(messages), self.settings.instructor_mode),
                )
            )
        return requests

    def _extract_chunk(self, part: Article, article_text: str, log: CallLog) -> _ChunkResult:
        messages = self.settings.prompt.render(part)
        key = self.request_cache_key(messages)
        cached = self._from_cache(key, messages, log)
        if cached is not None:
            return cached
        log.begin_request(key)
        try:
            answer = self._create(
                response_model=RESPONSE_MODEL,
                context=validation_context(article_text),
                max_retries=self.settings.max_reasks,
                strict=False,
                hooks=log.hooks(),
                **self.request_kwargs(messages),
            )
        except IncompleteOutputException:
            raise self._bad_answer(
                log,
                "the completion reached the token limit (finish_reason 'length');"
                " raise --max-completion-tokens or lower --chunk-tokens",
            ) from None
        except InstructorRetryException as error:
            cause = error.__cause__
            if _is_parse_failure(cause) and error.last_completion is not None:
                return self._salvage(log, f"still invalid after {log.attempts()} attempt(s)")
            raise self._failure(cause or error, log) from None
        except Exception as error:
            raise self._failure(error, log) from None
        log.mark_parsed()
        return _ChunkResult(claims=answer.to_claims(), from_cache=False)

    def _from_cache(
        self, key: str, messages: list[dict[str, str]], log: CallLog
    ) -> _ChunkResult | None:
        raw = lookup(self.settings.cache, key)
        if raw is None:
            return None
        try:
            recovered = recover_from_completion(raw)
        except UnparseableResponseError:
            return None  # a broken cache entry: ask the model again
        log.record_cache_hit(key, cache_hit_request(key, messages), raw)
        return _ChunkResult(claims=recovered.claims, from_cache=True, note=f"cache hit {key[:12]}")

    def _redact_claim(self, claim: Claim) -> Claim:
        """The claim with any secret a server echoed in its answer masked."""
        redact = self.settings.redactor.redact
        update: dict[str, Any] = {}
        for name in ("statement", "claimant", "via", "evidence"):
            value = getattr(claim, name)
            if isinstance(value, str) and redact(value) != value:
                update[name] = redact(value)
        if claim.quantity is not None and redact(claim.quantity.unit) != claim.quantity.unit:
            update["quantity"] = claim.quantity.model_copy(
                update={"unit": redact(claim.quantity.unit)}
            )
        return claim.model_copy(update=update) if update else claim

    def _bad_answer(self, log: CallLog, message: str, *, count: bool = True) -> EngineError:
        """The article fails: its last answer is unusable (the call log says why)."""
        text = f"{message} ({log.attempts()} attempt(s))" if count else message
        return EngineError(self.settings.redactor.redact(text), calls=log.calls)

    def _salvage(self, log: CallLog, reason: str) -> _ChunkResult:
        """Keep the valid claims of the last response (ungrounded ones included).

        An answer cut off (tool-call arguments that are not complete JSON, a completion at
        the token limit), refused or empty fails the article: storing what it holds as a
        done extraction would make every later run skip the claims it lost."""
        problem = log.last_problem()
        if problem is not None:
            raise self._bad_answer(log, f"{reason}; {problem}", count=False)
        raw = log.last_response()
        try:
            recovered: Recovered = recover_from_completion(raw) if raw else recover_claims("")
        except UnparseableResponseError as error:
            raise EngineError(
                self.settings.redactor.redact(f"{reason}; no claims could be read: {error}"),
                calls=log.calls,
            ) from None
        if recovered.truncated:
            raise self._bad_answer(log, f"{reason}; the answer is cut off", count=False)
        if not recovered.claims and recovered.dropped:
            raise EngineError(
                self.settings.redactor.redact(
                    f"{reason}; no valid claim in the last response: "
                    + " | ".join(recovered.dropped)
                ),
                calls=log.calls,
            )
        note = "; ".join(part for part in (reason, recovered.note()) if part)
        log.mark_parsed(note)
        return _ChunkResult(claims=recovered.claims, from_cache=False, note=note)

    def _failure(self, error: BaseException, log: CallLog) -> EngineError:
        overflow = detect_overflow(error)
        if overflow is not None:  # extract_fitting retries with smaller chunks or advises
            return ContextOverflowError(self.settings.redactor.redact(overflow.detail), overflow)
        budget = _budget_error(error)
        if budget is not None:  # raised under the openai client, which wraps it
            return BudgetExhaustedError(str(budget), calls=log.calls)
        problem = log.last_problem()
        if problem is not None:  # e.g. no choices: say so, not "IndexError: list index ..."
            return self._bad_answer(log, problem)
        failure = self._describe(error)
        message = self.settings.redactor.redact(failure.message)
        if failure.fatal:
            with self._lock:
                self._fatal = message
        return EngineError(message, calls=log.calls)
