"""Lenient parsing of a raw completion, for when strict validation has run out of re-asks.

After the last re-ask (or for a cached response, or a completion cut off at the token
limit) the engine keeps what can be kept: each claim is validated on its own, keys the
schema does not know are dropped, invalid claims are left out and counted, and the
complete items of a truncated JSON array are recovered. Claims whose evidence is not in
the article are kept: grounding flags them downstream.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from extraction.schema import Claim

_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL | re.IGNORECASE)
_CLAIMS_ARRAY = re.compile(r'"claims"\s*:\s*\[')
_CLAIM_FIELDS = frozenset(Claim.model_fields)


class UnparseableResponseError(ValueError):
    """A completion holds no JSON that could carry claims."""


@dataclass
class Recovered:
    """Claims recovered from one completion, and what was left out."""

    claims: list[Claim] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    truncated: bool = False

    def note(self) -> str | None:
        """A one-line account of what was dropped, or None when nothing was."""
        parts = []
        if self.truncated:
            parts.append("completion was cut off; complete items recovered")
        if self.dropped:
            total = len(self.claims) + len(self.dropped)
            parts.append(
                f"kept {len(self.claims)} of {total} claims; dropped: " + " | ".join(self.dropped)
            )
        return "; ".join(parts) or None


def completion_payload(raw: str) -> str:
    """The model's answer inside a raw chat-completion JSON: tool-call arguments or content."""
    try:
        data = json.loads(raw)
    except ValueError as error:
        raise UnparseableResponseError(f"the response is not JSON: {error}") from error
    try:
        message = data["choices"][0]["message"]
    except (KeyError, IndexError, TypeError) as error:
        raise UnparseableResponseError("the response has no choices[0].message") from error
    for call in message.get("tool_calls") or []:
        arguments = (call.get("function") or {}).get("arguments")
        if arguments:
            return arguments if isinstance(arguments, str) else json.dumps(arguments)
    function_call = message.get("function_call") or {}
    if function_call.get("arguments"):
        return str(function_call["arguments"])
    return str(message.get("content") or "")


def _strip_fences(payload: str) -> str:
    match = _FENCE.search(payload)
    return match.group(1).strip() if match else payload.strip()


def _items_of_truncated(payload: str) -> list[Any]:
    """The complete elements of a `"claims": [...]` array cut off mid-way."""
    match = _CLAIMS_ARRAY.search(payload)
    if match is None:
        raise UnparseableResponseError("no JSON object with a claims list in the response")
    decoder = json.JSONDecoder()
    items: list[Any] = []
    position = match.end()
    while True:
        while position < len(payload) and payload[position] in " \t\r\n,":
            position += 1
        if position >= len(payload) or payload[position] == "]":
            return items
        try:
            item, position = decoder.raw_decode(payload, position)
        except ValueError:
            return items
        items.append(item)


def _raw_items(payload: str) -> tuple[list[Any], bool]:
    """The claim items of a payload, and whether it had to be recovered from truncation."""
    text = _strip_fences(payload)
    try:
        data = json.loads(text, strict=False)
    except ValueError:
        start = text.find("{")
        if start < 0:
            raise UnparseableResponseError("the response holds no JSON object") from None
        return _items_of_truncated(text[start:]), True
    if isinstance(data, list):
        return data, False
    if isinstance(data, dict) and isinstance(data.get("claims"), list):
        return data["claims"], False
    if isinstance(data, dict) and "statement" in data:
        return [data], False
    raise UnparseableResponseError("the JSON has no claims list")


def _summary(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "claim"
    return f"{where}: {first['msg']}"


def recover_claims(payload: str) -> Recovered:
    """Every claim of `payload` that validates on its own; unknown keys are dropped."""
    items, truncated = _raw_items(payload)
    recovered = Recovered(truncated=truncated)
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            recovered.dropped.append(f"#{number}: not an object")
            continue
        known = {key: value for key, value in item.items() if key in _CLAIM_FIELDS}
        try:
            recovered.claims.append(Claim.model_validate(known))
        except ValidationError as error:
            recovered.dropped.append(f"#{number} {_summary(error)}")
    return recovered


def recover_from_completion(raw: str) -> Recovered:
    """`recover_claims` on the answer inside a raw chat-completion JSON."""
    return recover_claims(completion_payload(raw))


#: Beginnings of `answer_problem` messages worth asking again over HTTP (broken in transit).
_TRANSIENT = ("the response body is not JSON", "the response has no choices")


def is_transient_problem(raw: str) -> bool:
    """True when a 200 body is broken in a way another try may fix (not JSON, no choices)."""
    problem = answer_problem(raw)
    return problem is not None and problem.startswith(_TRANSIENT)


def answer_problem(raw: str) -> str | None:
    """Why a 200 chat-completion body cannot be a usable answer, or None when it may be.

    Checked for every attempt, so the call log names the problem: a body that is not JSON,
    no `choices`, a refusal, a completion cut off at the token limit (`finish_reason`
    'length'), tool-call arguments that are not complete JSON."""
    try:
        data = json.loads(raw)
    except ValueError as error:
        return f"the response body is not JSON: {error}"
    if not isinstance(data, dict):
        return "the response body is not a JSON object"
    choices = data.get("choices")
    if not isinstance(choices, list) or not choices:
        return "the response has no choices (empty answer)"
    choice: dict[str, Any] = choices[0] if isinstance(choices[0], dict) else {}
    found = choice.get("message")
    message: dict[str, Any] = found if isinstance(found, dict) else {}
    refusal = message.get("refusal")
    if refusal:
        return f"the model refused: {str(refusal)[:300]}"
    if choice.get("finish_reason") == "length":
        return "the completion reached the token limit (finish_reason 'length'); it is cut off"
    for call in message.get("tool_calls") or []:
        arguments = (
            (call.get("function") or {}).get("arguments") if isinstance(call, dict) else None
        )
        if isinstance(arguments, str):
            try:
                json.loads(arguments)
            except ValueError as error:
                return f"the tool-call arguments are not complete JSON: {error}"
    return None
