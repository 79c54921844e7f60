"""Reading provider batch result files: OpenAI's output and error files, `vllm run-batch`'s.

Every line is one answer:

    {"id": ..., "custom_id": ..., "response": {"status_code": 200, "request_id": ...,
     "body": <ChatCompletion JSON>}, "error": null}

A line the provider could not answer has an `error` object, or a response whose status is
not 200 (its body holds the error). A line that is not such an object is an input error
naming the file and line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

#: Characters of a provider's error quoted in a failure line.
MAX_DETAIL = 300


@dataclass(frozen=True)
class ResultLine:
    """One answer of a batch: the raw chat-completion body, or why there is none."""

    custom_id: str
    where: str
    body: str | None = None
    error: str | None = None


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_DETAIL else text[: MAX_DETAIL - 3] + "..."


def _error_text(error: Any) -> str:
    if isinstance(error, dict):
        code = error.get("code") or error.get("type")
        message = error.get("message") or json.dumps(error)
        return _short(f"{code}: {message}" if code else str(message))
    return _short(str(error))


def _line(data: Any, where: str) -> ResultLine | str:
    if not isinstance(data, dict):
        return f"{where}: not a JSON object"
    custom = data.get("custom_id")
    if not isinstance(custom, str) or not custom:
        return f"{where}: no custom_id"
    response = data.get("response")
    error = data.get("error")
    if error:
        return ResultLine(
            custom, where, error=f"the provider answered an error: {_error_text(error)}"
        )
    if not isinstance(response, dict):
        return ResultLine(custom, where, error="the provider gave no response")
    status = response.get("status_code")
    body = response.get("body")
    if status != 200:
        detail = _error_text(body.get("error", body) if isinstance(body, dict) else body)
        return ResultLine(custom, where, error=f"the provider answered HTTP {status}: {detail}")
    if isinstance(body, str):
        return ResultLine(custom, where, body=body)
    return ResultLine(custom, where, body=json.dumps(body, ensure_ascii=False))


def read_results(text: str, source: str) -> tuple[list[ResultLine], list[str]]:
    """The answers of a results file's `text`, and one message per bad line
    (`SOURCE line N: problem`). A custom_id given twice keeps its first answer."""
    lines: list[ResultLine] = []
    problems: list[str] = []
    seen: set[str] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        where = f"{source} line {number}"
        try:
            data = json.loads(raw)
        except ValueError as error:
            problems.append(f"{where}: not JSON ({error})")
            continue
        item = _line(data, where)
        if isinstance(item, str):
            problems.append(item)
        elif item.custom_id in seen:
            problems.append(f"{where}: custom_id {item.custom_id!r} answered twice")
        else:
            seen.add(item.custom_id)
            lines.append(item)
    return lines, problems


def custom_ids_of_requests(text: str) -> list[str]:
    """The custom_ids of a request file's lines (lines that are not requests are skipped)."""
    found: list[str] = []
    for raw in text.splitlines():
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        if isinstance(data, dict) and isinstance(data.get("custom_id"), str):
            found.append(data["custom_id"])
    return found
