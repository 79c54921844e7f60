"""The OpenAI wire format of one extraction request and its answer, shared by live and batch.

The live engine hands instructor the request's messages, model and sampling parameters;
instructor shapes them for the structured-output mode (tools and tool_choice, a
response_format, or the schema in the system message) and the openai client sends them.
A provider batch file (OpenAI Batch API, `vllm run-batch`) must carry exactly that body:
`request_body` asks instructor for the same shaping, without sending anything.

An answer that comes back from a batch goes through `parse_answer`: the checks the live
call log makes (`answer_problem`: not JSON, no choices, a refusal, a completion cut off at
the token limit, tool-call arguments that are not complete JSON), then instructor's own
response parsing for the mode, with the article as validation context (evidence must be
quoted from it), as in a live call.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import instructor
from instructor.core import IncompleteOutputException
from instructor.processing import handle_response_model, process_response
from openai.types.chat import ChatCompletion
from pydantic import ValidationError

from extraction.engines.llm import instructor_checks
from extraction.engines.llm.parsing import (
    UnparseableResponseError,
    answer_problem,
    recover_from_completion,
)
from extraction.engines.llm.response_model import ArticleClaims, validation_context
from extraction.schema import Claim

instructor_checks.install()  # instructor's async-validator walk: once per class, not per call

#: ArticleClaims wrapped once the way instructor wraps a plain model on every call (the
#: same class name, fields and schema), so instructor neither builds a new model class per
#: request nor regenerates its JSON schema (its schema cache is keyed by class): ~7 ms a call.
RESPONSE_MODEL = instructor.openai_schema(ArticleClaims)
#: Characters of an error quoted in a failure message.
MAX_DETAIL = 300


@dataclass(frozen=True)
class ChunkRequest:
    """One request of an article: chunk `index` of `count`, its cache key and JSON body."""

    index: int
    count: int
    cache_key: str
    body: dict[str, Any]


class AnswerError(ValueError):
    """An answer that cannot be stored as done; `invalid`: it failed validation (a live
    engine would re-ask), rather than being cut off, refused or broken."""

    def __init__(self, message: str, *, invalid: bool = False) -> None:
        super().__init__(message)
        self.invalid = invalid


@dataclass(frozen=True)
class ParsedAnswer:
    """The claims of one answer, and a note when some were left out (salvaged answers)."""

    claims: list[Claim]
    note: str | None = None


def request_body(kwargs: dict[str, Any], mode: instructor.Mode) -> dict[str, Any]:
    """The chat-completions JSON body instructor sends for `kwargs` (messages, model,
    sampling parameters) in structured-output `mode`."""
    _, body = handle_response_model(RESPONSE_MODEL, mode=mode, **kwargs)
    return body


def _short(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= MAX_DETAIL else text[: MAX_DETAIL - 3] + "..."


def parse_answer(
    raw: str, article_text: str, mode: instructor.Mode, *, salvage: bool = False
) -> ParsedAnswer:
    """The claims of a raw chat-completion body answering a request for `article_text`.

    Raises AnswerError for an unusable answer. An answer that fails validation is an
    error unless `salvage` (no re-ask left, as after a live engine's last re-ask): then
    its valid claims are kept, as the live engine keeps them."""
    problem = answer_problem(raw)
    if problem is not None:
        raise AnswerError(problem)
    try:
        completion = ChatCompletion.model_validate_json(raw)
    except ValidationError as error:
        raise AnswerError(f"the response is not a chat completion: {_short(error)}") from None
    try:
        answer = process_response(
            completion,
            response_model=RESPONSE_MODEL,
            stream=False,
            validation_context=validation_context(article_text),
            strict=False,
            mode=mode,
        )
    except IncompleteOutputException:
        raise AnswerError(
            "the completion reached the token limit (finish_reason 'length'); it is cut off"
        ) from None
    except (ValidationError, ValueError) as error:
        if salvage:
            return _salvage(raw, error)
        raise AnswerError(f"invalid answer: {_short(error)}", invalid=True) from None
    return ParsedAnswer(claims=answer.to_claims())


def _salvage(raw: str, error: BaseException) -> ParsedAnswer:
    """The valid claims of an answer that failed validation (ungrounded ones included)."""
    reason = f"invalid answer, no re-ask left: {_short(error)}"
    try:
        recovered = recover_from_completion(raw)
    except UnparseableResponseError as unreadable:
        raise AnswerError(f"{reason}; no claims could be read: {unreadable}") from None
    if recovered.truncated:
        raise AnswerError(f"{reason}; the answer is cut off")
    if not recovered.claims and recovered.dropped:
        raise AnswerError(f"{reason}; no valid claim: " + " | ".join(recovered.dropped))
    note = "; ".join(part for part in ("invalid answer, no re-ask left", recovered.note()) if part)
    return ParsedAnswer(claims=recovered.claims, note=note)
