"""Structured-output modes: how the claim schema is imposed on the model.

- `tools` (default): the schema is a function the model is forced to call
  (`tool_choice`). Works with OpenAI, vLLM, Ollama, llama.cpp's server and
  llama-cpp-python, which turns a forced tool into a grammar: constrained decoding.
- `json_schema`: `response_format={"type": "json_schema", ...}` (OpenAI structured
  outputs, vLLM, llama.cpp's server). llama-cpp-python 0.3's server rejects it (HTTP 500
  "Input should be 'text' or 'json_object'") and its in-process API ignores it.
- `json`: `response_format={"type": "json_object"}` plus the schema in the system
  message: any JSON, then validated.
- `md_json`: no response_format at all, JSON asked for in a code block: for servers that
  support none of the above.
"""

from __future__ import annotations

import re

import instructor

from extraction.engines.base import EngineConfigError

DEFAULT_MODE = "tools"

MODES: dict[str, instructor.Mode] = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
}

#: What a server's error message mentions when it refuses the request shape of a mode.
_REJECTION = {
    "tools": re.compile(r"\btool(s|_choice|_call)?\b|function[ _]call", re.IGNORECASE),
    "json_schema": re.compile(r"response_format|json_schema", re.IGNORECASE),
    "json": re.compile(r"response_format|json_object", re.IGNORECASE),
    "md_json": re.compile(r"(?!)"),
}
#: Statuses with which servers refuse a request shape (llama-cpp-python uses 500).
_REJECTION_STATUSES = {400, 405, 415, 422, 500, 501}
#: The mode to suggest when one is refused.
FALLBACK = {"tools": "json", "json_schema": "json", "json": "md_json", "md_json": "tools"}


def resolve_mode(name: str | None) -> tuple[str, instructor.Mode]:
    """The mode called `name` (default `tools`); EngineConfigError if unknown."""
    key = (name or DEFAULT_MODE).strip().lower().replace("-", "_")
    if key not in MODES:
        raise EngineConfigError(
            f"unknown structured-output mode {name!r}; choose one of {', '.join(MODES)}"
        )
    return key, MODES[key]


def is_mode_rejection(mode: str, status: int, body: str) -> bool:
    """True when an error response says the server does not support `mode`."""
    return status in _REJECTION_STATUSES and bool(_REJECTION[mode].search(body))


def rejection_message(endpoint: str, mode: str, detail: str) -> str:
    """The error shown when a server refuses a mode."""
    return (
        f"the server at {endpoint} rejected structured-output mode {mode!r}; "
        f"try --mode {FALLBACK[mode]} ({detail})"
    )
