"""A provider's Files and Batches API, through the official openai client.

OpenAI's Batch API (and any server that implements the same endpoints: `POST /files`,
`GET /files/{id}/content`, `POST /batches`, `GET /batches/{id}`) runs a JSONL file of
chat-completion requests asynchronously at a lower price. `BatchAPI` uploads a request
file and starts the batch, reads its status and counts, and downloads its output and
error files. Errors become one-line `BatchAPIError`s; the API key never reaches a message.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

import openai

from extraction.engines.llm.secrets import Redactor, safe_endpoint
from extraction.engines.openai_engine import DEFAULT_BASE_URL, NO_API_KEY
from extraction.errors import ClaimDeskError

#: The endpoint every request line of a ClaimDesk batch file calls.
CHAT_ENDPOINT: Final = "/v1/chat/completions"
COMPLETION_WINDOW: Final = "24h"
MAX_DETAIL = 300


class BatchAPIError(ClaimDeskError, RuntimeError):
    """The provider refused or failed a Files/Batches call (one line, no secrets)."""

    exit_code = 1


@dataclass(frozen=True)
class BatchStatus:
    """What a provider says about a batch."""

    id: str
    status: str
    total: int
    completed: int
    failed: int
    input_file_id: str | None
    output_file_id: str | None
    error_file_id: str | None
    errors: list[str]


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_DETAIL else text[: MAX_DETAIL - 3] + "..."


class BatchAPI:
    """The Files and Batches endpoints of one OpenAI-compatible server."""

    def __init__(
        self,
        base_url: str | None = None,
        api_key: str | None = None,
        *,
        timeout: float = 120.0,
        max_retries: int = 2,
        http_client: Any = None,
    ) -> None:
        url = base_url or os.environ.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise BatchAPIError(f"--base-url must be an http(s) URL, got {safe_endpoint(url)!r}")
        key = (api_key or os.environ.get("OPENAI_API_KEY") or "").strip()
        if not key and parts.hostname == "api.openai.com":
            raise BatchAPIError("OPENAI_API_KEY (or --api-key) is required for api.openai.com")
        self.endpoint = safe_endpoint(url)
        self._redactor = Redactor([key or None])
        self._client = openai.OpenAI(
            base_url=url,
            api_key=key or NO_API_KEY,
            timeout=timeout,
            max_retries=max_retries,
            http_client=http_client,
        )

    def _fail(self, action: str, error: Exception) -> BatchAPIError:
        if isinstance(error, openai.APIStatusError):
            detail = f"HTTP {error.status_code}: {_short(error.response.text)}"
        elif isinstance(error, openai.APIConnectionError):
            detail = f"cannot connect: {error.__cause__ or error}"
        else:
            detail = f"{type(error).__name__}: {error}"
        return BatchAPIError(self._redactor.redact(f"{action} at {self.endpoint} failed: {detail}"))

    def submit(self, path: Path, metadata: dict[str, str] | None = None) -> BatchStatus:
        """Upload a request file (purpose `batch`) and start a batch over it."""
        try:
            with path.open("rb") as handle:
                uploaded = self._client.files.create(file=(path.name, handle), purpose="batch")
        except OSError as error:
            raise BatchAPIError(f"cannot read {path}: {error.strerror}") from None
        except openai.OpenAIError as error:
            raise self._fail(f"uploading {path}", error) from None
        try:
            batch = self._client.batches.create(
                input_file_id=uploaded.id,
                endpoint=CHAT_ENDPOINT,
                completion_window=COMPLETION_WINDOW,
                metadata=metadata or openai.omit,
            )
        except openai.OpenAIError as error:
            raise self._fail("creating the batch", error) from None
        return _status(batch)

    def status(self, batch_id: str) -> BatchStatus:
        """The status and counts of a batch."""
        try:
            return _status(self._client.batches.retrieve(batch_id))
        except openai.OpenAIError as error:
            raise self._fail(f"reading batch {batch_id}", error) from None

    def content(self, file_id: str) -> str:
        """The text of a file (a batch's input, output or error file)."""
        try:
            return self._client.files.content(file_id).text
        except openai.OpenAIError as error:
            raise self._fail(f"downloading file {file_id}", error) from None

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()


def _status(batch: Any) -> BatchStatus:
    counts = batch.request_counts
    errors = getattr(getattr(batch, "errors", None), "data", None) or []
    return BatchStatus(
        id=batch.id,
        status=str(batch.status),
        total=int(getattr(counts, "total", 0) or 0),
        completed=int(getattr(counts, "completed", 0) or 0),
        failed=int(getattr(counts, "failed", 0) or 0),
        input_file_id=batch.input_file_id,
        output_file_id=batch.output_file_id,
        error_file_id=batch.error_file_id,
        errors=[_short(str(getattr(item, "message", item))) for item in errors],
    )
