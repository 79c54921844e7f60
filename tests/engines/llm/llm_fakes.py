"""Helpers for the LLM engine tests: recorded responses served by an httpx mock transport.

The engines under test run the real openai client and the real instructor code; only the
network is replaced, by `MockServer` (an `httpx.MockTransport` that answers from a queue
and keeps every request it saw).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

# instructor imports requests lazily, and urllib3's import-time IPv6 probe opens a socket,
# which the network kill-switch would flag in the middle of a test: import it up front.
import urllib3  # noqa: F401

from extraction.engines.openai_engine import OpenAIEngine
from extraction.schema import Article

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "llm"
BASE_URL = "http://llm.test/v1"

Reply = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


def fixture_json(name: str) -> dict[str, Any]:
    """A recorded JSON fixture."""
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return data


def article_fixture(name: str = "article_flood.json") -> Article:
    """A fixture article (its id is the hash of its text, as ingest makes it)."""
    data = fixture_json(name)
    data.pop("id", None)
    return Article(id=Article.id_for_text(data["text"]), **data)


def completion(name: str) -> httpx.Response:
    """A recorded chat completion, as a 200 response."""
    return httpx.Response(200, json=fixture_json(name))


class MockServer:
    """Answers requests from a queue of replies (a response, an exception to raise, or a
    function of the request); the last reply repeats. Keeps the requests it saw."""

    def __init__(self, *replies: Reply) -> None:
        self.replies: list[Reply] = list(replies)
        self.requests: list[httpx.Request] = []
        self.transport = httpx.MockTransport(self._handle)

    def _handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        reply = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        if isinstance(reply, Exception):
            raise reply
        if callable(reply) and not isinstance(reply, httpx.Response):
            return reply(request)
        return httpx.Response(
            reply.status_code, headers=reply.headers, content=reply.content, request=request
        )

    def bodies(self) -> list[dict[str, Any]]:
        """The JSON bodies of the requests seen."""
        return [json.loads(request.content) for request in self.requests]


class SleepRecorder:
    """A fake `sleep` that records the waits instead of waiting."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


EngineFactory = Callable[..., OpenAIEngine]
