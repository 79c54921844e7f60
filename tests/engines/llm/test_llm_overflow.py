"""Context overflow: one retry with chunks sized to the server's stated limit, else an error
naming the prompt and chunk size to use. Real openai + instructor code; the server is a mock
that counts the request's tokens the way the engine estimates them (characters / 4) and
refuses what does not fit, in OpenAI's or llama.cpp's words."""

from __future__ import annotations

import dataclasses
import json
import math
from typing import Any

import httpx
import pytest
from llm_fakes import EngineFactory, MockServer, article_fixture, fixture_json

from extraction.engines.base import EngineError
from extraction.engines.llm.overflow import detect_overflow, fitting_chunk_tokens
from extraction.engines.prompts import load_prompt
from extraction.schema import Article

FILLER = (
    "Volunteers filled sandbags along the embankment while the river kept rising, and"
    " residents moved furniture to upper floors as the rain went on through the night."
)


def long_article(paragraphs: int = 60) -> Article:
    base = article_fixture()
    text = base.text + "\n\n" + "\n\n".join(f"{FILLER} ({n})" for n in range(paragraphs))
    return base.model_copy(update={"text": text, "id": Article.id_for_text(text)})


def request_tokens(body: dict[str, Any]) -> int:
    chars = sum(len(message.get("content") or "") for message in body["messages"])
    chars += len(json.dumps(body.get("tools") or body.get("response_format") or {}))
    return math.ceil(chars / 4) + int(body.get("max_tokens") or 0)


def context_server(limit: int, style: str = "openai") -> MockServer:
    """A server with a `limit`-token context: a valid answer when the request fits."""
    answer = fixture_json("tools_valid.json")

    def reply(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        needed = request_tokens(body)
        if needed <= limit:
            return httpx.Response(200, json=answer)
        if style == "openai":
            error = {
                "message": f"This model's maximum context length is {limit} tokens. However,"
                f" your messages resulted in {needed} tokens.",
                "type": "invalid_request_error",
                "code": "context_length_exceeded",
            }
        elif style == "llama.cpp":
            error = {
                "code": 400,
                "message": "the request exceeds the available context size, try increasing it",
                "type": "exceed_context_size_error",
                "n_prompt_tokens": needed,
                "n_ctx": limit,
            }
        else:
            error = {"message": "Please reduce the length of the messages.", "type": "x"}
            error["code"] = "context_length_exceeded"
        return httpx.Response(400, json={"error": error})

    return MockServer(reply)


def test_the_default_prompt_on_a_4096_token_server_says_to_use_the_compact_prompt(
    make_engine: EngineFactory,
) -> None:
    server = context_server(4096)
    engine = make_engine(server, max_retries=0)
    with pytest.raises(EngineError) as caught:
        engine.extract(long_article())
    message = str(caught.value)
    assert "context length exceeded" in message
    assert "its limit is 4096 tokens" in message
    assert "--prompt claims-compact-v1" in message
    assert "--chunk-tokens" in message
    assert "\n" not in message
    assert len(server.requests) == 1  # no retry that cannot fit


@pytest.mark.parametrize("style", ["openai", "llama.cpp"])
def test_a_stated_limit_gets_one_retry_with_chunks_that_fit(
    make_engine: EngineFactory, style: str
) -> None:
    server = context_server(4096, style)
    engine = make_engine(server, max_retries=0, max_completion_tokens=512)
    engine.settings = dataclasses.replace(engine.settings, prompt=load_prompt("claims-compact-v1"))
    result = engine.extract(long_article())
    assert result.claims
    (note,) = [note for note in result.notes if "context overflow" in note]
    assert note.startswith("context overflow at 4096 tokens: retried with --chunk-tokens")
    sizes = [request_tokens(body) for body in server.bodies()]
    assert sizes[0] > 4096 and all(size <= 4096 for size in sizes[1:])
    # the next article starts with the size that fitted: no refused request
    before = len(server.requests)
    engine.extract(long_article(50))
    assert all(request_tokens(body) <= 4096 for body in server.bodies()[before:])


def test_without_a_stated_limit_the_error_names_prompt_and_chunk_size(
    make_engine: EngineFactory,
) -> None:
    engine = make_engine(context_server(4096, "vague"), max_retries=0)
    with pytest.raises(EngineError) as caught:
        engine.extract(long_article())
    message = str(caught.value)
    assert "(no limit stated)" in message
    assert "try --prompt claims-compact-v1 and --chunk-tokens 1500" in message


def test_other_errors_are_not_overflows() -> None:
    assert detect_overflow(ValueError("bad JSON")) is None
    assert detect_overflow(RuntimeError("429 rate limited, try later")) is None
    found = detect_overflow(ValueError("Requested tokens (5000) exceed context window of 2048"))
    assert found is not None and found.limit == 2048
    assert fitting_chunk_tokens(8192, 1000, 1024) == int(8192 * 0.85) - 2024
